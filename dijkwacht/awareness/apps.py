from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "dijkwacht.awareness"
    label = "awareness"
    verbose_name = _("Awareness")

    def ready(self) -> None:
        # The matrix shows per action the sessions held and their participants.
        from dijkwacht.awareness.selectors import action_notes
        from dijkwacht.programmes.extensions import register_action_notes

        register_action_notes(action_notes)
