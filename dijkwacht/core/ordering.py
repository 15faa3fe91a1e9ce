"""Orders people read: "Deelnemer 2" before "Deelnemer 10"."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that compares runs of digits as numbers and the rest without case."""
    return tuple(
        (0, int(part)) if part.isdecimal() else (1, part.casefold())
        for part in _NUMBER.split(str(text))
        if part
    )
