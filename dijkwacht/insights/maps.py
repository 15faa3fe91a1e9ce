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

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dijkwacht.awareness import selectors as awareness
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.catalogue import selectors as catalogue
from dijkwacht.core import choropleth
from dijkwacht.core.charts import step_decimals
from dijkwacht.core.ordering import natural_key
from dijkwacht.core.suppression import shown, suppress
from dijkwacht.insights import indicators
from dijkwacht.insights import selectors as insights_selectors
from dijkwacht.insights.dashboard import Reader, percent_text
from dijkwacht.insights.models import Indicator as IndicatorModel
from dijkwacht.insights.models import Unit
from dijkwacht.insights.permissions import can_edit_indicator
from dijkwacht.meldpunt.permissions import figures_partnership_ids
from dijkwacht.meldpunt.selectors import reports_by_organisation
from dijkwacht.organisations import selectors as organisations
from dijkwacht.organisations.models import OrganisationKind
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
    unit: str  # "percent", "count" (1–4 suppressed), "number", "whole" (not suppressed), "yes_no"
    values: Callable[[Reader, str], dict[int, Value]]  # scope → organisation id → value
    computed: bool = True  # by Dijkwacht from its modules; False: an indicator's values
    decimals: int = 0  # of a "number"
    note: str = ""  # said under the map: the period shown, "voorbeeldcijfers"


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
    ids = None if _national(scope) else [m.pk for m in reader.members]
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


def _reach_value(reach: Any) -> Value:
    if reach.size is None:
        return Value(None, _("size unknown"))
    if reach.share is None:  # a size of 0
        return Value(None, _("size 0"))
    return Value(float(reach.share), percent_text(reach.share, "—"))


def _reach_indicators(reader: Reader, scope: str) -> list[Indicator]:
    """Per target group some municipality on the map gave a size of: the share of it the
    awareness work reached in the last twelve months. Reach names nobody, and the members of
    a partnership read each other's (ADR 0014): offered to everyone who sees the map."""
    ids = (
        None
        if _national(scope)
        else [m.pk for m in reader.members if m.kind == OrganisationKind.MUNICIPALITY]
    )
    made = []
    for group in awareness.groups_with_sizes(ids, timezone.localdate(reader.now)):

        def reach(reader: Reader, scope: str, group_id: int = group.pk) -> dict[int, Value]:
            end = timezone.localdate(reader.now)
            start = add_months(end, -12) + datetime.timedelta(days=1)
            found = awareness.reach_by_organisation(ids, group_id, start, end)
            return {pk: _reach_value(r) for pk, r in found.items()}

        made.append(
            Indicator(
                f"bereik-{group.code}",
                _("Awareness reach: %(group)s") % {"group": group.name},
                _(
                    "The share of the target group “%(group)s” of the organisation that took "
                    "part in an awareness session in the last twelve months, against the size "
                    "the organisation entered (at most 100%%); without a size, no figure."
                )
                % {"group": group.name},
                "percent",
                reach,
            )
        )
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
    found = [progress_indicator(), *_reach_indicators(reader, scope)]
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
        base = insights_selectors.population_base()
        if base is not None:
            found.append(
                Indicator(
                    "meldingen-per-inwoners",
                    _("Meldpunt reports per 10,000 inhabitants"),
                    _(
                        "Reports received by the organisation's meldpunt in the last four "
                        "quarters, per 10,000 inhabitants of %(year)s (%(source)s). Where the "
                        "count is 1 to 4, the rate is left out as well."
                    )
                    % {"year": base.latest.year, "source": base.indicator.source_name},
                    "number",
                    partial(_per_inhabitants, base=base),
                    decimals=1,
                    note=_("The inhabitants are made-up example figures (voorbeeldcijfers).")
                    if base.indicator.fictitious
                    else "",
                )
            )
    return found + area_indicators(reader, scope) + _stored_indicators(reader, scope)


def area_indicators(reader: Reader, scope: str) -> list[Indicator]:
    """The areas on the map's layers, counted per municipality: per kind, and per kind and
    status ("Vakantieparken: in aanpak"). Only the areas the reader sees are counted; an area
    is counted in the municipality its inside lies in. Areas are no people: nothing to
    suppress."""
    found = []
    for layer in catalogue.layers_for(reader.user):
        kind = layer.kind
        found.append(
            Indicator(
                f"gebieden-{kind.code}",
                _("%(kind)s (number)") % {"kind": kind.name},
                _(
                    "The areas of this kind on the map's layers, per municipality they lie in "
                    "(the areas you may see)."
                ),
                "whole",
                partial(_area_counts, kind_id=kind.pk, status=""),
            )
        )
        found += [
            Indicator(
                f"gebieden-{kind.code}-{slugify(status)}",
                _("%(kind)s: %(status)s (number)") % {"kind": kind.name, "status": status},
                _(
                    "The areas of this kind with this status on the map's layers, per "
                    "municipality they lie in (the areas you may see)."
                ),
                "whole",
                partial(_area_counts, kind_id=kind.pk, status=status),
            )
            for status in layer.statuses
        ]
    return found


