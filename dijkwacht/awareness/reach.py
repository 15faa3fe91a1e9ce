"""Reach: how much of an organisation's target group the awareness work reached. Pure: no
database, no clock.

An organisation enters the size of each target group (a number, never a list of people),
from a date on; what the activities reached are counts of participants per organisation and
target group (ADR 0014). The share is what a coordinator reads in the matrix: rounded down to
a whole percent and never above 100. More participants than the group's size says the size
is out of date, and is said out loud instead of reading 130 %; a group without a size is
unknown, not 0 %.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The colour bands of the matrix, by the lowest share in each; "unknown" without a size.
BANDS = ((75, "most"), (50, "half"), (25, "quarter"), (1, "some"), (0, "none"))


@dataclass(frozen=True)
class Reach:
    reached: int  # participants of the group in the period
    size: int | None  # the group's size; None: not entered

    def __post_init__(self) -> None:
        if self.reached < 0 or (self.size is not None and self.size < 0):
            raise ValueError("a count is never negative")

    @property
    def share(self) -> int | None:
        """The percentage reached, rounded down and at most 100; None without a size (or a
        size of 0: a group nobody is in)."""
        if not self.size:
            return None
        return min(100, 100 * self.reached // self.size)

    @property
    def over(self) -> bool:
        """More participants than the group has: its size is out of date."""
        return self.size is not None and self.reached > self.size

    @property
    def band(self) -> str:
        share = self.share
        if share is None:
            return "unknown"
        if share == 0 and self.reached:
            return "some"  # fewer than 1 %: reached, but hardly
        return next(name for lowest, name in BANDS if share >= lowest)


def size_on(sizes: Sequence[tuple[datetime.date, int]], day: datetime.date) -> int | None:
    """The size that holds on `day`: the one entered from the latest date on or before it."""
    ordered = sorted(sizes)
    index = bisect.bisect_right([start for start, _size in ordered], day) - 1
    return ordered[index][1] if index >= 0 else None


def combined(reaches: Iterable[Reach]) -> tuple[Reach, int]:
    """Several organisations' reach of one group as one, over those that entered a size, and
    how many did not (their participants are left out too: a share over part of the sizes
    would be too high)."""
    reached = size = unknown = 0
    for reach in reaches:
        if reach.size is None:
            unknown += 1
            continue
        reached += reach.reached
        size += reach.size
    return Reach(reached, size if size or not unknown else None), unknown


def change_percent(value: int | None, previous: int | None) -> int | None:
    """How much a campaign's figure rose (or fell) against the previous campaign's, in whole
    percents rounded towards zero; None when either is not known or the previous was 0 (no
    share of nothing)."""
    if value is None or previous is None or previous == 0:
        return None
    difference = (value - previous) * 100
    return difference // previous if difference >= 0 else -(-difference // previous)
