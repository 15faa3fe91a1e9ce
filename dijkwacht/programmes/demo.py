"""Demo programmes, built from the facts in the seed documents.

- Basisteam Maas en Leijgraaf: the "Actieplan Maas en Leijgraaf 2019" (seed 004). Its themes are
  the three hoofdpijlers the plan names; the plan's text only has a section and "Wat?" table for
  weerbaarheid and juridische expertise, so the theme informatiepositie en interventiekracht has
  no actions. The column CGM stands for Cuijk, Grave and Mill en Sint Hubert together: each of
  the three gets its own cell with the same planned period. The plan marks each cell with a
  colour (blue structureel, green voltooid, red niet opgepakt, orange onbepaald), but the
  colours are lost in the text of the seed: the statuses here are illustrative, chosen by rule
  (recurring awareness is structureel, dated one-offs of 2018 voltooid, work "2018-2019" in
  uitvoering or gepland, a few cells without input or not taken up).
- District Twente: the projectplan "Weerbare Overheid en Maatschappij" 2024 (seed 001), with its
  four deelprojecten as themes and the two supporting lines (OTO, uitvoeringsspecialist) under
  basis op orde. The document gives budgets only for the whole plan. The cell histories are
  fictitious, written by the demo users, relative to today.
- Provincie Overijssel's "Acties 2025" (seed 000). The province is a member of District Twente,
  so its actions are shown there, with cells for the province only. The bullets under an action
  become sub-actions: each has its own rhythm (monthly, six-weekly, yearly) and is reported on
  separately.
- Provincie Utrecht: the "Uitvoeringsplan ondermijning 2025-2026" (seed 003). The seed is the
  letter to Provinciale Staten, with the four themes and their ambitions but no action table;
  the actions follow the wording of the ambitions and the letter.

Every person is fictitious. Loading is idempotent: a programme that exists (by partnership and
name) is left alone, so a second run writes nothing, not even an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.organisations.demo import TWENTE
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes import services
from dijkwacht.programmes.models import (
    Action,
    Cadence,
    Commitment,
    Programme,
    ProgressRound,
    Status,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

S = Status  # the tables below read better with short names


@dataclass(frozen=True)
class ActionSpec:
    title: str
    theme: int | None = None  # index in the programme's theme list
    number: str = ""
    parent: str | None = None  # number of the parent action
    description: str = ""
    organisations: tuple[str, ...] = ()  # CBS codes or slugs; a parent has no cells of its own
    status: str = Status.PLANNED
    planned_period: str = ""
    periods: dict[str, str] = field(default_factory=dict)  # per organisation, as the plan says
    cadence: str = ""
    lead: str | None = None


@dataclass(frozen=True)
class Step:
    """One update of a cell, `days_ago` before the moment the demo is loaded."""

    days_ago: int
    status: str
    note: str


def _organisation(key: str) -> Organisation:
    if key.startswith(("GM", "PV")):
        return Organisation.objects.get(cbs_code=key)
    return Organisation.objects.get(slug=key)


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


def _days_ago(days: int, hour: int = 10) -> datetime.datetime:
    moment = timezone.localtime(timezone.now() - datetime.timedelta(days=days))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _new_programme(slug: str, name: str, **fields: Any) -> Programme | None:
    """The programme, created; None when it already exists (nothing to do then)."""
    partnership = Partnership.objects.get(slug=slug)
    if Programme.objects.filter(partnership=partnership, name=name).exists():
        return None
    return services.programme_create(actor=None, partnership=partnership, name=name, **fields)


def _build(
    programme: Programme, themes: list[tuple[str, str]], specs: list[ActionSpec]
) -> dict[str, Action]:
    """Themes and actions with their cells; the actions by number (or title, without one)."""
    created = [
        services.theme_create(actor=None, programme=programme, title=title, ambition=ambition)
        for title, ambition in themes
    ]
    actions: dict[str, Action] = {}
    for spec in specs:
        organisations = [_organisation(key) for key in spec.organisations]
        periods = {
            o.pk: spec.periods.get(key, "")
            for key, o in zip(spec.organisations, organisations, strict=True)
        }
        action = services.action_create(
            actor=None,
            programme=programme,
            title=spec.title,
            theme=created[spec.theme] if spec.theme is not None else None,
            parent=actions[spec.parent] if spec.parent else None,
            organisations=organisations,
            planned_periods=periods,
            status=spec.status,
            number=spec.number,
            description=spec.description,
            planned_period=spec.planned_period,
            cadence=spec.cadence,
            lead_organisation=_organisation(spec.lead) if spec.lead else None,
        )
        actions[spec.number or spec.title] = action
    return actions


def _cell(action: Action, key: str) -> Commitment:
    return Commitment.objects.get(action=action, organisation=_organisation(key))


def _update(cell: Commitment, *, actor: User | None, status: str, note: str, at: Any) -> None:
    services.commitment_update(actor=actor, commitment=cell, status=status, note=note, at=at)


# --- Basisteam Maas en Leijgraaf, 2019 ------------------------------------------------------

CGM = ("GM1684", "GM0786", "GM0815")  # Cuijk, Grave, Mill en Sint Hubert
MLG_COLUMNS = (CGM, ("GM1702",), ("GM0756",), ("GM0755",), ("GM0856",), ("GM1685",))
CUIJK, GRAVE, MILL = CGM
SINT_ANTHONIS, BOXMEER, BOEKEL, UDEN, LANDERD = "GM1702", "GM0756", "GM0755", "GM0856", "GM1685"
MLG_ORGANISATIONS = tuple(code for column in MLG_COLUMNS for code in column)

MLG_THEMES = [
    (
        "Verder verstevigen van de weerbaarheid",
        "Die weerbaarheid willen we verder verstevigen door te blijven inzetten op awareness, "
        "werkgroep communicatie en veilige publieke taak.",
    ),
    ("Verder versterken van de informatiepositie en de interventiekracht", ""),
    (
        "Verder versterken van de juridische expertise",
        "De ambitie is om deze kennis lokaal (basisteam) te borgen met ondersteuning van het RIEC.",
    ),
]

BIBOB_FOOTNOTE = (
    "Geadviseerd wordt om binnen het basisteam hetzelfde BIBOB-beleid te hanteren voor alle 8 "
    "gemeenten van het basisteam."
)


@dataclass(frozen=True)
class MatrixRow:
    """A row of a "Wat?" table: one text per column, a rule status and its exceptions."""

    theme: int
    title: str
    columns: tuple[str, str, str, str, str, str]
    status: str
    exceptions: dict[str, str] = field(default_factory=dict)
    description: str = ""


MLG_ROWS = [
    MatrixRow(0, "Bewustwording ambtelijke organisatie", ("Herhaling in 2019",) * 6,
              S.STRUCTURAL, {LANDERD: S.UNDETERMINED}),
    MatrixRow(0, "Bewustwording raad", ("2018",) * 6, S.COMPLETED,
              {GRAVE: S.UNDETERMINED, SINT_ANTHONIS: S.PLANNED},
              "In 2018 en 2019 extra aandacht voor awareness in de nieuw tot stand gekomen "
              "gemeenteraden."),
    MatrixRow(0, "Bewustwording MT",
              (*("Herhaling in 2018 of 2019",) * 4, "Herhaling 2018 of 2019",
               "Herhaling in 2018 of 2019"),
              S.STRUCTURAL, {BOEKEL: S.PLANNED, MILL: S.UNDETERMINED}),
    MatrixRow(0, "Bewustwording college", ("Herhaling in 2018 of 2019",) * 6, S.STRUCTURAL,
              {CUIJK: S.PLANNED, LANDERD: S.UNDETERMINED}),
    # The seed cuts this row short ("Bewustwording burgers en", Uden "2019 via"); the awareness
    # paragraph above the table names burgers en bedrijven.
    MatrixRow(0, "Bewustwording burgers en bedrijven", ("2019 via werkgroep",) * 6, S.PLANNED,
              {SINT_ANTHONIS: S.NOT_TAKEN_UP, BOEKEL: S.UNDETERMINED},
              "Awareness van burgers en bedrijven, zoals horeca, ZLTO, makelaars en notarissen, "
              "via de werkgroep communicatie en haar communicatiekalender."),
    MatrixRow(2, "Stel gezamenlijk BIBOB-beleid vast t.a.v. witwassen / vastgoed en pas het "
              "beleid toe", ("2018-2019",) * 6, S.IN_PROGRESS, {MILL: S.UNDETERMINED},
              BIBOB_FOOTNOTE),
    MatrixRow(2, "Stel gezamenlijk BIBOB-beleid vast t.a.v. subsidies en pas het beleid toe",
              ("2018-2019",) * 6, S.PLANNED, {LANDERD: S.NOT_TAKEN_UP, UDEN: S.IN_PROGRESS},
              BIBOB_FOOTNOTE),
    MatrixRow(2, "Bereid gemeentelijke regelgeving uit wanneer de praktijk hierom vraagt (denk "
              "aan thema's ondermijning en overige barrièremiddelen)", ("2018-2019",) * 6,
              S.STRUCTURAL, {SINT_ANTHONIS: S.UNDETERMINED, GRAVE: S.NOT_TAKEN_UP}),
    MatrixRow(2, "Organiseren masterclass juridische expertise ondermijning met "
              "netwerkmogelijkheid", ("2019",) * 6, S.PLANNED, {},
              "Masterclasses over integrale informatiedeling, privacy en BIBOB, met een "
              "bijeenkomst om gebruik te maken van elkaars kennis binnen het basisteam."),
]  # fmt: skip

# The state of each municipality was gathered in August 2018 and set out in the 2019 plan; the
# municipalities that gave no input (orange) keep the date of that round.
MLG_INPUT_ROUND = _at(2018, 8, 31)
MLG_PLAN = _at(2019, 1, 15)
# The 2019 plan ran its year; the partnership closed it when the 2020 plan took over.
MLG_CLOSED_ON = datetime.date(2020, 1, 31)

# Input in the course of 2019, by the basisteam's programme lead: (row, cells, status, when, note).
MLG_2019 = [
    (4, (CUIJK, BOXMEER, UDEN), S.IN_PROGRESS, _at(2019, 9, 16),
     "Communicatiekalender in gebruik; informatiebijeenkomst voor horeca gehouden."),
    (5, (UDEN, BOEKEL), S.COMPLETED, _at(2019, 10, 1),
     "Gezamenlijk BIBOB-beleid witwassen / vastgoed vastgesteld door het college."),
    (6, (UDEN,), S.IN_PROGRESS, _at(2019, 10, 1),
     "Beleid subsidies in voorbereiding, gelijk met de andere gemeenten."),
    (1, (SINT_ANTHONIS,), S.COMPLETED, _at(2019, 3, 12),
     "Bewustwordingssessie voor de raad gehouden."),
    (8, MLG_ORGANISATIONS, S.COMPLETED, _at(2019, 11, 14),
     "Masterclass gehouden met ondersteuning van het RIEC."),
]  # fmt: skip


def _maas_en_leijgraaf() -> None:
    programme = _new_programme(
        "basisteam-maas-en-leijgraaf",
        "Actieplan Maas en Leijgraaf 2019",
        description=(
            "Actieplan bestuurlijke weerbaarheid, maatschappelijke weerbaarheid & ondermijnende "
            "criminaliteit 2019. Het actieplan Maas en Leijgraaf 2016-2018 is met een jaar "
            "verlengd, zodat het aansluit op het programmaplan aanpak ondermijning in "
            "Oost-Brabant; dit plan vermeldt wat er in 2019 extra gebeurt. De acht gemeenten "
            "zijn zelf verantwoordelijk voor de uitvoering van de acties. Hoofdpijlers: verder "
            "verstevigen van de weerbaarheid, verder versterken van de informatiepositie en de "
            "interventiekracht, verder versterken van de juridische expertise."
        ),
        steering_body="Bestuurlijke driehoek+ basisteam Maas en Leijgraaf",
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
    )
    if programme is None:
        return
    specs = []
    for row in MLG_ROWS:
        periods = {
            code: text
            for column, text in zip(MLG_COLUMNS, row.columns, strict=True)
            for code in column
        }
        specs.append(
            ActionSpec(
                row.title,
                theme=row.theme,
                description=row.description,
                organisations=MLG_ORGANISATIONS,
                status=S.UNDETERMINED,
                planned_period=max(set(row.columns), key=row.columns.count),
                periods=periods,
            )
        )
    actions = list(_build(programme, MLG_THEMES, specs).values())
    for row, action in zip(MLG_ROWS, actions, strict=True):
        for code in MLG_ORGANISATIONS:
            status = row.exceptions.get(code, row.status)
            if status == S.UNDETERMINED:
                note, at = "Geen input ontvangen vanuit de gemeente.", MLG_INPUT_ROUND
            else:
                note, at = "Stand van zaken volgens het actieplan 2019.", MLG_PLAN
            _update(_cell(action, code), actor=None, status=status, note=note, at=at)
    lead = _user("maasenleijgraaf@dijkwacht.test")
    for index, codes, status, when, note in MLG_2019:
        for code in codes:
            _update(_cell(actions[index], code), actor=lead, status=status, note=note, at=when)
    services.programme_update(actor=None, programme=programme, closed_on=MLG_CLOSED_ON)


# --- District Twente, 2024 ------------------------------------------------------------------

ENSCHEDE, ALMELO, HENGELO = "GM0153", "GM0141", "GM0164"
BORNE, DINKELLAND, HAAKSBERGEN, HELLENDOORN = "GM0147", "GM1774", "GM0158", "GM0163"
HOF_VAN_TWENTE, LOSSER, OLDENZAAL, RIJSSEN_HOLTEN = "GM1735", "GM0168", "GM0173", "GM1742"
TUBBERGEN, TWENTERAND, WIERDEN = "GM0183", "GM1700", "GM0189"
ALL_TWENTE = tuple(TWENTE)
# The uitvoeringsspecialist is paid for the 11 municipalities other than the three cities.
ELEVEN = tuple(code for code in TWENTE if code not in (ALMELO, HENGELO, ENSCHEDE))

TWENTE_THEMES = [
    ("Integriteit", ""),
    ("Bewustwording", ""),
    ("Informatiepositie", ""),
    (
        "Basis op orde",
        "Het uitgangspunt is dat de Twentse gemeenten voor de zomer van 2024 hun basis op orde "
        "hebben.",
    ),
]

TWENTE_ACTIONS = [
    ActionSpec("Twents screeningsmodel van medewerkers", 0, "1.1", organisations=ALL_TWENTE),
    ActionSpec("Een Twentse integriteits-roadshow organiseren", 0, "1.2",
               organisations=ALL_TWENTE),
    ActionSpec("Ondermijningscongres Overijsselbreed", 1, "2.1", organisations=ALL_TWENTE),
    ActionSpec("Leermodule voor werknemers", 1, "2.2", organisations=ALL_TWENTE),
    ActionSpec("Interactieve kennissessies", 1, "2.3", organisations=ALL_TWENTE),
    ActionSpec("Alternatieve methodes of methodes ter verbetering van het gebruik van het "
               "interne meldpunt", 2, "3.1", organisations=ALL_TWENTE),
    ActionSpec("Overzicht beschikbare informatie- en registratiesystemen", 2, "3.2",
               organisations=ALL_TWENTE),
    ActionSpec("Toetsing basis op orde", 3, "4",
               description="Twee toetsingsmomenten: een zelfscan in januari 2024 en een "
               "onafhankelijke toetsing in juli 2024.", planned_period="2024"),
    ActionSpec("Zelfscan basis op orde", 3, "4.1", parent="4", organisations=ALL_TWENTE,
               planned_period="januari 2024", cadence=Cadence.ONCE,
               periods=dict.fromkeys(ALL_TWENTE, "januari 2024")),
    ActionSpec("Onafhankelijke toetsing basis op orde", 3, "4.2", parent="4",
               organisations=ALL_TWENTE, planned_period="juli 2024", cadence=Cadence.ONCE,
               periods=dict.fromkeys(ALL_TWENTE, "juli 2024")),
    ActionSpec("Ondersteuningsteam Ondermijning (OTO)", 3,
               description="Ondersteuning in de uitvoering bij acties en controles. Actief sinds "
               "september 2023; financiering via Weerbaarheidsmiddelen vanuit het RIEC Oost "
               "Nederland.", organisations=ALL_TWENTE, status=S.IN_PROGRESS,
               cadence=Cadence.STRUCTURAL, lead="riec-oost-nederland"),
    ActionSpec("Uitvoeringsspecialist Basis op Orde", 3,
               description="Lokale beleidsmatige ondersteuning: van januari tot en met december "
               "2024 ondersteunt de uitvoeringsspecialist de gemeenten met maatwerk in hun "
               "lokale opgave ten aanzien van de basis op orde. Financiering via middelen van "
               "de Provincie Overijssel ter versterking van de weerbaarheid van de 11 Twentse "
               "gemeenten (excl. Almelo, Hengelo en Enschede).", organisations=ELEVEN,
               status=S.IN_PROGRESS, planned_period="januari t/m december 2024",
               lead="provincie-overijssel"),
]  # fmt: skip

# Cell histories: (action number or title, municipality, steps). Enschede's cells are
# updated by its own contributor, the others by the district coordinator. Cells whose last
# step lies more than 90 days back show as "geen input".
TWENTE_HISTORY: list[tuple[str, str, list[Step]]] = [
    ("1.1", ENSCHEDE, [
        Step(118, S.IN_PROGRESS, "Screeningsmodel besproken met HR; we beginnen bij de "
             "functies die als kwetsbaar zijn aangemerkt."),
        Step(52, S.IN_PROGRESS, "Eerste screenings uitgevoerd bij nieuwe medewerkers in "
             "kwetsbare functies."),
        Step(9, S.COMPLETED, "Screeningsmodel opgenomen in de wervingsprocedure en vastgesteld "
             "door de gemeentesecretaris."),
    ]),
    ("1.1", ALMELO, [
        Step(95, S.IN_PROGRESS, "Model aangepast aan het eigen functiehuis."),
        Step(33, S.STRUCTURAL, "Screening hoort nu bij elke aanstelling in een kwetsbare "
             "functie."),
    ]),
    ("1.1", HENGELO, [
        Step(64, S.IN_PROGRESS, "HR werkt het model uit voor de eigen organisatie."),
    ]),
    ("1.1", TWENTERAND, [
        Step(131, S.PLANNED, "Nog geen capaciteit bij HR; na de zomer oppakken."),
    ]),
    ("1.2", ENSCHEDE, [
        Step(70, S.PLANNED, "Roadshow ingepland voor Vergunningen en Handhaving."),
        Step(28, S.COMPLETED, "Roadshow gehouden; een vervolgsessie voor leidinggevenden is "
             "gewenst."),
    ]),
    ("1.2", HAAKSBERGEN, [
        Step(150, S.PLANNED, "Datum voor de roadshow nog niet bekend."),
    ]),
    ("2.1", ENSCHEDE, [
        Step(120, S.PLANNED, "Aanmelding voor het congres verstuurd."),
        Step(86, S.COMPLETED, "Met de burgemeester en vijf medewerkers deelgenomen aan het "
             "congres."),
    ]),
    ("2.2", ENSCHEDE, [
        Step(80, S.IN_PROGRESS, "Leermodule opgenomen in het inwerkprogramma."),
        Step(15, S.STRUCTURAL, "Alle nieuwe medewerkers volgen de leermodule in hun eerste "
             "maand."),
    ]),
    ("2.2", HOF_VAN_TWENTE, [
        Step(44, S.IN_PROGRESS, "Leermodule in de leeromgeving gezet; eerste groep gestart."),
        Step(12, S.STRUCTURAL, "Leermodule is vast onderdeel van het inwerkprogramma."),
    ]),
    ("2.2", RIJSSEN_HOLTEN, [
        Step(58, S.IN_PROGRESS, "Eerste groep medewerkers volgt de leermodule."),
    ]),
    ("3.1", ENSCHEDE, [
        Step(150, S.PLANNED, "Verkenning naar een anoniem meldformulier gestart."),
        Step(61, S.IN_PROGRESS, "Meldformulier op intranet in de testfase."),
        Step(6, S.IN_PROGRESS, "Test afgerond; lancering volgt na aandacht in de "
             "teamoverleggen."),
    ]),
    ("3.1", ALMELO, [
        Step(47, S.IN_PROGRESS, "Vertrouwenspersoon en meldpunt beter zichtbaar op intranet."),
    ]),
    ("3.2", LOSSER, [
        Step(168, S.IN_PROGRESS, "Inventarisatie van informatie- en registratiesystemen "
             "gestart."),
    ]),
    ("4.1", TUBBERGEN, [
        Step(190, S.PLANNED, "Zelfscan nog niet ingevuld; contactpersoon afwezig."),
    ]),
    ("4.2", ENSCHEDE, [
        Step(40, S.PLANNED, "Toetsing ingepland met het onafhankelijke bureau."),
        Step(19, S.IN_PROGRESS, "Onafhankelijke toetsing loopt; rapport wordt verwacht."),
    ]),
    ("Ondersteuningsteam Ondermijning (OTO)", ENSCHEDE, [
        Step(100, S.IN_PROGRESS, "OTO ondersteunde bij een integrale controle op een "
             "bedrijventerrein."),
        Step(26, S.STRUCTURAL, "Inzet van het OTO is vast onderdeel van de controleplanning."),
    ]),
    ("Ondersteuningsteam Ondermijning (OTO)", OLDENZAAL, [
        Step(55, S.IN_PROGRESS, "Ondersteuning bij een controle in het buitengebied."),
    ]),
    ("Uitvoeringsspecialist Basis op Orde", TUBBERGEN, [
        Step(90, S.IN_PROGRESS, "Maatwerkafspraken gemaakt met de uitvoeringsspecialist."),
        Step(35, S.IN_PROGRESS, "Bibob-beleidsregel geactualiseerd met hulp van de "
             "specialist."),
        Step(3, S.COMPLETED, "Maatwerktraject afgerond; de zelfscan laat de basis op orde "
             "zien."),
    ]),
    ("Uitvoeringsspecialist Basis op Orde", BORNE, [
        Step(60, S.IN_PROGRESS, "Intake gehouden; eerst de Bibob-procedure."),
        Step(14, S.IN_PROGRESS, "Integriteitsbeleid wordt herzien."),
    ]),
    ("Uitvoeringsspecialist Basis op Orde", WIERDEN, [
        Step(140, S.IN_PROGRESS, "Intake met de uitvoeringsspecialist gehouden."),
    ]),
]  # fmt: skip

# Things that happened to many cells at once: (action, municipalities, days ago, status, note).
TWENTE_EVENTS = [
    ("2.1", (ALMELO, BORNE, HAAKSBERGEN, HELLENDOORN, HENGELO, HOF_VAN_TWENTE, OLDENZAAL,
             RIJSSEN_HOLTEN, TUBBERGEN, WIERDEN), 86, S.COMPLETED,
     "Deelgenomen aan het Overijsselbrede ondermijningscongres."),
    ("2.1", (DINKELLAND, LOSSER), 86, S.NOT_TAKEN_UP, "Geen deelname aan het congres."),
    ("1.2", (BORNE, HENGELO, OLDENZAAL, WIERDEN), 41, S.COMPLETED,
     "Roadshow gehouden in het gemeentehuis."),
    ("2.3", (ALMELO, BORNE, HELLENDOORN, OLDENZAAL, WIERDEN), 37, S.IN_PROGRESS,
     "Eerste interactieve kennissessie gehouden."),
    ("3.2", (BORNE, DINKELLAND), 22, S.COMPLETED, "Overzicht aangeleverd aan de projectgroep."),
    ("4.1", tuple(c for c in TWENTE if c not in (TUBBERGEN, TWENTERAND)), 77, S.COMPLETED,
     "Zelfscan basis op orde ingevuld en besproken."),
    ("4.2", (ALMELO, HENGELO), 19, S.IN_PROGRESS, "Onafhankelijke toetsing loopt."),
]  # fmt: skip


def _twente_author() -> Callable[[str], User]:
    coordinator = _user("coordinator@dijkwacht.test")
    enschede = _user("enschede@dijkwacht.test")
    return lambda code: enschede if code == ENSCHEDE else coordinator


def _twente() -> None:
    programme = _new_programme(
        "district-twente",
        "Weerbare Overheid en Maatschappij 2024",
        description=(
            "Twents projectplan Weerbare Overheid en Maatschappij, voorgesteld aan het "
            "Districtelijk Veiligheidsoverleg op 14 december 2023. In alle 14 Twentse gemeenten "
            "is een weerbaarheidsscan afgenomen; het RIEC Oost Nederland stelde daaruit een "
            "rode-dradenbeeld op (januari 2023). Daaruit zijn de deelprojecten gedestilleerd die "
            "de gemeenten helpen hun lokale basis verder op orde te brengen. Na de zomer 2024 "
            "worden de resultaten aan het DVO van Twente gepresenteerd. De provincie Overijssel "
            "stelt voor de versterking van de weerbaarheid van de overheid 220.000 euro "
            "beschikbaar, waarvan een uitvoeringsbudget van 104.000 euro; van de gemeenten wordt "
            "een bijdrage in capaciteit gevraagd."
        ),
        steering_body="DVO Twente",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        total_budget=Decimal("220000"),
        execution_budget=Decimal("104000"),
    )
    if programme is None:
        return
    actions = _build(programme, TWENTE_THEMES, TWENTE_ACTIONS)
    author = _twente_author()
    for key, codes, days, status, note in TWENTE_EVENTS:
        for hour, code in enumerate(codes, start=9):
            _update(_cell(actions[key], code), actor=author(code), status=status, note=note,
                    at=_days_ago(days, hour=min(hour, 17)))  # fmt: skip
    for key, code, steps in TWENTE_HISTORY:
        cell = _cell(actions[key], code)
        for step in steps:
            _update(cell, actor=author(code), status=step.status, note=step.note,
                    at=_days_ago(step.days_ago))  # fmt: skip


# --- Provincie Overijssel, Acties 2025 ------------------------------------------------------

OVERIJSSEL = ("PV23",)

OVERIJSSEL_ACTIONS = [
    ActionSpec("We investeren op het vergroten van de bewustwording (en weerbaarheid) van onze "
               "ambtenaren en bestuurders", number="1"),
    ActionSpec("Maandelijks bij de workshop integriteit voor nieuwe medewerkers aandacht "
               "schenken aan het thema ondermijning", number="1.1", parent="1",
               organisations=OVERIJSSEL, status=S.STRUCTURAL, cadence=Cadence.MONTHLY),
    ActionSpec("Jaarlijks een bijeenkomst organiseren voor medewerkers in kwetsbare functies",
               number="1.2", parent="1", organisations=OVERIJSSEL, status=S.COMPLETED,
               cadence=Cadence.YEARLY),
    ActionSpec("Periodiek een informerende nieuwsbrief over de (provinciale) aanpak van "
               "ondermijning in Overijssel", number="1.3", parent="1",
               description="6-wekelijks voor ambtenaren en per kwartaal voor bestuurders (in "
               "Overijssel).", organisations=OVERIJSSEL, status=S.STRUCTURAL,
               cadence=Cadence.SIX_WEEKLY),
    ActionSpec("Jaarlijks een campagne MMA (Meld Misdaad Anoniem) ondersteunen", number="1.4",
               parent="1", description="Gericht op het vergroten van de meldingsbereidheid van "
               "signalen van ondermijning in Overijssel.", organisations=OVERIJSSEL,
               status=S.COMPLETED, cadence=Cadence.YEARLY),
    ActionSpec("De bevoegdheden uit de Wet Bibob toepassen conform de BIBOB-beleidsregel 2024",
               number="2", description="Op vergunningen, subsidies, aanbestedingen en "
               "vastgoedtransacties.", organisations=OVERIJSSEL, status=S.STRUCTURAL,
               cadence=Cadence.STRUCTURAL),
    ActionSpec("Maandelijks overleg met de districten IJsselland en Twente", number="3"),
    ActionSpec("De voortgang van het provinciaal uitvoeringsplan aanpak ondermijning gericht "
               "op de ondersteuning van gemeenten", number="3.1", parent="3",
               description="Bijvoorbeeld in het buitengebied en/of op bedrijventerreinen, en "
               "ondersteuning van gemeenten bij de aanpak van ondermijning op vakantieparken.",
               organisations=OVERIJSSEL, status=S.STRUCTURAL, cadence=Cadence.MONTHLY),
    ActionSpec("De inzet van het provinciaal ondersteuningsteam", number="3.2", parent="3",
               description="Specialisten die gemeenten ondersteunen bij de uitvoering van het "
               "uitvoeringsplan aanpak ondermijning.", organisations=OVERIJSSEL,
               status=S.IN_PROGRESS, cadence=Cadence.MONTHLY),
    ActionSpec("Deelnemen aan de reguliere overleggen binnen het RIEC Oost-Nederland (RIEC-ON)",
               number="4", description="Met de (veiligheids-)partners (politie, belastingdienst, "
               "gemeenten e.a.) om signalen van ondermijning in kaart te brengen.",
               organisations=OVERIJSSEL, status=S.STRUCTURAL, cadence=Cadence.STRUCTURAL),
    ActionSpec("Laten onderzoeken of en op welke wijze de provincie van meerwaarde kan zijn bij "
               "het voorkomen dat jongeren in het criminele circuit belanden", number="5",
               organisations=OVERIJSSEL, status=S.IN_PROGRESS, cadence=Cadence.ONCE),
]  # fmt: skip


def _overijssel() -> None:
    programme = _new_programme(
        "district-twente",
        "Acties 2025 Provincie Overijssel",
        description=(
            "De acties 2025 van de provincie Overijssel in de aanpak van ondermijning. Ze "
            "staan in het samenwerkingsverband District Twente omdat de provincie daar lid van "
            "is; de provincie voert ze uit voor heel Overijssel."
        ),
        steering_body="Gedeputeerde Staten van Overijssel",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    if programme is None:
        return
    _build(
        programme, [], [replace(spec, lead="provincie-overijssel") for spec in OVERIJSSEL_ACTIONS]
    )


# --- Provincie Utrecht, 2025-2026 -----------------------------------------------------------

UTRECHT = "provincie-utrecht"
AMERSFOORT, DE_RONDE_VENEN, HOUTEN, LOPIK = "GM0307", "GM0736", "GM0321", "GM0331"
MONTFOORT, NIEUWEGEIN, OUDEWATER, RHENEN = "GM0335", "GM0356", "GM0589", "GM0340"
STICHTSE_VECHT, UTRECHT_CITY, HEUVELRUG = "GM1904", "GM0344", "GM1581"
VEENENDAAL, WOERDEN, WOUDENBERG, ZEIST = "GM0345", "GM0632", "GM0351", "GM0355"

UTRECHT_THEMES = [
    (
        "Weerbaarheid eigen organisatie",
        "We verhogen de bewustwording op het gebied van ondermijning, integriteit en Veilige "
        "Publieke Taak, bij ambtenaren en politieke ambtsdragers met als doel de interne "
        "meldingsbereidheid en slagkracht te vergroten.",
    ),
    (
        "Aanpak ondermijning in provinciaal beleid",
        "De komende jaren wordt ingezet op een steviger veiligheidsaanpak binnen verschillende "
        "interne beleidsdomeinen, waaronder vitale vakantieparken, VAB (vrijkomende agrarische "
        "bebouwing), bedrijfsterreinen en opruimen van drugsafval-dumpingen.",
    ),
    (
        "Weerbaarheid overheid en samenleving",
        "De provincie speelt een nadrukkelijker rol als intermediair tussen gemeenten, "
        "kennispartners en het Rijk bij de totstandkoming van gezamenlijk beleid ter verhoging "
        "van de weerbaarheid.",
    ),
    (
        "Informatie- en kennisdeling",
        "De informatiepositie van de eigen organisatie is verstevigd. In 2025 en 2026 zal worden "
        "geinventariseerd op welke wijze de informatiepositie van de provincie kan worden "
        "verbeterd. Verder bevordert de provincie doelmatige uitwisseling van kennis en "
        "ervaringen tussen verschillende ketenpartners.",
    ),
]

UTRECHT_ACTIONS = [
    ActionSpec("Bewustwordingsbijeenkomsten over ondermijning, Veilige Publieke Taak en Wet "
               "Bibob voor ambtenaren en politieke ambtsdragers", 0, "1.1",
               description="Georganiseerd vanuit het Kernteam Interne Weerbaarheid: de adviseurs "
               "tegengaan ondermijning, de regisseur Veilige Publieke Taak, de "
               "integriteitsregisseur en collega's van HRO en IV&P.", organisations=(UTRECHT,),
               status=S.STRUCTURAL, cadence=Cadence.STRUCTURAL, planned_period="2025-2026"),
    ActionSpec("Intern Meldpunt voor agressie-incidenten door derden, integriteit en "
               "ondermijnende criminaliteit", 0, "1.2",
               description="Eind 2024 gelanceerd: een laagdrempelige manier om de "
               "meldingsbereidheid te vergroten.", organisations=(UTRECHT,),
               status=S.STRUCTURAL, cadence=Cadence.STRUCTURAL),
    ActionSpec("Steviger veiligheidsaanpak vitale vakantieparken", 1, "2.1",
               organisations=(UTRECHT, HEUVELRUG, RHENEN, WOUDENBERG), status=S.IN_PROGRESS,
               planned_period="2025-2026"),
    ActionSpec("Steviger veiligheidsaanpak VAB (vrijkomende agrarische bebouwing)", 1, "2.2",
               organisations=(UTRECHT, LOPIK, MONTFOORT, OUDEWATER, WOERDEN),
               planned_period="2025-2026"),
    ActionSpec("Steviger veiligheidsaanpak bedrijfsterreinen", 1, "2.3",
               organisations=(UTRECHT, NIEUWEGEIN, HOUTEN, AMERSFOORT),
               planned_period="2025-2026"),
    ActionSpec("Opruimen van drugsafval-dumpingen", 1, "2.4",
               organisations=(UTRECHT, DE_RONDE_VENEN, STICHTSE_VECHT, LOPIK),
               status=S.STRUCTURAL, cadence=Cadence.STRUCTURAL),
    ActionSpec("Intermediair tussen gemeenten, kennispartners en het Rijk bij gezamenlijk "
               "beleid ter verhoging van de weerbaarheid", 2, "3.1",
               organisations=(UTRECHT, UTRECHT_CITY, AMERSFOORT, VEENENDAAL, ZEIST, NIEUWEGEIN),
               status=S.IN_PROGRESS, planned_period="2025-2026"),
    ActionSpec("Inventariseren op welke wijze de informatiepositie van de provincie kan worden "
               "verbeterd", 3, "4.1", organisations=(UTRECHT,), status=S.IN_PROGRESS,
               planned_period="2025 en 2026"),
    ActionSpec("Doelmatige uitwisseling van kennis en ervaringen tussen ketenpartners "
               "bevorderen", 3, "4.2", organisations=(UTRECHT, UTRECHT_CITY, AMERSFOORT, ZEIST),
               status=S.IN_PROGRESS, planned_period="2025-2026"),
    ActionSpec("Jaarverslag weerbaarheid provincie Utrecht aan Provinciale Staten", 3, "4.3",
               description="Het Jaarverslag weerbaarheid provincie Utrecht 2024 gaat in Q2 2025 "
               "naar Provinciale Staten.", organisations=(UTRECHT,), status=S.COMPLETED,
               cadence=Cadence.YEARLY, planned_period="Q2 2025"),
]  # fmt: skip

# (action, organisation, steps), by the province's coordinator.
UTRECHT_HISTORY: list[tuple[str, str, list[Step]]] = [
    ("1.1", UTRECHT, [
        Step(75, S.STRUCTURAL, "Bijeenkomst voor Statenleden over Veilige Publieke Taak "
             "gehouden."),
        Step(12, S.STRUCTURAL, "Sessie Wet Bibob voor inkopers en subsidieadviseurs."),
    ]),
    ("1.2", UTRECHT, [
        Step(40, S.STRUCTURAL, "Meldingen worden besproken in het casusoverleg met in- en "
             "externe partners."),
    ]),
    ("2.1", HEUVELRUG, [
        Step(88, S.PLANNED, "Parkeninventarisatie gedeeld met de provincie."),
        Step(31, S.IN_PROGRESS, "Gezamenlijke controle op een vakantiepark voorbereid."),
    ]),
    ("2.1", RHENEN, [Step(52, S.PLANNED, "Aansluiten bij de aanpak van de provincie in 2026.")]),
    ("2.1", WOUDENBERG, [Step(160, S.UNDETERMINED, "Nog geen contactpersoon aangewezen.")]),
    ("2.2", UTRECHT, [
        Step(66, S.IN_PROGRESS, "Werksessie VAB met de afdeling Landelijk gebied gehouden."),
    ]),
    ("2.2", OUDEWATER, [Step(120, S.NOT_TAKEN_UP, "Geen capaciteit in 2025.")]),
    ("2.4", DE_RONDE_VENEN, [
        Step(140, S.IN_PROGRESS, "Twee dumpingen in het buitengebied gemeld."),
        Step(24, S.STRUCTURAL, "Afspraken over melden en opruimen vastgelegd met de "
             "provincie."),
    ]),
    ("3.1", ZEIST, [Step(18, S.IN_PROGRESS, "Deelname aan de regionale werkgroep weerbaarheid.")]),
    ("4.1", UTRECHT, [
        Step(95, S.IN_PROGRESS, "Inventarisatie van de informatiepositie gestart."),
        Step(8, S.IN_PROGRESS, "Eerste bevindingen besproken in het Kernteam Interne "
             "Weerbaarheid."),
    ]),
]  # fmt: skip


def _utrecht() -> None:
    programme = _new_programme(
        UTRECHT,
        "Uitvoeringsplan ondermijning 2025-2026",
        description=(
            "Op 11 maart 2025 door Gedeputeerde Staten vastgesteld. Het plan borduurt voort op "
            "reeds gezette stappen, met hernieuwde focus en specifieke actiepunten voor de "
            "komende twee jaar: een robuuste aanpak ('de basis op orde brengen') en een "
            "adaptieve aanpak. Provinciale Staten worden jaarlijks geïnformeerd over de stappen "
            "die zijn gezet."
        ),
        steering_body="Gedeputeerde Staten van Utrecht",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        reporting_cadence=Cadence.YEARLY,
    )
    if programme is None:
        return
    actions = _build(programme, UTRECHT_THEMES, UTRECHT_ACTIONS)
    coordinator = _user("utrecht@dijkwacht.test")
    for key, code, steps in UTRECHT_HISTORY:
        cell = _cell(actions[key], code)
        for step in steps:
            _update(cell, actor=coordinator, status=step.status, note=step.note,
                    at=_days_ago(step.days_ago))  # fmt: skip


def _twente_rounds() -> None:
    """One closed and one open progress round for the Twente project plan.

    The closed round is dated back (its dates are set directly: demo history, not an action
    anyone takes); its frozen cells are the matrix of today, which is close enough for a demo.
    """
    programme = Programme.objects.get(
        partnership__slug="district-twente", name="Weerbare Overheid en Maatschappij 2024"
    )
    if programme.rounds.exists():
        return
    coordinator = _user("coordinator@dijkwacht.test")
    earlier = services.round_open(
        actor=coordinator,
        programme=programme,
        title="Voortgang voor het DVO van september",
        deadline=timezone.localdate(),
    )
    ProgressRound.objects.filter(pk=earlier.pk).update(opened_at=_days_ago(90))
    earlier.refresh_from_db()
    services.round_close(actor=coordinator, progress_round=earlier)
    ProgressRound.objects.filter(pk=earlier.pk).update(
        deadline=_days_ago(62).date(), closed_at=_days_ago(60, hour=16)
    )
    services.round_open(
        actor=coordinator,
        programme=programme,
        title="Voortgang voor het DVO van december",
        deadline=timezone.localdate() + datetime.timedelta(days=21),
    )


LOADERS: Iterable[Callable[[], None]] = (
    _maas_en_leijgraaf,
    _twente,
    _twente_rounds,
    _overijssel,
    _utrecht,
)


@transaction.atomic
def load() -> None:
    for loader in LOADERS:
        loader()
