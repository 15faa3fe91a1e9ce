"""Writes of the newsletters: a series, an issue drafted, edited, sent or removed, and the
subscribers who come by invitation and go in one click (ADR 0014, decision 8).

Sending is the background's (`tasks.send_issue`): this module fixes who receives the issue
(a delivery per confirmed subscriber, in the same transaction that marks it being sent) and
queues the task after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.awareness import calendar
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.awareness.services import keep_cancelled
from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.newsletters import draft, selectors, tasks
from dijkwacht.newsletters.models import (
    Delivery,
    Issue,
    IssueState,
    Series,
    Subscriber,
)
from dijkwacht.newsletters.permissions import can_edit_newsletters
from dijkwacht.newsletters.tokens import CONFIRM_DAYS
from dijkwacht.organisations.models import Partnership

SERIES_FIELDS = ["title", "audience", "cadence", "reply_to"]
ISSUE_FIELDS = ["title", "planned_on", "body"]
# One invitation holds at most this many addresses; a newsletter at most this many.
MAX_INVITED = 500
MAX_SUBSCRIBERS = 5000


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
        name: str(fields.get(name, getattr(series, name, "")) or "").strip()
        for name in SERIES_FIELDS
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
    """The first day of one cadence before `until`: what a first issue covers."""
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}.get(series.cadence)
    if months is None:  # six-weekly
        return until - datetime.timedelta(weeks=6)
    return add_months(until, -months)


def issue_draft(*, actor: Actor, series: Series, today: datetime.date | None = None) -> Issue:
    """The next issue, drafted from what happened since the last one was sent (or over one
    cadence, for the first) until today, planned for the day the cadence gives."""
    _refuse_unless_editor(actor, series.partnership_id)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Series.objects.select_for_update().get(pk=series.pk)
        if selectors.unsent_issue(locked) is not None:
            raise ValidationError(
                _("This newsletter has an issue that was not sent yet: finish that one first.")
            )
        last = selectors.last_sent(locked)
        if last is not None and last.sent_at is not None:
            since = timezone.localdate(last.sent_at)
            planned = max(today, selectors.next_date(locked, since))
        else:
            since, planned = _period_before(locked, today), today
        number = (last.number if last else 0) + 1
        with translation.override(settings.LANGUAGE_CODE):
            body = draft.compose(selectors.digest(actor, locked, number, since, today))
            title = _("%(newsletter)s, issue %(number)d") % {
                "newsletter": locked.title,
                "number": number,
            }
        issue = Issue.objects.create(
            series=locked,
            number=number,
            title=title[:200],
            planned_on=planned,
            since=since,
            body=body[: Issue._meta.get_field("body").max_length],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="newsletters.issue_draft",
            obj=issue,
            changes={"number": (None, number), "since": (None, since.isoformat())},
        )
    return issue


def _refuse_unless_draft(actor: Actor, issue: Issue) -> None:
    _refuse_unless_editor(actor, issue.series.partnership_id)
    if issue.state != IssueState.DRAFT:
        raise ValidationError(_("This issue has been sent: it stays as it went."))


def issue_save(*, actor: Actor, issue: Issue, **fields: Any) -> Issue:
    """The editor's text, title and planned day of a draft."""
    _refuse_unless_draft(actor, issue)
    values = {name: fields.get(name, getattr(issue, name)) for name in ISSUE_FIELDS}
    values["title"] = str(values["title"] or "").strip()
    values["body"] = str(values["body"] or "").replace("\r\n", "\n")
    with transaction.atomic():
        entry = Issue.objects.select_for_update().defer("pdf").get(pk=issue.pk)
        if entry.state != IssueState.DRAFT:
            raise ValidationError(_("This issue has been sent: it stays as it went."))
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
            raise ValidationError(_("This issue has been sent: it stays as it went."))
        if entry.planned_on >= timezone.localdate():
            day = datetime.datetime.combine(
                entry.planned_on, datetime.time.min, timezone.get_current_timezone()
            )
            keep_cancelled(
                issue.series.partnership_id,
                calendar.uid("newsletter", entry.pk),
                entry.title,
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
            raise ValidationError(_("This issue has been sent: it stays as it went."))
        if not entry.body.strip():
            raise ValidationError({"body": _("Write the newsletter before sending it.")})
        receivers = list(selectors.receiving(entry.series).values_list("pk", flat=True))
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


def subscribers_invite(
    *, actor: Actor, series: Series, people: Sequence[tuple[str, str]]
) -> tuple[int, int]:
    """Invite (name, address) pairs: each new address, and each invited one that did not
    confirm yet, gets a mail with a link to confirm; those who receive it already are left
    alone. Returns (invited, already receiving)."""
    _refuse_unless_editor(actor, series.partnership_id)
    if len(people) > MAX_INVITED:
        raise ValidationError(
            {"addresses": _("Invite at most %(max)d addresses at once.") % {"max": MAX_INVITED}}
        )
    wanted = {email.strip().lower(): name.strip()[:200] for name, email in people}
    with transaction.atomic():
        Series.objects.select_for_update().filter(pk=series.pk).first()
        known = {s.email: s for s in series.subscribers.filter(email__in=list(wanted))}
        receiving = {email for email, s in known.items() if s.confirmed_at is not None}
        new = [email for email in wanted if email not in known]
        if series.subscribers.count() + len(new) > MAX_SUBSCRIBERS:
            raise ValidationError(
                {
                    "addresses": _("A newsletter has at most %(max)d subscribers.")
                    % {"max": MAX_SUBSCRIBERS}
                }
            )
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    series=series, email=email, name=wanted[email], invited_by=actor, invited_at=now
                )
                for email in new
            ]
        )
        again = [email for email in known if email not in receiving]
        series.subscribers.filter(email__in=again).update(invited_at=now, invited_by=actor)
        invited = list(
            series.subscribers.filter(email__in=[*new, *again]).values_list("pk", flat=True)
        )
        audit_record(
            actor=actor,
            action="newsletters.subscribers_invite",
            obj=series,
            changes={"invited": (None, len(invited)), "already": (None, len(receiving))},
        )
        if invited:
            transaction.on_commit(partial(tasks.send_invitations.enqueue, invited))
    return len(invited), len(receiving)


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


def sending_resume(*, now: datetime.datetime) -> int:
    """Queue again the issues still being sent with nothing done for ten minutes (the queue
    was unreachable, a worker stopped): the task sends what waits and closes the sending."""
    stuck = list(
        Issue.objects.filter(
            state=IssueState.SENDING, updated_at__lt=now - datetime.timedelta(minutes=10)
        ).values_list("pk", flat=True)
    )
    for pk in stuck:
        transaction.on_commit(partial(tasks.send_issue.enqueue, pk))
    return len(stuck)
