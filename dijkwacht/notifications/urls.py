from django.urls import path

from dijkwacht.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notificaties/", views.notification_list, name="list"),
    path("notificaties/gelezen/", views.notification_read, name="read"),
    path("notificaties/instellingen/", views.preferences, name="preferences"),
]
