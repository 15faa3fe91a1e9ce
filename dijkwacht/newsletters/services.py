"""Writes of the newsletters: a series, an issue drafted, edited, sent or removed, and the
subscribers who come by invitation and go in one click (ADR 0014, decision 8).

Sending is the background's (`tasks.send_issue`): this module fixes who receives the issue
(a delivery per confirmed subscriber, in the same transaction that marks it being sent) and
queues the task after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dijkwacht.accounts.types import Actor
from dijkwacht.awareness import calendar
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.awareness.services import keep_cancelled
from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.newsletters import draft, selectors, tasks
from dijkwacht.newsletters.models import (
    Delivery,
    DeliveryState,
    Issue,
    IssueState,
    Series,
    Subscriber,
)
from dijkwacht.newsletters.permissions import can_edit_newsletters
from dijkwacht.newsletters.tokens import CONFIRM_DAYS
from dijkwacht.organisations.models import Partnership

SERIES_FIELDS = ["title", "audience", "cadence", "reply_to"]
ONE_AT_A_TIME = gettext_noop(
    "This newsletter has an issue that was not sent yet: finish that one first."
)
AS_IT_WENT = gettext_noop("This issue is being sent or has been sent: it stays as it went.")
ISSUE_FIELDS = ["title", "planned_on", "body"]
# One invitation holds at most this many addresses; a newsletter at most this many.
MAX_INVITED = 500
MAX_SUBSCRIBERS = 5000
# An invitation nobody confirmed is sent again at most once a day.
INVITE_AGAIN_AFTER = datetime.timedelta(days=1)
# A sending with nothing done for this long has stalled (a worker stopped, the queue is down).
STALLED_AFTER = datetime.timedelta(minutes=10)


def _refuse_unless_editor(actor: Actor, partnership_id: int) -> None:
    if not can_edit_newsletters(actor, partnership_id):
        raise PermissionDenied(_("Only the partnership's coordinators edit its newsletters."))


def series_save(
    *,
    actor: Actor,
    partnership: Partnership,
    series: Series | None = None,
    **fields: Any,
) -> Series:
    """Start a newsletter for an audience, or change its title, audience or cadence."""
    _refuse_unless_editor(actor, partnership.pk)
    if series is not None and series.partnership_id != partnership.pk:
        raise PermissionDenied(_("A newsletter stays in its partnership."))
    values = {
        name: _one_line(fields.get(name, getattr(series, name, ""))) for name in SERIES_FIELDS
    }
    same_title = Series.objects.filter(partnership=partnership, title__iexact=values["title"])
    if series is not None:
        same_title = same_title.exclude(pk=series.pk)
    if same_title.exists():
        raise ValidationError({"title": _("The partnership has a newsletter of this title.")})
    with transaction.atomic():
        if series is None:
            entry = Series(partnership=partnership, created_by=actor, **values)
            changes: dict[str, tuple[Any, Any]] = {}
        else:
            entry = Series.objects.select_for_update().get(pk=series.pk)
            changes = changed_fields(entry, SERIES_FIELDS, values)
            for name, value in values.items():
                setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        audit_record(
            actor=actor,
            action="newsletters.series_create" if series is None else "newsletters.series_update",
            obj=entry,
            changes=changes or {name: (None, value) for name, value in values.items()},
        )
    return entry


def _period_before(series: Series, until: datetime.date) -> datetime.date:
    """The first day of the cadence that ends on `until`: what a first issue covers."""
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}.get(series.cadence)
    day = datetime.timedelta(days=1)
    if months is None:  # six-weekly
        return until - datetime.timedelta(weeks=6) + day
    return add_months(until, -months) + day


def _one_line(text: Any) -> str:
    """A title on one line: it is a mail's subject too."""
    return " ".join(str(text or "").split())


def issue_draft(*, actor: Actor, series: Series, today: datetime.date | None = None) -> Issue:
    """The next issue, drafted from what happened in the whole days since the last one's
    period (the first: over one cadence) until yesterday, planned for the day the cadence
    gives. Whole days: what happens later on the drafting day is the next issue's. The draft
    is written before the series is locked; the lock then checks nothing was drafted or sent
    meanwhile."""
    _refuse_unless_editor(actor, series.partnership_id)
    today = today or timezone.localdate()
    until = today - datetime.timedelta(days=1)
    if selectors.unsent_issue(series) is not None:
        raise ValidationError(_(ONE_AT_A_TIME))
    last = selectors.last_sent(series)
    if last is not None:
        # After an issue of today's period, the next one covers nothing yet (since > until).
        since = last.until + datetime.timedelta(days=1)
        planned = max(today, selectors.next_date(series, timezone.localdate(last.sent_at)))
    else:
        since, planned = _period_before(series, until), today
    number = (last.number if last else 0) + 1
    with translation.override(settings.LANGUAGE_CODE):
        body = draft.compose(selectors.digest(actor, series, number, since, until, planned))
        title = _("%(newsletter)s, issue %(number)d") % {
            "newsletter": series.title,
            "number": number,
        }
    with transaction.atomic():
        locked = Series.objects.select_for_update().get(pk=series.pk)
        latest = selectors.last_sent(locked)
        if selectors.unsent_issue(locked) is not None or (latest and latest.number >= number):
            raise ValidationError(_(ONE_AT_A_TIME))
        issue = Issue.objects.create(
            series=locked,
            number=number,
            title=_one_line(title)[:200],
            planned_on=planned,
            since=since,
            until=until,
            body=body[: Issue._meta.get_field("body").max_length],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="newsletters.issue_draft",
            obj=issue,
            changes={
                "number": (None, number),
                "since": (None, since.isoformat()),
                "until": (None, until.isoformat()),
            },
        )
    return issue


