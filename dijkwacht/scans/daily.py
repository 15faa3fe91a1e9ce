from django.utils import timezone

from dijkwacht.core.daily import daily_job
from dijkwacht.scans.models import ScanRound
from dijkwacht.scans.services import scan_round_send_reminders


@daily_job("scans.round_reminders")
def round_reminders() -> str:
    """Contributors of organisations whose self-scan is not submitted, on the reminder days
    before a scan round's deadline."""
    today = timezone.localdate()
    total = sum(
        scan_round_send_reminders(scan_round=scan_round, today=today)
        for scan_round in ScanRound.objects.filter(deadline__gte=today).select_related(
            "partnership"
        )
    )
    return f"{total} organisations reminded"
