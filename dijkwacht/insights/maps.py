"""A map that says something: municipalities coloured by an indicator the reader picks, for a
partnership (with its neighbours in grey), for the provinces it lies in, or for the whole
country (platform admins). One engine for every scope and every indicator: an indicator is a
function from the reader and the organisations on the map to a value per organisation.

The indicators a reader is offered follow what they may see: progress for everyone who sees
the partnership; scan results per organisation only for who sees a round's results by name
(its coordinators, assessors and admins); meldpunt reports for who reads the meldpunt figures,
and then with counts of 1–4 suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from dijkwacht.core import choropleth
from dijkwacht.core.ordering import natural_key
from dijkwacht.core.suppression import shown
from dijkwacht.insights.dashboard import Reader, percent_text
from dijkwacht.meldpunt.permissions import figures_partnership_ids
from dijkwacht.meldpunt.selectors import reports_by_organisation
from dijkwacht.organisations import selectors as organisations
from dijkwacht.organisations.permissions import access_for
from dijkwacht.programmes.selectors import done_by_organisation
from dijkwacht.scans.selectors import frameworks_with_results, scores_by_organisation

PARTNERSHIP, PROVINCE, COUNTRY = "samenwerkingsverband", "provincie", "nederland"
NEIGHBOUR = "#f7f7f7"  # outside what the map is about: paler than any class, no pattern
SUPPRESSED, NO_DATA = "suppressed", "none"


@dataclass(frozen=True)
class Value:
    number: float | None  # None: no data, or suppressed
    text: str  # as it reads: "45%", "<5", "ja"
    suppressed: bool = False


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    definition: str
    unit: str  # "percent", "count" or "yes_no"
    values: Callable[[Reader, str], dict[int, Value]]  # scope → organisation id → value


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    pattern: str = ""  # "suppressed" or "none": drawn with a pattern, not a colour of the scale


@dataclass(frozen=True)
class Area:
    name: str
    path: str
    on_map: bool  # coloured: a member (on the national map: every municipality)
    fill: str
    pattern: str
    text: str  # "Enschede: 60%"


@dataclass(frozen=True)
class Row:
    name: str
    value: str
    band: str


@dataclass(frozen=True)
class IndicatorMap:
    scope: str
    indicator: Indicator
    view_box: str
    areas: list[Area]
    legend: list[LegendEntry]
    rows: list[Row]
    stroke: float  # the width of the lines between areas, in map units
    pattern_size: float  # the tile of the "no data" and "<5" patterns, in map units

    @property
    def pattern_half(self) -> float:
        return round(self.pattern_size / 2, 3)

    @property
    def dot_radius(self) -> float:
        return round(self.pattern_size / 4, 3)


def _percent(value: float | None) -> Value:
    return Value(value, percent_text(value, "—"))


def _national(scope: str) -> bool:
    return scope == COUNTRY


def _progress(reader: Reader, scope: str) -> dict[int, Value]:
    done = done_by_organisation(None if _national(scope) else reader.partnership)
    return {pk: _percent(p.percent_done) for pk, p in done.items()}


def _meldpunt(reader: Reader, scope: str) -> dict[int, Value]:
    ids = None if _national(scope) else [m.pk for m in reader.partnership.members.all()]
    return {
        pk: Value(
            count if isinstance(count, int) else None,
            shown(count),
            suppressed=not isinstance(count, int),
        )
        for pk, count in reports_by_organisation(ids, now=reader.now).items()
    }


def _scan_indicators(reader: Reader, scope: str) -> list[Indicator]:
    access = access_for(reader.user)
    partnership = None if _national(scope) else reader.partnership
    made = []
    for framework in frameworks_with_results(access, partnership):

        def score(reader: Reader, scope: str, framework: Any = framework) -> dict[int, Value]:
            scores = scores_by_organisation(access, framework, partnership)
            return {pk: _percent(s.score.percent) for pk, s in scores.items()}

        def basis(reader: Reader, scope: str, framework: Any = framework) -> dict[int, Value]:
            scores = scores_by_organisation(access, framework, partnership)
            return {
                pk: Value(1.0 if s.basis_op_orde else 0.0, _("yes") if s.basis_op_orde else _("no"))
                for pk, s in scores.items()
            }

        made += [
            Indicator(
                f"scan-{framework.pk}",
                _("Norms met: %(framework)s") % {"framework": framework},
                _(
                    "The weighted share of the norms met, in the newest round with results "
                    "(nationally: each organisation's latest round)."
                ),
                "percent",
                score,
            ),
            Indicator(
                f"basis-{framework.pk}",
                _("Basis op orde: %(framework)s") % {"framework": framework},
                _("Whether every essential norm is met, in the same round."),
                "yes_no",
                basis,
            ),
        ]
    return made


def progress_indicator() -> Indicator:
    """Offered to everyone who sees the partnership (the matrix is theirs to read too)."""
    return Indicator(
        "voortgang",
        _("Programme progress"),
        _(
            "The share of the organisation's cells that are completed or structural, in the "
            "running programmes."
        ),
        "percent",
        _progress,
    )


def indicators_for(reader: Reader, scope: str) -> list[Indicator]:
    access = access_for(reader.user)
    found = [progress_indicator()]
    sees_results = (access.is_admin and _national(scope)) or reader.sees_records
    if sees_results:
        found += _scan_indicators(reader, scope)
    if access.is_admin or reader.partnership.pk in figures_partnership_ids(reader.user):  # type: ignore[union-attr]
        found.append(
            Indicator(
                "meldingen",
                _("Meldpunt reports in the last four quarters"),
                _(
                    "Reports received by the organisation's meldpunt in the last four quarters "
                    "(this one included). A count of 1 to 4 shows as “<5”, and a total that "
                    "would give such a count away on the meldpunt figures page as “×”; an "
                    "organisation without a meldpunt has no figure."
                ),
                "count",
                _meldpunt,
            )
        )
    return found


def indicator_map(
    reader: Reader, key: str, scope: str, offered: list[Indicator] | None = None
) -> IndicatorMap | None:
    """The map of one indicator; None when there is no boundary to draw. Raises Http404 for
    an indicator this reader is not offered (`offered`, when the caller has them already), or
    the national scope for anyone but a platform admin."""
    if scope == COUNTRY and not access_for(reader.user).is_admin:
        raise Http404
    offered = indicators_for(reader, scope) if offered is None else offered
    indicator = next((i for i in offered if i.key == key), None)
    if indicator is None:
        raise Http404
    if scope == PARTNERSHIP:
        frame = organisations.partnership_map(reader.partnership)
    elif scope == PROVINCE:
        frame = organisations.municipalities_map(
            province_ids=organisations.partnership_province_ids(reader.partnership)
        )
    else:
        frame = organisations.municipalities_map()
    if frame is None:
        return None
    values = indicator.values(reader, scope)
    members: set[int] | None = None
    if scope == PROVINCE:  # the partnership's own figures: the rest of the province is grey
        members = {m.pk for m in reader.partnership.members.all()}
    drawn = []
    for area in frame.areas:
        on_map = area.is_member and (members is None or bool(members & set(area.member_ids)))
        # A historical member is drawn on its successor's area: the area's own value first.
        value = next(
            (values[pk] for pk in sorted(area.member_ids) if pk in values),
            Value(None, _("no data")),
        )
        drawn.append((area, on_map, value))
    # The classes follow the figures on the map, not those of members it does not draw.
    bands, band_of = _bands(indicator, [v for _a, on_map, v in drawn if on_map])
    areas, rows = [], []
    for area, on_map, value in drawn:
        name = area.note or area.name
        if not on_map:
            fill, pattern = NEIGHBOUR, ""
        elif value.suppressed:
            fill, pattern = "url(#dw-suppressed)", SUPPRESSED
        elif value.number is None:
            fill, pattern = "url(#dw-no-data)", NO_DATA
        else:
            fill, pattern = bands[band_of(value.number)].colour, ""
        text = f"{name}: {value.text}" if on_map else area.name
        areas.append(Area(area.name, area.path, on_map, fill, pattern, text))
        if on_map:
            band = "" if value.number is None else bands[band_of(value.number)].label
            rows.append(Row(name, value.text, band))
    legend = [LegendEntry(b.label, b.colour) for b in bands]
    if indicator.unit == "count":
        legend.append(
            LegendEntry(_("fewer than 5 (<5), or left out (×)"), "url(#dw-suppressed)", SUPPRESSED)
        )
    legend.append(LegendEntry(_("no data"), "url(#dw-no-data)", NO_DATA))
    width = float(frame.view_box.split()[2])
    return IndicatorMap(
        scope=scope,
        indicator=indicator,
        view_box=frame.view_box,
        areas=areas,
        legend=legend,
        rows=sorted(rows, key=lambda r: natural_key(r.name)),
        stroke=round(width / 700, 3),
        pattern_size=round(width / 90, 3),
    )


def _bands(indicator: Indicator, values: list[Value]):
    if indicator.unit == "percent":
        return choropleth.percent_bands(), choropleth.percent_band
    if indicator.unit == "yes_no":
        return [
            choropleth.Band(_("no"), choropleth.YES_NO[0], "#1a1a1a"),
            choropleth.Band(_("yes"), choropleth.YES_NO[1], "#ffffff"),
        ], lambda number: int(number)
    edges = choropleth.count_breaks(int(v.number) for v in values if v.number is not None)
    return choropleth.count_bands(edges), lambda number: choropleth.count_band(int(number), edges)
