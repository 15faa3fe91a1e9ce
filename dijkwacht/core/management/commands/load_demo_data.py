from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app with demo data has a `demo.load()`; order matters (later ones use earlier data).
DEMO_MODULES = [
    "dijkwacht.organisations.demo",
    "dijkwacht.programmes.demo",
    "dijkwacht.scans.demo",
    "dijkwacht.meldpunt.demo",
    "dijkwacht.catalogue.demo",
    "dijkwacht.bibob.demo",
    "dijkwacht.awareness.demo",
    "dijkwacht.newsletters.demo",
    "dijkwacht.insights.demo",
]


class Command(BaseCommand):
    help = "Load the demo partnerships, organisations and fictitious people (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for name in DEMO_MODULES:
                import_module(name).load()
                self.stdout.write(f"Demo data loaded: {name.rsplit('.', 2)[-2]}")
