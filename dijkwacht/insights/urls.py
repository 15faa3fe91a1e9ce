from django.urls import path

from dijkwacht.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("samenwerkingsverbanden/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("samenwerkingsverbanden/<int:pk>/kaart/", views.partnership_map, name="partnership_map"),
    path("kaart/", views.national_map, name="national_map"),
    path(
        "samenwerkingsverbanden/<int:pk>/figuren/<slug:key>.<str:fmt>",
        views.figure_download,
        name="figure_download",
    ),
    path("indicatoren/", views.indicator_list, name="indicator_list"),
    path("indicatoren/nieuw/", views.indicator_create, name="indicator_create"),
    path("indicatoren/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicatoren/<int:pk>/bewerken/", views.indicator_edit, name="indicator_edit"),
    path("indicatoren/<int:pk>/waarden/", views.indicator_values, name="indicator_values"),
    path(
        "indicatoren/<int:pk>/waarden.csv",
        views.indicator_values_download,
        name="indicator_values_download",
    ),
]
