from django.urls import path

from dijkwacht.scans import views

app_name = "scans"

urlpatterns = [
    path("normenkaders/", views.framework_list, name="framework_list"),
    path("normenkaders/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("normenkaders/<int:pk>.yaml", views.framework_download, name="framework_download"),
]
