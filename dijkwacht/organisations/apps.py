from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "dijkwacht.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from dijkwacht.accounts.signals import superuser_created

        superuser_created.connect(_grant_platform_admin, dispatch_uid="platform_admin_create")


def _grant_platform_admin(sender: Any, user: Any, **kwargs: Any) -> None:
    from dijkwacht.organisations.services import platform_admin_create

    platform_admin_create(user=user)
