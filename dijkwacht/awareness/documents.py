"""Awareness documents: the certificate of attendance (PDF/UA), from a registration that is
still kept — once reduced to counts there is nobody to certify; and the calendar as an
iCalendar feed that Outlook subscribes to."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.utils import formats, timezone, translation
from icalendar.enums import STATUS, TRANSP

from dijkwacht.awareness import calendar
from dijkwacht.awareness.calendar import CalendarItem
from dijkwacht.awareness.models import CourseCompletion, Registration
from dijkwacht.exports.pdf import render_pdf


def certificate_pdf(registration: Registration) -> bytes:
    session = registration.session
    activity = session.activity
    starts = timezone.localtime(session.starts_at)
    with translation.override("nl"):
        return render_pdf(
            "awareness/documents/certificate.html",
            {
                "name": registration.name,
                "organisation": registration.organisation.name,
                "activity": activity,
                "organiser": activity.organiser.name,
                "footer": activity.organiser.name,
                "day": formats.date_format(starts, "l j F Y"),
                "time": formats.time_format(starts, "H:i")
                + (
                    f"–{formats.time_format(timezone.localtime(session.ends_at), 'H:i')}"
                    if session.ends_at
                    else ""
                ),
                "issued": formats.date_format(timezone.localdate(), "j F Y"),
            },
        )


def course_certificate_pdf(completion: CourseCompletion) -> bytes:
    with translation.override("nl"):
        return render_pdf(
            "awareness/documents/course_certificate.html",
            {
                "name": completion.user.get_full_name() or completion.user.email,
                "organisation": completion.organisation.name,
                "footer": completion.organisation.name,
                "course": completion.course.title,
                "completed": formats.date_format(completion.completed_on, "j F Y"),
                "result": f"{completion.right} / {completion.total}",
                "until": formats.date_format(completion.valid_until, "j F Y"),
                "issued": formats.date_format(timezone.localdate(), "j F Y"),
            },
        )


def calendar_ics(
    items: Iterable[CalendarItem],
    *,
    uid: str,
    name: str,
    base_url: str,
    now: datetime.datetime,
) -> bytes:
    """An iCalendar feed (RFC 5545) of the items: each with its stable UID and a SEQUENCE that
    rises with each change; what was called off stays in it as cancelled. Times are in UTC,
    which every calendar reads without a time-zone table; the calendar shows them in its own
    zone. A subscribing calendar reads it again every hour (`REFRESH-INTERVAL`, and
    `X-PUBLISHED-TTL` for Outlook)."""
    feed = icalendar.Calendar.new(
        uid=uid,
        prodid="-//Dijkwacht//Agenda//NL",
        name=name,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=calendar.REFRESH,
    )
    feed.add("x-published-ttl", icalendar.vDuration(calendar.REFRESH).to_ical().decode())
    feed.add("x-wr-timezone", str(timezone.get_current_timezone()))
    for item in items:
        starts: datetime.date
        ends: datetime.date | None
        if isinstance(item.starts, datetime.datetime):
            starts = item.starts.astimezone(datetime.UTC)
            ends = (
                item.ends.astimezone(datetime.UTC)
                if isinstance(item.ends, datetime.datetime)
                else None
            )
        else:
            # DTEND of a day is exclusive: the day after the last.
            starts, ends = item.starts, item.last_day + datetime.timedelta(days=1)
        description = "\n\n".join(
            part
            for part in (
                " · ".join(p for p in (item.label, item.organiser, item.partnership) if p),
                ", ".join(item.groups),
                item.description,
            )
            if part
        )
        event = icalendar.Event.new(
            uid=item.uid,
            summary=item.title,
            start=starts,
            end=ends,
            stamp=now,
            last_modified=item.changed_at,
            sequence=item.sequence,
            status=STATUS.CANCELLED if item.cancelled else STATUS.CONFIRMED,
            location=item.place or None,
            description=description or None,
            url=f"{base_url.rstrip('/')}{item.path}" if item.path else None,
            categories=[item.label] if item.label else (),
            transparency=TRANSP.TRANSPARENT if item.all_day else TRANSP.OPAQUE,
        )
        feed.add_component(event)
    return feed.to_ical()
