from django.urls import path

from dijkwacht.exports import views

app_name = "exports"

urlpatterns = [
    path("documenten/maken/", views.document_start, name="start"),
    path("documenten/<int:pk>/", views.document_detail, name="document"),
    path("documenten/<int:pk>/bestand/", views.document_file, name="file"),
]
