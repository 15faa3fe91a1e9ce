"""Reads of the newsletters: the series a person sees, an issue, its subscribers (the editors'
alone), what happened since the last issue (the draft's `Digest`) and the dates the
communication calendar shows.

The digest reads the other modules through their selectors and never the meldpunt or the
Bibob register (`tests/test_architecture.py` holds newsletters to that): a newsletter goes
to people outside the platform.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dijkwacht.awareness import calendar
from dijkwacht.awareness import selectors as awareness_selectors
from dijkwacht.awareness.calendar import CalendarItem, ItemKind
from dijkwacht.awareness.recurrence import Repeat, dates
from dijkwacht.catalogue import selectors as catalogue_selectors
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.newsletters import draft
from dijkwacht.newsletters.models import Issue, IssueState, Series, Subscriber
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.programmes import selectors as programme_selectors
from dijkwacht.programmes.models import Status
from dijkwacht.scans import selectors as scan_selectors

# The common threads of a round a newsletter names: the few most organisations fall short of.
THREADS_NAMED = 5


def series_of(user: Any, partnership: Partnership) -> QuerySet[Series]:
    """The partnership's newsletters, each with its issues sent, its last sending and the
    subscribers who confirmed: one query (each count a subquery, so neither multiplies the
    other)."""
    sent = Issue.objects.filter(series=OuterRef("pk"), state=IssueState.SENT).order_by()
    confirmed = Subscriber.objects.filter(
        series=OuterRef("pk"), confirmed_at__isnull=False
    ).order_by()
    return (
        Series.objects.visible_to(access_for(user))
        .filter(partnership=partnership)
        .annotate(
            sent_count=_count(sent),
            last_sent=Subquery(sent.order_by("-sent_at").values("sent_at")[:1]),
            subscriber_count=_count(confirmed),
        )
        .order_by("title", "pk")
    )


def _count(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.values("series").annotate(n=Count("pk")).values("n")[:1]), 0)


def get_series_for(user: Any, pk: Any) -> Series:
    return get_visible_or_404(
        Series.objects.visible_to(access_for(user)).select_related("partnership"), pk=pk
    )


def get_issue_for(user: Any, pk: Any) -> Issue:
    """An issue of a newsletter the user sees (its PDF is read only when it is taken)."""
    return get_visible_or_404(
        Issue.objects.visible_to(access_for(user))
        .select_related("series__partnership")
        .defer("pdf"),
        pk=pk,
    )


def issues_of(series: Series) -> list[Issue]:
    return list(series.issues.defer("pdf", "body").order_by("-number"))


def unsent_issue(series: Series) -> Issue | None:
    return series.issues.exclude(state=IssueState.SENT).defer("pdf").first()


def last_sent(series: Series) -> Issue | None:
    return (
        series.issues.filter(state=IssueState.SENT).defer("pdf", "body").order_by("-number").first()
    )


def stalled(issue: Issue, now: datetime.datetime) -> bool:
    """Being sent, with nothing done for ten minutes: an editor may resume it."""
    return issue.state == IssueState.SENDING and issue.updated_at < now - datetime.timedelta(
        minutes=10
    )


def issue_pdf(issue: Issue) -> bytes:
    content = Issue.objects.values_list("pdf", flat=True).get(pk=issue.pk)
    return bytes(content or b"")


def subscribers_of(series: Series) -> QuerySet[Subscriber]:
    """Who receives it and who was invited: for its editors only (the caller checked)."""
    return series.subscribers.order_by("email")


def receiving(series: Series) -> QuerySet[Subscriber]:
    return series.subscribers.filter(confirmed_at__isnull=False)


def next_date(series: Series, after: datetime.date) -> datetime.date:
    """The day the issue after one of `after` is due, by the series' cadence."""
    return dates(after, Repeat(series.cadence), 2)[1]


# --- What happened: the draft -----------------------------------------------------------------


def _programme_changes(
    partnership: Partnership, since: datetime.date, until: datetime.date
) -> list[draft.ProgrammeChanges]:
    return [
        draft.ProgrammeChanges(
            name,
            [
                draft.Change(
                    c.action,
                    c.organisation,
                    str(Status(c.old_status).label) if c.old_status else "",
                    str(Status(c.new_status).label),
                )
                for c in changes
            ],
        )
        for name, changes in programme_selectors.partnership_changes(partnership, since, until)
    ]


