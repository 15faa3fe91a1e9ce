"""The partnership's dashboard: each module's figures as a section of charts, each chart with
the table of its figures beside it.

A section is made here, from the module's selectors (no module imports insights). A later
module (Bibob, awareness, …) adds its function to `SECTIONS`; the page, the exports and the API
take every section from that list. Every figure has a key, so that its chart (SVG, PNG) and its
table (CSV) can be downloaded on their own, with the same permissions and suppression as the
page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dijkwacht.awareness import selectors as awareness
from dijkwacht.awareness.reach import Reach
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.bibob import permissions as bibob_permissions
from dijkwacht.bibob import selectors as bibob
from dijkwacht.bibob.models import Domain, Outcome
from dijkwacht.catalogue import selectors as catalogue
from dijkwacht.catalogue.models import AccessLevel
from dijkwacht.core import charts
from dijkwacht.core.suppression import shown
from dijkwacht.insights import indicators
from dijkwacht.insights.models import PeriodType, Unit
from dijkwacht.insights.selectors import recent_indicator_years
from dijkwacht.meldpunt.models import Kind
from dijkwacht.meldpunt.permissions import figures_partnership_ids
from dijkwacht.meldpunt.selectors import partnership_figures
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import (
    current_municipalities,
    municipality_codes,
    partnership_members,
)
from dijkwacht.programmes.selectors import ProgrammeFigures, running_programme_figures
from dijkwacht.scans.selectors import (
    FrameworkFigures,
    RoundCounts,
    partnership_rounds,
    partnership_scan_figures,
)


@dataclass(frozen=True)
class Figure:
    """A chart and the table of the same figures (cells as they read: "45%", "<5", "—")."""

    key: str
    title: str
    template: str  # draws `chart` as SVG
    chart: Any
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Group:
    """Part of a section: one programme, one framework, … — its facts and its figures."""

    facts: Any
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str  # the section's own text around its figures
    groups: list[Group]
    facts: Any = None  # what the section says beside its groups

    @property
    def figures(self) -> list[Figure]:
        return [f for group in self.groups for f in group.figures]


class Reader:
    """Who reads the dashboard of which partnership, when: what each section may show, and
    what more than one part of the page reads (once)."""

    def __init__(self, user: Any, partnership: Any, now: datetime.datetime) -> None:
        self.user = user
        self.partnership = partnership
        self.now = now

    @cached_property
    def coordinates(self) -> bool:
        return can_coordinate(self.user, self.partnership)

    @cached_property
    def contributes_for(self) -> list[int]:
        """The organisations the user updates actions and scans for (anywhere)."""
        return sorted(
            g.organisation_id
            for g in access_for(self.user).grants
            if g.role == Role.CONTRIBUTOR and g.organisation_id is not None
        )

    @cached_property
    def scan_rounds(self) -> list[RoundCounts]:
        """The partnership's rounds, newest first, with the self-scans still open of what is
        the user's to do: all of them for a coordinator, their own for a contributor."""
        return partnership_rounds(
            self.partnership, None if self.coordinates else self.contributes_for
        )

    @cached_property
    def members(self) -> list[Organisation]:
        return partnership_members(self.partnership)

    @cached_property
    def running_programmes(self) -> list[ProgrammeFigures]:
        return running_programme_figures(self.partnership, self.now)

    @property
    def sees_records(self) -> bool:
        """Coordinators, assessors and admins see the scans' rows; everyone else reads
        figures across the partnership with small counts suppressed."""
        access = access_for(self.user)
        return (
            access.is_admin
            or self.partnership.pk in access.coordinating_ids
            or self.partnership.pk in access.assessing_ids
        )


def percent_text(value: float | None, missing: str) -> str:
    """A share as it reads in Dutch: "62,5%" (the CSV is for Dutch Excel too)."""
    if value is None:
        return missing
    # Rounded here: Django's number_format cuts digits off (66.66 would read "66,6%").
    value = round(value, 1)
    whole = value == int(value)
    if whole and abs(value) < 1000:
        return f"{int(value)}%"  # as number_format writes it, without its locale lookups
    return f"{formats.number_format(value, decimal_pos=0 if whole else 1)}%"


