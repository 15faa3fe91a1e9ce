"""The chart geometry: values land where the scale says, lines are told apart without
colour, and end labels never overlap."""

from itertools import pairwise

import pytest

from dijkwacht.core import charts
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


def _extent(tick, width=6.5):
    size = len(tick.text) * width
    start = {"start": tick.position, "end": tick.position - size}.get(
        tick.anchor, tick.position - size / 2
    )
    return start, start + size


@pytest.mark.parametrize("count", [2, 3, 9])
def test_round_labels_are_shortened_so_neighbours_never_overlap(count):
    labels = [f"Voortgang voor het DVO van maand {n}" for n in range(count - 1)] + ["Nu"]
    chart = percent_line_chart(labels, [Series("x", [10] * count)])
    extents = [_extent(t) for t in chart.x_ticks]
    assert all(a[1] <= b[0] for a, b in pairwise(extents)), extents
    # Beside a short neighbour ("Nu") a long first label has room to be whole.
    assert chart.x_ticks[0].text.endswith("…") == (count > 2)
    assert chart.x_ticks[0].anchor == "start" and chart.x_ticks[-1].anchor == "end"


def test_every_name_sits_at_the_right_edge_even_when_its_line_ends_earlier():
    chart = percent_line_chart(["Q1", "Q2", "Nu"], [Series("Weg", [40, 30, None]),
                                                    Series("Blijft", [10, 20, 30])])  # fmt: skip
    assert {s.label_x for s in chart.series} == {chart.right + 8}


def test_many_themes_make_the_chart_taller_and_their_names_short_enough():
    series = [Series(f"Een heel lang thema over ondermijning nummer {n}", [50, 50])
              for n in range(30)]  # fmt: skip
    chart = percent_line_chart(["Q1", "Nu"], series, label_width=150)
    ys = sorted(s.label_y for s in chart.series)
    assert all(b - a >= 11 for a, b in pairwise(ys)) and ys[-1] <= chart.height
    assert all(len(s.name) * 6.5 <= 150 - 8 for s in chart.series)


# --- Bars ---------------------------------------------------------------------------------


def test_bars_are_as_long_as_their_share_and_a_missing_value_draws_none():
    chart = charts.percent_bar_chart(
        [
            charts.BarValue("Almelo", 100, "100%"),
            charts.BarValue("Borne", 25, "25%"),
            charts.BarValue("Dinkelland", None, "geen cellen"),
        ],
        width=640,
        label_width=210,
    )
    full = chart.right - chart.left
    assert [bar.length for bar in chart.bars] == [full, full / 4, 0.0]
    # The value reads beside its bar, also where there is no bar.
    assert [bar.text for bar in chart.bars] == ["100%", "25%", "geen cellen"]
    assert chart.bars[2].text_x == chart.left + 5
    # Rows do not overlap and the chart holds them all.
    ys = [bar.y for bar in chart.bars]
    assert all(b - a >= chart.bar_height for a, b in pairwise(ys))
    assert chart.height > ys[-1] + chart.bar_height


def test_a_long_name_is_shortened_in_the_chart_and_whole_in_its_title():
    name = "Gemeenschappelijke regeling Veiligheidsregio Twente en omstreken"
    [bar] = charts.percent_bar_chart([charts.BarValue(name, 50, "50%")]).bars
    assert bar.title == name
    assert bar.label.endswith("…") and len(bar.label) < len(name)


def test_small_multiples_share_one_scale_and_a_suppressed_count_has_no_column():
    chart = charts.small_multiples(
        [
            ("Ondermijning", [charts.BarValue("K1", 10, "10"), charts.BarValue("K2", 5, "5")]),
            ("Agressie", [charts.BarValue("K1", None, "<5"), charts.BarValue("K2", 0, "0")]),
        ],
        per_row=2,
        panel_width=300,
        panel_height=150,
    )
    first, second = chart.panels
    tallest = first.columns[0].height
    assert first.columns[1].height == tallest / 2  # the same scale: 5 is half of 10
    assert [c.height for c in second.columns] == [0.0, 0.0]
    assert [c.text for c in second.columns] == ["<5", "0"]
    assert (second.x, second.y) == (300.0, 0.0)
    assert (chart.width, chart.height) == (600, 150)


@pytest.mark.parametrize(
    ("rough", "step"), [(0.3, 0.5), (1, 1), (1.2, 2), (2.1, 2.5), (3, 5), (7, 10), (430, 500)]
)
def test_a_nice_step_is_a_round_number_at_or_above(rough, step):
    assert charts.nice_step(rough) == pytest.approx(step)


def test_ten_years_are_written_in_full_also_at_the_ends():
    years = [str(y) for y in range(2016, 2026)]
    chart = charts.value_line_chart(years, [Series("x", [1] * 10)], tick_text=lambda v, d: str(v))
    assert [t.text for t in chart.x_ticks] == years