def _threads(
    user: Any, partnership: Partnership, since: datetime.date, until: datetime.date
) -> list[draft.RoundThreads]:
    """The rounds whose deadline fell in the period (it ends before the draft's day, so they
    closed): the norms most organisations fall short of, small counts suppressed (the
    newsletter goes beyond the partnership)."""
    access = access_for(user)
    found = []
    for scan_round in scan_selectors.rounds_due_between(partnership, since, until):
        threads = [
            draft.Thread(f"{t.norm.code} {Truncator(t.norm.text).chars(140)}", t.below, t.total)
            for t in scan_selectors.common_threads(access, scan_round, suppressed=True)
            if t.below != 0
        ][:THREADS_NAMED]
        if threads:
            found.append(draft.RoundThreads(scan_round.title, scan_round.deadline, threads))
    return found


def digest(
    user: Any,
    series: Series,
    number: int,
    since: datetime.date,
    until: datetime.date,
    planned: datetime.date,
) -> draft.Digest:
    """What happened in the series' partnership from `since` to `until` (inclusive; nothing
    when `since` is later), and what starts after the issue goes (`planned`) and before the
    next one is due: what the editor's draft is written from."""
    partnership = series.partnership
    after = max(until, planned)
    coming_until = next_date(series, planned)
    # What starts after the period, before the next issue (a session's kind is in its title).
    coming = [
        draft.Coming(
            item.first_day,
            item.title,
            "" if item.kind == ItemKind.SESSION else (item.label or "").lower(),
        )
        for item in awareness_selectors.calendar_items(
            user, [partnership], after + datetime.timedelta(days=1), coming_until
        )
        if not item.cancelled and item.kind != ItemKind.NEWSLETTER and item.first_day > after
    ]
    return draft.Digest(
        newsletter=series.title,
        number=number,
        since=since,
        until=until,
        programmes=_programme_changes(partnership, since, until),
        held=[
            draft.Held(a.title, a.first, a.last, a.sessions, a.participants, list(a.groups))
            for a in awareness_selectors.activities_held(partnership, since, until)
        ],
        coming=coming,
        sources=[
            draft.Source(s.title, s.holder.name)
            for s in catalogue_selectors.sources_shared_between(partnership, since, until)
        ],
        rounds=_threads(user, partnership, since, until),
    )


# --- The communication calendar ---------------------------------------------------------------


def neutral_title(issue: Issue) -> str:
    """ "Nieuwsbrief voor ambtenaren, nummer 3": what everyone may read of a draft."""
    return _("%(newsletter)s, issue %(number)d") % {
        "newsletter": issue.series.title,
        "number": issue.number,
    }


def calendar_items(
    partnership_ids: Sequence[int],
    names: Mapping[int, str],
    start: datetime.date,
    end: datetime.date,
) -> list[CalendarItem]:
    """The issues on the calendar: a draft on the day it is planned, a sent one on the day
    it went. One query."""
    sent_on = Q(state=IssueState.SENT, sent_at__date__gte=start, sent_at__date__lte=end)
    planned = ~Q(state=IssueState.SENT) & Q(planned_on__gte=start, planned_on__lte=end)
    issues = Issue.objects.filter(sent_on | planned, series__partnership_id__in=partnership_ids)
    label = str(ItemKind.NEWSLETTER.label)
    return [
        CalendarItem(
            uid=calendar.uid("newsletter", issue.pk),
            kind=ItemKind.NEWSLETTER,
            # A draft's own title is its editors' until it goes: the calendar names the number.
            title=issue.title if issue.state == IssueState.SENT else neutral_title(issue),
            starts=timezone.localdate(issue.sent_at) if issue.sent_at else issue.planned_on,
            ends=None,
            changed_at=issue.updated_at,
            partnership=names.get(issue.series.partnership_id, ""),
            description=issue.series.audience,
            # A draft is its editors': the others find the newsletter's page.
            path=reverse("newsletters:issue_detail", args=[issue.pk])
            if issue.state == IssueState.SENT
            else reverse("newsletters:series_detail", args=[issue.series_id]),
            label=label,
        )
        for issue in issues.select_related("series").defer("pdf", "body")
    ]


def get_subscriber_for(user: Any, pk: Any) -> Subscriber:
    """A subscriber of a newsletter the user sees (whether they may change the list is the
    caller's check)."""
    series = Series.objects.visible_to(access_for(user))
    return get_visible_or_404(
        Subscriber.objects.filter(series__in=series).select_related("series"), pk=pk
    )
