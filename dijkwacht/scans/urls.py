from django.urls import path

from dijkwacht.scans import views

app_name = "scans"

urlpatterns = [
    path("normenkaders/", views.framework_list, name="framework_list"),
    path("normenkaders/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("normenkaders/<int:pk>.yaml", views.framework_download, name="framework_download"),
    path("scans/", views.scan_list, name="scan_list"),
    path("scans/<int:pk>/", views.scan_detail, name="scan_detail"),
    path("scans/<int:pk>/normen/<int:norm_id>/", views.answer_save, name="answer_save"),
    path("scans/<int:pk>/indienen/", views.scan_submit, name="scan_submit"),
    path("scans/<int:pk>/verschillen/", views.scan_gaps, name="scan_gaps"),
]