# --- Programmes -------------------------------------------------------------------------------


def _programme_figures(figures: ProgrammeFigures) -> list[Figure]:
    missing = _("no cells")
    prefix = f"programmas-{figures.programme.pk}"
    made = []
    for key, title, lines, name in (
        ("themas", _("Share of cells done per theme"), figures.themes, _("Theme")),
        (
            "organisaties",
            _("Share of cells done per organisation"),
            figures.organisations,
            _("Organisation"),
        ),
    ):
        if not lines:
            continue
        made.append(
            Figure(
                key=f"{prefix}-{key}",
                title=f"{title} ({figures.programme.name})",
                template="core/_bar_chart.html",
                chart=charts.percent_bar_chart(
                    [
                        charts.BarValue(
                            line.name,
                            line.progress.percent_done,
                            percent_text(line.progress.percent_done, missing),
                        )
                        for line in lines
                    ]
                ),
                header=[name, _("Cells"), _("Done"), _("Share done")],
                rows=[
                    [
                        line.name,
                        str(line.progress.total),
                        str(line.progress.done),
                        percent_text(line.progress.percent_done, "—"),
                    ]
                    for line in lines
                ],
            )
        )
    return made


def programme_section(reader: Reader) -> Section | None:
    running = reader.running_programmes
    if not running:
        return None
    return Section(
        key="programmas",
        title=_("Programmes"),
        template="insights/dashboard/_programmes.html",
        groups=[Group(figures, _programme_figures(figures)) for figures in running],
    )


# --- Scans ------------------------------------------------------------------------------------


