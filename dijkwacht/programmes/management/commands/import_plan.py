import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dijkwacht.organisations.models import Partnership
from dijkwacht.programmes.plan_text import parse_plan
from dijkwacht.programmes.services import programme_import_plan


class Command(BaseCommand):
    help = (
        "Read the plain text of a plan (numbered actions, bullets, numbered themes with an "
        "'Ambitie:' line, tables) and create a draft programme; --dry-run only shows it. "
        "Lines that cannot be placed are reported on standard error with their line number."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument("--name", help="name of the programme (default: the file name)")
        parser.add_argument("--dry-run", action="store_true", help="parse and show; write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self,
        *args,
        path: Path,
        partnership: str,
        name: str | None,
        dry_run: bool,
        format: str,
        **options,
    ) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        target = Partnership.objects.filter(slug=partnership).first()
        if target is None:
            raise CommandError(f"No partnership with slug {partnership!r}.")
        plan = parse_plan(text)
        for problem in plan.problems:
            self.stderr.write(f"{path}:{problem.line}: {problem.message} {problem.text!r}")
        if format == "json":
            self.stdout.write(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2))
        else:
            for theme in plan.themes:
                self.stdout.write(f"{theme.title or '(zonder thema)'}")
                if theme.ambition:
                    self.stdout.write(f"  Ambitie: {theme.ambition}")
                for action in theme.actions:
                    self.stdout.write(f"  - {action.number} {action.title}".replace("-  ", "- "))
                    for item in action.items:
                        self.stdout.write(f"      • {item}")
        if dry_run:
            return
        try:
            result = programme_import_plan(
                actor=None, partnership=target, plan=plan, name=name or path.stem
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if result.unmatched_columns:
            self.stderr.write(
                "Columns without a matching member organisation: "
                + ", ".join(result.unmatched_columns)
            )
        if format != "json":
            self.stdout.write(
                f"Draft programme {result.programme.pk} “{result.programme.name}” created "
                f"with {result.actions} actions."
            )
