from django.urls import path

from dijkwacht.programmes.views import plan, programmes, report

app_name = "programmes"

urlpatterns = [
    path("programmas/", programmes.programme_list, name="list"),
    path("programmas/importeren/", programmes.plan_import, name="import"),
    path("programmas/nieuw/", plan.programme_new, name="new"),
    path("programmas/<int:pk>/plan/", plan.plan, name="plan"),
    path("programmas/<int:pk>/themas/<int:theme_pk>/", plan.theme_edit, name="theme_edit"),
    path(
        "programmas/<int:pk>/themas/<int:theme_pk>/verwijderen/",
        plan.theme_remove,
        name="theme_remove",
    ),
    path(
        "programmas/<int:pk>/themas/<int:theme_pk>/verplaatsen/",
        plan.theme_move,
        name="theme_move",
    ),
    path("programmas/<int:pk>/", programmes.programme_detail, name="detail"),
    path("programmas/<int:pk>/bewerken/", programmes.programme_edit, name="edit"),
    path("programmas/<int:pk>/matrix/", programmes.programme_matrix, name="matrix"),
    path("programmas/<int:pk>/matrix.xlsx", programmes.programme_matrix_xlsx, name="matrix_xlsx"),
    path(
        "programmas/<int:pk>/matrix/<int:action_id>/<int:organisation_id>/",
        programmes.cell_edit,
        name="cell_edit",
    ),
    path(
        "programmas/<int:pk>/matrix/<int:action_id>/<int:organisation_id>/geschiedenis/",
        programmes.cell_history,
        name="cell_history",
    ),
    path("programmas/<int:pk>/rapportage/toelichting/", report.report_texts, name="report_texts"),
    path(
        "programmas/<int:pk>/rapportage.<str:kind>",
        programmes.programme_report,
        name="report",
    ),
    path("programmas/<int:pk>/plan.xlsx", programmes.programme_workbook, name="workbook"),
    path(
        "programmas/<int:pk>/excel-importeren/",
        programmes.programme_workbook_import,
        name="workbook_import",
    ),
    path("programmas/<int:pk>/rondes/", programmes.round_list, name="round_list"),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/", programmes.round_detail, name="round_detail"
    ),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/sluiten/",
        programmes.round_close,
        name="round_close",
    ),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/herinneren/",
        programmes.round_remind,
        name="round_remind",
    ),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/organisaties/<int:organisation_id>/",
        programmes.round_organisation,
        name="round_organisation",
    ),
    path("acties/<int:pk>/", programmes.action_detail, name="action_detail"),
    path("acties/<int:pk>/bewerken/", plan.action_edit, name="action_edit"),
    path("acties/<int:pk>/verwijderen/", plan.action_remove, name="action_remove"),
    path("acties/<int:pk>/terugzetten/", plan.action_restore, name="action_restore"),
    path("acties/<int:pk>/verplaatsen/", plan.action_move, name="action_move"),
    path("mijn-acties/", programmes.my_actions, name="my_actions"),
]
