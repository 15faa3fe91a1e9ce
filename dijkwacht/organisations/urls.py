from django.urls import path

from dijkwacht.organisations import views

app_name = "organisations"

urlpatterns = [
    path(
        "samenwerkingsverbanden/<int:pk>/deelnemers.csv",
        views.partnership_members_csv,
        name="partnership_members_csv",
    ),
    path(
        "samenwerkingsverbanden/<int:pk>/mensen/",
        views.partnership_people,
        name="partnership_people",
    ),
    path(
        "samenwerkingsverbanden/<int:pk>/mensen/<int:user_id>/opnieuw-uitnodigen/",
        views.partnership_invite_again,
        name="partnership_invite_again",
    ),
    path("samenwerkingsverband-kiezen/", views.choose_partnership, name="choose_partnership"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
