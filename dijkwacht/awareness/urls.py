from django.urls import path

from dijkwacht.awareness.views import activities, calendar, campaigns, learning

app_name = "awareness"

urlpatterns = [
    path("bewustwording/<int:pk>/", activities.activity_list, name="activity_list"),
    path(
        "bewustwording/<int:pk>/activiteiten.csv", activities.activity_list_csv, name="activity_csv"
    ),
    path("bewustwording/<int:pk>/nieuw/", activities.activity_create, name="activity_create"),
    path("bewustwording/<int:pk>/bereik/", activities.reach, name="reach"),
    path("bewustwording/<int:pk>/bereik.csv", activities.reach_csv, name="reach_csv"),
    path("bewustwording/<int:pk>/omvang/", activities.sizes, name="sizes"),
    path(
        "bewustwording/activiteiten/<int:pk>/", activities.activity_detail, name="activity_detail"
    ),
    path(
        "bewustwording/activiteiten/<int:pk>/bewerken/",
        activities.activity_edit,
        name="activity_edit",
    ),
    path(
        "bewustwording/activiteiten/<int:pk>/verwijderen/",
        activities.activity_remove,
        name="activity_remove",
    ),
    path("bewustwording/bijeenkomsten/<int:pk>/", activities.session_detail, name="session_detail"),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/aanwezigheid/",
        activities.session_checkin,
        name="session_checkin",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/uitnodigen/",
        activities.session_invite,
        name="session_invite",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/afmelden/",
        activities.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/aanwezig/",
        activities.attendance,
        name="attendance",
    ),
    path(
        "bewustwording/aanmeldingen/<int:pk>/bewijs-van-deelname.pdf",
        activities.certificate,
        name="certificate",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/deelnemers/",
        activities.session_participation,
        name="session_participation",
    ),
    path(
        "bewustwording/bijeenkomsten/<int:pk>/verwijderen/",
        activities.session_remove,
        name="session_remove",
    ),
    path("bewustwording/<int:pk>/agenda/", calendar.calendar_month, name="calendar"),
    path("bewustwording/agenda/koppelingen/", calendar.calendar_links, name="calendar_links"),
    path(
        "bewustwording/agenda/koppelingen/<int:pk>/intrekken/",
        calendar.calendar_link_revoke,
        name="calendar_link_revoke",
    ),
    path("bewustwording/<int:pk>/campagnes/", campaigns.campaign_list, name="campaign_list"),
    path(
        "bewustwording/<int:pk>/campagnes/nieuw/",
        campaigns.campaign_create,
        name="campaign_create",
    ),
    path("bewustwording/campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "bewustwording/campagnes/<int:pk>/bewerken/",
        campaigns.campaign_edit,
        name="campaign_edit",
    ),
    path(
        "bewustwording/campagnes/<int:pk>/verwijderen/",
        campaigns.campaign_remove,
        name="campaign_remove",
    ),
    path("bewustwording/leermodule/", learning.course_list, name="course_list"),
    path(
        "bewustwording/leermodule/<int:pk>/<int:number>/",
        learning.course_page,
        name="course_page",
    ),
    path(
        "bewustwording/leermodule/<int:pk>/vragen/",
        learning.course_questions,
        name="course_questions",
    ),
    path(
        "bewustwording/leermodule/afrondingen/<int:pk>/certificaat.pdf",
        learning.course_certificate,
        name="course_certificate",
    ),
]
