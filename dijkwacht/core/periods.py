"""A reporting period from the query string (`?van=2026-01-01&tot=2026-06-30`), bounded.

Dates far in the past or future make no sense for a report and, at the edges of the calendar,
cannot even be turned into a time in Amsterdam; so a period is read strictly, and anything
else is an error the user reads in Dutch, never a 500.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

EARLIEST = datetime.date(1990, 1, 1)
YEARS_AHEAD = 10


def latest(today: datetime.date) -> datetime.date:
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def report_period(
    start: str | None, end: str | None, *, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """None when no period is asked for; otherwise both dates, checked. Raises a
    ValidationError naming `van` or `tot`."""
    if not start and not end:
        return None
    errors: dict[str, str] = {}
    parsed: dict[str, datetime.date] = {}
    last = latest(today)
    for name, text in (("van", start), ("tot", end)):
        try:
            value = parse_date((text or "").strip()[:10]) if text else None
        except ValueError:
            value = None
        if value is None:
            errors[name] = _("Give a date as YYYY-MM-DD (for example 2026-06-30).")
        elif not EARLIEST <= value <= last:
            errors[name] = _("Choose a date between %(first)s and %(last)s.") % {
                "first": EARLIEST.isoformat(),
                "last": last.isoformat(),
            }
        else:
            parsed[name] = value
    if not errors and parsed["van"] > parsed["tot"]:
        errors["tot"] = _("The end of the period comes before its start.")
    if errors:
        raise ValidationError(errors)
    return parsed["van"], parsed["tot"]
