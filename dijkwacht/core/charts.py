"""Charts as SVG: pure geometry, no domain. A template draws what these functions compute
(`core/_line_chart.html`, `core/_sparkline.html`), always beside a table of the same figures.

Lines are told apart without colour: each has its own dash pattern and marker shape, and its
name is written at its last point, so a chart printed in black and white still reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Dash patterns and marker shapes, in the order series get them (repeating after six).
DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle-open", "square-open")
# Dark enough on white for a line (contrast of at least 3:1), different in hue on screen.
COLOURS = ("#154273", "#8a4b00", "#2e6b30", "#6a2c70", "#3d3d3d", "#a3004f")
PERCENT_TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None where the series has no value


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float

    # The marker shapes around the point, as SVG attribute values.
    @property
    def corner_x(self) -> str:
        return f"{self.x - 3.5:.1f}"

    @property
    def corner_y(self) -> str:
        return f"{self.y - 3.5:.1f}"

    @property
    def triangle(self) -> str:
        x, y = self.x, self.y
        return f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        return f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"


@dataclass(frozen=True)
class PlottedSeries:
    name: str
    points: list[Point]
    dash: str
    marker: str
    colour: str
    label_x: float
    label_y: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    text: str
    text_at: float  # where its text goes (across the axis)
    anchor: str = "middle"  # SVG text-anchor: the first and last labels stay inside


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    axis_text_x: float  # where the percentages end, left of the plot
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[PlottedSeries]


def percent_line_chart(
    labels: list[str],
    series: list[Series],
    *,
    width: int = 640,
    height: int = 240,
    label_width: int = 150,
) -> LineChart:
    """A line per series over the labels (rounds), on a 0–100 % scale. Names at the line ends
    are nudged apart so they do not overlap."""
    return _line_chart(
        labels,
        series,
        ticks=[(value, f"{value}%") for value in PERCENT_TICKS],
        width=width,
        height=height,
        label_width=label_width,
    )


def value_line_chart(
    labels: list[str],
    series: list[Series],
    *,
    tick_text: Callable[[float, int], str],
    width: int = 640,
    height: int = 240,
    label_width: int = 150,
) -> LineChart:
    """A line per series over the labels (periods), on a scale from 0 (or a round number below
    the smallest value, when it is negative) to a round number above the largest, with about
    four steps written by `tick_text(value, decimals)`."""
    known = [v for line in series for v in line.values if v is not None]
    low, high = min([0.0, *known]), max([0.0, *known])
    step = nice_step((high - low) / 4)
    bottom = step * math.floor(low / step)
    top = max(step * math.ceil(high / step), bottom + step)
    decimals = step_decimals(step)
    ticks = [
        (bottom + step * i, tick_text(bottom + step * i, decimals))
        for i in range(round((top - bottom) / step) + 1)
    ]
    return _line_chart(
        labels, series, ticks=ticks, width=width, height=height, label_width=label_width
    )


def step_decimals(step: float) -> int:
    """The decimals a step needs to be written exactly: 0 for 5, 1 for 2.5, 2 for 0.05."""
    text = f"{step:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def nice_step(rough: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above `rough`."""
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def _line_chart(
    labels: list[str],
    series: list[Series],
    *,
    ticks: list[tuple[float, str]],
    width: int,
    height: int,
    label_width: int,
) -> LineChart:
    lowest, highest = ticks[0][0], ticks[-1][0]
    # Room for every line's name at the right edge: a chart of many themes grows taller.
    height = max(height, int(len(series) * LABEL_GAP + 40))
    left = 40.0 + max(0, max(len(text) for _v, text in ticks) - 4) * CHARACTER_WIDTH
    top, bottom = 12.0, float(height - 28)
    right = float(width - label_width)
    count = len(labels)
    step = (right - left) / (count - 1) if count > 1 else 0.0

    def x_at(index: int) -> float:
        return left + step * index if count > 1 else (left + right) / 2

    def y_at(value: float) -> float:
        share = (max(lowest, min(highest, value)) - lowest) / ((highest - lowest) or 1)
        return bottom - (bottom - top) * share

    plotted = []
    for number, line in enumerate(series):
        points = [
            Point(x_at(i), y_at(value), value)
            for i, value in enumerate(line.values[:count])
            if value is not None
        ]
        if not points:
            continue
        plotted.append(
            PlottedSeries(
                name=line.name,
                points=points,
                dash=DASHES[number % len(DASHES)],
                marker=MARKERS[number % len(MARKERS)],
                colour=COLOURS[number % len(COLOURS)],
                label_x=right + 8,  # at the right edge, also when the line ends earlier
                label_y=points[-1].y,
            )
        )
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        axis_text_x=left - 6,
        x_ticks=_x_ticks(labels, [x_at(i) for i in range(count)], bottom + 18, step),
        y_ticks=[Tick(y_at(value), text, y_at(value) + 4) for value, text in ticks],
        series=_spread_labels(
            plotted,
            gap=LABEL_GAP,
            top=top,
            bottom=bottom + 8,
            room=max(4, int((label_width - 10) / CHARACTER_WIDTH)),
        ),
    )


