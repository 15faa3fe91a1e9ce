from django.urls import path

from dijkwacht.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmas/", views.programme_list, name="list"),
    path("programmas/importeren/", views.plan_import, name="import"),
    path("programmas/<int:pk>/", views.programme_detail, name="detail"),
    path("programmas/<int:pk>/bewerken/", views.programme_edit, name="edit"),
    path("programmas/<int:pk>/matrix/", views.programme_matrix, name="matrix"),
    path("programmas/<int:pk>/matrix.xlsx", views.programme_matrix_xlsx, name="matrix_xlsx"),
    path(
        "programmas/<int:pk>/matrix/<int:action_id>/<int:organisation_id>/",
        views.cell_edit,
        name="cell_edit",
    ),
    path(
        "programmas/<int:pk>/matrix/<int:action_id>/<int:organisation_id>/geschiedenis/",
        views.cell_history,
        name="cell_history",
    ),
    path(
        "programmas/<int:pk>/rapportage.<str:kind>",
        views.programme_report,
        name="report",
    ),
    path("programmas/<int:pk>/plan.xlsx", views.programme_workbook, name="workbook"),
    path(
        "programmas/<int:pk>/excel-importeren/",
        views.programme_workbook_import,
        name="workbook_import",
    ),
    path("programmas/<int:pk>/rondes/", views.round_list, name="round_list"),
    path("programmas/<int:pk>/rondes/<int:round_pk>/", views.round_detail, name="round_detail"),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/sluiten/",
        views.round_close,
        name="round_close",
    ),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/herinneren/",
        views.round_remind,
        name="round_remind",
    ),
    path(
        "programmas/<int:pk>/rondes/<int:round_pk>/organisaties/<int:organisation_id>/",
        views.round_organisation,
        name="round_organisation",
    ),
    path("acties/<int:pk>/", views.action_detail, name="action_detail"),
    path("mijn-acties/", views.my_actions, name="my_actions"),
]
