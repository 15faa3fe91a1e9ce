"""What a new platform starts with (migrations add it; the demo and the tests ensure it after
a flush): the themes of the approach and the kinds of register, which platform admins change
in the admin, and the default checklist, which coordinators adapt for their partnership."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEFAULT_THEMES = [
    ("informatiegestuurd-werken", "Informatiegestuurd werken"),
    ("weerbare-overheid", "Weerbare overheid en samenleving"),
    ("buitengebied", "Buitengebied"),
    ("vakantieparken", "Vakantieparken"),
    ("bedrijventerreinen", "Bedrijventerreinen"),
    ("havens", "Havens en logistiek"),
    ("vastgoed", "Vastgoed"),
    ("drugs", "Drugsproductie en -handel"),
    ("witwassen", "Witwassen en financiële constructies"),
    ("arbeidsuitbuiting", "Arbeidsuitbuiting en mensenhandel"),
    ("zorgfraude", "Zorgfraude"),
    ("grensoverschrijdend", "Grensoverschrijdende ondermijning"),
    ("vergunningen", "Vergunningen, toezicht en handhaving"),
    ("bibob", "Bibob"),
    ("integriteit", "Integriteit"),
    ("agressie", "Agressie en geweld tegen medewerkers"),
]


def ensure_default_themes(theme_model: Any) -> None:
    """Add the default themes that are missing (by code); a changed name is left alone."""
    for position, (code, name) in enumerate(DEFAULT_THEMES, start=1):
        theme_model.objects.get_or_create(code=code, defaults={"name": name, "position": position})


# What an organisation registers: the columns of the overview of registration systems.
DEFAULT_REGISTER_KINDS = [
    ("signalen", "Signalen van ondermijning"),
    ("integriteit", "Integriteitsmeldingen"),
    ("agressie", "Agressie-incidenten"),
    ("bibob", "Bibob-onderzoeken"),
    ("vergunningen", "Vergunningen"),
    ("handhaving", "Toezicht en handhaving"),
    ("zaken", "Zaken en dossiers"),
]


def ensure_default_register_kinds(kind_model: Any) -> None:
    """Add the default kinds of register that are missing (by code)."""
    for position, (code, name) in enumerate(DEFAULT_REGISTER_KINDS, start=1):
        kind_model.objects.get_or_create(code=code, defaults={"name": name, "position": position})


DEFAULT_CHECKLIST = Path(__file__).parent / "data" / "checklist_provincie.yaml"


def ensure_default_checklist(checklist_model: Any, version_model: Any) -> None:
    """The platform's default checklist (for partnerships without their own), version 1 from
    the text shipped with Dijkwacht, when there is none yet."""
    checklist, _ = checklist_model.objects.get_or_create(partnership=None)
    if not version_model.objects.filter(checklist=checklist).exists():
        version_model.objects.create(
            checklist=checklist, number=1, text=DEFAULT_CHECKLIST.read_text(encoding="utf-8")
        )
