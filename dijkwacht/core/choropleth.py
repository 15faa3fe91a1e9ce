"""Colouring areas by a value: the classes, their colours and their legend. Pure, no domain.

A map never carries meaning by colour alone: every area also has its value in words (on hover
and focus) and the same figures stand in a table. "No data" and a suppressed count ("<5") are
not classes of the scale: they have their own look (white, and a pattern), so that nobody reads
them as a low value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from dijkwacht.core.charts import nice_step

# A sequential blue scale (light to dark), distinct in lightness for colour-blind readers.
BLUES = ("#e3eef9", "#a9cce8", "#5c9fd1", "#2a6fb0", "#0b3c73")
# Text on a fill: dark on the light classes, white on the dark ones.
INK = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff")
PERCENT_BREAKS = (20, 40, 60, 80)  # 0–19, 20–39, 40–59, 60–79, 80–100
YES_NO = ("#f4c7a1", "#2a6fb0")  # no, yes
# The upper three class edges for counts, by how large the largest count is.
NICE_STEPS = (
    (10, 20, 50),
    (25, 50, 100),
    (50, 100, 250),
    (100, 250, 500),
    (250, 500, 1000),
    (500, 1000, 2500),
    (1000, 2500, 5000),
)


@dataclass(frozen=True)
class Band:
    label: str  # "20–39%"
    colour: str
    ink: str


def percent_bands() -> list[Band]:
    edges = (0, *PERCENT_BREAKS, 101)
    return [
        Band(
            f"{low}–{high - 1}%" if high <= 100 else f"{low}–100%",
            BLUES[i],
            INK[i],
        )
        for i, (low, high) in enumerate(pairwise(edges))
    ]


def percent_band(value: float) -> int:
    return sum(1 for edge in PERCENT_BREAKS if value >= edge)


def count_breaks(values: Iterable[int], *, smallest: int = 5) -> tuple[int, ...]:
    """Four class edges for counts, rounded to readable numbers and rising from `smallest`
    (a suppressed count is not a class): 5–9, 10–19, 20–49, 50+ for a modest largest value,
    scaled up by tens for larger ones."""
    largest = max([v for v in values if v is not None] or [0])
    for upper in NICE_STEPS:
        if largest < upper[-1] * 4:
            return (smallest, *upper)
    return (smallest, *NICE_STEPS[-1])


def count_bands(edges: tuple[int, ...]) -> list[Band]:
    """The first band holds 0 only: a count from 1 to the first edge is suppressed on a map,
    and drawn with its own pattern."""
    bands = [Band("0", BLUES[0], INK[0])]
    for i, low in enumerate(edges):
        high = edges[i + 1] - 1 if i + 1 < len(edges) else None
        label = f"{low}–{high}" if high is not None else f"{low} +"
        bands.append(Band(label, BLUES[min(i + 1, len(BLUES) - 1)], INK[min(i + 1, 4)]))
    return bands


def count_band(value: int, edges: tuple[int, ...]) -> int:
    return sum(1 for edge in edges if value >= edge)


def value_breaks(values: Iterable[float], *, whole: bool = False) -> tuple[float, ...]:
    """Five class edges at a round step, for figures that are not counts to suppress (rates,
    amounts): the lowest (0, or a round number below a negative value) and four more, the
    last class running on from there. For `whole` numbers (areas on the map) the step is a
    whole number too: 1, 2, 5, 10, …"""
    known = [v for v in values if v is not None]
    low, high = min([0.0, *known]), max([0.0, *known])
    step = nice_step((high - low) / 5) if high > low else 1.0
    if whole:
        step = 1.0 if step < 1 else 2.0 if step == 2.5 else step
    start = step * math.floor(low / step)
    return tuple(start + step * i for i in range(5))


def value_bands(
    edges: tuple[float, ...],
    text: Callable[[float], str],
    *,
    up_to: str,
    or_more: str,
    whole: bool = False,
) -> list[Band]:
    """The bands from the first edge on; `up_to` and `or_more` are the Dutch patterns of the
    labels ("%(low)s tot %(high)s", "%(low)s of meer"). A band of `whole` numbers names the
    numbers it holds: "3", or "2–3"."""
    lows, edges = edges, edges[1:]
    bands = []
    for i, low in enumerate(lows):
        if whole and i < len(edges):
            high = edges[i] - 1
            label = text(low) if high == low else f"{text(low)}–{text(high)}"
        elif i < len(edges):
            label = up_to % {"low": text(low), "high": text(edges[i])}
        else:
            label = or_more % {"low": text(low)}
        bands.append(Band(label, BLUES[i], INK[i]))
    return bands


def value_band(value: float, edges: tuple[float, ...]) -> int:
    return sum(1 for edge in edges[1:] if value >= edge)
