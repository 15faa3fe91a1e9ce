from django.core.management.base import BaseCommand

from dijkwacht.organisations.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the 12 provinces and 342 municipalities of 2025 "
        "and the historical municipalities (idempotent)."
    )

    def handle(self, *args, **options) -> None:
        result = reference_data_load()
        self.stdout.write(
            f"Reference data: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
