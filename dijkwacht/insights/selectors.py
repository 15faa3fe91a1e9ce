"""Reading indicators: the list a user may see, one indicator, and an indicator's figures for
a page: its last periods for the partnership's members and the areas it is compared with
(the partnership, its provinces, the country). A fixed number of queries, whatever the
number of values."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.suppression import SMALL_COUNT, WITHHELD_MARK, Withheld, protected_total, shown
from dijkwacht.insights import indicators
from dijkwacht.insights.models import (
    AnnualReport,
    AnnualReportVersion,
    Indicator,
    IndicatorValue,
    Level,
    Unit,
)
from dijkwacht.insights.permissions import can_edit_indicator
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.selectors import (
    areas_by_code,
    coordinated_partnerships,
    partnership_areas,
)

PERIODS_SHOWN = 10


def indicator_list_for(user: Any) -> QuerySet[Indicator]:
    """National figures first, then the partnerships', each by name; with how many values and
    the latest period."""
    return (
        Indicator.objects.visible_to(access_for(user))
        .select_related("partnership")
        .annotate(value_count=Count("values"), latest=Max("values__period"))
        .order_by("partnership__name", "name", "pk")
    )


def get_indicator_for(user: Any, pk: Any) -> Indicator:
    return get_visible_or_404(
        Indicator.objects.visible_to(access_for(user)).select_related("partnership"), pk=pk
    )


def latest_period(indicator: Indicator) -> datetime.date | None:
    return IndicatorValue.objects.filter(indicator=indicator).aggregate(p=Max("period"))["p"]


def values_at(indicator: Indicator, period: datetime.date) -> dict[str, Decimal]:
    """Every area's value in one period, by area code."""
    return dict(
        IndicatorValue.objects.filter(indicator=indicator, period=period).values_list(
            "area", "value"
        )
    )


@dataclass(frozen=True)
class Dated:
    """An indicator and the latest period it has values for."""

    indicator: Indicator
    latest: datetime.date


def population_base() -> Dated | None:
    """The national indicator of inhabitants per municipality, the base of the figures per
    10,000 inhabitants, with values; None when there is none."""
    found = (
        Indicator.objects.filter(partnership__isnull=True, measures_population=True)
        .annotate(latest=Max("values__period", filter=Q(values__area__startswith="GM")))
        .filter(latest__isnull=False)
        .order_by("pk")
        .first()
    )
    return Dated(found, found.latest) if found is not None else None  # type: ignore[attr-defined]


def map_indicators(user: Any, partnership: Partnership | None) -> list[Dated]:
    """The indicators a map can draw for this reader: at the municipality level, national or
    the partnership's own, with values; each with its latest period. One query."""
    own = Q(partnership__isnull=True)
    if partnership is not None:
        own |= Q(partnership=partnership)
    found = (
        Indicator.objects.visible_to(access_for(user))
        .filter(own, level=Level.MUNICIPALITY)
        .annotate(latest=Max("values__period", filter=Q(values__area__startswith="GM")))
        .filter(latest__isnull=False)
        .select_related("partnership")
        .order_by("name", "pk")
    )
    return [Dated(i, i.latest) for i in found]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Cell:
    number: float | None  # None: no value, or suppressed
    text: str


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    kind: str  # "municipality", "partnership", "province", "country"
    cells: list[Cell]  # one per period
    computed: bool = False  # the sum of the members', not a value given for the area itself


@dataclass(frozen=True)
class IndicatorFigures:
    indicator: Indicator
    partnership: Partnership | None
    periods: list[datetime.date]
    labels: list[str]
    comparison: list[AreaRow]  # the partnership, its provinces, the country: where known
    members: list[AreaRow]  # the finest level: members, or every area with a value
    suppressed: bool  # small values read "<5" for this reader


