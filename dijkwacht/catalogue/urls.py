from django.urls import path

from dijkwacht.catalogue.views import areas, checklist, contacts, sources, systems

app_name = "catalogue"

urlpatterns = [
    path("informatie/bronnen/", sources.source_list, name="source_list"),
    path("informatie/bronnen.csv", sources.source_list_csv, name="source_list_csv"),
    path("informatie/bronnen.xlsx", sources.source_list_xlsx, name="source_list_xlsx"),
    path("informatie/bronnen/inlezen/", sources.source_import, name="source_import"),
    path(
        "informatie/bronnen/dcat.jsonld", sources.source_dcat, {"fmt": "jsonld"}, name="dcat_jsonld"
    ),
    path("informatie/bronnen/dcat.ttl", sources.source_dcat, {"fmt": "ttl"}, name="dcat_turtle"),
    path("informatie/bronnen/nieuw/", sources.source_create, name="source_create"),
    path("informatie/bronnen/<int:pk>/", sources.source_detail, name="source_detail"),
    path("informatie/bronnen/<int:pk>/bewerken/", sources.source_edit, name="source_edit"),
    path("informatie/bronnen/<int:pk>/aanvragen/", sources.request_create, name="request_create"),
    path("informatie/aanvragen/", sources.request_list, name="request_list"),
    path("informatie/gebieden/", areas.area_list, name="area_list"),
    path("informatie/gebieden.csv", areas.area_list_csv, name="area_list_csv"),
    path("informatie/gebieden.geojson", areas.area_list_geojson, name="area_list_geojson"),
    path("informatie/gebieden/inlezen/", areas.area_import, name="area_import"),
    path("informatie/gebieden/<int:pk>/", areas.area_detail, name="area_detail"),
    path("informatie/gebieden/<int:pk>/bewerken/", areas.area_edit, name="area_edit"),
    path("informatie/gebieden/<int:pk>/verwijderen/", areas.area_delete, name="area_delete"),
    path("informatie/aanvragen/<int:pk>/", sources.request_detail, name="request_detail"),
    path(
        "informatie/aanvragen/<int:pk>/intrekken/",
        sources.request_withdraw,
        name="request_withdraw",
    ),
    path(
        "informatie/registratiesystemen/<int:pk>/",
        systems.systems_matrix,
        name="systems_matrix",
    ),
    path(
        "informatie/registratiesystemen/<int:pk>.xlsx",
        systems.systems_download,
        {"fmt": "xlsx"},
        name="systems_xlsx",
    ),
    path(
        "informatie/registratiesystemen/<int:pk>.csv",
        systems.systems_download,
        {"fmt": "csv"},
        name="systems_csv",
    ),
    path(
        "informatie/registratiesystemen/<int:pk>/<int:organisation_id>/<slug:kind>/",
        systems.system_edit,
        name="system_edit",
    ),
    path("informatie/contactpersonen/<int:pk>/", contacts.contact_list, name="contact_list"),
    path(
        "informatie/contactpersonen/<int:pk>.xlsx",
        contacts.contacts_download,
        {"fmt": "xlsx"},
        name="contacts_xlsx",
    ),
    path(
        "informatie/contactpersonen/<int:pk>.vcf",
        contacts.contacts_download,
        {"fmt": "vcf"},
        name="contacts_vcf",
    ),
    path(
        "informatie/contactpersonen/<int:pk>/nieuw/", contacts.contact_create, name="contact_create"
    ),
    path(
        "informatie/contactpersonen/<int:pk>/<int:contact_pk>/",
        contacts.contact_edit,
        name="contact_edit",
    ),
    path(
        "informatie/contactpersonen/<int:pk>/<int:contact_pk>/bevestigen/",
        contacts.contact_confirm,
        name="contact_confirm",
    ),
    path(
        "informatie/contactpersonen/<int:pk>/<int:contact_pk>/verwijderen/",
        contacts.contact_remove,
        name="contact_remove",
    ),
    path("informatie/checklist/<int:pk>/", checklist.checklist_run, name="checklist_run"),
    path(
        "informatie/checklist/<int:pk>/vastleggen/",
        checklist.checklist_save,
        name="checklist_save",
    ),
    path(
        "informatie/checklist/<int:pk>/ingevuld/",
        checklist.checklist_records,
        name="checklist_records",
    ),
    path(
        "informatie/checklist/<int:pk>/bewerken/",
        checklist.checklist_edit,
        name="checklist_edit",
    ),
]
