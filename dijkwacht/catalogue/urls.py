from django.urls import path

from dijkwacht.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("informatie/bronnen/", views.source_list, name="source_list"),
    path("informatie/bronnen.csv", views.source_list_csv, name="source_list_csv"),
    path("informatie/bronnen.xlsx", views.source_list_xlsx, name="source_list_xlsx"),
    path("informatie/bronnen/inlezen/", views.source_import, name="source_import"),
    path(
        "informatie/bronnen/dcat.jsonld", views.source_dcat, {"fmt": "jsonld"}, name="dcat_jsonld"
    ),
    path("informatie/bronnen/dcat.ttl", views.source_dcat, {"fmt": "ttl"}, name="dcat_turtle"),
    path("informatie/bronnen/nieuw/", views.source_create, name="source_create"),
    path("informatie/bronnen/<int:pk>/", views.source_detail, name="source_detail"),
    path("informatie/bronnen/<int:pk>/bewerken/", views.source_edit, name="source_edit"),
    path("informatie/bronnen/<int:pk>/aanvragen/", views.request_create, name="request_create"),
    path("informatie/aanvragen/", views.request_list, name="request_list"),
    path("informatie/aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path(
        "informatie/aanvragen/<int:pk>/intrekken/", views.request_withdraw, name="request_withdraw"
    ),
]
