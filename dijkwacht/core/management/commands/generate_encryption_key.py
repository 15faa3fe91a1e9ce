from django.core.management.base import BaseCommand

from dijkwacht.core.encryption import generate_key


class Command(BaseCommand):
    help = (
        "Print a new key for DIJKWACHT_ENCRYPTION_KEYS "
        "(put it first to rotate; keep old keys after it)."
    )

    requires_system_checks: list = []

    def handle(self, *args, **options) -> None:
        self.stdout.write(generate_key())