def _area_counts(reader: Reader, scope: str, *, kind_id: int, status: str) -> dict[int, Value]:
    """Nationally the municipalities with an area; on a partnership's map every member
    municipality, 0 included."""
    ids = None if _national(scope) else [m.pk for m in reader.members]
    counts = catalogue.area_counts(reader.user, kind_id, status=status, municipality_ids=ids)
    found = {pk: Value(float(n), str(n)) for pk, n in counts.items()}
    # 0 for a current municipality only: a merged one's area is its successor's, and a 0 of
    # its own would be drawn there first.
    for member in [] if ids is None else organisations.current_municipalities(reader.members):
        found.setdefault(member.pk, Value(0.0, "0"))
    return found


def stored_key(indicator: IndicatorModel) -> str:
    return f"cijfer-{indicator.pk}"


def _stored_indicators(reader: Reader, scope: str) -> list[Indicator]:
    """The indicators kept as data at the municipality level that the reader sees (the
    national ones, and the partnership's own), each at its latest period."""
    found = []
    for dated in insights_selectors.map_indicators(reader.user, reader.partnership):
        stored = dated.indicator
        suppressed = stored.suppress_small and not can_edit_indicator(reader.user, stored)
        period = indicators.period_label(dated.latest, stored.period_type)

        def values(
            reader: Reader, scope: str, dated: Any = dated, suppressed: bool = suppressed
        ) -> dict[int, Value]:
            return _stored_values(dated, suppressed)

        note = _("Values of %(period)s.") % {"period": period}
        if stored.fictitious:
            note += " " + _("These are made-up example figures (voorbeeldcijfers).")
        counts = stored.unit == Unit.COUNT and suppressed
        found.append(
            Indicator(
                stored_key(stored),
                f"{stored.name} ({period})",
                stored.definition,
                "percent" if stored.unit == Unit.PERCENT else "count" if counts else "number",
                values,
                computed=False,
                decimals=stored.decimals,
                note=note,
            )
        )
    return found


def _stored_values(dated: insights_selectors.Dated, suppressed: bool) -> dict[int, Value]:
    stored = dated.indicator
    latest = insights_selectors.values_at(stored, dated.latest)
    areas = organisations.areas_by_code(latest)
    found = {}
    for code, number in latest.items():
        if code not in areas:
            continue
        text = indicators.value_text(number, stored.unit, stored.decimals)
        if suppressed and stored.unit == Unit.COUNT and number == int(number):
            count = suppress(int(number))
            if count is None:
                found[areas[code].pk] = Value(None, "<5", suppressed=True)
                continue
        found[areas[code].pk] = Value(float(number), text)
    return found


def _per_inhabitants(
    reader: Reader, scope: str, *, base: insights_selectors.Dated
) -> dict[int, Value]:
    """Meldpunt reports of the last four quarters per 10,000 inhabitants: a suppressed count
    stays suppressed (a rate would give it away)."""
    counts = _meldpunt(reader, scope)
    population = insights_selectors.values_at(base.indicator, base.latest)
    by_pk = {a.pk: population.get(a.code) for a in organisations.areas_by_code(population).values()}
    found = {}
    for pk, count in counts.items():
        inhabitants = by_pk.get(pk)
        if count.suppressed:
            found[pk] = count
        elif count.number is not None and inhabitants:
            rate = count.number / float(inhabitants) * 10_000
            found[pk] = Value(rate, indicators.value_text(rate, Unit.NUMBER, 1))
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
        frame = organisations.partnership_map(reader.members)
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
        members = {m.pk for m in reader.members}
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
    if indicator.unit == "count" or any(a.pattern == SUPPRESSED for a in areas):
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
    if indicator.unit in ("number", "whole"):
        whole = indicator.unit == "whole"
        edges_ = choropleth.value_breaks(
            (v.number for v in values if v.number is not None), whole=whole
        )
        decimals = 0 if whole else step_decimals(edges_[1] - edges_[0])

        def text(value: float) -> str:
            return indicators.value_text(value, Unit.NUMBER, decimals)

        bands = choropleth.value_bands(
            edges_,
            text,
            up_to=_("%(low)s to %(high)s"),
            or_more=_("%(low)s or more"),
            whole=whole,
        )
        return bands, lambda number: choropleth.value_band(number, edges_)
    edges = choropleth.count_breaks(int(v.number) for v in values if v.number is not None)
    return choropleth.count_bands(edges), lambda number: choropleth.count_band(int(number), edges)
