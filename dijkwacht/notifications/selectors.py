from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dijkwacht.notifications.events import Event, registered
from dijkwacht.notifications.models import Notification, Preference


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(user: Any) -> list[tuple[Event, str]]:
    """Every kind of event with the person's choice (or its default)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("event", "delivery"))
    return [(event, chosen.get(event.key, event.default)) for event in registered()]
