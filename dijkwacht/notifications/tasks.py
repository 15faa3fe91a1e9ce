"""Background work of the notifications (Django's tasks framework; `db_worker` runs it).

A mail is sent at most once: the task first claims its notifications (marks them mailed in
one conditional update, so a second worker or a second run finds nothing to claim), then sends;
when sending fails, the claim is undone and the daily job queues the notification again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return f"{settings.DIJKWACHT_BASE_URL.rstrip('/')}{path}" if path else ""


def _claim(notification_ids: list[int]) -> list[Notification]:
    """The notifications of active people not mailed yet, now marked mailed by this task."""
    now = timezone.now()
    waiting = list(
        Notification.objects.filter(
            pk__in=notification_ids, mailed_at__isnull=True, user__is_active=True
        ).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=waiting, mailed_at__isnull=True).update(mailed_at=now)
    return list(
        Notification.objects.filter(pk__in=waiting, mailed_at=now)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def _send(subject: str, template: str, context: dict, address: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {**context, "settings_url": absolute_url(reverse("notifications:preferences"))},
        )
        send_mail(str(subject)[:200], body, None, [address])


@task()
def send_notification_mails(notification_ids: list[int]) -> int:
    """One mail per notification; returns how many were sent. `notify` queues it after its
    transaction commits."""
    sent = 0
    for notification in _claim(notification_ids):
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Dijkwacht: %(title)s") % {"title": notification.title}
            _send(
                subject,
                "notifications/email/notification.txt",
                {"notification": notification, "url": absolute_url(notification.link)},
                notification.user.email,
            )
        except Exception:  # one failing mail must not keep the others back
            logger.exception("Mail of notification %s failed", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(mailed_at=None)
        else:
            sent += 1
    return sent


@task()
def send_digest(notification_ids: list[int]) -> int:
    """One mail with a person's waiting notifications (all of one person); returns 1 when
    sent, 0 when there was nothing left to send."""
    notifications = _claim(notification_ids)
    if not notifications:
        return 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Dijkwacht: your notifications of today")
        _send(
            subject,
            "notifications/email/digest.txt",
            {
                "rows": [(n, absolute_url(n.link)) for n in notifications],
                "list_url": absolute_url(reverse("notifications:list")),
            },
            notifications[0].user.email,
        )
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mailed_at=None)
        raise
    return 1
