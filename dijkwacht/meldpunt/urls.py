"""The handlers' meldpunt: inbox, reports and cases. Only handlers reach anything here; everyone
else gets 404, as for a report or case that does not exist."""

import re

from django.urls import path, re_path

from dijkwacht.meldpunt.forms_handler import CASE_STEP_FORMS, REPORT_STEP_FORMS
from dijkwacht.meldpunt.views import cases, export, figures, grants, handler


def _steps(forms: dict) -> str:
    """Only the known steps match, so other pages under a report or case keep their paths."""
    return "|".join(re.escape(step) for step in forms)


app_name = "meldpunt"

urlpatterns = [
    path("meldpunt/", handler.inbox, name="inbox"),
    path("meldpunt/meldingen.csv", handler.inbox_csv, name="inbox_csv"),
    path("meldpunt/meldingen/<int:pk>/", handler.report_detail, name="report_detail"),
    path(
        "meldpunt/meldingen/<int:pk>/bijlagen/<int:attachment_pk>/",
        handler.attachment_download,
        name="attachment_download",
    ),
    re_path(
        rf"^meldpunt/meldingen/(?P<pk>[0-9]+)/(?P<step>{_steps(REPORT_STEP_FORMS)})/$",
        handler.report_step,
        name="report_step",
    ),
    path("meldpunt/meldingen/<int:pk>/exporteren/", export.report_export, name="report_export"),
    path("meldpunt/cijfers/", figures.statistics, name="statistics"),
    path("meldpunt/cijfers.csv", figures.statistics_csv, name="statistics_csv"),
    path("meldpunt/behandelaars/", grants.handler_list, name="handlers"),
    path("meldpunt/behandelaars/aanvragen/", grants.grant_request, name="grant_request"),
    path("meldpunt/behandelaars/aanvragen/<int:pk>/", grants.grant_decide, name="grant_decide"),
    path("meldpunt/behandelaars/overdrachten/", grants.handover_request, name="handover_request"),
    path(
        "meldpunt/behandelaars/overdrachten/<int:pk>/",
        grants.handover_decide,
        name="handover_decide",
    ),
    path("meldpunt/casussen/", cases.case_list, name="case_list"),
    path("meldpunt/casussen/<int:pk>/", cases.case_detail, name="case_detail"),
    re_path(
        rf"^meldpunt/casussen/(?P<pk>[0-9]+)/(?P<step>{_steps(CASE_STEP_FORMS)})/$",
        cases.case_step,
        name="case_step",
    ),
]
