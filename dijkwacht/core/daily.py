"""The daily jobs: every app declares its own in its `daily.py` with `@daily_job`, and
`manage.py run_daily` (from cron or a systemd timer, once a day) runs them all.

A job must be idempotent: run twice on a day, it does its work once (reminders keep a record
per person or organisation per day, digests mark what was mailed, retention finds nothing
left). One failing job is reported and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[], object]  # returns what it did, for the log line
    last: bool = False  # after every other job (the digests: today's reminders go in them)


JOBS: dict[str, DailyJob] = {}


def daily_job(
    name: str, *, last: bool = False
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(function: Callable[[], object]) -> Callable[[], object]:
        JOBS[name] = DailyJob(name=name, run=function, last=last)
        return function

    return register


def jobs() -> list[DailyJob]:
    autodiscover_modules("daily")
    return sorted(JOBS.values(), key=lambda job: (job.last, job.name))
