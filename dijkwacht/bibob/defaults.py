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


# The letters to the applicant, as the team starts from them (in Dutch: they go to Dutch
# applicants whatever language the officer reads the site in). The team makes them its own on
# the letters page; {…} are the fields of `letters.FIELDS`.
LETTERS = {
    "vragenformulier": {
        "subject": "Bibob-vragenformulier bij uw aanvraag",
        "body": "\n\n".join(
            [
                "Geachte heer, mevrouw,",
                "U heeft bij ons een aanvraag ingediend voor: {besluit}.",
                (
                    "Bij deze aanvraag passen wij de Wet bevordering integriteitsbeoordelingen "
                    "door het openbaar bestuur (Wet Bibob) toe, volgens ons Bibob-beleid. Wij "
                    "beoordelen daarmee of er gevaar bestaat dat de beschikking mede zal worden"
                    " gebruikt om uit strafbare feiten verkregen voordelen te benutten of om "
                    "strafbare feiten te plegen."
                ),
                (
                    "Wij vragen u daarom het bijgevoegde Bibob-vragenformulier volledig en naar"
                    " waarheid in te vullen, te ondertekenen en met de gevraagde stukken "
                    "uiterlijk {termijn} aan ons terug te sturen. Vermeld daarbij ons kenmerk "
                    "{kenmerk}."
                ),
                (
                    "De beslistermijn is opgeschort vanaf de dag na de datum van deze brief tot"
                    " de dag waarop wij het volledig ingevulde formulier en de stukken hebben "
                    "ontvangen, of tot {termijn} als wij die dan niet hebben (artikel 4:15 "
                    "Awb). Ontvangen wij het formulier niet op tijd of niet volledig, dan "
                    "kunnen wij besluiten uw aanvraag niet te behandelen (artikel 4:5 Awb)."
                ),
                (
                    "Wij gaan vertrouwelijk om met de gegevens die u ons geeft (artikel 28 Wet "
                    "Bibob). Wij delen ze alleen waar de Wet Bibob dat toestaat, bijvoorbeeld "
                    "met het Landelijk Bureau Bibob."
                ),
                (
                    "Heeft u vragen over deze brief? Neem dan contact met ons op en noem ons "
                    "kenmerk {kenmerk}."
                ),
            ]
        ),
        "closing": "Met vriendelijke groet,\n\n{organisatie}",
    },
    "voornemen_weigering": {
        "subject": "Voornemen tot weigering van uw aanvraag",
        "body": "\n\n".join(
            [
                "Geachte heer, mevrouw,",
                (
                    "U heeft bij ons een aanvraag ingediend voor: {besluit}. Met deze brief "
                    "laten wij u weten dat wij van plan zijn deze aanvraag te weigeren."
                ),
                (
                    "Wij hebben uw aanvraag getoetst aan de Wet Bibob. Wij vinden dat er een "
                    "ernstige mate van gevaar bestaat dat de beschikking mede zal worden "
                    "gebruikt om uit strafbare feiten verkregen voordelen te benutten of om "
                    "strafbare feiten te plegen (artikel 3, eerste lid, Wet Bibob). Wij vinden "
                    "weigeren in verhouding tot dit gevaar en de ernst van de feiten. Dit zijn "
                    "onze redenen:"
                ),
                "{motivering}",
                (
                    "Voordat wij besluiten, kunt u uw zienswijze op dit voornemen geven, "
                    "schriftelijk of mondeling, tot en met {termijn}. Wilt u dat mondeling "
                    "doen, neem dan vóór die datum contact met ons op. U kunt de stukken inzien"
                    " waarop wij ons voornemen baseren, ook een advies van het Landelijk Bureau"
                    " Bibob als wij dat hebben gevraagd."
                ),
                (
                    "De informatie in deze brief is vertrouwelijk (artikel 28 Wet Bibob). "
                    "Gebruik haar alleen om uw belangen in deze procedure te behartigen."
                ),
                (
                    "Dit is nog geen besluit: tegen deze brief kunt u geen bezwaar maken. Noem "
                    "bij elk contact ons kenmerk {kenmerk}."
                ),
            ]
        ),
        "closing": "Met vriendelijke groet,\n\n{organisatie}",
    },
}
