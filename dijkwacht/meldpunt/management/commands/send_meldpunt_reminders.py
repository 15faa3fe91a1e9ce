from django.core.management.base import BaseCommand

from dijkwacht.meldpunt.services import handlers_remind


class Command(BaseCommand):
    help = (
        "Mail handlers whose reports must be acknowledged (7 days) or answered (3 months) "
        "soon or are overdue: numbers and dates only. Run it daily; twice a day sends nothing "
        "twice."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Reminders sent to {handlers_remind()} handlers.")
