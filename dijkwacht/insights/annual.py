"""The annual report's facts: what each section says from the platform, as plain data that a
published version keeps (JSON) and the documents and the page draw.

Each section is a function over a `Reading` (the report's partnership, organisation and
period) returning its facts, or None when it has nothing to say. A later module (Bibob,
awareness, …) adds its function to `SECTIONS`; the compose page, the documents and the API
take every section from that list. Figures are read as for a viewer of the partnership's
dashboard — counts of 1–4 suppressed, totals protected — because the report is written for
administrators who do not see the records; the public version also leaves out every person.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dijkwacht.awareness import selectors as awareness_selectors
from dijkwacht.bibob import selectors as bibob_selectors
from dijkwacht.bibob.models import AdviceConclusion as BibobConclusion
from dijkwacht.bibob.models import Domain as BibobDomain
from dijkwacht.bibob.models import Outcome as BibobOutcome
from dijkwacht.catalogue import selectors as catalogue_selectors
from dijkwacht.catalogue import systems
from dijkwacht.catalogue.models import AccessLevel
from dijkwacht.core.suppression import SMALL_COUNT, shown, suppress
from dijkwacht.insights import indicators
from dijkwacht.insights.dashboard import percent_text
from dijkwacht.insights.models import AnnualReport, PeriodType, Polarity, Unit
from dijkwacht.insights.selectors import indicators_for_year
from dijkwacht.meldpunt.models import Kind
from dijkwacht.meldpunt.selectors import partnership_figures
from dijkwacht.organisations.models import OrganisationKind
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.selectors import partnership_members
from dijkwacht.programmes.models import Status
from dijkwacht.programmes.progress import STYLES
from dijkwacht.programmes.selectors import ProgrammeInPeriod, programmes_in_period
from dijkwacht.scans.selectors import partnership_scan_figures

SCHEMA = 1  # of a version's content: raise it when its shape changes, and read both
MAX_TEXT = 10_000  # characters in one text block


class Reading:
    """The report being read: its scope, and what more than one section reads (once)."""

    def __init__(self, report: AnnualReport, user: Any) -> None:
        self.report = report
        self.user = user  # who composes it: whose access reads the scans
        self.partnership = report.partnership
        self.organisation = report.organisation
        self.start = report.period_start
        self.end = report.period_end

    @cached_property
    def programmes(self) -> list[ProgrammeInPeriod]:
        return programmes_in_period(self.partnership, self.start, self.end, self.organisation)

    def text(self, key: str) -> str:
        return str(self.report.texts.get(key, ""))


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def summary_facts(reading: Reading) -> dict[str, Any] | None:
    """The programmes at a glance; the coordinator's summary says the rest."""
    return {
        "programmes": [
            {
                "name": found.programme.name,
                "total": found.overall.total,
                "done": found.overall.done,
                "percent": found.overall.percent_done,
            }
            for found in reading.programmes
        ]
    }


# --- Themes, actions and budget -----------------------------------------------------------------


def themes_facts(reading: Reading) -> dict[str, Any] | None:
    """Per programme and theme: its ambition, the coordinator's text, its cells per status
    and its actions with theirs (the status colours of the matrix)."""
    if not reading.programmes:
        return None
    return {
        "programmes": [
            {
                "name": found.programme.name,
                "themes": [
                    {
                        "key": theme_key(found.programme.pk, group.theme),
                        "title": group.theme.title if group.theme else "",
                        "ambition": group.theme.ambition if group.theme else "",
                        "text": reading.text(theme_key(found.programme.pk, group.theme)),
                        "total": group.progress.total,
                        "done": group.progress.done,
                        "percent": group.progress.percent_done,
                        "actions": [
                            {
                                "number": line.action.number,
                                "title": line.action.title,
                                "lead": line.action.lead_organisation.name
                                if line.action.lead_organisation
                                else "",
                                # A person: left out of the public version.
                                "owner": line.action.owner.get_full_name()
                                if line.action.owner
                                else "",
                                "cells": _cells(line.counts),
                            }
                            for line in group.actions
                        ],
                    }
                    for group in found.themes
                ],
            }
            for found in reading.programmes
        ]
    }


