"""The public meldpunt: no login. The follow-up page comes before the organisation pages, so
no organisation's slug can hide it."""

from django.urls import path

from dijkwacht.meldpunt.views import public

app_name = "meldpunt_public"

urlpatterns = [
    path("melden/", public.index, name="index"),
    path("melden/volgen/", public.follow_up, name="follow_up"),
    path("melden/<slug:slug>/", public.report, name="report"),
]
