from django.core.management.base import BaseCommand
from django.utils import timezone

from dijkwacht.scans.models import ScanRound
from dijkwacht.scans.services import REMINDER_DAYS, scan_round_send_reminders


class Command(BaseCommand):
    help = (
        "Mail reminders for scan rounds to organisations that have not submitted their "
        f"self-scan, {', '.join(map(str, REMINDER_DAYS))} days before the deadline. Run it daily "
        "(cron or a scheduler); running it twice a day sends nothing twice."
    )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        total = 0
        for scan_round in ScanRound.objects.filter(deadline__gte=today).select_related(
            "partnership"
        ):
            total += scan_round_send_reminders(scan_round=scan_round, today=today)
        self.stdout.write(f"Reminders sent to {total} organisations.")
