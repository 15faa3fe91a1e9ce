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


# The layers of the map: code, name, colour, the statuses an area may have, and its theme.
DEFAULT_AREA_KINDS = [
    ("vakantieparken", "Vakantieparken", "#e69f00",
     ["vitaal", "niet vitaal", "in aanpak", "getransformeerd"], "vakantieparken"),
    ("bedrijventerreinen", "Bedrijventerreinen", "#cc79a7",
     ["met Keurmerk Veilig Ondernemen", "zonder keurmerk", "in aanpak"], "bedrijventerreinen"),
    ("buitengebied", "Buitengebied (zones)", "#009e73", [], "buitengebied"),
    ("havens", "Havens", "#d55e00", [], "havens"),
    ("no-flyzones", "No-flyzones voor drones", "#000000", [], ""),
    ("overig", "Overige gebieden", "#f0e442", [], ""),
]  # fmt: skip


def ensure_default_area_kinds(kind_model: Any, theme_model: Any) -> None:
    """Add the default kinds of area that are missing (by code), with their theme when it is
    there."""
    themes = {t.code: t for t in theme_model.objects.all()}
    for position, (code, name, colour, statuses, theme) in enumerate(DEFAULT_AREA_KINDS, 1):
        kind_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "position": position,
                "colour": colour,
                "statuses": statuses,
                "theme": themes.get(theme),
            },
        )
