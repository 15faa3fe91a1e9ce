"""The term within which a source's owner decides on a request for access: pure arithmetic on
dates, shown as a clock beside every request."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# A request is "due soon" in the last days of its term.
SOON_DAYS = 5


@dataclass(frozen=True)
class DecisionClock:
    due: datetime.date | None  # None: nothing due any more (decided or withdrawn)
    days_left: int  # negative when overdue; 0 when nothing is due

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def state(self) -> str:
        if self.due is None:
            return "none"
        if self.days_left < 0:
            return "overdue"
        return "soon" if self.days_left <= SOON_DAYS else "running"


def decision_due(submitted_on: datetime.date, days: int) -> datetime.date:
    """The last day on which the owner decides: `days` calendar days after the request."""
    return submitted_on + datetime.timedelta(days=days)


def decision_clock(*, due: datetime.date, decided: bool, today: datetime.date) -> DecisionClock:
    """How much of the term is left today; a decided (or withdrawn) request runs no clock."""
    if decided:
        return DecisionClock(None, 0)
    return DecisionClock(due, (due - today).days)
