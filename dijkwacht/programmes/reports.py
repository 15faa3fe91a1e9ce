"""The progress report of a programme as plain data, for the PDF and Word documents.

A selector: it reads, aggregates in the database where it counts, and hands the documents a
small tree of dataclasses. The documents (`dijkwacht/exports`) only lay it out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from dijkwacht.programmes import progress, selectors
from dijkwacht.programmes.models import Programme, ProgressRound, Status


@dataclass(frozen=True)
class StatusGroup:
    label: str
    symbol: str
    organisations: list[str]


@dataclass(frozen=True)
class ReportAction:
    number: str
    title: str
    groups: list[StatusGroup]  # organisations per status, in the order of Status
    stale: list[str]  # organisations without recent input


@dataclass(frozen=True)
class ReportTheme:
    title: str
    ambition: str
    progress: progress.Progress
    actions: list[ReportAction]


@dataclass(frozen=True)
class OrganisationLine:
    name: str
    progress: progress.Progress


@dataclass(frozen=True)
class ProgressReport:
    partnership: str
    programme: str
    steering_body: str
    period: str
    generated_on: datetime.date
    round: ProgressRound | None
    previous_round: ProgressRound | None
    changes_period: tuple[datetime.date, datetime.date] | None
    overall: progress.Progress
    budget: progress.BudgetSummary
    themes: list[ReportTheme]
    organisations: list[OrganisationLine]
    changes: list[selectors.CellChange]
    stale_cells: int


def _period(programme: Programme) -> str:
    from django.utils.formats import date_format

    if programme.period_start and programme.period_end:
        return f"{date_format(programme.period_start)} – {date_format(programme.period_end)}"
    return date_format(programme.period_start) if programme.period_start else ""


def progress_report(
    programme: Programme,
    user: Any,
    progress_round: ProgressRound | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> ProgressReport:
    """Everything the report shows. With a period: the changes in it; with a round: that
    round's changes against the round before; otherwise the latest round's."""
    if progress_round is None and period is None:
        progress_round = programme.rounds.order_by("-opened_at").first()
    overview = selectors.programme_overview(programme)
    table = selectors.matrix(programme, user)
    names = {o.pk: o.name for o in table.organisations}
    themes: list[ReportTheme] = []
    stale_cells = 0
    theme_overviews = {t.theme.pk if t.theme else None: t for t in overview.themes}
    for group in table.groups:
        actions = []
        for row in group.rows:
            by_status: dict[str, list[str]] = defaultdict(list)
            stale: list[str] = []
            for cell in row.cells:
                if cell is None:
                    continue
                by_status[cell.status].append(names[cell.organisation_id])
                if cell.stale:
                    stale.append(names[cell.organisation_id])
            stale_cells += len(stale)
            actions.append(
                ReportAction(
                    number=row.action.number,
                    title=row.action.title,
                    groups=[
                        StatusGroup(str(s.label), progress.STYLES[s].symbol, by_status[s])
                        for s in Status
                        if by_status.get(s)
                    ],
                    stale=stale,
                )
            )
        theme_id = group.theme.pk if group.theme else None
        themes.append(
            ReportTheme(
                title=group.theme.title if group.theme else "",
                ambition=group.theme.ambition if group.theme else "",
                progress=theme_overviews[theme_id].progress
                if theme_id in theme_overviews
                else progress.progress({}),
                actions=actions,
            )
        )
    if period is not None:
        previous, changes = None, selectors.period_changes(programme, *period)
    elif progress_round is not None:
        previous, changes = selectors.round_changes(progress_round)
    else:
        previous, changes = None, []
    return ProgressReport(
        partnership=programme.partnership.name,
        programme=programme.name,
        steering_body=programme.steering_body,
        period=_period(programme),
        generated_on=timezone.localdate(),
        round=progress_round,
        previous_round=previous,
        changes_period=period,
        overall=overview.overall,
        budget=overview.budget,
        themes=themes,
        organisations=sorted(
            (OrganisationLine(o.organisation.name, o.progress) for o in overview.organisations),
            key=lambda line: (line.progress.percent_done or 0, line.name),
        ),
        changes=changes,
        stale_cells=stale_cells,
    )
