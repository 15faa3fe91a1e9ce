import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.organisations import maps

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.0, 52.0], [7.0, 52.0], [7.0, 53.0], [6.0, 53.0], [6.0, 52.0]]],
}


def test_projection_keeps_north_up_and_east_right():
    west_x, north_y = maps.project(6.0, 53.0)
    east_x, south_y = maps.project(7.0, 52.0)
    assert east_x > west_x
    assert south_y > north_y  # SVG y grows downwards


def test_a_degree_east_is_shorter_than_a_degree_north_at_dutch_latitudes():
    x0, y0 = maps.project(6.0, 52.0)
    x1, _ = maps.project(7.0, 52.0)
    _, y1 = maps.project(6.0, 53.0)
    assert (x1 - x0) / abs(y1 - y0) == pytest.approx(math.cos(math.radians(52.15)), rel=1e-6)


def test_polygon_becomes_one_closed_path_with_its_bbox():
    shape = maps.shape_from_geometry(SQUARE)
    assert shape.path.startswith("M") and shape.path.endswith("Z")
    assert shape.path.count("M") == 1
    x0, y1 = maps.project(6.0, 52.0)
    x1, y0 = maps.project(7.0, 53.0)
    assert shape.bbox.min_x == pytest.approx(x0)
    assert shape.bbox.max_x == pytest.approx(x1)
    assert shape.bbox.min_y == pytest.approx(y0)
    assert shape.bbox.max_y == pytest.approx(y1)


def test_multipolygon_with_a_hole_draws_every_ring():
    hole = [[6.4, 52.4], [6.6, 52.4], [6.6, 52.6], [6.4, 52.6], [6.4, 52.4]]
    island = [[8.0, 54.0], [8.5, 54.0], [8.5, 54.5], [8.0, 54.0]]
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [[SQUARE["coordinates"][0], hole], [island]],
    }
    shape = maps.shape_from_geometry(geometry)
    assert shape.path.count("M") == 3
    assert shape.bbox.max_x == pytest.approx(maps.project(8.5, 0)[0])


def test_unsupported_or_empty_geometry_is_refused():
    with pytest.raises(ValueError, match="Unsupported"):
        maps.shape_from_geometry({"type": "Point", "coordinates": [6, 52]})
    with pytest.raises(ValueError, match="no ring"):
        maps.shape_from_geometry({"type": "Polygon", "coordinates": [[[6, 52], [7, 52]]]})


def test_view_box_of_nothing_is_none():
    assert maps.view_box([]) is None


boxes = st.builds(
    lambda x, y, w, h: maps.BBox(x, y, x + w, y + h),
    st.floats(-1e4, 1e4),
    st.floats(-1e5, 1e5),
    st.floats(0.1, 1e3),
    st.floats(0.1, 1e3),
)


@given(st.lists(boxes, min_size=1, max_size=20))
def test_view_box_contains_every_box(items):
    x, y, width, height = (float(v) for v in maps.view_box(items).split())
    for box in items:
        assert x <= box.min_x + 0.1 and box.max_x <= x + width + 0.1
        assert y <= box.min_y + 0.1 and box.max_y <= y + height + 0.1
