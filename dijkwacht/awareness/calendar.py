"""The communication calendar's arithmetic, without the database: what an item is, how its
UID and SEQUENCE are made, and the weeks of a month view.

An item's SEQUENCE is the number of seconds from 2024 to its last change. It rises with
every change of whatever it is made of (a session and its activity, a campaign, a scan
round), without a counter in each module to keep in step; a cancellation comes later than
any change, so it rises then too.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
# How long a cancelled item stays in the feeds after its day.
CANCELLED_KEPT = datetime.timedelta(days=30)
# A feed holds what lies within these of today: a year of history, two years ahead.
FEED_PAST = datetime.timedelta(days=365)
FEED_AHEAD = datetime.timedelta(days=730)
# How often a subscribed calendar is asked to read the feed again.
REFRESH = datetime.timedelta(hours=1)


class ItemKind(models.TextChoices):
    SESSION = "session", gettext_lazy("Activity")
    CAMPAIGN = "campaign", gettext_lazy("Campaign")
    DEADLINE = "deadline", gettext_lazy("Deadline")
    NEWSLETTER = "newsletter", gettext_lazy("Newsletter")


@dataclass(frozen=True)
class CalendarItem:
    """One thing on the calendar. `starts` and `ends` are aware datetimes, or dates for an
    all-day item (then `ends` is the last day, inclusive)."""

    uid: str
    kind: str
    title: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date | None
    changed_at: datetime.datetime
    partnership: str
    place: str = ""
    description: str = ""
    path: str = ""  # the page in Dijkwacht, without the host
    organiser: str = ""
    groups: tuple[str, ...] = field(default=())
    label: str = ""  # what kind of thing: "Workshop", "Campaign", "Scan round"
    cancelled: bool = False
    # Set for a cancelled item: stored when it was cancelled, above its last SEQUENCE.
    fixed_sequence: int | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts, datetime.datetime)

    @property
    def sequence(self) -> int:
        if self.fixed_sequence is not None:
            return self.fixed_sequence
        return sequence(self.changed_at)

    @property
    def first_day(self) -> datetime.date:
        return _day(self.starts)

    @property
    def last_day(self) -> datetime.date:
        return _day(self.ends) if self.ends is not None else self.first_day

    @property
    def spans_days(self) -> bool:
        return self.last_day > self.first_day

    def on(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


def _day(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def sequence(changed_at: datetime.datetime) -> int:
    return max(0, int((changed_at - EPOCH).total_seconds()))


def uid(kind: str, pk: int) -> str:
    """Stable for as long as the thing exists: its kind and its key, at this installation
    (its host, so two installations never share an item)."""
    return f"{kind}-{pk}@{urlsplit(settings.DIJKWACHT_BASE_URL).hostname or 'dijkwacht'}"


def month_weeks(year: int, month: int) -> list[list[datetime.date]]:
    """The weeks (Monday first) that cover a month, each of seven days; days of the months
    around it fill the first and last week."""
    return stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def last_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, stdlib_calendar.monthrange(year, month)[1])
