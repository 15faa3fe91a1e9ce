"""How many reports and replies the public meldpunt takes per hour: from one address, and from
everyone together. A flood of submissions then fills neither the database nor the handlers'
inbox, and a refusal is a 429 with a Dutch explanation.

Counted like the receipt-code throttle (`receipts.Throttle`): in the shared cache (Redis when
`CACHE_URL` is set), so the limits hold across app servers and restarts; under a keyed hash of
the address, never the address itself; counted atomically before the submission is written.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

WINDOW = 60 * 60


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 60)
        return 1


def _hour(now: datetime.datetime) -> str:
    return now.astimezone(datetime.UTC).strftime("%Y%m%d%H")


def submission_allowed(address: str, *, now: datetime.datetime | None = None) -> bool:
    """Count one submission (a report or a reply) from `address` in the current hour; False
    when this one is beyond the limit for the address or for everyone (refuse it)."""
    hour = _hour(now or timezone.now())
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:submit:{address}".encode()).hexdigest()
    if (
        _count(f"meldpunt-submit:addr:{hour}:{digest[:32]}")
        > settings.MELDPUNT_SUBMISSIONS_PER_HOUR
    ):
        # Refused for this address alone: it does not use up everyone's ceiling.
        return False
    return _count(f"meldpunt-submit:all:{hour}") <= settings.MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL


def minutes_left(*, now: datetime.datetime | None = None) -> int:
    """Until the next hour, when the counts start again."""
    now = now or timezone.now()
    return 60 - now.minute
