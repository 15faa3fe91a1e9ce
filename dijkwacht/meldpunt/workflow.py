"""The report workflow as a table: which action leads from which status to which, and what
each needs. Pure: the services check a transition here before they write its event.

    ontvangen ─bevestigen→ bevestigd ─in behandeling nemen→ in_behandeling ─doorzetten→ doorgezet
        every open status ─afsluiten (reason)→ afgesloten ─heropenen→ in_behandeling
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

RECEIVED, ACKNOWLEDGED, IN_PROGRESS, FORWARDED, CLOSED = (
    "ontvangen",
    "bevestigd",
    "in_behandeling",
    "doorgezet",
    "afgesloten",
)
OPEN = (RECEIVED, ACKNOWLEDGED, IN_PROGRESS, FORWARDED)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    needs: tuple[str, ...] = ()  # fields the action must be given


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("acknowledge", (RECEIVED,), ACKNOWLEDGED),
        Transition("start", (ACKNOWLEDGED,), IN_PROGRESS),
        Transition(
            "forward", (ACKNOWLEDGED, IN_PROGRESS, FORWARDED), FORWARDED, ("target", "date")
        ),
        Transition("close", OPEN, CLOSED, ("reason",)),
        Transition("reopen", (CLOSED,), IN_PROGRESS),
    )
}


class TransitionError(ValueError):
    """The action is not possible from the report's status (`missing` empty), or misses
    what it needs (`missing` names those fields)."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


def next_status(status: str, action: str, given: Mapping[str, object] | None = None) -> str:
    """The status after `action`, or TransitionError naming what is wrong."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(f"unknown action {action!r}")
    if status not in transition.sources:
        raise TransitionError(f"{action!r} is not possible from {status!r}")
    missing = [name for name in transition.needs if not (given or {}).get(name)]
    if missing:
        raise TransitionError(f"{action!r} needs {', '.join(missing)}", tuple(missing))
    return transition.target


def actions_from(status: str) -> list[str]:
    """The actions a handler may take on a report in this status, in table order."""
    return [t.action for t in TRANSITIONS.values() if status in t.sources]


# --- The clocks of the whistleblower law -----------------------------------------------------


@dataclass(frozen=True)
class Clock:
    due: datetime.datetime | None  # None: nothing due (done, or not started)
    overdue: bool
    soon: bool  # due within the warning period

    @property
    def state(self) -> str:
        if self.due is None:
            return "none"
        return "overdue" if self.overdue else "soon" if self.soon else "running"


WARN_DAYS = 2


def acknowledgement_clock(
    received_at: datetime.datetime,
    acknowledged_at: datetime.datetime | None,
    days: int,
    now: datetime.datetime,
) -> Clock:
    """Acknowledge within `days` of receipt (the law: 7)."""
    if acknowledged_at is not None:
        return Clock(None, False, False)
    due = received_at + datetime.timedelta(days=days)
    return Clock(due, now > due, now > due - datetime.timedelta(days=WARN_DAYS))


def feedback_clock(
    acknowledged_at: datetime.datetime | None,
    feedback_given_at: datetime.datetime | None,
    closed_at: datetime.datetime | None,
    days: int,
    now: datetime.datetime,
) -> Clock:
    """Give the reporter feedback within `days` of the acknowledgement (the law: 3 months).
    Feedback is a message to the reporter; closing with a message also counts."""
    if acknowledged_at is None or feedback_given_at is not None or closed_at is not None:
        return Clock(None, False, False)
    due = acknowledged_at + datetime.timedelta(days=days)
    return Clock(due, now > due, now > due - datetime.timedelta(days=WARN_DAYS * 7))
