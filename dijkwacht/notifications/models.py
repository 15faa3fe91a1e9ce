"""What a person was told, and how they want to be told.

A notification holds one line and optional plain details, written by the app that raised it:
names, dates and counts, never meldpunt content, reporter data or Bibob data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Delivery


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("details"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Makes a notification once-only: one per person, event and key (a reminder: the day).
    key = models.CharField(_("key"), max_length=100, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "key"], condition=~Q(key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A person's choice for one kind of event (absent: the event's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("event"), max_length=100)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event}"
