from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dijkwacht.api"
    label = "api"
    verbose_name = "API"
