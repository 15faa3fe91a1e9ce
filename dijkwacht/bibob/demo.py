"""The Maas en Leijgraaf municipalities' Bibob policies against the reference they agreed on,
and a demo Bibob team at the municipality of Enschede (bibob@dijkwacht.test) with invented
screenings in every state: one opened, questionnaires out and overdue, an own investigation,
an LBB advice running and one waiting for the applicant's answer to the LBB, a view asked,
and decisions with and without a danger conclusion. Every subject is fictitious and says so.

The dates lie before today, as a team would have recorded them, so the terms read as they
would on a real working day. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.bibob import services
from dijkwacht.bibob.defaults import ensure_defaults
from dijkwacht.bibob.models import Category, Policy, Screening
from dijkwacht.organisations.models import Organisation, Partnership

# (category, decision, subject kind, subject, KvK, trigger, opened days ago, legal term in
#  days after opening, steps as (action, days ago, values, note))
SCREENINGS: list[tuple[Any, ...]] = [
    (
        "alcohol-horeca",
        "Alcoholwetvergunning voor café De Fictieve Dijk, Oude Markt (fictief)",
        "onderneming",
        "Café De Fictieve Dijk B.V. (fictief)",
        "99000001",
        "beleid",
        3,
        56,
        [],
    ),
    (
        "exploitatie-horeca",
        "Exploitatievergunning shisha-lounge Voorbeeldstraat (fictief)",
        "onderneming",
        "Lounge Voorbeeld V.O.F. (fictief)",
        "99000002",
        "beleid",
        22,
        56,
        [("questionnaire_send", 20, {"due_on": 8}, "Vragenformulier horeca verstuurd.")],
    ),
    (
        "speelautomaten",
        "Aanwezigheidsvergunning kansspelautomaten, Stationsplein (fictief)",
        "onderneming",
        "Speelhal Proefdraai B.V. (fictief)",
        "99000003",
        "indicatie",
        45,
        56,
        [
            ("questionnaire_send", 44, {"due_on": -16}, ""),
            (
                "questionnaire_remind",
                14,
                {"due_on": -2},
                "Bijlagen over de financiering ontbreken.",
            ),
        ],
    ),
    (
        "bouwen",
        "Omgevingsvergunning verbouwing bedrijfspand tot appartementen (fictief)",
        "onderneming",
        "Projectontwikkeling Denkbeeld B.V. (fictief)",
        "99000004",
        "beleid",
        60,
        None,
        [
            ("questionnaire_send", 58, {}, ""),
            ("questionnaire_receive", 30, {}, "Volledig ontvangen."),
        ],
    ),
    (
        "exploitatie-horeca",
        "Overname van restaurant aan de Haven (fictief)",
        "persoon",
        "J. Verzonnen (fictief)",
        "",
        "riec",
        75,
        56,
        [
            ("questionnaire_send", 74, {}, ""),
            ("questionnaire_receive", 60, {}, ""),
            ("riec_consult", 58, {}, "Casusoverleg RIEC: signalen over de financiers."),
            ("investigate", 50, {"finding": "lbb_nodig"}, "Geldstromen niet te verklaren."),
            ("lbb_request", 45, {"lbb_reference": "LBB-2026-0999"}, ""),
        ],
    ),
    (
        "vastgoed-verkoop",
        "Verkoop van een gemeentelijk bedrijfskavel op Het Proefveld (fictief)",
        "onderneming",
        "Holding Schijnbaar B.V. (fictief)",
        "99000006",
        "beleid",
        70,
        None,
        [
            ("questionnaire_send", 69, {}, ""),
            ("questionnaire_receive", 55, {}, ""),
            ("investigate", 45, {"finding": "lbb_nodig"}, ""),
            ("lbb_request", 40, {"lbb_reference": "LBB-2026-1001"}, ""),
            ("lbb_question", 10, {}, "Het LBB vraagt de koper om de jaarrekeningen 2023–2025."),
        ],
    ),
    (
        "seksinrichting",
        "Vergunning seksinrichting, Voorbeeldweg (fictief)",
        "persoon",
        "P. Proefpersoon (fictief)",
        "",
        "beleid",
        150,
        100,
        [
            ("questionnaire_send", 149, {}, ""),
            ("questionnaire_receive", 130, {}, ""),
            ("investigate", 120, {"finding": "lbb_nodig"}, ""),
            ("lbb_request", 115, {"lbb_reference": "LBB-2026-0871"}, ""),
            ("lbb_extend", 65, {"weeks": 4}, ""),
            (
                "lbb_advice",
                40,
                {"conclusion": "ernstige_mate"},
                "Ernstige mate van gevaar (a en b).",
            ),
            ("view_request", 5, {}, "Voornemen tot weigering verstuurd."),
        ],
    ),
    (
        "subsidie",
        "Subsidie buurthuis De Denkbeeldige Hoek (fictief)",
        "onderneming",
        "Stichting Fictief Buurtwerk (fictief)",
        "99000008",
        "beleid",
        140,
        None,
        [
            ("questionnaire_send", 139, {}, ""),
            ("questionnaire_receive", 120, {}, ""),
            ("investigate", 110, {"finding": "geen"}, "Geen aanwijzingen."),
            ("decide", 100, {"outcome": "verleend"}, ""),
        ],
    ),
    (
        "coffeeshop",
        "Gedoogbeschikking coffeeshop, nieuwe exploitant (fictief)",
        "persoon",
        "K. Onwerkelijk (fictief)",
        "",
        "om",
        300,
        56,
        [
            ("questionnaire_send", 299, {}, ""),
            ("questionnaire_receive", 280, {}, ""),
            ("investigate", 270, {"finding": "lbb_nodig"}, ""),
            ("lbb_request", 265, {"lbb_reference": "LBB-2026-0512"}, ""),
            ("lbb_advice", 210, {"conclusion": "ernstige_mate"}, ""),
            ("view_request", 200, {}, ""),
            ("view_receive", 185, {}, "Zienswijze weerlegt de bevindingen niet."),
            ("decide", 170, {"outcome": "geweigerd"}, ""),
            ("register", 165, {}, ""),
        ],
    ),
    (
        "evenementen",
        "Evenementenvergunning dancefestival Proefpark (fictief)",
        "onderneming",
        "Events Bedacht B.V. (fictief)",
        "99000010",
        "beleid",
        120,
        56,
        [
            ("questionnaire_send", 119, {}, ""),
            ("questionnaire_not_returned", 80, {}, "Niet ingediend binnen de termijn."),
            ("decide", 78, {"outcome": "buiten_behandeling"}, ""),
        ],
    ),
]


# Basisteam Maas en Leijgraaf, 2019 (seed 004): the eight municipalities each had their own
# Bibob policy, some without real estate or subsidies; the action plan advises one policy for
# all eight. The policies below are invented examples in that spirit (each says "voorbeeld").
A, IND, N = "altijd", "indicatie", "nooit"
HORECA: dict[str, tuple[str, int | None]] = {
    "alcohol-horeca": (A, None),
    "exploitatie-horeca": (A, None),
    "speelautomaten": (A, None),
    "seksinrichting": (A, None),
    "coffeeshop": (A, None),
}
REFERENCE: dict[str, tuple[str, int | None]] = {
    **HORECA,
    "bouwen": (A, 500_000),
    "milieu": (IND, None),
    "evenementen": (IND, None),
    "subsidie": (IND, 50_000),
    "overheidsopdracht": (IND, None),
    "vastgoed-verkoop": (A, None),
    "vastgoed-verhuur": (A, None),
    "erfpacht": (IND, None),
}
POLICIES: dict[str, tuple[str, dict[str, tuple[str, int | None]]]] = {
    "GM0856": ("2017-03-01", {**REFERENCE, "subsidie": (IND, 100_000)}),  # Uden
    "GM1685": ("2016-06-01", {**HORECA, "bouwen": (A, 1_000_000)}),  # Landerd
    # Boekel
    "GM0755": ("2018-01-15", {**HORECA, "bouwen": (IND, None), "subsidie": (IND, 50_000)}),
    "GM0756": ("2015-09-01", {**HORECA, "bouwen": (A, 500_000), "vastgoed-verkoop": (IND, None)}),
    "GM1702": ("2016-11-01", {**HORECA, "coffeeshop": (N, None)}),  # Sint Anthonis
    "GM1684": ("2018-05-01", {**REFERENCE}),  # Cuijk
    "GM0786": ("2018-05-01", {**REFERENCE, "vastgoed-verhuur": (IND, None)}),  # Grave
    # Mill en Sint Hubert: no policy recorded yet.
}  # fmt: skip


def _policies(categories: dict[str, Category]) -> None:
    partnership = Partnership.objects.filter(slug="basisteam-maas-en-leijgraaf").first()
    if partnership is None or Policy.objects.filter(partnership=partnership).exists():
        return

    def rules(spec: dict[str, tuple[str, int | None]]) -> list[services.RuleInput]:
        return [
            services.RuleInput(
                category=categories[code], application=application, threshold=threshold
            )
            for code, (application, threshold) in spec.items()
        ]

    services.policy_save(
        actor=None,
        partnership=partnership,
        title="Gezamenlijk Bibob-beleid basisteam Maas en Leijgraaf (voorbeeld)",
        adopted_on=datetime.date(2019, 6, 1),
        note="Afgesproken in het basisteamoverleg: de dijken overal even hoog.",
        rules=rules(REFERENCE),
    )
    for code, (adopted, spec) in POLICIES.items():
        organisation = Organisation.objects.filter(cbs_code=code).first()
        if organisation is None:
            continue
        services.policy_save(
            actor=None,
            organisation=organisation,
            title=f"Beleidsregel Wet Bibob {organisation.name} (voorbeeld)",
            adopted_on=datetime.date.fromisoformat(adopted),
            rules=rules(spec),
        )


@transaction.atomic
def load() -> None:
    ensure_defaults()
    _policies({c.code: c for c in Category.objects.all()})
    enschede = Organisation.objects.get(cbs_code="GM0153")
    if Screening.objects.filter(organisation=enschede).exists():
        return
    officer = User.objects.get(email="bibob@dijkwacht.test")
    today = timezone.localdate()
    categories = {c.code: c for c in Category.objects.all()}

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    for code, decision, kind, subject, kvk, trigger, opened, term, steps in SCREENINGS:
        screening = services.screening_create(
            actor=officer,
            organisation=enschede,
            category=categories[code],
            decision_subject=decision,
            decision_due_on=ago(opened - term) if term else None,
            subject_kind=kind,
            subject_name=subject,
            subject_kvk=kvk,
            trigger=trigger,
            opened_on=ago(opened),
        )
        for action, days, values, note in steps:
            given = dict(values)
            if "due_on" in given:
                given["due_on"] = ago(-given["due_on"])
            screening = services.screening_step(
                actor=officer,
                screening=screening,
                action=action,
                date=ago(days),
                note=note,
                **given,
            )
    # The refusal went to the RIEC, with its ground.
    refused = Screening.objects.get(organisation=enschede, outcome="geweigerd")
    services.screening_disclose(
        actor=officer,
        screening=refused,
        recipient="riec",
        legal_ground="art. 28 lid 1 sub c Wet Bibob",
        what="Het LBB-advies en het besluit, voor het casusoverleg.",
        date=ago(160),
    )
