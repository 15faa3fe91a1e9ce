"""When a contact person's entry is due to be confirmed again: pure arithmetic on dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# An entry is confirmed again every six months; a reminder goes out two weeks before.
CONFIRM_EVERY = datetime.timedelta(days=182)
REMIND_BEFORE = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Confirmation:
    confirmed_on: datetime.date
    due_on: datetime.date
    state: str  # "confirmed", "due" (within the reminder period) or "stale" (past due)

    @property
    def is_stale(self) -> bool:
        return self.state == "stale"


def confirmation(confirmed_on: datetime.date, today: datetime.date) -> Confirmation:
    due = confirmed_on + CONFIRM_EVERY
    if today > due:
        state = "stale"
    elif today >= due - REMIND_BEFORE:
        state = "due"
    else:
        state = "confirmed"
    return Confirmation(confirmed_on, due, state)


def stale_before(today: datetime.date) -> datetime.date:
    """Entries confirmed before this day are past due today."""
    return today - CONFIRM_EVERY
