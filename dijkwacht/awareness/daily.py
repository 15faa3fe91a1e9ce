from django.utils import timezone

from dijkwacht.awareness.services import registrations_reduce, registrations_remind
from dijkwacht.core.daily import daily_job


@daily_job("awareness.reminders")
def reminders() -> str:
    """Everyone registered for a session tomorrow hears of it once."""
    return f"{registrations_remind(now=timezone.now())} reminded"


@daily_job("awareness.retention")
def retention() -> str:
    """Registrations older than their activity's retention become counts only."""
    return f"{registrations_reduce(now=timezone.now())} registrations reduced to counts"