def indicator_figures(
    user: Any, indicator: Indicator, partnership: Partnership | None
) -> IndicatorFigures:
    """The indicator's last periods (at most ten) for the areas this reader is shown: with a
    partnership, its member municipalities, the partnership, its provinces and the country;
    without one (a platform admin, or a national figure above the municipality), every area
    that has a value."""
    guard = Guard(user, indicator)
    suppressed = guard.active
    periods = sorted(
        IndicatorValue.objects.filter(indicator=indicator)
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()[:PERIODS_SHOWN]
    )
    names: dict[str, tuple[str, str]] = {}  # code → (name, kind), in the order they are shown
    areas = partnership_areas(partnership) if partnership is not None else None
    by_level = indicator.level != Level.MUNICIPALITY or areas is None
    values: dict[tuple[str, datetime.date], Decimal] = {}
    if periods:
        query = IndicatorValue.objects.filter(indicator=indicator, period__in=periods)
        if not by_level and areas is not None:
            codes = [*areas.municipalities, areas.slug, *areas.provinces, indicators.COUNTRY_CODE]
            query = query.filter(area__in=codes)
        values = {(a, p): v for a, p, v in query.values_list("area", "period", "value")}
    if by_level or areas is None:
        names = _names_of({a for a, _p in values})
    else:
        names = {code: (name, Level.MUNICIPALITY) for code, name in areas.municipalities.items()}

    def cells(code: str) -> list[Cell]:
        return [guard.cell(code, p, values.get((code, p))) for p in periods]

    comparison: list[AreaRow] = []
    if areas is not None:
        own = [values.get((areas.slug, p)) for p in periods]
        computed = False
        if not any(v is not None for v in own) and indicator.unit == Unit.COUNT:
            own = [
                indicators.total(values.get((c, p)) for c in areas.municipalities)
                if areas.municipalities
                else None
                for p in periods
            ]
            computed = True
        if any(v is not None for v in own):
            if computed and suppressed:
                own_cells = [
                    _protected_sum([values[(c, p)] for c in areas.municipalities], indicator)
                    if v is not None
                    else Cell(None, "—")
                    for v, p in zip(own, periods, strict=True)
                ]
            else:
                own_cells = [
                    guard.cell(areas.slug, p, v) for v, p in zip(own, periods, strict=True)
                ]
            comparison.append(
                AreaRow(
                    areas.slug,
                    partnership.name,  # type: ignore[union-attr]
                    Level.PARTNERSHIP,
                    own_cells,
                    computed=computed,
                )
            )
        for code, name in areas.provinces.items():
            if any((code, p) in values for p in periods):
                comparison.append(AreaRow(code, name, Level.PROVINCE, cells(code)))
    members: list[AreaRow] = []
    for code, (name, kind) in names.items():
        if code == indicators.COUNTRY_CODE or (
            areas is not None and (code in areas.provinces or code == areas.slug)
        ):
            continue
        members.append(AreaRow(code, name, kind, cells(code)))
    if any((indicators.COUNTRY_CODE, p) in values for p in periods):
        comparison.append(
            AreaRow(indicators.COUNTRY_CODE, "Nederland", Level.COUNTRY, cells("NL01"))
        )
    return IndicatorFigures(
        indicator=indicator,
        partnership=partnership,
        periods=periods,
        labels=[indicators.period_label(p, indicator.period_type) for p in periods],
        comparison=comparison,
        members=members,
        suppressed=suppressed,
    )


def _names_of(codes: set[str]) -> dict[str, tuple[str, str]]:
    found = areas_by_code(c for c in codes if indicators.level_of(c) != Level.PARTNERSHIP)
    partnerships = dict(Partnership.objects.filter(slug__in=codes).values_list("slug", "name"))
    named: dict[str, tuple[str, str]] = {}
    for code in sorted(codes):
        level = indicators.level_of(code)
        if code in found:
            named[code] = (found[code].name, level)
        elif code in partnerships:
            named[code] = (partnerships[code], level)
        elif level == Level.COUNTRY:
            named[code] = ("Nederland", level)
    return dict(sorted(named.items(), key=lambda item: (item[1][1], item[1][0])))


def _protected_sum(parts: list[Decimal], indicator: Indicator) -> Cell:
    """The members' sum where their small counts read "<5": left out ("×") where it would give
    a suppressed count away, "<5" where it is small itself."""
    total = protected_total([int(v) for v in parts])
    if total is None:
        return Cell(None, "<5")
    if isinstance(total, Withheld):
        return Cell(None, shown(total))
    return Cell(float(total), indicators.value_text(total, indicator.unit, indicator.decimals))


class Guard:
    """How a reader sees an indicator's values. Who keeps it, or any indicator that does not
    suppress small counts: as they are. Anyone else: a count of 1 to 4 reads "<5", and a value
    of a larger area reads "×" in a period in which a smaller area has such a count (a stored
    total for the partnership, the province or the country minus the parts shown would give
    it away)."""

    def __init__(self, user: Any, indicator: Indicator) -> None:
        self.indicator = indicator
        self.active = indicator.suppress_small and not can_edit_indicator(user, indicator)
        self.finest_small = _finest_small_levels(indicator) if self.active else {}
        self.numbers = indicators.Numbers()

    def cell(self, area: str, period: datetime.date, value: Decimal | None) -> Cell:
        indicator = self.indicator
        if value is None:
            return Cell(None, "—")
        if self.active:
            if indicators.is_small(value):
                return Cell(None, "<5")
            finest = self.finest_small.get(period)
            if finest is not None and indicators.LEVEL_ORDER[indicators.level_of(area)] > finest:  # type: ignore[index]
                return Cell(None, WITHHELD_MARK)
        return Cell(float(value), self.numbers.text(value, indicator.unit, indicator.decimals))


