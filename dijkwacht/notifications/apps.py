from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dijkwacht.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from dijkwacht.notifications import checks  # noqa: F401 - registers the deploy check

        # Each app declares its events in its own `notifications.py` (see events.register).
        autodiscover_modules("notifications")
