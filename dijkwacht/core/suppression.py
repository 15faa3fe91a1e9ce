"""Small counts are not shown to people who may not see the records behind them: a figure of
1 to 4 could point at a single organisation or person. Zero is shown (it names nobody)."""

from __future__ import annotations

SMALL_COUNT = 5


def suppress(count: int | None, *, threshold: int = SMALL_COUNT) -> int | None:
    """The count, or None when it is small enough to identify someone (1 … threshold-1)."""
    if count is None or count == 0 or count >= threshold:
        return count
    return None


def shown(count: int | None) -> str:
    """How a possibly suppressed count reads in a table or export: the number, or "<5"."""
    return f"<{SMALL_COUNT}" if count is None else str(count)