def _cells(counts: dict[str, int]) -> list[dict[str, Any]]:
    """An action's cells per status, in the matrix's order, each with its word and symbol so
    the colour is never the only carrier."""
    return [
        {
            "status": status,
            "css": STYLES[status].css,
            "label": str(label),
            "symbol": STYLES[status].symbol,
            "n": counts[status],
        }
        for status, label in Status.choices
        if counts.get(status)
    ]


def theme_key(programme_id: int, theme: Any) -> str:
    """A theme's place; the actions without a theme have one per programme."""
    return f"thema-{theme.pk}" if theme is not None else f"programma-{programme_id}"


def budget_facts(reading: Reading) -> dict[str, Any] | None:
    """Per programme and theme what its actions plan and spent, and the execution budget."""
    programmes = []
    for found in reading.programmes:
        rows = [
            {
                "theme": group.theme.title if group.theme else "",
                "planned": _amount(group.budget_planned),
                "spent": _amount(group.budget_spent),
            }
            for group in found.themes
            if group.budget_planned or group.budget_spent
        ]
        if not rows:
            continue
        programmes.append(
            {
                "name": found.programme.name,
                "execution_budget": _amount(found.programme.execution_budget),
                "rows": rows,
                "planned": _amount(sum((g.budget_planned for g in found.themes), Decimal(0))),
                "spent": _amount(sum((g.budget_spent for g in found.themes), Decimal(0))),
            }
        )
    return {"programmes": programmes} if programmes else None


# --- Indicators ---------------------------------------------------------------------------------


def indicator_key(indicator_id: int) -> str:
    return f"indicator-{indicator_id}"


def stored_plan(value: Any) -> Decimal | None:
    """A plan as `plans` keeps it (the service stores only numbers)."""
    if value in (None, ""):
        return None
    try:
        return indicators.parse_number(value)
    except indicators.BadNumber:
        return None


def _deviation(
    actual: Decimal | None, plan: Decimal | None, polarity: str
) -> tuple[Decimal | None, str]:
    """Actual minus plan, and whether that is better or worse than planned."""
    if actual is None or plan is None:
        return None, ""
    difference = actual - plan
    if difference == 0 or polarity == Polarity.NEUTRAL:
        return difference, "" if difference else "on_plan"
    higher_better = polarity == Polarity.HIGHER_IS_BETTER
    return difference, "better" if (difference > 0) == higher_better else "worse"


def indicators_facts(reading: Reading) -> dict[str, Any] | None:
    """The partnership's indicators: this year, the year before, the plan the coordinator
    set, the deviation and its explanation. A count that must be suppressed reads "<5"."""
    year = reading.report.year
    found = indicators_for_year(reading.partnership, year, reading.organisation)
    if not found:
        return None
    numbers = indicators.Numbers()
    rows = []
    for line in found:
        indicator = line.indicator
        unit, decimals = indicator.unit, indicator.decimals
        key = indicator_key(indicator.pk)
        plan = stored_plan(reading.report.plans.get(key))
        actual, actual_periods = line.figures[year]
        previous = line.figures[year - 1][0]
        actual_hidden = line.hidden(year)
        difference, verdict = _deviation(
            None if actual_hidden else actual, plan, indicator.polarity
        )
        expected = indicators.PERIODS_IN_YEAR[PeriodType(indicator.period_type)]
        partial = 0 < actual_periods < expected and unit == Unit.COUNT
        if partial:
            verdict = ""  # a sum over part of the year against the year's plan says nothing
        deviation = ""
        if difference is not None:
            sign = "+" if difference > 0 else ""
            if unit == Unit.PERCENT:
                points = _("percentage points")
                deviation = f"{sign}{numbers.text(difference, Unit.NUMBER, decimals)} {points}"
            else:
                deviation = sign + numbers.text(difference, unit, decimals)
        rows.append(
            {
                "key": key,
                "name": indicator.name,
                "unit": indicator.get_unit_display(),
                "fictitious": indicator.fictitious,
                # Said beside the name, unless the name says so already.
                "marked": indicator.fictitious
                and _("example figures") not in indicator.name.lower(),
                "source": indicator.source_name,
                "actual": actual_hidden or numbers.text(actual, unit, decimals),
                "partial": partial,
                "periods": actual_periods,
                "expected_periods": expected,
                "previous": line.hidden(year - 1) or numbers.text(previous, unit, decimals),
                "plan": "" if plan is None else numbers.text(plan, unit, decimals),
                "deviation": deviation,
                "verdict": verdict,
                "explanation": reading.text(key),
            }
        )
    return {"year": year, "indicators": rows}


