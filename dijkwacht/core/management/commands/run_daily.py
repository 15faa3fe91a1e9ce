import logging
import sys

from django.core.management.base import BaseCommand

from dijkwacht.core.daily import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run every daily job of every app (reminders, digests, retention): once a day from cron "
        "or a systemd timer. Idempotent: a second run on the same day does nothing new."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--only", action="append", default=[], help="run only these jobs")

    def handle(self, *args, **options) -> None:
        failed = []
        for job in jobs():
            if options["only"] and job.name not in options["only"]:
                continue
            try:
                result = job.run()
            except Exception:  # one job's failure must not stop the others
                logger.exception("Daily job %s failed", job.name)
                failed.append(job.name)
                self.stderr.write(f"{job.name}: failed (see the log)")
            else:
                self.stdout.write(f"{job.name}: {result}")
        if failed:
            sys.exit(1)
