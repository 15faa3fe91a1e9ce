from django.urls import path

from dijkwacht.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("nieuwsbrieven/<int:pk>/", views.series_list, name="series_list"),
    path("nieuwsbrieven/<int:pk>/nieuw/", views.series_create, name="series_create"),
    path("nieuwsbrieven/reeks/<int:pk>/", views.series_detail, name="series_detail"),
    path("nieuwsbrieven/reeks/<int:pk>/bewerken/", views.series_edit, name="series_edit"),
    path("nieuwsbrieven/reeks/<int:pk>/opstellen/", views.issue_create, name="issue_create"),
    path("nieuwsbrieven/reeks/<int:pk>/abonnees/", views.subscribers, name="subscribers"),
    path(
        "nieuwsbrieven/abonnees/<int:pk>/verwijderen/",
        views.subscriber_remove,
        name="subscriber_remove",
    ),
    path("nieuwsbrieven/nummers/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("nieuwsbrieven/nummers/<int:pk>/bewerken/", views.issue_edit, name="issue_edit"),
    path("nieuwsbrieven/nummers/<int:pk>/verzenden/", views.issue_send, name="issue_send"),
    path("nieuwsbrieven/nummers/<int:pk>/hervatten/", views.issue_resume, name="issue_resume"),
    path("nieuwsbrieven/nummers/<int:pk>/verwijderen/", views.issue_remove, name="issue_remove"),
    path("nieuwsbrieven/nummers/<int:pk>/nieuwsbrief.pdf", views.issue_pdf, name="issue_pdf"),
    # From a subscriber's mail: no login.
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("nieuwsbrief/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
