"""Demo indicators: four public national figures as Dutch government sources published them,
and example figures (voorbeeldcijfers) that are made up and say so wherever they appear.

The public figures are the national totals per year as the police (drug-waste dumpings, drug
production sites), the Landelijk Bureau Bibob (its regular advices) and Meld Misdaad Anoniem
(reports received) published them, with provincial dumpings only for the years and provinces
for which a figure was published. A year is left out where the published figure counted
something else (Meld Misdaad Anoniem 2022 gave the reports passed on, not received; drug
production sites before 2021 counted synthetic-drug labs only).

The example figures: inhabitants per municipality (the base of the rates per 10,000
inhabitants), and for District Twente signals of undermining per municipality per year (small
counts suppressed) and Bibob checks per quarter. Loading is idempotent: each indicator is
found by its name and its values are written anew.

District Twente's annual report 2024 is published (in March 2025, as a coordinator would) and
its report 2025 is a draft with the first texts; both are made once, through the services.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from dijkwacht.accounts.models import User
from dijkwacht.insights import annual, services
from dijkwacht.insights.models import (
    AnnualReport,
    AnnualReportVersion,
    Indicator,
    IndicatorValue,
    Level,
    PeriodType,
    Polarity,
    Unit,
)
from dijkwacht.organisations import demo as organisations_demo
from dijkwacht.organisations.models import Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.selectors import partnership_areas

PUBLIC = "Feitelijke cijfers uit een openbare publicatie"
EXAMPLE_SOURCE = "Dijkwacht-demo: verzonnen voorbeeldcijfers"

DUMPINGS_NATIONAL = {2019: 191, 2020: 178, 2021: 208, 2022: 155, 2023: 191, 2024: 217}
# Published per province (CBS province code): only these years and provinces.
DUMPINGS_PROVINCES = {
    2019: {"PV22": 1},
    2020: {"PV30": 55, "PV31": 49, "PV22": 5, "PV27": 10},
    2021: {"PV31": 61, "PV30": 47},
    2023: {"PV30": 42, "PV28": 33, "PV25": 31, "PV31": 30, "PV20": 5, "PV21": 3, "PV22": 1},
}
BIBOB_ADVICES = {2018: 283, 2019: 276, 2020: 268, 2021: 345, 2022: 247, 2023: 200, 2024: 200}
MMA_REPORTS = {2019: 16890, 2020: 25818, 2021: 24986, 2023: 20328, 2024: 24201}
PRODUCTION_SITES = {2021: 93, 2022: 105, 2023: 151, 2024: 167}

EXAMPLE_YEARS = range(2016, 2026)


@transaction.atomic
def load() -> None:
    _public_figures()
    _example_figures()
    _annual_reports()


def _indicator(partnership: Partnership | None, name: str, **fields: object) -> Indicator:
    indicator, _created = Indicator.objects.update_or_create(
        partnership=partnership, name=name, defaults=fields
    )
    return indicator


def _values(indicator: Indicator, values: Mapping[tuple[str, datetime.date], float]) -> None:
    IndicatorValue.objects.filter(indicator=indicator).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=area, period=period, value=Decimal(str(value)))
        for (area, period), value in values.items()
    )


def _year(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _public_figures() -> None:
    dumpings = _indicator(
        None,
        "Drugsafvaldumpingen",
        definition=(
            "Het aantal door de politie aangetroffen dumpingen van afval van de productie van "
            "synthetische drugs, per jaar. Het landelijke totaal komt uit het jaarlijkse "
            "overzicht van de politie (tot en met 2020 het Landelijk Overzicht Synthetische "
            "Drugs, daarna het Nationaal Overzicht Drugslocaties). Cijfers per provincie zijn "
            "niet voor elk jaar en elke provincie gepubliceerd: alleen de gepubliceerde staan "
            "hier."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.PROVINCE,
        polarity=Polarity.HIGHER_IS_WORSE,
        source_name="Politie, Nationaal Overzicht Drugslocaties (jaarlijks)",
        source_url=(
            "https://www.politie.nl/nieuws/2023/april/25/in-2022-flink-meer-drugslabs-"
            "ontmanteld.html"
        ),
        source_licence=PUBLIC,
        source_date=datetime.date(2023, 4, 25),
    )
    values: dict[tuple[str, datetime.date], float] = {
        ("NL01", _year(y)): n for y, n in DUMPINGS_NATIONAL.items()
    }
    for year, provinces in DUMPINGS_PROVINCES.items():
        values.update({(code, _year(year)): n for code, n in provinces.items()})
    _values(dumpings, values)

    bibob = _indicator(
        None,
        "Bibob-adviezen van het Landelijk Bureau Bibob",
        definition=(
            "Het aantal reguliere adviezen dat het Landelijk Bureau Bibob (Justis) per jaar "
            "uitbracht aan bestuursorganen. Aanvullende adviezen tellen niet mee."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.COUNTRY,
        polarity=Polarity.NEUTRAL,
        source_name=(
            "Landelijk Bureau Bibob (Justis), jaarverslagen; Kamerbrief over de Wet Bibob van "
            "12 mei 2025 (Kamerstuk 31109, nr. 35)"
        ),
        source_url=(
            "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?"
            "did=2025D20705&id=2025D20705"
        ),
        source_licence=PUBLIC,
        source_date=datetime.date(2025, 5, 12),
    )
    _values(bibob, {("NL01", _year(y)): n for y, n in BIBOB_ADVICES.items()})

    mma = _indicator(
        None,
        "Meldingen bij Meld Misdaad Anoniem",
        definition=(
            "Het aantal meldingen dat Meld Misdaad Anoniem (Stichting M.) per jaar ontving, "
            "zoals de stichting het in haar jaarcijfers bekendmaakte. Voor 2022 is alleen het "
            "aantal doorgestuurde meldingen gepubliceerd; dat jaar ontbreekt daarom."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.COUNTRY,
        polarity=Polarity.NEUTRAL,
        source_name="Meld Misdaad Anoniem (Stichting M.), jaarcijfers (maart van het jaar erna)",
        source_url="https://www.meldmisdaadanoniem.nl/",
        source_licence=PUBLIC,
        source_date=None,
    )
    _values(mma, {("NL01", _year(y)): n for y, n in MMA_REPORTS.items()})

    sites = _indicator(
        None,
        "Ontmantelde drugsproductielocaties",
        definition=(
            "Het aantal locaties waar synthetische drugs, cocaïne of heroïne werden "
            "geproduceerd of verwerkt en die de politie in een jaar ontmantelde. Tot en met "
            "2020 telde de politie alleen laboratoria voor synthetische drugs; die jaren staan "
            "hier daarom niet."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.COUNTRY,
        polarity=Polarity.HIGHER_IS_WORSE,
        source_name="Politie, Nationaal Overzicht Drugslocaties (jaarlijks)",
        source_url=(
            "https://www.politie.nl/nieuws/2023/april/25/in-2022-flink-meer-drugslabs-"
            "ontmanteld.html"
        ),
        source_licence=PUBLIC,
        source_date=datetime.date(2023, 4, 25),
    )
    _values(sites, {("NL01", _year(y)): n for y, n in PRODUCTION_SITES.items()})


def _example_figures() -> None:
    municipalities = [
        str(code)
        for code in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, cbs_code__isnull=False, valid_to__isnull=True
        ).values_list("cbs_code", flat=True)
    ]
    inhabitants = _indicator(
        None,
        "Inwoners (voorbeeldcijfers)",
        definition=(
            "Verzonnen inwonertallen per gemeente op 1 januari, om de cijfers per 10.000 "
            "inwoners te laten zien. Echte inwonertallen publiceert het CBS (StatLine)."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.MUNICIPALITY,
        polarity=Polarity.NEUTRAL,
        measures_population=True,
        fictitious=True,
        source_name=EXAMPLE_SOURCE,
        source_url="",
        source_licence="",
        source_date=None,
    )
    values: dict[tuple[str, datetime.date], float] = {}
    for code in municipalities:
        chance = random.Random(f"inwoners-{code}")  # noqa: S311 - made-up figures, not secrets
        size = int(chance.lognormvariate(10.4, 0.7))
        for year in EXAMPLE_YEARS:
            values[(code, _year(year))] = max(1000, int(size * (1 + 0.004 * (year - 2016))))
    _values(inhabitants, values)

    # Every demo partnership with municipalities has its signals, so each dashboard shows
    # its figures.
    for partnership in Partnership.objects.filter(slug__in=organisations_demo.PARTNERSHIPS):
        _example_signals(partnership)
    twente = Partnership.objects.filter(slug="district-twente").first()
    if twente is None:
        return
    checks = _indicator(
        twente,
        "Bibob-toetsen door de gemeenten (voorbeeldcijfers)",
        definition=(
            "Verzonnen aantallen Bibob-toetsen die de gemeenten van District Twente samen per "
            "kwartaal uitvoerden, om een indicator per kwartaal op het niveau van het "
            "samenwerkingsverband te laten zien."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.QUARTER,
        level=Level.PARTNERSHIP,
        polarity=Polarity.NEUTRAL,
        fictitious=True,
        source_name=EXAMPLE_SOURCE,
        source_url="",
        source_licence="",
        source_date=None,
    )
    chance = random.Random("bibob-twente")  # noqa: S311
    values = {}
    for year in (2023, 2024, 2025):
        for quarter in range(4):
            period = datetime.date(year, 3 * quarter + 1, 1)
            values[(twente.slug, period)] = 20 + chance.randint(0, 18) + (year - 2023) * 4
    _values(checks, values)


def _example_signals(partnership: Partnership) -> None:
    """Made-up signals per member municipality and year, with the figure of the province
    they lie in for the comparison (as if its municipalities together counted about twice
    as many)."""
    codes = sorted(
        str(code)
        for code in partnership.members.filter(
            kind=OrganisationKind.MUNICIPALITY, cbs_code__isnull=False
        ).values_list("cbs_code", flat=True)
    )
    if not codes:
        return
    signals = _indicator(
        partnership,
        "Signalen van ondermijning bij de gemeente (voorbeeldcijfers)",
        definition=(
            "Verzonnen aantallen signalen van ondermijning die een gemeente per jaar "
            "registreerde, om trend, vergelijking en afscherming van kleine aantallen te laten "
            "zien. Aantallen van 1 tot 4 verschijnen als “<5” voor wie de indicator niet beheert."
        ),
        unit=Unit.COUNT,
        period_type=PeriodType.YEAR,
        level=Level.MUNICIPALITY,
        polarity=Polarity.NEUTRAL,
        suppress_small=True,
        fictitious=True,
        source_name=EXAMPLE_SOURCE,
        source_url="",
        source_licence="",
        source_date=None,
    )
    values = {}
    for code in codes:
        chance = random.Random(f"signalen-{code}")  # noqa: S311
        base = chance.choice([3, 6, 9, 14, 25])
        for year in EXAMPLE_YEARS:
            values[(code, _year(year))] = max(0, base + chance.randint(-3, 4) + (year - 2016) // 2)
    provinces = list(partnership_areas(partnership).provinces)
    if len(provinces) == 1:  # the comparison with the province the members lie in
        for year in EXAMPLE_YEARS:
            total = sum(int(values[(code, _year(year))]) for code in codes)
            values[(provinces[0], _year(year))] = int(total * 1.9)
    _values(signals, values)


REPORT_TEXTS_2024 = {
    "samenvatting": (
        "In 2024 werkten de veertien gemeenten van District Twente met de politie, het RIEC "
        "Oost-Nederland en de provincie verder aan hun gezamenlijke aanpak van ondermijning. "
        "De meeste acties uit het programma zijn in uitvoering of structureel ingebed; de "
        "weerbaarheidsscans lieten zien waar de basis nog niet op orde is.\n\n"
        "Dit verslag zet de cijfers uit Dijkwacht naast de toelichting van de coördinator. "
        "Kleine aantallen zijn afgeschermd."
    ),
    "themas": (
        "Per thema staan hieronder de ambitie, de stand van de acties bij de deelnemende "
        "organisaties en een korte toelichting."
    ),
    "indicatoren": (
        "De indicatoren van District Twente zijn voorbeeldcijfers: ze laten zien hoe plan, "
        "realisatie en het jaar ervoor naast elkaar komen te staan."
    ),
    "scans": (
        "De scans laten zien dat de basis bij een deel van de organisaties op orde is. De rode "
        "draden komen terug in het programma van 2025."
    ),
    "meldpunt": (
        "Het meldpunt ontving meldingen van inwoners en medewerkers. De meldingen zijn "
        "opgevolgd volgens de afspraken over bevestiging en terugkoppeling."
    ),
    "vooruitblik": (
        "In 2025 ligt de nadruk op de rode draden uit de scans, op de Bibob-toetsing bij "
        "vergunningen en op het weerbaar maken van medewerkers."
    ),
}


def _annual_reports() -> None:
    """District Twente's report 2024 (published) and 2025 (a draft)."""
    twente = Partnership.objects.filter(slug="district-twente").first()
    coordinator = User.objects.filter(email="coordinator@dijkwacht.test").first()
    if twente is None or coordinator is None:
        return
    if AnnualReport.objects.filter(partnership=twente).exists():
        return
    report = services.annual_report_create(
        actor=coordinator,
        partnership=twente,
        organisation=None,
        year=2024,
        title="Jaarverslag 2024 — District Twente",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    texts = dict(REPORT_TEXTS_2024)
    plans: dict[str, Decimal | None] = {}
    for key in annual.text_keys(annual.content(report, coordinator)):
        if key.startswith(("thema-", "programma-")):
            texts[key] = (
                "De acties van dit thema lopen volgens plan bij de meeste gemeenten; waar een "
                "actie niet is opgepakt, bespreekt de stuurgroep in 2025 waarom."
            )
        elif key.startswith("indicator-"):
            plans[key] = Decimal(200) if "signalen" in _indicator_name(key) else Decimal(110)
            texts[key] = (
                "Het verschil met het plan komt vooral doordat meer gemeenten signalen "
                "registreren sinds de bewustwordingssessies."
            )
    services.annual_report_save(actor=coordinator, report=report, texts=texts, plans=plans)
    version = services.annual_report_publish(actor=coordinator, report=report)
    published = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    AnnualReportVersion.objects.filter(pk=version.pk).update(published_at=published)
    AnnualReport.objects.filter(pk=report.pk).update(published_at=published)

    draft = services.annual_report_create(
        actor=coordinator,
        partnership=twente,
        organisation=None,
        year=2025,
        title="Jaarverslag 2025 — District Twente",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    services.annual_report_save(
        actor=coordinator,
        report=draft,
        texts={
            "samenvatting": "Concept: de samenvatting volgt na de laatste voortgangsronde.",
            "vooruitblik": REPORT_TEXTS_2024["vooruitblik"].replace("2025", "2026"),
        },
        plans={},
    )


def _indicator_name(key: str) -> str:
    found = Indicator.objects.filter(pk=int(key.rsplit("-", 1)[1])).first()
    return found.name.lower() if found else ""
