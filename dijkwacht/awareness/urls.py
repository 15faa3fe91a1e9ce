from django.urls import path

from dijkwacht.awareness import views

app_name = "awareness"

urlpatterns = [
    path("bewustwording/<int:pk>/", views.activity_list, name="activity_list"),
    path("bewustwording/<int:pk>/activiteiten.csv", views.activity_list_csv, name="activity_csv"),
    path("bewustwording/<int:pk>/nieuw/", views.activity_create, name="activity_create"),
    path("bewustwording/<int:pk>/bereik/", views.reach, name="reach"),
    path("bewustwording/<int:pk>/bereik.csv", views.reach_csv, name="reach_csv"),
    path("bewustwording/<int:pk>/omvang/", views.sizes, name="sizes"),
    path("bewustwording/activiteiten/<int:pk>/", views.activity_detail, name="activity_detail"),
    path(
        "bewustwording/activiteiten/<int:pk>/bewerken/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "bewustwording/activiteiten/<int:pk>/verwijderen/",
        views.activity_remove,
        name="activity_remove",
    ),
    path("bewustwording/bijeenkomsten/<int:pk>/", views.session_detail, name="session_detail"),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/aanwezigheid/",
        views.session_checkin,
        name="session_checkin",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/uitnodigen/",
        views.session_invite,
        name="session_invite",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/afmelden/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/aanwezig/",
        views.attendance,
        name="attendance",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/bewijs-van-deelname.pdf",
        views.certificate,
        name="certificate",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/deelnemers/",
        views.session_participation,
        name="session_participation",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/verwijderen/",
        views.session_remove,
        name="session_remove",
    ),
]
