"""The chart geometry: values land where the scale says, lines are told apart without
colour, and end labels never overlap."""

from itertools import pairwise

from dijkwacht.core.charts import DASHES, MARKERS, Series, percent_line_chart, sparkline


def test_values_land_on_the_percent_scale():
    chart = percent_line_chart(["Q1", "Q2", "Nu"], [Series("Integriteit", [0, 50, 100])])
    (line,) = chart.series
    assert [p.y for p in line.points] == [chart.bottom, (chart.top + chart.bottom) / 2, chart.top]
    assert [p.x for p in line.points] == [chart.left, (chart.left + chart.right) / 2, chart.right]
    assert [t.text for t in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [t.text for t in chart.x_ticks] == ["Q1", "Q2", "Nu"]


def test_missing_values_are_left_out_and_an_empty_series_is_not_drawn():
    chart = percent_line_chart(
        ["Q1", "Q2", "Nu"], [Series("Nieuw thema", [None, None, 40]), Series("Leeg", [None] * 3)]
    )
    assert [s.name for s in chart.series] == ["Nieuw thema"]
    assert [p.value for p in chart.series[0].points] == [40]


def test_lines_differ_in_dash_and_marker_and_their_names_do_not_overlap():
    series = [Series(f"Thema {n}", [10, 50]) for n in range(7)]  # all end at the same value
    chart = percent_line_chart(["Q1", "Nu"], series)
    styles = [(s.dash, s.marker) for s in chart.series[:6]]
    assert len(set(styles)) == 6 == len(DASHES) == len(MARKERS)
    ys = sorted(s.label_y for s in chart.series)
    assert all(b - a >= 11 for a, b in pairwise(ys))
    assert all(chart.top <= y <= chart.height for y in ys)


def test_values_beyond_the_scale_are_clamped():
    chart = percent_line_chart(["a", "b"], [Series("x", [-5, 130])])
    assert [p.y for p in chart.series[0].points] == [chart.bottom, chart.top]


def test_a_sparkline_needs_two_points():
    assert sparkline([50]) == ""
    assert sparkline([None, 50]) == ""
    assert sparkline([0, None, 100], width=96, height=20) == "2.0,18.0 94.0,2.0"


def test_round_labels_are_shortened_to_their_room_and_kept_inside():
    labels = [f"Voortgang voor het DVO van maand {n}" for n in range(8)] + ["Nu"]
    chart = percent_line_chart(labels, [Series("x", [10] * 9)])
    room = (chart.right - chart.left) / 8
    assert all(len(t.text) * 6 <= room for t in chart.x_ticks)
    assert chart.x_ticks[0].text.endswith("…")
    assert [chart.x_ticks[0].anchor, chart.x_ticks[4].anchor, chart.x_ticks[-1].anchor] == [
        "start", "middle", "end",
    ]  # fmt: skip
