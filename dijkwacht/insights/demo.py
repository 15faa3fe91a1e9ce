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
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from dijkwacht.insights.models import Indicator, IndicatorValue, Level, PeriodType, Polarity, Unit
from dijkwacht.organisations.models import Organisation, OrganisationKind, Partnership

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

    twente = Partnership.objects.filter(slug="district-twente").first()
    if twente is None:
        return
    codes = sorted(
        str(code)
        for code in twente.members.filter(
            kind=OrganisationKind.MUNICIPALITY, cbs_code__isnull=False
        ).values_list("cbs_code", flat=True)
    )
    signals = _indicator(
        twente,
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
    for year in EXAMPLE_YEARS:
        twente_total = sum(int(values[(code, _year(year))]) for code in codes)
        values[("PV23", _year(year))] = int(twente_total * 1.9)
    _values(signals, values)

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
