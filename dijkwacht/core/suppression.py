"""Small counts are not shown to people who may not see the records behind them: a figure of
1 to 4 could point at a single organisation or person. Zero is shown (it names nobody).

A count over several organisations is also read by their members, and each member knows its
own part: the count minus that part must not be 1 to 4 either (the n−1 rule), or a member
learns another's small count by subtracting (`member_count`). Where the parts are published
too, a total shows only beside parts that all show (`protected_total(members=True)`).
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL_COUNT = 5
# A total left out because it would give a suppressed count away. It never reads "<5": that
# is what would give it away.
WITHHELD_MARK = "×"


class Withheld:
    """The value of a figure that is left out (see `protected_total`)."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


def suppress(count: int | None, *, threshold: int = SMALL_COUNT) -> int | None:
    """The count, or None when it is small enough to identify someone (1 … threshold-1)."""
    if count is None or count == 0 or count >= threshold:
        return count
    return None


def shown(count: int | Withheld | None) -> str:
    """How a possibly suppressed count reads in a table or export: the number, "<5", or "×"
    for a total left out."""
    if isinstance(count, Withheld):
        return WITHHELD_MARK
    return f"<{SMALL_COUNT}" if count is None else str(count)


def leaves_small(parts: Sequence[int]) -> bool:
    """Whether some member's part, taken from the total, leaves the others 1–4."""
    total = sum(parts)
    return any(part and suppress(total - part) is None for part in parts)


def member_count(parts: Sequence[int]) -> int | Withheld | None:
    """A count over organisations' parts (one per organisation) for a reader who may not see
    the records: None ("<5") when it is small, WITHHELD when it is not but one member, knowing
    its own part, would learn the others' small count (n−1), else the count."""
    total = sum(parts)
    if suppress(total) is None:
        return None
    return WITHHELD if leaves_small(parts) else total


def protected_total(parts: Sequence[int], *, members: bool = False) -> int | Withheld | None:
    """A total over parts that are published elsewhere with 1–4 suppressed (the figures per
    organisation): None where the total is itself small, WITHHELD where showing it would give
    a suppressed part away. Total minus the parts shown is the sum of the suppressed ones:
    with one suppressed part that is its value, and several are all pinned down when their sum
    says they are all 1, or all 4. A small total ("<5") over four suppressed parts says they
    are all 1 too (each is at least 1): it is withheld as well.

    `members`: the parts are the organisations' own, and each knows its own. Then no rule
    short of "withheld beside any suppressed part" holds: whether the total reads "<5", "×" or
    a number would itself tell a member with a small part what the others have (3 and 1 read
    "<5": the member with 3 knows the other has 1). So the total shows only where every part
    is shown too — and then it tells nothing they do not."""
    total = sum(parts)
    hidden = [p for p in parts if suppress(p) is None]
    if members:
        return WITHHELD if hidden else total
    if suppress(total) is None:
        return WITHHELD if len(hidden) >= SMALL_COUNT - 1 else None
    if _pinned(hidden):
        return WITHHELD
    return total


def _pinned(hidden: list[int]) -> bool:
    return bool(hidden) and (
        len(hidden) == 1
        or sum(hidden) == len(hidden)
        or sum(hidden) == len(hidden) * (SMALL_COUNT - 1)
    )


def rounded_share(part: int, whole: int, *, least: int = 20, step: int = 10) -> int | None:
    """`part` of `whole` as a percentage rounded down to `step`, or None for fewer than `least`:
    a share of a large enough whole, in coarse steps, gives neither count away."""
    if whole < least:
        return None
    return (100 * part // whole) // step * step
