"""Receipt codes: the only way back to an anonymous report.

A code is 16 digits, shown once. The first 6 are a random lookup key, stored in the clear so
the report can be found; the other 10 are the secret, stored only as a slow salted hash
(Django's password hasher: PBKDF2 with many iterations), so a stolen database cannot be turned
back into codes. Guessing online is throttled (`Throttle`).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache

LOOKUP_DIGITS = 6
SECRET_DIGITS = 10


@dataclass(frozen=True)
class Receipt:
    code: str  # 16 digits, shown once
    lookup: str
    hashed: str

    @property
    def grouped(self) -> str:
        """The code in groups of four, as shown: "1234 5678 9012 3456"."""
        return " ".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


def _digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


def new_receipt() -> Receipt:
    lookup, secret = _digits(LOOKUP_DIGITS), _digits(SECRET_DIGITS)
    return Receipt(lookup + secret, lookup, make_password(secret))


def normalise(code: str) -> str | None:
    """The 16 digits of a code as typed (spaces and dashes allowed), or None."""
    digits = "".join(ch for ch in code if not ch.isspace() and ch != "-")
    if len(digits) != LOOKUP_DIGITS + SECRET_DIGITS or not digits.isdigit():
        return None
    return digits


def split(code: str) -> tuple[str, str]:
    return code[:LOOKUP_DIGITS], code[LOOKUP_DIGITS:]


def matches(secret: str, hashed: str) -> bool:
    return check_password(secret, hashed)


# A hash to compare against when no report has the lookup part, so that a wrong lookup takes
# as long as a wrong secret and timing tells nothing.
_DUMMY = make_password("0" * SECRET_DIGITS)


def dummy_check(secret: str) -> None:
    check_password(secret, _DUMMY)


class Throttle:
    """Counts tries of a receipt code per client address and per lookup key, in the cache only.

    The address is never stored: the cache key is a SHA-256 of the address and the secret key,
    and it expires after `WINDOW` seconds. Every try is counted before the code is checked
    (an atomic increment, so parallel guesses cannot slip past the limit) and a right code
    takes its count back. After `LIMIT` wrong codes further tries are refused until the
    window passes, whatever the code (also the right one), with the same answer.
    """

    LIMIT = 5
    WINDOW = 15 * 60

    def __init__(self, address: str, lookup: str | None = None) -> None:
        self.keys = [self._key("addr", address)]
        if lookup:
            self.keys.append(self._key("code", lookup))

    @staticmethod
    def _key(kind: str, value: str) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
        return f"meldpunt-throttle:{kind}:{digest[:32]}"

    def try_(self) -> bool:
        """Count this try; False when it is beyond the limit (refuse it)."""
        allowed = True
        for key in self.keys:
            cache.add(key, 0, self.WINDOW)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.WINDOW)
                count = 1
            if count > self.LIMIT:
                allowed = False
        return allowed

    def succeeded(self) -> None:
        """A right code: its try does not count against the reporter."""
        for key in self.keys:
            with contextlib.suppress(ValueError):
                cache.decr(key)
