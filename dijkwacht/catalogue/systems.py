"""The overview of registration systems as arithmetic: a cell's state, and per kind of
register how many organisations have none (said so) or have not said. Pure: no ORM."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SYSTEM = "systeem"
NONE = "geen"
UNKNOWN = "onbekend"


def state(has_register: bool | None) -> str:
    """A cell: a system named, no register (said so), or nothing said (None)."""
    if has_register is None:
        return UNKNOWN
    return SYSTEM if has_register else NONE


@dataclass(frozen=True)
class Gap:
    total: int
    without: int  # said they have no register
    unknown: int  # said nothing

    @property
    def gaps(self) -> int:
        """Organisations without a known register: none, or not said."""
        return self.without + self.unknown


def column_gap(states: Iterable[str]) -> Gap:
    counted = list(states)
    return Gap(
        total=len(counted),
        without=sum(1 for s in counted if s == NONE),
        unknown=sum(1 for s in counted if s == UNKNOWN),
    )