# About the width of a character at the charts' font size, for shortening labels to fit, and
# the height a line's name takes at the right edge.
CHARACTER_WIDTH = 6.5
TITLE_CHARACTER_WIDTH = 7.5  # a panel's title: 12 px, bold
LABEL_GAP = 11.0


def _shorten(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "…"


def _x_ticks(labels: list[str], xs: list[float], at: float, step: float) -> list[Tick]:
    """A centred label has a step of room; the first and last, set inside the plot from its
    edge, a step less half their neighbour's text, so neighbours never run into each other."""
    centred = max(3, int((step or 400.0) / CHARACTER_WIDTH) - 1)

    def beside(neighbour: str) -> float:
        return max(step / 2, step - min(len(neighbour), centred) * CHARACTER_WIDTH / 2 - 4)

    ticks = []
    for i, (text, x) in enumerate(zip(labels, xs, strict=True)):
        anchor, width = "middle", step or 400.0
        if len(labels) > 1 and i == 0:
            anchor, width = "start", beside(labels[1])
        elif len(labels) > 1 and i == len(labels) - 1:
            anchor, width = "end", beside(labels[-2])
        short = _shorten(text, max(3, int(width / CHARACTER_WIDTH) - 1))
        ticks.append(Tick(x, short, at, anchor))
    return ticks


def _spread_labels(
    series: list[PlottedSeries], *, gap: float, top: float, bottom: float, room: int
) -> list[PlottedSeries]:
    """Move the end labels apart vertically (at least `gap`), keeping their order, and shorten
    them to `room` characters. More lines than fit the height keep the gap and run below it
    (the chart grows to hold them: see `percent_line_chart`)."""
    order = sorted(range(len(series)), key=lambda i: series[i].label_y)
    placed: dict[int, float] = {}
    previous = top - gap
    for i in order:
        y = max(series[i].label_y, previous + gap)
        placed[i] = y
        previous = y
    overflow = previous - bottom
    if overflow > 0:  # pushed below the chart: shift the stack up as far as the top allows
        shift = min(overflow, min(placed.values(), default=top) - top)
        for i in placed:
            placed[i] -= shift
    return [
        PlottedSeries(
            _shorten(s.name, room), s.points, s.dash, s.marker, s.colour, s.label_x, placed[i] + 4
        )
        for i, s in enumerate(series)
    ]


def sparkline(values: Sequence[float | None], *, width: int = 96, height: int = 20) -> str:
    """The points of a small percent line (0–100 %) for a table row; "" with fewer than two."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2 or len(values) < 2:
        return ""
    step = (width - 4) / (len(values) - 1)
    return " ".join(
        f"{2 + step * i:.1f},{height - 2 - (height - 4) * max(0, min(100, v)) / 100:.1f}"
        for i, v in known
    )


# --- Bars -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarValue:
    label: str
    value: float | None  # None: nothing to draw (no data, or a suppressed count)
    text: str  # how the value reads beside its bar: "45%", "12", "<5", "no data"


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; the full name is `title`
    title: str
    y: float
    length: float
    text: str
    text_x: float

    @property
    def baseline(self) -> str:
        """Where the row's texts stand."""
        return f"{self.y + BAR_ROW - 11:.1f}"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars on a 0–100 % scale, one per row, its value written at its end: the
    value reads without colour, and a row without a value says why instead of a bar."""

    width: int
    height: int
    left: float
    right: float
    bar_height: float
    ticks: list[Tick]
    bars: list[Bar]
    bottom: float

    @property
    def label_x(self) -> float:
        return self.left - 8


BAR_ROW = 22.0


def percent_bar_chart(
    rows: list[BarValue], *, width: int = 640, label_width: int = 210
) -> BarChart:
    left, right = float(label_width), float(width - 70)
    top = 6.0
    bottom = top + BAR_ROW * len(rows)

    def x_at(value: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, value)) / 100

    bars = []
    for i, row in enumerate(rows):
        length = 0.0 if row.value is None else x_at(row.value) - left
        bars.append(
            Bar(
                label=_shorten(row.label, int((label_width - 10) / CHARACTER_WIDTH)),
                title=row.label,
                y=top + BAR_ROW * i + 4,
                length=length,
                text=row.text,
                text_x=left + length + 5,
            )
        )
    return BarChart(
        width=width,
        height=int(bottom + 22),
        left=left,
        right=right,
        bar_height=BAR_ROW - 8,
        ticks=[Tick(x_at(v), f"{v}%", bottom + 15) for v in PERCENT_TICKS],
        bars=bars,
        bottom=bottom,
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float  # top of the column
    width: float
    height: float
    text: str  # the value, above the column
    text_y: float
    label: str  # below the baseline

    @property
    def centre(self) -> str:
        return f"{self.x + self.width / 2:.1f}"


@dataclass(frozen=True)
class Panel:
    title: str
    x: float
    y: float
    columns: list[Column]


@dataclass(frozen=True)
class SmallMultiples:
    """One column chart per group (say, per kind of report), on one shared scale so that the
    panels compare, or each on its own where they measure different things (the figures of
    several indicators); each panel has its title, so no colour is needed to tell them
    apart."""

    width: int
    height: int
    panel_width: float
    baseline: float  # within a panel
    panels: list[Panel]

    @property
    def axis_end(self) -> float:
        return self.panel_width - 10

    @property
    def label_y(self) -> float:
        return self.baseline + 13


def small_multiples(
    groups: list[tuple[str, list[BarValue]]],
    *,
    per_row: int = 2,
    panel_width: int = 320,
    panel_height: int = 150,
    shared_scale: bool = True,
) -> SmallMultiples:
    """Columns grow from zero: a value at or below it has no column, only its text."""

    def top(values: list[BarValue]) -> float:
        return max((v.value for v in values if v.value is not None), default=0.0)

    shared = max((top(values) for _title, values in groups), default=0.0)
    title_room, label_room = 22.0, 20.0
    baseline = panel_height - label_room
    usable = max(0.0, baseline - title_room - 14)  # room for the value above the tallest column
    title_characters = int((panel_width - 20) / TITLE_CHARACTER_WIDTH)
    panels = []
    for number, (title, values) in enumerate(groups):
        maximum = shared if shared_scale else top(values)
        count = max(1, len(values))
        slot = (panel_width - 20) / count
        columns = []
        for i, item in enumerate(values):
            value = item.value or 0.0
            drawn = 0 < value <= maximum and math.isfinite(maximum)
            height = usable * value / maximum if drawn else 0.0
            x = 10 + slot * i + slot * 0.15
            columns.append(
                Column(
                    x=x,
                    y=baseline - height,
                    width=slot * 0.7,
                    height=height,
                    text=item.text,
                    text_y=baseline - height - 4,
                    label=_shorten(item.label, max(3, int(slot / CHARACTER_WIDTH) + 1)),
                )
            )
        panels.append(
            Panel(
                title=_shorten(title, title_characters),
                x=float(panel_width * (number % per_row)),
                y=float(panel_height * (number // per_row)),
                columns=columns,
            )
        )
    rows = max(1, -(-len(groups) // per_row))
    return SmallMultiples(
        width=panel_width * min(per_row, max(1, len(groups))),
        height=panel_height * rows,
        panel_width=float(panel_width),
        baseline=baseline,
        panels=panels,
    )
