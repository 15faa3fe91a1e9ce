from django.urls import path

from dijkwacht.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("samenwerkingsverbanden/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path(
        "samenwerkingsverbanden/<int:pk>/deelnemers.csv",
        views.partnership_members_csv,
        name="partnership_members_csv",
    ),
    path("samenwerkingsverband-kiezen/", views.choose_partnership, name="choose_partnership"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
