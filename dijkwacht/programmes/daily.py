from django.utils import timezone

from dijkwacht.core.daily import daily_job
from dijkwacht.programmes.models import ProgressRound
from dijkwacht.programmes.services import round_send_reminders


@daily_job("programmes.round_reminders")
def round_reminders() -> str:
    """Contributors of organisations with cells to update, on the reminder days before an
    open progress round's deadline."""
    today = timezone.localdate()
    total = sum(
        round_send_reminders(progress_round=progress_round, today=today)
        for progress_round in ProgressRound.objects.open().select_related("programme")
    )
    return f"{total} organisations reminded"
