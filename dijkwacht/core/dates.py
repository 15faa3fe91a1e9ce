"""Dates as Dutch readers expect them in tables and lists: "24 nov. 2026", "3 mei 2026".

Django's "M" gives "Nov" in Dutch too, and "N" drops the dot; the abbreviations here follow
the Dutch convention (a dot after a shortened month, none after "mei"), in the active language.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import pgettext_lazy

SHORT_MONTHS = {
    1: pgettext_lazy("short month", "Jan"),
    2: pgettext_lazy("short month", "Feb"),
    3: pgettext_lazy("short month", "Mar"),
    4: pgettext_lazy("short month", "Apr"),
    5: pgettext_lazy("short month", "May"),
    6: pgettext_lazy("short month", "Jun"),
    7: pgettext_lazy("short month", "Jul"),
    8: pgettext_lazy("short month", "Aug"),
    9: pgettext_lazy("short month", "Sep"),
    10: pgettext_lazy("short month", "Oct"),
    11: pgettext_lazy("short month", "Nov"),
    12: pgettext_lazy("short month", "Dec"),
}


def short_date(value: datetime.date | None, with_time: bool = False) -> str:
    """ "24 nov. 2026" (or "24 nov. 2026 14:05" with the time); a moment in local time."""
    if value is None:
        return ""
    moment = value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        moment = timezone.localtime(value)
    text = f"{moment.day} {SHORT_MONTHS[moment.month]} {moment.year}"
    if with_time and isinstance(moment, datetime.datetime):
        text += f" {moment:%H:%M}"
    return text
