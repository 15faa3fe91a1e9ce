from django.utils import timezone

from dijkwacht.awareness.services import (
    cancelled_items_reduce,
    registrations_reduce,
    registrations_remind,
)
from dijkwacht.core.daily import daily_job


@daily_job("awareness.reminders")
def reminders() -> str:
    """Everyone registered for a session tomorrow hears of it once."""
    return f"{registrations_remind(now=timezone.now())} reminded"


@daily_job("awareness.retention")
def retention() -> str:
    """Registrations older than their activity's retention become counts only; a cancelled
    calendar item goes a month after its day."""
    now = timezone.now()
    reduced = registrations_reduce(now=now)
    return (
        f"{reduced} registrations reduced to counts, "
        f"{cancelled_items_reduce(now=now)} cancelled calendar items removed"
    )
