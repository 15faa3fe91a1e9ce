from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dijkwacht.core"
    label = "core"
    verbose_name = _("Core")
    default = True

    def ready(self) -> None:
        from dijkwacht.core import lookups

        lookups.register()


class DijkwachtAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dijkwacht.core.admin_site.DijkwachtAdminSite"