# --- Scans --------------------------------------------------------------------------------------


def scans_facts(reading: Reading) -> dict[str, Any] | None:
    """Per framework the rounds started up to the end of the period: how many organisations,
    basis op orde, norms met; and the rode draden of the newest. Always the partnership's
    (an organisation's own results are for its own pages)."""
    frameworks = partnership_scan_figures(
        access_for(reading.user),
        reading.partnership,
        suppressed=True,
        until=reading.end,
        for_everyone=True,
    )
    if not frameworks:
        return None
    return {
        "frameworks": [
            {
                "name": str(figures.framework),
                "rounds": [
                    {
                        "title": r.round.title,
                        "organisations": shown(r.organisations),
                        "basis": shown(r.basis_op_orde),
                        "basis_percent": percent_text(r.basis_percent, "—"),
                        "score_percent": percent_text(
                            None if r.score is None else r.score.percent, "—"
                        ),
                    }
                    for r in figures.rounds
                ],
                "threads": [
                    {
                        "code": t.norm.code,
                        "text": t.norm.text,
                        "below": shown(t.below),
                        "total": shown(t.total),
                    }
                    for t in figures.threads
                ],
            }
            for figures in frameworks
        ]
    }


# --- Meldpunt -----------------------------------------------------------------------------------


def meldpunt_facts(reading: Reading) -> dict[str, Any] | None:
    """Reports per quarter and kind in the period, the total per kind, and the share of the
    clocks met: counts of 1–4 read "<5", totals that would give one away "×"."""
    figures = partnership_figures(
        reading.partnership,
        period=(reading.start, reading.end),
        organisation=reading.organisation,
    )
    if not figures.totals:
        return None
    labels = {kind: str(label).capitalize() for kind, label in Kind.choices}
    too_few = _("too few reports")
    return {
        "kinds": [labels[k] for k in Kind.values],
        "quarters": [
            {
                "label": _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                "counts": [shown(figures.count(year, quarter, kind)) for kind in Kind.values],
            }
            for year, quarter in figures.quarters
        ],
        "totals": [shown(figures.total(kind)) for kind in Kind.values],
        "clocks": [
            {
                "kind": labels[c.kind],
                "acknowledged": percent_text(c.acknowledged_in_time, too_few),
                "feedback": percent_text(c.feedback_in_time, too_few),
            }
            for c in figures.clocks
        ],
    }


def _small(count: int) -> str:
    """A count of records the reader may not see: 1–4 read "<5"."""
    return shown(suppress(count))


def information_facts(reading: Reading) -> dict[str, Any] | None:
    """The information position: the sources the members (or the organisation) describe per
    access level, the requests for access per source in the period (counts suppressed), the
    completed checklists per outcome, and the municipalities without a known register per
    kind. Requests and checklists are counted, never named."""
    partnership = reading.partnership
    holders = (
        [reading.organisation.pk]
        if reading.organisation
        else [m.pk for m in partnership_members(partnership)]
    )
    sources = catalogue_selectors.source_counts(holders)
    requests = catalogue_selectors.request_counts(holders, reading.start, reading.end)
    outcomes = catalogue_selectors.checklist_counts(partnership, reading.start, reading.end)
    overview = catalogue_selectors.systems_overview(partnership, kind=OrganisationKind.MUNICIPALITY)
    gaps = [
        (kind, systems.column_gap(
            systems.state(cell.has_register if (cell := overview.cell(m.pk, kind.pk)) else None)
            for m in overview.members
        ))
        for kind in overview.kinds
    ]  # fmt: skip
    recorded = any(overview.cells)
    if not (sources or requests or outcomes or recorded):
        return None
    parties = {"provincie": _("the province"), "riec": _("the RIEC"), "politie": _("the police"),
               "lokaal": _("locally")}  # fmt: skip
    return {
        "sources": [
            {"access": str(label).capitalize(), "count": sources.get(level, 0)}
            for level, label in AccessLevel.choices
        ],
        "requests": [
            {
                "source": r.title,
                "holder": r.holder,
                "total": _small(r.total),
                "granted": _small(r.granted),
                "refused": _small(r.refused),
                "waiting": _small(r.waiting),
                "in_time": percent_text(
                    r.decided_in_time / (r.granted + r.refused) * 100
                    if r.granted + r.refused >= SMALL_COUNT
                    else None,
                    _("too few decisions"),
                ),
            }
            for r in requests
        ],
        "outcomes": [
            {"party": parties.get(party, party), "outcome": title, "count": _small(count)}
            for party, title, count in outcomes
        ],
        "gaps": [
            {"kind": kind.name, "gaps": gap.gaps, "total": gap.total}
            for kind, gap in gaps
            if recorded and gap.total
        ],
    }


