"""The default themes of the approach and kinds of register: the lists a new platform starts
with (migrations add them), and that the demo and the tests ensure after a flush. Platform
admins change them in the admin."""

from __future__ import annotations

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