def test_a_value_chart_scales_to_a_round_number_above_its_largest_value():
    chart = charts.value_line_chart(
        ["2023", "2024"], [Series("Nederland", [155, 217])], tick_text=lambda v, d: f"{v:.{d}f}"
    )
    assert [t.text for t in chart.y_ticks] == ["0", "100", "200", "300"]
    top, bottom = chart.y_ticks[-1].position, chart.y_ticks[0].position
    highest = chart.series[0].points[1]
    assert top < highest.y < bottom  # 217 lies between 200 and 300
    assert highest.value == 217


def test_value_classes_on_a_map_are_round_and_every_value_falls_in_one():
    from dijkwacht.core import choropleth

    edges = choropleth.value_breaks([0.4, 3.2, 9.8])
    assert edges == (0, 2, 4, 6, 8)
    bands = choropleth.value_bands(
        edges, lambda v: f"{v:g}", up_to="%(low)s tot %(high)s", or_more="%(low)s of meer"
    )
    assert [b.label for b in bands] == ["0 tot 2", "2 tot 4", "4 tot 6", "6 tot 8", "8 of meer"]
    assert [choropleth.value_band(v, edges) for v in (0.4, 3.2, 9.8)] == [0, 1, 4]
    # A negative value starts the classes below zero; a small range gets small steps.
    assert choropleth.value_breaks([-3, 7])[0] == -4
    assert choropleth.value_breaks([0.04, 0.1])[1] == pytest.approx(0.02)
    assert charts.step_decimals(0.02) == 2 and charts.step_decimals(2.5) == 1


def test_a_chart_with_a_negative_or_tiny_value_scales_to_it():
    chart = charts.value_line_chart(
        ["a", "b"], [Series("x", [-3, 0.1])], tick_text=lambda v, d: f"{v:.{d}f}"
    )
    assert chart.y_ticks[0].text == "-3" and chart.y_ticks[-1].text == "1"
    tiny = charts.value_line_chart(["a"], [Series("x", [0.1])], tick_text=lambda v, d: f"{v:.{d}f}")
    assert [t.text for t in tiny.y_ticks] == ["0.000", "0.025", "0.050", "0.075", "0.100"]


def test_the_drawn_charts_are_valid_svg_with_names_escaped_and_no_mark_without_a_value():
    """The marks are written by `core/templatetags/charts.py`, not a template loop: what a
    name holds is text, never markup, and a value that is not there draws nothing."""
    from xml.etree import ElementTree

    from django.template.loader import render_to_string

    svg = "{http://www.w3.org/2000/svg}"
    bars = charts.percent_bar_chart(
        [charts.BarValue("Ons & <Jullie>", 50, "50%"), charts.BarValue("Leeg", None, "<5")]
    )
    drawn = ElementTree.fromstring(  # noqa: S314 - our own drawing
        render_to_string(
            "core/_bar_chart.html", {"chart": bars, "chart_id": "b", "chart_title": "Balken"}
        )
    )
    rows = drawn.findall(f"{svg}g")
    assert [row.find(f"{svg}title").text for row in rows] == ["Ons & <Jullie>: 50%", "Leeg: <5"]
    assert [len(row.findall(f"{svg}rect")) for row in rows] == [1, 0]
    assert rows[0].find(f"{svg}rect").get("width") == str(bars.bars[0].length)
    assert len(drawn.findall(f"{svg}line")) == len(bars.ticks)

    columns = charts.small_multiples(
        [("A & B", [charts.BarValue("K1", 4, "4"), charts.BarValue("K2", None, "<5")])]
    )
    drawn = ElementTree.fromstring(  # noqa: S314 - our own drawing
        render_to_string(
            "core/_small_multiples.html",
            {"chart": columns, "chart_id": "k", "chart_title": "Kolommen"},
        )
    )
    [panel] = drawn.findall(f"{svg}g")
    assert panel.find(f"{svg}text").text == "A & B"
    assert len(panel.findall(f"{svg}rect")) == 1
    assert [t.text for t in panel.findall(f"{svg}text")[1:]] == ["4", "K1", "<5", "K2"]


def test_a_drawn_line_chart_marks_every_point_in_its_series_shape():
    from xml.etree import ElementTree

    from django.template.loader import render_to_string

    svg = "{http://www.w3.org/2000/svg}"
    chart = percent_line_chart(
        ["2023", "2024"],
        [Series(f"Reeks {i} & <meer>", [10.0 * i, None if i == 5 else 50.0]) for i in range(6)],
    )
    drawn = ElementTree.fromstring(  # noqa: S314 - our own drawing
        render_to_string(
            "core/_line_chart.html", {"chart": chart, "chart_id": "l", "chart_title": "Lijnen"}
        )
    )
    groups = drawn.findall(f"{svg}g")
    assert [g.find(f"{svg}text").text for g in groups] == [s.name for s in chart.series]
    shapes = [
        [
            child.tag.removeprefix(svg)
            for child in g
            if child.tag not in (f"{svg}polyline", f"{svg}text")
        ]
        for g in groups
    ]
    assert [len(found) for found in shapes] == [len(s.points) for s in chart.series]
    assert {found[0] for found in shapes} == {"circle", "rect", "polygon"}
    dashed = [g.find(f"{svg}polyline").get("stroke-dasharray") for g in groups]
    assert [d or "" for d in dashed] == [s.dash for s in chart.series]
