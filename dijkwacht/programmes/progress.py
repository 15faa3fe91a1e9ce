"""Pure arithmetic of programme progress: staleness, progress per group, budget use.

No ORM here: selectors aggregate in the database and hand plain numbers to these functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from dijkwacht.programmes.models import Status

# Statuses that count as done: the action is carried out (once, or as part of the routine).
DONE = frozenset({Status.STRUCTURAL, Status.COMPLETED})
STATUSES = frozenset(Status.values)  # read once: `values` builds its list on every call


@dataclass(frozen=True)
class StatusStyle:
    css: str  # modifier of the `dw-status` class; colours in dijkwacht.css
    symbol: str  # shown beside the text, so colour is never the only carrier


STYLES: dict[str, StatusStyle] = {
    Status.STRUCTURAL: StatusStyle("structural", "↻"),
    Status.COMPLETED: StatusStyle("completed", "✓"),
    Status.IN_PROGRESS: StatusStyle("in-progress", "▶"),
    Status.PLANNED: StatusStyle("planned", "◷"),
    Status.NOT_TAKEN_UP: StatusStyle("not-taken-up", "✕"),
    Status.UNDETERMINED: StatusStyle("undetermined", "?"),
}


def stale_before(now: datetime.datetime, stale_after_days: int) -> datetime.datetime:
    """Cells last updated before this moment show as 'no input'."""
    return now - datetime.timedelta(days=stale_after_days)


def is_stale(
    updated_at: datetime.datetime | None, now: datetime.datetime, stale_after_days: int
) -> bool:
    """A cell nobody ever updated, or nobody updated within the period, has no input."""
    return updated_at is None or updated_at < stale_before(now, stale_after_days)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    in_progress: int
    planned: int
    not_taken_up: int
    undetermined: int

    @property
    def percent_done(self) -> int | None:
        """Share of the cells that are done, rounded down; None when there are none."""
        return None if self.total == 0 else (100 * self.done) // self.total


def progress(counts: Mapping[str, int]) -> Progress:
    unknown = counts.keys() - STATUSES
    if unknown:
        raise ValueError(f"Unknown statuses: {sorted(unknown)}")
    return Progress(
        total=sum(counts.values()),
        done=sum(n for status, n in counts.items() if status in DONE),
        in_progress=counts.get(Status.IN_PROGRESS, 0),
        planned=counts.get(Status.PLANNED, 0),
        not_taken_up=counts.get(Status.NOT_TAKEN_UP, 0),
        undetermined=counts.get(Status.UNDETERMINED, 0),
    )


@dataclass(frozen=True)
class BudgetSummary:
    execution_budget: Decimal | None
    planned: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.execution_budget is None else self.execution_budget - self.spent

    @property
    def over_budget(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def percent_spent(self) -> int | None:
        if not self.execution_budget:
            return None
        return int(100 * self.spent / self.execution_budget)


def budget_summary(
    execution_budget: Decimal | None, planned: Decimal | None, spent: Decimal | None
) -> BudgetSummary:
    return BudgetSummary(execution_budget, planned or Decimal(0), spent or Decimal(0))
