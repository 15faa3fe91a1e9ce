"""How many reports and replies the public meldpunt takes per hour: from one sender (an address,
or an IPv6 /64), and from everyone together per organisation. A flood of submissions then fills
neither the database nor the handlers' inbox, and a refusal is a 429 with a Dutch explanation.

Counted like the receipt-code throttle (`receipts.Throttle`): in the shared cache (Redis when
`CACHE_URL` is set), so the limits hold across app servers and restarts; under a keyed hash of
the address, never the address itself; counted atomically before the submission is written.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress

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


def sender(address: str) -> str:
    """Who counts as one sender: the address, or for IPv6 its /64 network (one household or
    office gets a whole /64, and could otherwise take a new address for every report)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def submission_allowed(
    address: str, organisation_id: int, *, now: datetime.datetime | None = None
) -> bool:
    """Count one submission (a report or a reply) from `address` to the organisation's
    meldpunt in the current hour; False when this one is beyond the limit for the sender, or
    for everyone reporting to that organisation (refuse it). A flood aimed at one meldpunt so
    never closes another's."""
    hour = _hour(now or timezone.now())
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:submit:{sender(address)}".encode())
    mine = _count(f"meldpunt-submit:addr:{hour}:{digest.hexdigest()[:32]}")
    if mine > settings.MELDPUNT_SUBMISSIONS_PER_HOUR:
        # Refused for this sender alone: it does not use up everyone's ceiling.
        return False
    everyone = _count(f"meldpunt-submit:org:{organisation_id}:{hour}")
    return everyone <= settings.MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL


def minutes_left(*, now: datetime.datetime | None = None) -> int:
    """Until the next hour, when the counts start again."""
    now = now or timezone.now()
    return 60 - now.minute
