"""The defaults that are data: retention rules, the clocks per kind, the list of
interventions. The migration `0002_defaults` loads them; `ensure_defaults` puts back any that
are missing (after a test flush, or for the demo). Administrators change them in the admin."""

from __future__ import annotations

from typing import Any

from django.apps import apps

RETENTION = [
    # kind, close reason, in a case, days
    ("", "", False, 365),  # a dropped or handled signal: 1 year after closing
    ("", "", True, 5 * 365),  # a closed case: 5 years
]
DEADLINE_KINDS = ["ondermijning", "integriteit", "agressie", "anders"]
INTERVENTIONS = [
    ("bestuurlijk", "Sluiting van een pand (art. 13b Opiumwet)"),
    ("bestuurlijk", "Weigering of intrekking van een vergunning na Bibob-onderzoek"),
    ("bestuurlijk", "Intrekking van een exploitatievergunning"),
    ("bestuurlijk", "Last onder dwangsom of bestuursdwang"),
    ("bestuurlijk", "Bestuurlijke waarschuwing of gesprek"),
    ("strafrechtelijk", "Aangifte of opsporingsonderzoek"),
    ("strafrechtelijk", "Inbeslagname"),
    ("fiscaal", "Belastingcontrole of naheffing"),
    ("privaatrechtelijk", "Ontbinding van een huur- of pachtovereenkomst"),
    ("privaatrechtelijk", "Beëindiging van een subsidie- of contractrelatie"),
    ("zorg_sociaal", "Inzet van zorg of hulpverlening"),
    ("zorg_sociaal", "Gesprek met betrokkene of omgeving"),
]


def ensure_defaults(get_model: Any = None) -> None:
    """Idempotent: creates what is missing, changes nothing that exists. `get_model` is the
    migration's `apps.get_model`; by default the current models."""
    if get_model is None:
        get_model = apps.get_model
    retention = get_model("meldpunt", "RetentionRule")
    deadline = get_model("meldpunt", "Deadline")
    intervention = get_model("meldpunt", "InterventionType")
    for kind, reason, in_case, days in RETENTION:
        retention.objects.get_or_create(
            kind=kind, close_reason=reason, in_case=in_case, defaults={"days": days}
        )
    for kind in DEADLINE_KINDS:
        deadline.objects.get_or_create(kind=kind)
    for category, name in INTERVENTIONS:
        intervention.objects.get_or_create(name=name, defaults={"category": category})
