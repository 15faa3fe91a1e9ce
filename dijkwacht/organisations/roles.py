"""The roles a membership grants and the meldpunt's compartments: plain choices, imported by
models and by the access values alike."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    CONTRIBUTOR = "contributor", _("contributor")
    ASSESSOR = "assessor", _("assessor")
    HANDLER = "handler", _("meldpunt handler")
    BIBOB = "bibob", _("Bibob officer")
    VIEWER = "viewer", _("viewer")
    ADMIN = "admin", _("platform admin")


class Compartment(models.TextChoices):
    """The meldpunt's separate compartments: a handler sees only the ones granted."""

    UNDERMINING = "ondermijning", _("undermining")
    INTEGRITY = "integriteit", _("integrity")
    AGGRESSION = "agressie", _("aggression")


# Roles whose reach is a partnership (programme, scan and dashboard work across members).
PARTNERSHIP_ROLES = frozenset({Role.COORDINATOR, Role.ASSESSOR, Role.VIEWER})

# Roles a service account (a koppeling with API tokens) never holds: the platform's keys, the
# meldpunt and the Bibob register are for people, who log in with a second factor.
SERVICE_ACCOUNT_BARRED = frozenset({Role.ADMIN, Role.HANDLER, Role.BIBOB})