def _scan_figure(figures: FrameworkFigures) -> Figure:
    labels = [r.round.title for r in figures.rounds]
    score = [None if r.score is None else r.score.percent for r in figures.rounds]
    basis = [r.basis_percent for r in figures.rounds]
    return Figure(
        key=f"scans-{figures.framework.pk}",
        title=_("%(framework)s: norms met and basis op orde per round")
        % {"framework": figures.framework},
        template="core/_line_chart.html",
        chart=charts.percent_line_chart(
            labels,
            [
                charts.Series(_("Norms met"), [_whole(v) for v in score]),
                charts.Series(_("Basis op orde"), basis),
            ],
        ),
        header=[
            _("Round"),
            _("Organisations"),
            _("Basis op orde"),
            _("Share with basis op orde"),
            _("Norms met (weighted)"),
        ],
        rows=[
            [
                r.round.title,
                shown(r.organisations),
                shown(r.basis_op_orde),
                percent_text(r.basis_percent, "—"),
                percent_text(None if r.score is None else r.score.percent, "—"),
            ]
            for r in figures.rounds
        ],
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


NEWEST_ROUNDS = 3  # named with their progress above the figures


def scan_section(reader: Reader) -> Section | None:
    frameworks = partnership_scan_figures(
        access_for(reader.user),
        reader.partnership,
        suppressed=not reader.sees_records,
        rounds=[counts.round for counts in reversed(reader.scan_rounds)],
    )
    rounds = reader.scan_rounds[:NEWEST_ROUNDS]
    if not frameworks and not rounds:
        return None
    return Section(
        key="scans",
        title=_("Resilience scans"),
        template="insights/dashboard/_scans.html",
        groups=[Group(f, [_scan_figure(f)]) for f in frameworks],
        facts=rounds,
    )


# --- Meldpunt ---------------------------------------------------------------------------------


def meldpunt_section(reader: Reader) -> Section | None:
    """Counts only, and only for whoever reads the partnership's meldpunt figures (its
    coordinators and viewers, and platform admins): suppressed below 5 for them all, as they
    may not see reports; the clocks as shares (`partnership_figures`)."""
    access = access_for(reader.user)
    if not (access.is_admin or reader.partnership.pk in figures_partnership_ids(reader.user)):
        return None
    figures = partnership_figures(reader.partnership, now=reader.now)
    labels = {kind: str(label).capitalize() for kind, label in Kind.choices}
    kinds = list(labels)
    groups = []
    for kind in kinds:
        values = []
        for year, quarter in figures.quarters:
            count = figures.count(year, quarter, kind)
            label = _("Q%(quarter)s ’%(year)s") % {"quarter": quarter, "year": f"{year % 100:02d}"}
            number = count if isinstance(count, int) else None
            values.append(charts.BarValue(label, number, shown(count)))
        groups.append((labels[kind], values))
    quarters = Figure(
        key="meldpunt-kwartalen",
        title=_("Reports per quarter and kind"),
        template="core/_small_multiples.html",
        chart=charts.small_multiples(groups),
        header=[_("Quarter"), *(labels[kind] for kind in kinds)],
        rows=[
            [
                _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                *(shown(figures.count(year, quarter, kind)) for kind in kinds),
            ]
            for year, quarter in figures.quarters
        ],
    )
    too_few = _("too few reports")
    clocks = [
        Figure(
            key=f"meldpunt-{key}",
            title=title,
            template="core/_bar_chart.html",
            chart=charts.percent_bar_chart(
                [
                    charts.BarValue(
                        labels[c.kind], getattr(c, field), percent_text(getattr(c, field), too_few)
                    )
                    for c in figures.clocks
                ]
            ),
            header=[_("Kind"), _("Share in time")],
            rows=[
                [labels[c.kind], percent_text(getattr(c, field), too_few)] for c in figures.clocks
            ],
        )
        for key, title, field in (
            ("bevestiging", _("Acknowledged within the term, per kind"), "acknowledged_in_time"),
            ("terugkoppeling", _("Feedback within the term, per kind"), "feedback_in_time"),
        )
        if figures.clocks
    ]
    return Section(
        key="meldpunt",
        title=_("Meldpunt"),
        template="insights/dashboard/_meldpunt.html",
        groups=[Group(None, [quarters, *clocks])],
    )


# --- Indicators -------------------------------------------------------------------------------

YEARS_ON_DASHBOARD = 5  # complete years, up to the newest with a figure


def indicator_section(reader: Reader) -> Section | None:
    """The partnership's own indicators in its last complete years with figures, a panel
    each on its own scale (their units differ). Small counts are protected for every reader,
    as in the annual report: the dashboard is read by all, the indicator's page shows its
    keeper more."""
    this_year = timezone.localdate(reader.now).year
    found = [
        line
        for line in recent_indicator_years(
            reader.partnership,
            this_year,
            YEARS_ON_DASHBOARD,
            municipality_codes(reader.members),
        )
        if any(value is not None for value, _periods in line.figures.values())
    ]
    if not found:
        return None
    years = list(found[0].figures)
    numbers = indicators.Numbers()
    texts: dict[int, list[str]] = {}
    panels = []
    partial = False
    for line in found:
        indicator = line.indicator
        expected = indicators.PERIODS_IN_YEAR[PeriodType(indicator.period_type)]
        columns = []
        for year, (value, periods) in line.figures.items():
            hidden = line.hidden(year)
            text = hidden or numbers.text(value, indicator.unit, indicator.decimals)
            if indicator.unit == Unit.COUNT and 0 < periods < expected and not hidden:
                text, partial = f"{text} *", True
            number = None if hidden or value is None else float(value)
            columns.append(charts.BarValue(str(year), number, text))
        texts[indicator.pk] = [column.text for column in columns]
        panels.append((_labels(indicator)[0], columns))
    figure = Figure(
        key="cijfers-jaren",
        title=_("The partnership's indicators per year"),
        template="core/_small_multiples.html",
        chart=charts.small_multiples(panels, shared_scale=False),
        header=[_("Indicator"), *(str(year) for year in years)],
        rows=[[_labels(line.indicator)[1], *texts[line.indicator.pk]] for line in found],
    )
    return Section(
        key="cijfers",
        title=_("Indicators"),
        template="insights/dashboard/_indicators.html",
        groups=[Group([_named(line.indicator) for line in found], [figure])],
        facts={"partial": partial},
    )


def _labels(indicator: Any) -> tuple[str, str]:
    """An indicator's panel title and table name: made-up figures say so in both, wherever
    the chart or table goes (a download, the API); the panel at its start, so that a long
    title shortened to its panel keeps it."""
    name = indicator.name
    if not indicator.fictitious:
        return name, name
    example = _("example figures")
    marker = f" ({example})"
    plain = name[: -len(marker)] if name.lower().endswith(marker.lower()) else name
    named = name if example in name.lower() else f"{name}{marker}"
    return f"{example.capitalize()}: {plain}", named


def _named(indicator: Any) -> dict[str, Any]:
    """An indicator as the section lists it: "example figures" said beside its name, unless
    the name says so already."""
    marked = indicator.fictitious and _("example figures") not in indicator.name.lower()
    return {"indicator": indicator, "marked": marked}


# --- The information position -------------------------------------------------------------------


def information_section(reader: Reader) -> Section | None:
    """What the members describe of their sources, per access level, and how many of the
    member municipalities have a known register per kind (the overview of registration
    systems in one chart). Counts of sources and registers, never of people: nothing is
    suppressed. Two grouped statements."""
    members = reader.members
    sources = catalogue.source_counts([m.pk for m in members])
    municipalities = [m.pk for m in current_municipalities(members)]
    coverage = catalogue.register_coverage(municipalities) if municipalities else []
    recorded = any(c.said for c in coverage)
    if not (sources or recorded):
        return None
    total = len(municipalities)
    figures = []
    if recorded:

        def known(c: catalogue.Coverage) -> str:
            return _("%(known)s of %(total)s") % {"known": c.known, "total": total}

        figures.append(
            Figure(
                key="informatie-registers",
                title=_("Member municipalities with a known register, per kind"),
                template="core/_bar_chart.html",
                chart=charts.percent_bar_chart(
                    [
                        charts.BarValue(
                            c.kind.name,
                            c.known / total * 100,
                            f"{percent_text(round(c.known / total * 100), '—')} ({known(c)})",
                        )
                        for c in coverage
                    ]
                ),
                header=[
                    _("Kind of register"),
                    _("With a known register"),
                    _("Without a known register"),
                ],
                rows=[[c.kind.name, known(c), str(total - c.known)] for c in coverage],
            )
        )
    return Section(
        key="informatie",
        title=_("Information position"),
        template="insights/dashboard/_information.html",
        groups=[Group(None, figures)],
        facts={
            "sources": [
                (str(label), sources.get(level, 0)) for level, label in AccessLevel.choices
            ],
            "source_total": sum(sources.values()),
        },
    )


# --- Bibob ---------------------------------------------------------------------------------------


def bibob_section(reader: Reader) -> Section | None:
    """Counts only (art. 28 Wet Bibob): the members' screenings opened this year per domain and
    quarter, and the decisions, for whoever reads the partnership's Bibob figures (its
    coordinators and viewers, platform admins), suppressed below 5 for them all; and for every
    participant how the members' Bibob policies stand against the reference. Grouped
    statements, whatever the number of screenings."""
    counts = None
    if bibob_permissions.reads_partnership_figures(reader.user, reader.partnership):
        members = [m.pk for m in reader.members]
        counts = bibob.figures(members, timezone.localdate(reader.now).year, suppressed=True)
        if counts.total == 0 and counts.running == 0:
            counts = None  # no screening this year and none running: nothing to count
    standing = bibob.policy_standing(reader.partnership, reader.members)
    if not standing.with_policy and counts is None:
        return None
    figures = []
    if counts is not None:
        domains = dict(Domain.choices)
        groups = [
            (
                str(domains[domain]).capitalize(),
                [
                    charts.BarValue(
                        _("Q%(quarter)s") % {"quarter": q},
                        n if isinstance(n, int) else None,
                        shown(n),
                    )
                    for q, n in quarters.items()
                ],
            )
            for domain, quarters in counts.opened.items()
        ]
        figures.append(
            Figure(
                key="bibob-kwartalen",
                title=_("Bibob screenings opened in %(year)s, per domain and quarter")
                % {"year": counts.year},
                template="core/_small_multiples.html",
                chart=charts.small_multiples(groups),
                header=[
                    _("Domain"),
                    *(_("Q%(quarter)s") % {"quarter": q} for q in range(1, 5)),
                    _("Total"),
                ],
                rows=[
                    [
                        str(domains[domain]).capitalize(),
                        *(shown(n) for n in quarters.values()),
                        shown(counts.opened_total[domain]),
                    ]
                    for domain, quarters in counts.opened.items()
                ],
            )
        )
    return Section(
        key="bibob",
        title=_("Bibob"),
        template="insights/dashboard/_bibob.html",
        groups=[Group(None, figures)],
        facts={
            "counts": counts,
            "outcomes": [(str(label), counts.decisions[o]) for o, label in Outcome.choices]
            if counts is not None
            else [],
            "members": standing.members,
            "with_policy": standing.with_policy,
            "below": standing.below,
        },
    )


# --- Awareness -----------------------------------------------------------------------------------


def _share(reach: Reach) -> str:
    if not reach.size:
        return _("size unknown")
    of = _("%(reached)s of %(size)s") % {"reached": reach.reached, "size": reach.size}
    return f"{reach.share}% ({of})"


def awareness_section(reader: Reader) -> Section | None:
    """The last twelve months of the partnership's awareness work: sessions held and their
    participants, reach per target group over the members that entered its size, the
    campaigns and the learning module. Counts of people, never names (ADR 0014). A fixed
    number of statements."""
    end = timezone.localdate(reader.now)
    start = add_months(end, -12) + datetime.timedelta(days=1)
    summary = awareness.awareness_summary(reader.partnership, reader.members, start, end)
    if summary.empty and summary.matrix.empty:
        return None
    groups = summary.matrix.groups
    totals = summary.matrix.totals
    figures = []
    if groups:
        figures.append(
            Figure(
                key="bewustwording-bereik",
                title=_("Reach per target group, last twelve months"),
                template="core/_bar_chart.html",
                chart=charts.percent_bar_chart(
                    [
                        charts.BarValue(
                            g.name,
                            t.reach.share if t.reach.share is not None else None,
                            _share(t.reach),
                        )
                        for g, t in zip(groups, totals, strict=True)
                    ]
                ),
                header=[
                    _("Target group"),
                    _("Participants"),
                    _("Size"),
                    _("Share reached"),
                    _("Members without a size"),
                ],
                rows=[
                    [
                        g.name,
                        str(t.counted),
                        str(t.reach.size) if t.reach.size is not None else "—",
                        percent_text(t.reach.share, _("size unknown")),
                        str(t.unknown),
                    ]
                    for g, t in zip(groups, totals, strict=True)
                ],
            )
        )
    return Section(
        key="bewustwording",
        title=_("Awareness"),
        template="insights/dashboard/_awareness.html",
        groups=[Group(None, figures)],
        facts={"summary": summary},
    )


# Each module's section, in the order the dashboard shows them, by key: every figure's key
# starts with its section's. A module adds its own here.
SECTIONS: dict[str, Callable[[Reader], Section | None]] = {
    "programmas": programme_section,
    "scans": scan_section,
    "meldpunt": meldpunt_section,
    "informatie": information_section,
    "bibob": bibob_section,
    "bewustwording": awareness_section,
    "cijfers": indicator_section,
}


def sections(reader: Reader) -> list[Section]:
    """The sections with something to show to this reader (the caller checked that the user
    may see the partnership)."""
    return [s for make in SECTIONS.values() if (s := make(reader)) is not None]


def figure(user: Any, partnership: Partnership, key: str) -> Figure:
    """One figure, made by its own section only."""
    make = SECTIONS.get(key.split("-", 1)[0])
    section = make(Reader(user, partnership, timezone.now())) if make else None
    for found in section.figures if section else []:
        if found.key == key:
            return found
    raise Http404
