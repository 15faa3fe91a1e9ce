"""The progress charts of a programme (page and PDF): per theme a line over the rounds, per
organisation a small line in its table row. Pure: it draws what the selector counted."""

from __future__ import annotations

from dataclasses import dataclass

from dijkwacht.core.charts import LineChart, Series, percent_line_chart, sparkline
from dijkwacht.programmes.selectors import RoundProgress


@dataclass(frozen=True)
class ProgressCharts:
    labels: list[str]
    themes: LineChart
    theme_rows: list[Series]
    organisation_rows: list[tuple[Series, str]]  # the row and its sparkline's points


def progress_charts(history: RoundProgress) -> ProgressCharts | None:
    """None before the first closed round (a line needs two points), or when no theme or
    organisation has a figure to draw."""
    rows = [*history.themes, *history.organisations]
    if not history.has_history or not any(v is not None for row in rows for v in row.values):
        return None
    return ProgressCharts(
        labels=history.labels,
        themes=percent_line_chart(history.labels, history.themes),
        theme_rows=history.themes,
        organisation_rows=[(row, sparkline(row.values)) for row in history.organisations],
    )
