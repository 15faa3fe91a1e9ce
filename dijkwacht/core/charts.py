"""Charts as SVG: pure geometry, no domain. A template draws what these functions compute
(`core/_line_chart.html`, `core/_sparkline.html`), always beside a table of the same figures.

Lines are told apart without colour: each has its own dash pattern and marker shape, and its
name is written at its last point, so a chart printed in black and white still reads.
"""

from __future__ import annotations

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
    values: list[int | None]  # one per label; None where the series has no value


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int

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
    # Room for every line's name at the right edge: a chart of many themes grows taller.
    height = max(height, int(len(series) * LABEL_GAP + 40))
    left, top, bottom = 40.0, 12.0, float(height - 28)
    right = float(width - label_width)
    count = len(labels)
    step = (right - left) / (count - 1) if count > 1 else 0.0

    def x_at(index: int) -> float:
        return left + step * index if count > 1 else (left + right) / 2

    def y_at(value: int) -> float:
        return bottom - (bottom - top) * max(0, min(100, value)) / 100

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
        y_ticks=[Tick(y_at(value), f"{value}%", y_at(value) + 4) for value in PERCENT_TICKS],
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
LABEL_GAP = 11.0


def _shorten(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "…"


def _x_ticks(labels: list[str], xs: list[float], at: float, step: float) -> list[Tick]:
    """A centred label has a step of room; the first and last, set inside the plot from its
    edge, half a step, so neighbours never run into each other."""
    ticks = []
    for i, (text, x) in enumerate(zip(labels, xs, strict=True)):
        anchor, width = "middle", step or 400.0
        if len(labels) > 1 and i == 0:
            anchor, width = "start", step / 2
        elif len(labels) > 1 and i == len(labels) - 1:
            anchor, width = "end", step / 2
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


def sparkline(values: list[int | None], *, width: int = 96, height: int = 20) -> str:
    """The points of a small percent line (0–100 %) for a table row; "" with fewer than two."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2 or len(values) < 2:
        return ""
    step = (width - 4) / (len(values) - 1)
    return " ".join(
        f"{2 + step * i:.1f},{height - 2 - (height - 4) * max(0, min(100, v)) / 100:.1f}"
        for i, v in known
    )
