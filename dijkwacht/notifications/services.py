"""Notify people: one way for every module.

`notify(recipients, event, context)` records a notification for each person and, for those
who want mail at once (or when the event is mandatory), queues the mail on the task queue
after the transaction commits. Digests go out from the daily job. A mail carries the line,
the plain details and a link: never meldpunt content, reporter data or Bibob data (the apps
raising an event put only names, dates and counts in its context).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dijkwacht.accounts.types import Actor
from dijkwacht.notifications import tasks
from dijkwacht.notifications.events import EVENTS, Delivery, Event
from dijkwacht.notifications.models import Notification, Preference


def _delivery(event: Event, chosen: str | None) -> str:
    if event.mandatory:
        return Delivery.IMMEDIATELY
    return chosen or event.default


def notify(
    recipients: Iterable[Any],
    event: Event,
    context: Mapping[str, Any] | None = None,
    *,
    link: str = "",
    once: str = "",
) -> list[Notification]:
    """A notification of `event` for every active recipient (each once; never a service
    account, which reads no mail), in the platform's language. With `once` (e.g. the day), a
    person who already has this event with this key gets nothing new: a job that runs twice
    notifies once. Returns the new notifications."""
    if EVENTS.get(event.key) is not event:
        raise ValueError(f"Event {event.key!r} is not registered.")
    people = {
        user.pk: user
        for user in recipients
        if user is not None and user.is_active and not user.is_service_account
    }
    if not people:
        return []
    if once:
        done = Notification.objects.filter(event=event.key, key=once, user_id__in=list(people))
        for user_id in done.values_list("user_id", flat=True):
            people.pop(user_id, None)
        if not people:
            return []
    chosen = dict(
        Preference.objects.filter(event=event.key, user_id__in=list(people)).values_list(
            "user_id", "delivery"
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        # One line: a name with a line break in it must not become a mail header's break.
        title = " ".join((str(event.title) % dict(context or {})).split())[:300]
        body = (
            render_to_string(event.body_template, dict(context or {})).strip()
            if (event.body_template)
            else ""
        )
    now = timezone.now()
    created = Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                event=event.key,
                title=title,
                body=body,
                link=link,
                key=once,
                delivery=_delivery(event, chosen.get(user_id)),
                created_at=now,
            )
            for user_id in sorted(people)
        ]
    )
    immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATELY]
    # After the commit: a worker must find the rows, and a rolled-back change tells nobody.
    if immediate:
        transaction.on_commit(partial(tasks.send_notification_mails.enqueue, immediate))
    return created


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Queue one digest per person with the notifications they chose to get daily and that
    were not mailed yet; returns the number of people. A digest claims its notifications when
    it is sent, so running this twice sends nothing twice."""
    now = now or timezone.now()
    per_user: dict[int, list[int]] = defaultdict(list)
    for user_id, pk in (
        Notification.objects.filter(
            delivery=Delivery.DIGEST,
            mailed_at__isnull=True,
            created_at__lte=now,
            user__is_active=True,
        )
        .order_by("user_id", "created_at", "pk")
        .values_list("user_id", "pk")
    ):
        per_user[user_id].append(pk)
    for ids in per_user.values():
        transaction.on_commit(partial(tasks.send_digest.enqueue, ids))
    return len(per_user)


def unsent_requeue(*, now: datetime.datetime | None = None) -> int:
    """Queue again the mails of notifications that should have gone at once but did not (the
    queue was unreachable, a mail server refused): older than ten minutes, not mailed."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(
            delivery=Delivery.IMMEDIATELY,
            mailed_at__isnull=True,
            created_at__lt=now - datetime.timedelta(minutes=10),
            user__is_active=True,
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(partial(tasks.send_notification_mails.enqueue, ids))
    return len(ids)


def mark_read(*, actor: Actor, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, actor: Actor, choices: Mapping[str, str]) -> None:
    """The actor's choice per event; mandatory events and unknown ones are left alone."""
    for key, delivery in choices.items():
        event = EVENTS.get(key)
        if event is None or event.mandatory or delivery not in Delivery.values:
            continue
        Preference.objects.update_or_create(user=actor, event=key, defaults={"delivery": delivery})