def _refuse_unless_draft(actor: Actor, issue: Issue) -> None:
    _refuse_unless_editor(actor, issue.series.partnership_id)
    if issue.state != IssueState.DRAFT:
        raise ValidationError(_(AS_IT_WENT))


def issue_save(*, actor: Actor, issue: Issue, **fields: Any) -> Issue:
    """The editor's text, title and planned day of a draft."""
    _refuse_unless_draft(actor, issue)
    values = {name: fields.get(name, getattr(issue, name)) for name in ISSUE_FIELDS}
    values["title"] = _one_line(values["title"])
    values["body"] = str(values["body"] or "").replace("\r\n", "\n")
    with transaction.atomic():
        entry = Issue.objects.select_for_update().defer("pdf").get(pk=issue.pk)
        if entry.state != IssueState.DRAFT:
            raise ValidationError(_(AS_IT_WENT))
        changes = changed_fields(entry, ISSUE_FIELDS, values)
        if "body" in changes:  # the text itself is the issue's; the log says it changed
            changes["body"] = (len(entry.body), len(values["body"]))
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean(exclude=["series", "pdf"])
        entry.save()
        if changes:
            audit_record(actor=actor, action="newsletters.issue_update", obj=entry, changes=changes)
    return entry


def issue_remove(*, actor: Actor, issue: Issue) -> None:
    """Throw a draft away; one planned to come stays on subscribed calendars as cancelled."""
    _refuse_unless_draft(actor, issue)
    with transaction.atomic():
        entry = Issue.objects.select_for_update().defer("pdf").get(pk=issue.pk)
        if entry.state != IssueState.DRAFT:
            raise ValidationError(_(AS_IT_WENT))
        if entry.planned_on >= timezone.localdate():
            day = datetime.datetime.combine(
                entry.planned_on, datetime.time.min, timezone.get_current_timezone()
            )
            keep_cancelled(
                issue.series.partnership_id,
                calendar.uid("newsletter", entry.pk),
                selectors.neutral_title(entry),
                day,
                None,
                last_change=entry.updated_at,
                all_day=True,
            )
        audit_record(
            actor=actor,
            action="newsletters.issue_remove",
            obj=entry,
            changes={"number": (entry.number, None), "title": (entry.title, None)},
        )
        entry.delete()