def _finest_small_levels(indicator: Indicator) -> dict[datetime.date, int]:
    """Per period, the finest level (`indicators.LEVEL_ORDER`) at which a value is a count of
    1 to 4. One aggregate query."""
    rank = Case(
        When(area__startswith="GM", then=Value(0)),
        When(area__startswith="PV", then=Value(2)),
        When(area=indicators.COUNTRY_CODE, then=Value(3)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = (
        IndicatorValue.objects.filter(indicator=indicator, value__gt=0, value__lt=SMALL_COUNT)
        .values("period")
        .annotate(finest=Min(rank))
        .values_list("period", "finest")
    )
    return dict(rows)


def value_rows(user: Any, indicator: Indicator) -> list[tuple[str, str, str, str]]:
    """Every value of the indicator as a row of the import's file: code, name, period, value
    (a decimal comma; "<5" where this reader gets small counts suppressed). Three queries."""
    guard = Guard(user, indicator)
    values = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .order_by("period", "area")
        .values_list("area", "period", "value")
    )
    names = _names_of({area for area, _p, _v in values})
    rows = []
    for area, period, value in values:
        cell = guard.cell(area, period, value)
        text = _plain(value) if cell.number is not None else cell.text
        rows.append(
            (
                area,
                names.get(area, ("", ""))[0],
                indicators.period_key(period, indicator.period_type),
                text,
            )
        )
    return rows


def _plain(value: Decimal) -> str:
    """A value with a decimal comma and no grouping, as Dutch Excel reads a number."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def value_list(indicator: Indicator) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator=indicator).order_by("period", "area")


def values_out(user: Any, indicator: Indicator, rows: list[IndicatorValue]) -> list[dict]:
    """Values as the API gives them: a number, or none and `suppressed` where this reader gets
    a small count suppressed."""
    guard = Guard(user, indicator)
    found = []
    for row in rows:
        cell = guard.cell(row.area, row.period, row.value)
        found.append(
            {
                "code": row.area,
                "period": indicators.period_key(row.period, indicator.period_type),
                "value": cell.number,
                "suppressed": cell.number is None,
            }
        )
    return found


# --- Figures per year: the annual report and the dashboard ------------------------------------


@dataclass(frozen=True)
class IndicatorYears:
    """An indicator's figure for an area (the partnership, or one member) in each of some
    years, with how many of the year's periods it stands on."""

    indicator: Indicator
    figures: dict[int, tuple[Decimal | None, int]]  # year → (figure, periods)
    # Left out ("×"): a count of 1–4 in the year (a member's, or one of its periods) would be
    # given away by the figure minus the others shown on the indicator's page (as `Guard`).
    withheld: frozenset[int] = frozenset()

    def hidden(self, year: int) -> str | None:
        """How the year's figure reads when its reader may not see small counts: "<5" for a
        small count itself, "×" where it would give a small count away; None when it may be
        shown as it is, or there is none."""
        value = self.figures.get(year, (None, 0))[0]
        if value is None:
            return None  # no figure, nothing to give away
        if self.indicator.suppress_small and indicators.is_small(value):
            return shown(None)
        return WITHHELD_MARK if year in self.withheld else None


def _own_indicators(partnership: Partnership) -> QuerySet[Indicator]:
    return Indicator.objects.filter(partnership=partnership, measures_population=False).order_by(
        "name", "pk"
    )


def indicator_years(
    partnership: Partnership, years: range, organisation: Any = None
) -> list[IndicatorYears]:
    """The partnership's own indicators (not the inhabitants) in `years`: the partnership's
    figure (its stored value or, for counts, the sum of every member's), or with an
    organisation that municipality's. Four queries, whatever the number of values."""
    return _figures_per_year(partnership, list(_own_indicators(partnership)), years, organisation)


LOOKBACK_YEARS = 10  # how far back the dashboard looks for an indicator's newest figure


def recent_indicator_years(
    partnership: Partnership, before: int, count: int, municipalities: list[str]
) -> list[IndicatorYears]:
    """`indicator_years` in the last `count` years before the year `before` that end with
    the newest year (of the last ten) any of the partnership's indicators has a figure in:
    figures are published a year or two late, and a dashboard of empty years says nothing.
    The caller has read the partnership's municipalities (`municipality_codes`): two
    queries, one when the partnership keeps no indicators."""
    return _figures_per_year(
        partnership,
        list(_own_indicators(partnership)),
        range(before - LOOKBACK_YEARS - count + 1, before),  # whole windows, at any newest
        municipalities=municipalities,
        keep_last=count,
    )


def _figures_per_year(
    partnership: Partnership,
    chosen: Sequence[Indicator],
    years: range,
    organisation: Any = None,
    municipalities: list[str] | None = None,
    keep_last: int | None = None,
) -> list[IndicatorYears]:
    """The figures per year in `years`; with `keep_last`, in that many years of them ending
    with the newest in which any indicator has a figure."""
    if not chosen or not years:
        return []
    if organisation is not None:
        if not organisation.cbs_code:
            return []  # an organisation without an area has no figures of areas
        own, members = [organisation.cbs_code], []
    else:
        if municipalities is None:
            municipalities = list(partnership_areas(partnership).municipalities)
        own, members = [partnership.slug], municipalities
    within = Q(
        area__in=[*own, *members],
        period__gte=datetime.date(years[0], 1, 1),
        period__lte=datetime.date(years[-1], 12, 31),
    )
    # Per indicator and period: its own value, and the sum of its members' with how many
    # members have one (grouped in the database: a partnership's years are rows per member).
    # A year whose figure stands on a value of 1–4 (a member's, or one of its own quarters)
    # that the indicator's page shows as "<5" is withheld: the figure minus the others shown
    # would give it away.
    stored: dict[int, dict[datetime.date, Decimal]] = {}
    summed: dict[int, dict[datetime.date, tuple[Decimal, int]]] = {}
    small: set[tuple[int, int]] = set()
    for indicator_id, period, is_own, total, count, small_count in (
        IndicatorValue.objects.filter(within, indicator__in=chosen)
        .annotate(is_own=Case(When(area=own[0], then=Value(1)), default=Value(0)))
        .values("indicator_id", "period", "is_own")
        .annotate(
            total=Sum("value"),
            count=Count("pk"),
            small=Count("pk", filter=Q(value__gt=0, value__lt=SMALL_COUNT)),
        )
        .values_list("indicator_id", "period", "is_own", "total", "count", "small")
        .order_by()
    ):
        if is_own:
            stored.setdefault(indicator_id, {})[period] = total
        else:
            summed.setdefault(indicator_id, {})[period] = (total, count)
        if small_count:
            small.add((indicator_id, period.year))
    found = []
    for indicator in chosen:
        per_period = dict(stored.get(indicator.pk, {}))
        if indicator.unit == Unit.COUNT and members:
            # A sum over part of the members would read as the whole: only complete ones.
            for period, (total, count) in summed.get(indicator.pk, {}).items():
                if period not in per_period and count == len(members):
                    per_period[period] = total
        figures = {
            year: indicators.year_figure(
                per_period, year=year, unit=indicator.unit, period_type=indicator.period_type
            )
            for year in years
        }
        withheld = frozenset(
            year for year in years if indicator.suppress_small and (indicator.pk, year) in small
        )
        found.append(IndicatorYears(indicator, figures, withheld))
    if keep_last is None:
        return found
    newest = max(
        (year for line in found for year, (value, _n) in line.figures.items() if value is not None),
        default=None,
    )
    if newest is None:
        return []
    kept = range(newest - keep_last + 1, newest + 1)
    return [
        IndicatorYears(
            line.indicator,
            {year: line.figures[year] for year in kept},
            line.withheld & frozenset(kept),
        )
        for line in found
    ]


def indicators_for_year(
    partnership: Partnership, year: int, organisation: Any = None
) -> list[IndicatorYears]:
    """For the annual report: the year and the year before (`indicator_years`)."""
    return indicator_years(partnership, range(year - 1, year + 1), organisation)


def annual_reports_for(user: Any) -> QuerySet[AnnualReport]:
    """The reports the user may read, newest year first, with how many versions each has."""
    return (
        AnnualReport.objects.visible_to(access_for(user))
        .select_related("partnership", "organisation")
        .annotate(version_count=Count("versions"))
        .order_by("-year", "partnership__name", "organisation__name", "pk")
    )


def get_annual_report_for(user: Any, pk: Any) -> AnnualReport:
    return get_visible_or_404(
        AnnualReport.objects.visible_to(access_for(user)).select_related(
            "partnership", "organisation"
        ),
        pk=pk,
    )


def report_versions(report: AnnualReport) -> QuerySet[AnnualReportVersion]:
    """The report's published versions, newest first, without their content."""
    return report.versions.defer("content").order_by("-number")


def get_report_version(report: AnnualReport, number: Any) -> AnnualReportVersion:
    """A version of a report the caller already had from `get_annual_report_for`."""
    return get_visible_or_404(report.versions.all(), number=number)


def report_subjects(user: Any) -> list[Partnership]:
    """The partnerships the user composes reports for, each with its members by name."""
    return list(
        coordinated_partnerships(user).prefetch_related(
            Prefetch("members", queryset=Organisation.objects.order_by("name"))
        )
    )