def bibob_facts(reading: Reading) -> dict[str, Any] | None:
    """Counts only (art. 28 Wet Bibob): the members' screenings opened in the report's
    calendar year per domain and quarter, the decisions per kind, the LBB's advice requests
    and conclusions, the entries in the national register and the terms met, suppressed and
    protected as
    for any reader outside a team; and how the members' Bibob policies stand against the
    partnership's reference. An organisation's own report has none of it."""
    if reading.organisation is not None:
        # One member's counts, published to the whole partnership, would undo the
        # suppression of the partnership's (subtract them): an organisation's report has none.
        return None
    members = partnership_members(reading.partnership)
    # The calendar year the report starts in, whatever its period: a period moved a day at a
    # time would otherwise count the screenings of each day.
    counts = bibob_selectors.figures(
        [m.pk for m in members], reading.start.year, suppressed=True, terms=True
    )
    standing = bibob_selectors.policy_standing(reading.partnership, members)
    with_policy = standing.with_policy
    opened = counts.total != 0
    decided = any(v != 0 for v in counts.decisions.values())  # None: 1–4, not none
    if not opened and not with_policy and not decided:
        return None
    domains = dict(BibobDomain.choices)
    return {
        "year": counts.year,
        "opened": [
            {
                "domain": str(domains[domain]).capitalize(),
                "quarters": [shown(n) for n in quarters.values()],
                "total": shown(counts.opened_total[domain]),
            }
            for domain, quarters in counts.opened.items()
        ],
        "total": shown(counts.total),
        "decisions": [
            {"outcome": str(label).capitalize(), "count": shown(counts.decisions[o])}
            for o, label in BibobOutcome.choices
        ],
        "lbb_requests": shown(counts.lbb_requests),
        "lbb_conclusions": [
            {"conclusion": str(label).capitalize(), "count": shown(counts.lbb_conclusions[c])}
            for c, label in BibobConclusion.choices
        ],
        "registered": shown(counts.registered),
        "terms": [(label, str(value)) for label, value in bibob_selectors.terms_lines(counts.terms)]
        if counts.terms is not None
        else [],
        "members": standing.members,
        "with_policy": with_policy,
        "below": standing.below,
    }


def awareness_facts(reading: Reading) -> dict[str, Any] | None:
    """Awareness in the period: the partnership's sessions held and their participants, reach
    per target group over the members (or the organisation), the campaigns, and the learning
    module's completions that hold on the last day. Counts of people, never names: reach is
    not secret (ADR 0014); completions are a person's record, so their total is protected as
    for any reader outside a member."""
    members = (
        [reading.organisation] if reading.organisation else partnership_members(reading.partnership)
    )
    summary = awareness_selectors.awareness_summary(
        reading.partnership, members, reading.start, reading.end
    )
    if summary.empty and summary.matrix.empty:
        return None
    return {
        "activities": summary.activities,
        "sessions": summary.sessions,
        "participants": summary.participants,
        "reach": [
            {
                "group": group.name,
                "reached": total.counted,  # every member's; the share is over those with a size
                "size": "—" if total.reach.size is None else str(total.reach.size),
                "share": percent_text(total.reach.share, _("size unknown")),
                "unknown": total.unknown,
            }
            for group, total in zip(summary.matrix.groups, summary.matrix.totals, strict=True)
        ],
        "campaigns": [
            {
                "title": c.title,
                "period": " – ".join(date_format(d, "j F Y") for d in (c.starts_on, c.ends_on)),
                "people_reached": "—" if c.people_reached is None else str(c.people_reached),
            }
            for c in summary.campaigns
        ],
        "courses": [
            {
                "title": c.title,
                "group": c.group,
                "completed": shown(c.completed),
                "share": percent_text(c.share, "—"),
            }
            for c in summary.courses
            if c.completed != 0
        ],
    }


