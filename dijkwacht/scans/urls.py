from django.urls import path

from dijkwacht.scans.views import frameworks, scans

app_name = "scans"

urlpatterns = [
    path("normenkaders/", frameworks.framework_list, name="framework_list"),
    path("normenkaders/importeren/", frameworks.framework_import, name="framework_import"),
    path("normenkaders/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path("normenkaders/<int:pk>.yaml", frameworks.framework_download, name="framework_download"),
    path("scans/", scans.scan_list, name="scan_list"),
    path("scans/<int:pk>/", scans.scan_detail, name="scan_detail"),
    path("scans/<int:pk>/normen/<int:norm_id>/", scans.answer_save, name="answer_save"),
    path("scans/<int:pk>/indienen/", scans.scan_submit, name="scan_submit"),
    path("scans/<int:pk>/verschillen/", scans.scan_gaps, name="scan_gaps"),
]
