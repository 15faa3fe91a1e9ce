"""The reach arithmetic, as tables (pure: no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.awareness.reach import Reach, combined, size_on

D = datetime.date


@pytest.mark.parametrize(
    ("reached", "size", "share", "band", "over"),
    [
        (0, 40, 0, "none", False),
        (1, 400, 0, "some", False),  # reached, under 1 %: not "none"
        (9, 40, 22, "some", False),  # rounded down: 22.5 → 22
        (10, 40, 25, "quarter", False),
        (20, 40, 50, "half", False),
        (29, 40, 72, "half", False),
        (30, 40, 75, "most", False),
        (40, 40, 100, "most", False),
        (52, 40, 100, "most", True),  # more than the group: its size is out of date
        (12, None, None, "unknown", False),  # no size entered: unknown, not 0 %
        (0, 0, None, "unknown", False),  # a group nobody is in
    ],
)
def test_the_share_reached(reached, size, share, band, over):
    reach = Reach(reached, size)
    assert (reach.share, reach.band, reach.over) == (share, band, over)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        Reach(-1, 10)
    with pytest.raises(ValueError):
        Reach(1, -10)


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.integers(0, 100))
def test_a_share_is_a_percentage_and_grows_with_the_people_reached(reached, size, more):
    share = Reach(reached, size).share
    assert share is not None and 0 <= share <= 100
    assert Reach(reached + more, size).share >= share


@pytest.mark.parametrize(
    ("day", "size"),
    [
        (D(2025, 12, 31), None),  # before any size was entered
        (D(2026, 1, 1), 120),
        (D(2026, 6, 30), 120),
        (D(2026, 7, 1), 150),  # the group grew in July
        (D(2027, 3, 1), 150),
    ],
)
def test_the_size_that_holds_on_a_day(day, size):
    sizes = [(D(2026, 7, 1), 150), (D(2026, 1, 1), 120)]  # in any order
    assert size_on(sizes, day) == size


def test_organisations_combined_leave_out_those_without_a_size():
    total, unknown = combined([Reach(30, 40), Reach(10, 60), Reach(25, None)])
    assert (total.reached, total.size, total.share, unknown) == (40, 100, 40, 1)
    total, unknown = combined([Reach(5, None)])
    assert (total.share, unknown) == (None, 1)
    total, unknown = combined([])
    assert (total.reached, total.size, total.share, unknown) == (0, 0, None, 0)
