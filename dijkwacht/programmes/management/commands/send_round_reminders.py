from django.core.management.base import BaseCommand

from dijkwacht.programmes.models import ProgressRound
from dijkwacht.programmes.services import REMINDER_DAYS, round_send_reminders


class Command(BaseCommand):
    help = (
        "Mail reminders for open progress rounds to organisations that still have cells to "
        f"update, {', '.join(map(str, REMINDER_DAYS))} days before the deadline. Run it daily "
        "(cron or a scheduler); running it twice a day sends nothing twice."
    )

    def handle(self, *args, **options) -> None:
        total = 0
        for progress_round in ProgressRound.objects.open().select_related("programme"):
            total += round_send_reminders(progress_round=progress_round)
        self.stdout.write(f"Reminders sent to {total} organisations.")
