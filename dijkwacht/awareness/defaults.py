"""The defaults that are data: the kinds of activity and the target groups the seeds name
(Overijssel's monthly integrity workshop for new staff and yearly meeting for vulnerable
positions, Twente's congress and roadshow, Maas en Leijgraaf's council, management, college,
citizens and sectors). The migration `0002_defaults` loads them; `ensure_defaults` puts back
any that are missing. Administrators change them in the admin."""

from __future__ import annotations

from typing import Any

from django.apps import apps

ACTIVITY_TYPES = [
    # code, name (Dutch: what the people who plan the sessions call them)
    ("workshop-integriteit", "Workshop integriteit voor nieuwe medewerkers"),
    ("bijeenkomst-kwetsbare-functies", "Jaarlijkse bijeenkomst kwetsbare functies"),
    ("kennissessie", "Kennissessie"),
    ("workshop", "Workshop"),
    ("masterclass", "Masterclass"),
    ("congres", "Congres"),
    ("roadshow", "Roadshow"),
    ("campagneweek", "Campagneweek"),
    ("overig", "Andere activiteit"),
]
TARGET_GROUPS = [
    ("nieuwe-medewerkers", "Nieuwe medewerkers"),
    ("kwetsbare-functies", "Medewerkers in kwetsbare functies"),
    ("ambtelijke-organisatie", "Ambtelijke organisatie"),
    ("management", "Managementteam"),
    ("raad", "Gemeenteraad of Provinciale Staten"),
    ("college", "College van B&W of Gedeputeerde Staten"),
    ("burgers", "Burgers"),
    ("horeca", "Horeca"),
    ("notarissen", "Notarissen"),
    ("makelaars", "Makelaars"),
    ("agrarische-sector", "Agrarische sector"),
]


def ensure_defaults(get_model: Any = None) -> None:
    """Idempotent: creates what is missing, changes nothing that exists. `get_model` is the
    migration's `apps.get_model`; by default the current models."""
    if get_model is None:
        get_model = apps.get_model
    for model, rows in (("ActivityType", ACTIVITY_TYPES), ("TargetGroup", TARGET_GROUPS)):
        manager = get_model("awareness", model).objects
        for position, (code, name) in enumerate(rows):
            manager.get_or_create(code=code, defaults={"name": name, "position": position})
