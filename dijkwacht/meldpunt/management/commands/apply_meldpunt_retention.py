from django.core.management.base import BaseCommand

from dijkwacht.meldpunt.services import retention_apply


class Command(BaseCommand):
    help = (
        "Destroy closed meldpunt reports (with their messages and attachments) and cases whose "
        "retention period has passed; a deletion log without content remains. Run it daily."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Destroyed {retention_apply()} reports.")
