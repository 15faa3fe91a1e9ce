from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "dijkwacht.awareness"
    label = "awareness"
    verbose_name = _("Awareness")

    def ready(self) -> None:
        # The matrix shows per action the sessions held and their participants; a scan shows
        # beside a norm that asks for it the reach of the organisation's target groups.
        from dijkwacht.awareness.selectors import action_notes, reach_evidence
        from dijkwacht.programmes.extensions import register_action_notes
        from dijkwacht.scans.extensions import register_reach_evidence

        register_action_notes(action_notes)
        register_reach_evidence(reach_evidence)
