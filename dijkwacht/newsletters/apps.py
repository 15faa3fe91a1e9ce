from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "dijkwacht.newsletters"
    verbose_name = _("Newsletters")
    label = "newsletters"

    def ready(self) -> None:
        # The issues' dates on the communication calendar, without awareness knowing them.
        from dijkwacht.awareness.extensions import register_calendar_source
        from dijkwacht.newsletters.selectors import calendar_items

        register_calendar_source(calendar_items)
