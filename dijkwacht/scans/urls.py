from django.urls import path, re_path

from dijkwacht.scans.views import frameworks, rounds, scans

app_name = "scans"

urlpatterns = [
    path("normenkaders/", frameworks.framework_list, name="framework_list"),
    path("normenkaders/importeren/", frameworks.framework_import, name="framework_import"),
    path("normenkaders/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path("normenkaders/<int:pk>.yaml", frameworks.framework_download, name="framework_download"),
    path("scans/", scans.scan_list, name="scan_list"),
    path("scans/<int:pk>/", scans.scan_detail, name="scan_detail"),
    path("scans/<int:pk>/normen/<int:norm_id>/", scans.answer_save, name="answer_save"),
    path("scans/<int:pk>/themas/<int:theme_id>/", scans.theme_save, name="theme_save"),
    path("scans/<int:pk>/antwoorden.xlsx", scans.answers_download, name="answers_download"),
    path("scans/<int:pk>/antwoorden/inlezen/", scans.answers_upload, name="answers_upload"),
    path("scans/<int:pk>/indienen/", scans.scan_submit, name="scan_submit"),
    path("scans/<int:pk>/verschillen/", scans.scan_gaps, name="scan_gaps"),
    path("scans/<int:pk>/toetsing-vrijgeven/", scans.review_release, name="review_release"),
    path("scans/<int:pk>/heropenen/", scans.scan_reopen, name="scan_reopen"),
    path(
        "scans/<int:pk>/normen/<int:norm_id>/bewijs/",
        scans.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "scans/<int:pk>/bewijs/<int:evidence_pk>/",
        scans.evidence_download,
        name="evidence_download",
    ),
    path(
        "scans/<int:pk>/bewijs/<int:evidence_pk>/verwijderen/",
        scans.evidence_delete,
        name="evidence_delete",
    ),
    path(
        "scans/<int:pk>/verschillen/<int:norm_id>/afspreken/",
        scans.score_agree,
        name="score_agree",
    ),
    path("scanrondes/", rounds.round_list, name="round_list"),
    path("scanrondes/nieuw/<int:partnership_pk>/", rounds.round_new, name="round_new"),
    path("scanrondes/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("scanrondes/<int:pk>/herinneren/", rounds.round_remind, name="round_remind"),
    path("scanrondes/<int:pk>/volgende/", rounds.round_clone, name="round_clone"),
    path("scanrondes/<int:pk>/rode-draden/", rounds.round_threads, name="round_threads"),
    path(
        "scanrondes/<int:pk>/rode-draden/<int:norm_id>/actie/",
        rounds.thread_action_new,
        name="thread_action_new",
    ),
    path(
        "scanrondes/<int:pk>/organisaties/<int:org_pk>/",
        rounds.organisation_results,
        name="organisation_results",
    ),
    path(
        "scanrondes/<int:pk>/organisaties/<int:org_pk>/rapport.pdf",
        rounds.organisation_results_pdf,
        name="organisation_results_pdf",
    ),
    re_path(
        r"^scanrondes/(?P<pk>[0-9]+)/(?P<document>rode-draden\.pdf|rode-draden\.docx|resultaten\.xlsx)$",
        rounds.round_document,
        name="round_document",
    ),
]
