from django.core.management.base import BaseCommand, CommandError

from dijkwacht.scans.frameworks import framework_yaml
from dijkwacht.scans.models import Framework
from dijkwacht.scans.selectors import framework_as_dict


class Command(BaseCommand):
    help = "Print a norm framework as YAML (the format import_framework reads)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("version")

    def handle(self, *args, name: str, version: str, **options) -> None:
        framework = Framework.objects.filter(name=name, version=version).first()
        if framework is None:
            raise CommandError(f"No framework {name!r} version {version!r}.")
        self.stdout.write(framework_yaml(framework_as_dict(framework)), ending="")
