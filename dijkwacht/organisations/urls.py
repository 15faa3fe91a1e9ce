from django.urls import path

from dijkwacht.organisations import views

app_name = "organisations"

urlpatterns = [
    path(
        "samenwerkingsverbanden/<int:pk>/deelnemers.csv",
        views.partnership_members_csv,
        name="partnership_members_csv",
    ),
    path("samenwerkingsverband-kiezen/", views.choose_partnership, name="choose_partnership"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