# --- The sections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: Promise
    facts: Callable[[Reading], dict[str, Any] | None] | None  # None: text only
    prompt: Promise  # what the coordinator writes here


# In the order of the report. The outlook is the coordinator's words only.
SECTIONS: list[ReportSection] = [
    ReportSection(
        "samenvatting",
        gettext_lazy("Summary"),
        summary_facts,
        gettext_lazy("The year in a few paragraphs: what was achieved, what was not, and why."),
    ),
    ReportSection(
        "themas",
        gettext_lazy("Themes and actions"),
        themes_facts,
        gettext_lazy("About the programme as a whole; each theme has its own text below."),
    ),
    ReportSection(
        "indicatoren",
        gettext_lazy("Indicators"),
        indicators_facts,
        gettext_lazy("How to read the figures; each indicator has its plan and explanation."),
    ),
    ReportSection(
        "budget",
        gettext_lazy("Budget"),
        budget_facts,
        gettext_lazy("What the money was spent on, and what was not spent."),
    ),
    ReportSection(
        "scans",
        gettext_lazy("Resilience scans"),
        scans_facts,
        gettext_lazy("What the scans showed and what the organisations do with it."),
    ),
    ReportSection(
        "meldpunt",
        gettext_lazy("Meldpunt"),
        meldpunt_facts,
        gettext_lazy("What the reports were about, in general terms, and what followed."),
    ),
    ReportSection(
        "informatiepositie",
        gettext_lazy("Information position"),
        information_facts,
        gettext_lazy("What the partners share, what they asked of each other, and the gaps."),
    ),
    ReportSection(
        "bibob",
        gettext_lazy("Bibob"),
        bibob_facts,
        gettext_lazy("How the Wet Bibob was applied, and where the members' policies differ."),
    ),
    ReportSection(
        "bewustwording",
        gettext_lazy("Awareness"),
        awareness_facts,
        gettext_lazy("Who the sessions and campaigns reached, and where the dike is still low."),
    ),
    ReportSection(
        "vooruitblik",
        gettext_lazy("Outlook"),
        None,
        gettext_lazy("What the partnership will do next year."),
    ),
]


def content(
    report: AnnualReport, user: Any, *, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The whole report as plain data, read by its composer: the facts as they are now and
    the coordinator's texts. A published version keeps exactly this; a draft is drawn from it
    afresh."""
    reading = Reading(report, user)
    sections = []
    for section in SECTIONS:
        # Every section, also without facts: the coordinator may still say something there
        # ("no reports this year"); the documents leave out a section with neither.
        facts = section.facts(reading) if section.facts else None
        sections.append(
            {
                "key": section.key,
                "title": str(section.title),
                "text": reading.text(section.key),
                "facts": facts,
            }
        )
    return {
        "schema": SCHEMA,
        "title": report.title,
        "partnership": report.partnership.name,
        "organisation": report.organisation.name if report.organisation else "",
        "year": report.year,
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "made_at": (now or timezone.now()).isoformat(),
        "sections": sections,
    }


def text_keys(content: dict[str, Any]) -> list[str]:
    """Every place the coordinator may write, in the order of the report: the sections, each
    theme, each indicator's explanation."""
    keys = []
    for section in content["sections"]:
        keys.append(section["key"])
        facts = section["facts"] or {}
        for programme in facts.get("programmes", []) if section["key"] == "themas" else []:
            keys.extend(theme["key"] for theme in programme["themes"])
        keys.extend(row["key"] for row in facts.get("indicators", []))
    return keys
