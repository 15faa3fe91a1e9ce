"""The dates of a series of sessions: pure, with the edges of the calendar."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.awareness.recurrence import MAX_SESSIONS, Repeat, add_months, dates

D = datetime.date


@pytest.mark.parametrize(
    ("first", "repeat", "count", "expected"),
    [
        (D(2026, 3, 10), Repeat.ONCE, 5, [D(2026, 3, 10)]),
        (D(2026, 12, 29), Repeat.WEEKLY, 2, [D(2026, 12, 29), D(2027, 1, 5)]),
        (D(2026, 1, 6), Repeat.SIX_WEEKLY, 3, [D(2026, 1, 6), D(2026, 2, 17), D(2026, 3, 31)]),
        # The 31st: the last day of shorter months, the 31st again after them.
        (D(2026, 1, 31), Repeat.MONTHLY, 4, [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31),
                                            D(2026, 4, 30)]),
        (D(2027, 11, 30), Repeat.QUARTERLY, 2, [D(2027, 11, 30), D(2028, 2, 29)]),
        (D(2028, 2, 29), Repeat.YEARLY, 2, [D(2028, 2, 29), D(2029, 2, 28)]),
        # The second Tuesday of every month.
        (D(2026, 1, 13), Repeat.MONTHLY_WEEKDAY, 3, [D(2026, 1, 13), D(2026, 2, 10),
                                                    D(2026, 3, 10)]),
        # A fifth Thursday a month lacks becomes its last.
        (D(2026, 1, 29), Repeat.MONTHLY_WEEKDAY, 4, [D(2026, 1, 29), D(2026, 2, 26),
                                                    D(2026, 3, 26), D(2026, 4, 30)]),
    ],
)  # fmt: skip
def test_dates_of_a_series(first, repeat, count, expected):
    assert dates(first, repeat, count) == expected


@pytest.mark.parametrize("count", [0, -1, MAX_SESSIONS + 1])
def test_a_series_has_a_bounded_number_of_sessions(count):
    with pytest.raises(ValueError, match="sessions"):
        dates(D(2026, 1, 1), Repeat.WEEKLY, count)


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    st.sampled_from(list(Repeat)),
    st.integers(min_value=1, max_value=24),
)
def test_a_series_runs_forward_from_its_first_day(first, repeat, count):
    days = dates(first, repeat, count)
    assert days[0] == first
    assert days == sorted(set(days))
    assert len(days) == (1 if repeat is Repeat.ONCE else count)
    if repeat is Repeat.MONTHLY_WEEKDAY:
        assert {d.weekday() for d in days} == {first.weekday()}


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 120))
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (
        later.day < day.day and (later + datetime.timedelta(1)).day == 1
    )
