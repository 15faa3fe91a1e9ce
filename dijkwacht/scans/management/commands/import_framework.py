from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dijkwacht.scans.frameworks import read_framework, read_framework_workbook
from dijkwacht.scans.services import framework_create


class Command(BaseCommand):
    help = (
        "Import a norm framework from a YAML file (as export_framework writes it) "
        "or an Excel workbook (.xlsx, the layout of frameworks.read_framework_workbook)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, path: Path, dry_run: bool, **options) -> None:
        try:
            if path.suffix.lower() == ".xlsx":
                spec, problems = read_framework_workbook(path.read_bytes())
            else:
                spec, problems = read_framework(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        if spec is None:
            for where, message in problems:
                self.stderr.write(f"{path}: {where}: {message}")
            raise CommandError(f"{len(problems)} problem(s); nothing imported.")
        if dry_run:
            self.stdout.write(f"{spec.name} {spec.version}: {spec.norm_count} norms, valid.")
            return
        try:
            framework = framework_create(actor=None, spec=spec)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Imported {framework} with {spec.norm_count} norms.")
