"""Background work of the notifications (Django's tasks framework; `db_worker` runs it)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.notifications.models import Notification


def absolute_url(path: str) -> str:
    return f"{settings.DIJKWACHT_BASE_URL.rstrip('/')}{path}" if path else ""


@task()
def send_notification_mails(notification_ids: list[int]) -> int:
    """Mail each notification not yet mailed; returns how many. Run by a worker (or at once
    with the immediate backend): `notify` queues it after its transaction commits."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, mailed_at__isnull=True
    ).select_related("user"):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Dijkwacht: %(title)s") % {"title": notification.title}
            body = render_to_string(
                "notifications/email/notification.txt",
                {
                    "notification": notification,
                    "url": absolute_url(notification.link),
                    "settings_url": absolute_url(reverse("notifications:preferences")),
                },
            )
        send_mail(subject[:200], body, None, [notification.user.email])
        Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
        sent += 1
    return sent
