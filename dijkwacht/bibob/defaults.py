"""The defaults that are data: the decision categories, the Wet Bibob's terms and the
retention periods. The migration `0002_defaults` loads them; `ensure_defaults` puts back any
that are missing (after a test flush, or for the demo). Administrators change them in the
admin."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps

CATEGORIES = [
    # domain, code, name
    ("vergunning", "alcohol-horeca", "Alcoholwetvergunning (horeca, slijterij)"),
    ("vergunning", "exploitatie-horeca", "Exploitatievergunning horeca"),
    ("vergunning", "speelautomaten", "Speelautomatenhal of kansspelautomaten"),
    ("vergunning", "seksinrichting", "Seksinrichting of escortbedrijf"),
    ("vergunning", "coffeeshop", "Gedoogbeschikking coffeeshop"),
    ("vergunning", "bouwen", "Omgevingsvergunning bouwactiviteit (boven de drempel)"),
    ("vergunning", "milieu", "Omgevingsvergunning milieubelastende activiteit"),
    ("vergunning", "evenementen", "Evenementenvergunning"),
    ("vergunning", "vergunning-overig", "Andere vergunning of ontheffing"),
    ("subsidie", "subsidie", "Subsidie"),
    ("aanbesteding", "overheidsopdracht", "Overheidsopdracht (aanbesteding)"),
    ("vastgoed", "vastgoed-verkoop", "Verkoop van vastgoed of grond"),
    ("vastgoed", "vastgoed-verhuur", "Verhuur of verpachting van vastgoed"),
    ("vastgoed", "erfpacht", "Erfpacht of opstalrecht"),
    ("overig", "overig", "Andere beschikking"),
]
# The terms of the Wet Bibob since its revision of 1 July 2013.
TERMS_FROM = datetime.date(2013, 7, 1)
RETENTION = [
    # decision ("" for any), days after the decision
    ("", 5 * 365 + 1),  # as long as an LBB advice may be reused: 5 years
    ("ingetrokken", 2 * 365),
    ("buiten_behandeling", 2 * 365),
]


def ensure_defaults(get_model: Any = None) -> None:
    """Idempotent: creates what is missing, changes nothing that exists. `get_model` is the
    migration's `apps.get_model`; by default the current models."""
    if get_model is None:
        get_model = apps.get_model
    category = get_model("bibob", "Category")
    for position, (domain, code, name) in enumerate(CATEGORIES):
        category.objects.get_or_create(
            code=code, defaults={"domain": domain, "name": name, "position": position}
        )
    get_model("bibob", "LegalTerms").objects.get_or_create(valid_from=TERMS_FROM)
    retention = get_model("bibob", "RetentionRule")
    for outcome, days in RETENTION:
        retention.objects.get_or_create(outcome=outcome, defaults={"days": days})
