"""The kinds of event a person can be notified of, declared by the apps that raise them.

An app lists its events in its own `notifications.py` with `register(Event(...))`; the
notifications app finds them at start-up. A person chooses per kind how mail reaches them;
a mandatory kind (a legal clock about to run out) is always mailed at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "direct", _("by mail at once")
    DIGEST = "dagelijks", _("in a daily digest")
    OFF = "uit", _("not by mail (only in Dijkwacht)")


@dataclass(frozen=True)
class Event:
    key: str  # "<app>.<what>", stored with each notification
    label: str | Promise  # what the person chooses for, on the settings page
    title: str | Promise  # the notification's one line, with %(name)s from its context
    body_template: str = ""  # optional plain-text details (names, dates, counts: no content)
    mandatory: bool = False
    default: Delivery = Delivery.IMMEDIATELY


EVENTS: dict[str, Event] = {}


def register(*events: Event) -> None:
    for event in events:
        if EVENTS.get(event.key, event) != event:
            raise ValueError(f"Event {event.key!r} is registered twice, differently.")
        EVENTS[event.key] = event


def registered() -> list[Event]:
    return sorted(EVENTS.values(), key=lambda event: event.key)
