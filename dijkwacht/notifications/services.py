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
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.notifications import tasks
from dijkwacht.notifications.events import EVENTS, Delivery, Event
from dijkwacht.notifications.models import Notification, Preference
from dijkwacht.notifications.tasks import absolute_url


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
    """A notification of `event` for every active recipient (each once), in the platform's
    language. With `once` (e.g. the day), a person who already has this event with this key
    gets nothing new: a job that runs twice notifies once. Returns the new notifications."""
    if EVENTS.get(event.key) is not event:
        raise ValueError(f"Event {event.key!r} is not registered.")
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
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
        title = (str(event.title) % dict(context or {}))[:300]
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
    if immediate:
        transaction.on_commit(partial(tasks.send_notification_mails.enqueue, immediate))
    return created


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """One mail per person with the notifications they chose to get daily and that were not
    mailed yet; returns the number of mails. Idempotent: what was mailed is marked."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, mailed_at__isnull=True, created_at__lte=now
        )
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    per_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        per_user[notification.user_id].append(notification)
    for notifications in per_user.values():
        user = notifications[0].user
        with transaction.atomic():
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Dijkwacht: your notifications of today")
                body = render_to_string(
                    "notifications/email/digest.txt",
                    {
                        "rows": [(n, absolute_url(n.link)) for n in notifications],
                        "list_url": absolute_url(reverse("notifications:list")),
                        "settings_url": absolute_url(reverse("notifications:preferences")),
                    },
                )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mailed_at=now)
            transaction.on_commit(partial(send_mail, subject, body, None, [user.email]))
    return len(per_user)


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
