from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dijkwacht.core"
    label = "core"
    verbose_name = _("Core")
    default = True

    def ready(self) -> None:
        from dijkwacht.core import lookups

        lookups.register()
        # Django's own "- Select an option -" has no Dutch translation; Django 6.1 asks
        # projects to set the empty choice of model select fields here.
        fields.BLANK_CHOICE_LABEL = _("— Choose —")


class DijkwachtAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "dijkwacht.core.admin_site.DijkwachtAdminSite"