def issue_send(*, actor: Actor, issue: Issue) -> Issue:
    """Send the draft to every confirmed subscriber, in the background: the deliveries are
    fixed now, the task sends them and archives the issue as PDF."""
    _refuse_unless_draft(actor, issue)
    with transaction.atomic():
        entry = Issue.objects.select_for_update().defer("pdf").get(pk=issue.pk)
        if entry.state != IssueState.DRAFT:
            raise ValidationError(_(AS_IT_WENT))
        if not entry.body.strip():
            raise ValidationError({"body": _("Write the newsletter before sending it.")})
        # Locked: an address unsubscribing now waits, then finds its delivery to let go of.
        receivers = list(
            selectors.receiving(entry.series).select_for_update().values_list("pk", flat=True)
        )
        if not receivers:
            raise ValidationError(
                _("Nobody receives this newsletter yet: invite subscribers first.")
            )
        Delivery.objects.bulk_create([Delivery(issue=entry, subscriber_id=pk) for pk in receivers])
        entry.state = IssueState.SENDING
        entry.sent_by = actor
        entry.recipients = len(receivers)
        entry.delivered = entry.failed = entry.skipped = 0
        entry.save(
            update_fields=[
                "state",
                "sent_by",
                "recipients",
                "delivered",
                "failed",
                "skipped",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="newsletters.issue_send",
            obj=entry,
            changes={
                "state": (IssueState.DRAFT.value, entry.state),
                "recipients": (None, len(receivers)),
            },
        )
        transaction.on_commit(partial(tasks.send_issue.enqueue, entry.pk))
    return entry


# --- Subscribers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invited:
    sent: int  # invitations that go out now
    receiving: int  # addresses that receive the newsletter already
    recent: int  # addresses invited in the last day: not mailed again so soon


def subscribers_invite(
    *,
    actor: Actor,
    series: Series,
    people: Sequence[tuple[str, str]],
    now: datetime.datetime | None = None,
) -> Invited:
    """Invite (name, address) pairs: each new address, and each invited one that did not
    confirm and was not invited in the last day, gets a mail with a link to confirm; those
    who receive it already are left alone."""
    _refuse_unless_editor(actor, series.partnership_id)
    if len(people) > MAX_INVITED:
        raise ValidationError(
            {"addresses": _("Invite at most %(max)d addresses at once.") % {"max": MAX_INVITED}}
        )
    now = now or timezone.now()
    wanted = {email.strip().lower(): name.strip()[:200] for name, email in people}
    with transaction.atomic():
        Series.objects.select_for_update().filter(pk=series.pk).first()
        known = {s.email: s for s in series.subscribers.filter(email__in=list(wanted))}
        receiving = {email for email, s in known.items() if s.confirmed_at is not None}
        recent = {
            email
            for email, s in known.items()
            if s.confirmed_at is None and s.invited_at > now - INVITE_AGAIN_AFTER
        }
        new = [email for email in wanted if email not in known]
        if series.subscribers.count() + len(new) > MAX_SUBSCRIBERS:
            raise ValidationError(
                {
                    "addresses": _("A newsletter has at most %(max)d subscribers.")
                    % {"max": MAX_SUBSCRIBERS}
                }
            )
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    series=series, email=email, name=wanted[email], invited_by=actor, invited_at=now
                )
                for email in new
            ]
        )
        again = [email for email in known if email not in receiving | recent]
        series.subscribers.filter(email__in=again).update(invited_at=now, invited_by=actor)
        invited = list(
            series.subscribers.filter(email__in=[*new, *again]).values_list("pk", flat=True)
        )
        audit_record(
            actor=actor,
            action="newsletters.subscribers_invite",
            obj=series,
            changes={
                "invited": (None, len(invited)),
                "already": (None, len(receiving)),
                "recently_invited": (None, len(recent)),
            },
        )
        if invited:
            transaction.on_commit(partial(tasks.send_invitations.enqueue, invited))
    return Invited(len(invited), len(receiving), len(recent))


def subscriber_remove(*, actor: Actor, subscriber: Subscriber) -> None:
    """An editor takes an address off the list: it is deleted, as when it unsubscribes."""
    _refuse_unless_editor(actor, subscriber.series.partnership_id)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="newsletters.subscriber_remove",
            obj=subscriber.series,
            changes={"subscribers": (1, 0)},
        )
        subscriber.delete()


def subscription_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The invited person confirms (the link's token was checked): they receive the next
    issue. Confirming twice changes nothing."""
    with transaction.atomic():
        updated = Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=None, action="newsletters.subscription_confirm", obj=subscriber.series
            )
    subscriber.refresh_from_db()
    return subscriber


def unsubscribe(*, subscriber: Subscriber) -> None:
    """One click: the address is deleted, and an issue being sent skips it."""
    with transaction.atomic():
        audit_record(actor=None, action="newsletters.unsubscribe", obj=subscriber.series)
        subscriber.delete()


def invitations_expire(*, now: datetime.datetime) -> int:
    """Invitations nobody confirmed within the link's life go, with their addresses."""
    deleted, _rows = Subscriber.objects.filter(
        confirmed_at__isnull=True, invited_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    ).delete()
    return deleted


def _resume(issue_ids: list[int], now: datetime.datetime) -> None:
    """Claims older than ten minutes were a worker's that stopped: whether their mail went is
    not known, and it is not sent again. Then the task sends what waits and closes."""
    Delivery.objects.filter(
        issue_id__in=issue_ids,
        state=DeliveryState.CLAIMED,
        claimed_at__lt=now - STALLED_AFTER,
    ).update(state=DeliveryState.UNKNOWN)
    for pk in issue_ids:
        transaction.on_commit(partial(tasks.send_issue.enqueue, pk))


def sending_resume(*, now: datetime.datetime) -> int:
    """Queue again the issues still being sent with nothing done for ten minutes (the queue
    was unreachable, a worker stopped)."""
    stalled = list(
        Issue.objects.filter(
            state=IssueState.SENDING, updated_at__lt=now - STALLED_AFTER
        ).values_list("pk", flat=True)
    )
    _resume(stalled, now)
    return len(stalled)


def issue_sending_resume(
    *, actor: Actor, issue: Issue, now: datetime.datetime | None = None
) -> None:
    """An editor resumes a sending that stalled (nothing done for ten minutes)."""
    _refuse_unless_editor(actor, issue.series.partnership_id)
    now = now or timezone.now()
    if not selectors.stalled(Issue.objects.defer("pdf").get(pk=issue.pk), now):
        raise ValidationError(_("This issue is not waiting to be sent again."))
    with transaction.atomic():
        audit_record(actor=actor, action="newsletters.issue_resume", obj=issue)
        _resume([issue.pk], now)
