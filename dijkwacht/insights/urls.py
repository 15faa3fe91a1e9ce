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
]
