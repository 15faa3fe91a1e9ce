"""Small counts are not shown to people who may not see the records behind them: a figure of
1 to 4 could point at a single organisation or person. Zero is shown (it names nobody)."""

from __future__ import annotations

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


def protected_total(parts: list[int]) -> int | Withheld | None:
    """A total over parts that are published elsewhere with 1–4 suppressed (the figures per
    organisation): None where the total is itself small, WITHHELD where showing it would give
    a suppressed part away. Total minus the parts shown is the sum of the suppressed ones:
    with one suppressed part that is its value, and several are all pinned down when their sum
    says they are all 1, or all 4. A small total ("<5") over four suppressed parts says they
    are all 1 too (each is at least 1): it is withheld as well."""
    total = sum(parts)
    hidden = [p for p in parts if suppress(p) is None]
    if suppress(total) is None:
        return WITHHELD if len(hidden) >= SMALL_COUNT - 1 else None
    if hidden and (
        len(hidden) == 1
        or sum(hidden) == len(hidden)
        or sum(hidden) == len(hidden) * (SMALL_COUNT - 1)
    ):
        return WITHHELD
    return total


def rounded_share(part: int, whole: int, *, least: int = 20, step: int = 10) -> int | None:
    """`part` of `whole` as a percentage rounded down to `step`, or None for fewer than `least`:
    a share of a large enough whole, in coarse steps, gives neither count away."""
    if whole < least:
        return None
    return (100 * part // whole) // step * step
