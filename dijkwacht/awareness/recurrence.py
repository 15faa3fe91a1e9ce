"""When a recurring activity meets: the dates of its sessions from the first one. Pure.

Overijssel's integrity workshop for new staff is monthly, a newsletter goes out every six
weeks, the meeting for vulnerable positions is yearly. A monthly series started on the 31st
meets on the last day of the shorter months and on the 31st again after them, as a person
planning it would; a series "every month on the same weekday" keeps to the second Tuesday.
"""

from __future__ import annotations

import calendar
import datetime
from enum import StrEnum

# At most this many sessions are planned at once: a few years of a monthly workshop.
MAX_SESSIONS = 60


class Repeat(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    MONTHLY_WEEKDAY = "monthly-weekday"  # the second Tuesday of every month
    SIX_WEEKLY = "six-weekly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


_WEEKS = {Repeat.WEEKLY: 1, Repeat.FORTNIGHTLY: 2, Repeat.SIX_WEEKLY: 6}
_MONTHS = {Repeat.MONTHLY: 1, Repeat.QUARTERLY: 3, Repeat.YEARLY: 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def same_weekday(day: datetime.date, months: int) -> datetime.date:
    """The same weekday of the month `months` later, as the how-manieth in its month (the
    second Tuesday); a fifth one that month lacks becomes its last."""
    nth = (day.day - 1) // 7
    start = add_months(day.replace(day=1), months)
    first = start + datetime.timedelta(days=(day.weekday() - start.weekday()) % 7)
    last = calendar.monthrange(start.year, start.month)[1]
    weeks = min(nth, (last - first.day) // 7)
    return first + datetime.timedelta(weeks=weeks)


def dates(first: datetime.date, repeat: Repeat, count: int) -> list[datetime.date]:
    """`count` session dates from `first` on (one for a single session)."""
    if count < 1 or count > MAX_SESSIONS:
        raise ValueError(f"between 1 and {MAX_SESSIONS} sessions")
    if repeat is Repeat.ONCE:
        return [first]
    if repeat in _WEEKS:
        step = datetime.timedelta(weeks=_WEEKS[repeat])
        return [first + step * n for n in range(count)]
    if repeat is Repeat.MONTHLY_WEEKDAY:
        return [same_weekday(first, n) for n in range(count)]
    return [add_months(first, _MONTHS[repeat] * n) for n in range(count)]
