import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.programmes import progress
from dijkwacht.programmes.models import Status

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


def test_every_status_has_a_style_with_a_symbol():
    assert set(progress.STYLES) == set(Status.values)
    symbols = [style.symbol for style in progress.STYLES.values()]
    assert all(symbols) and len(set(symbols)) == len(symbols)


@pytest.mark.parametrize(
    ("updated_at", "stale"),
    [
        (None, True),
        (NOW, False),
        (NOW - datetime.timedelta(days=89, hours=23), False),
        (NOW - datetime.timedelta(days=90), False),
        (NOW - datetime.timedelta(days=90, seconds=1), True),
    ],
)
def test_staleness_boundary(updated_at, stale):
    assert progress.is_stale(updated_at, NOW, 90) is stale


def test_progress_counts_structural_and_completed_as_done():
    result = progress.progress(
        {Status.STRUCTURAL: 2, Status.COMPLETED: 1, Status.IN_PROGRESS: 3, Status.UNDETERMINED: 4}
    )
    assert (result.total, result.done, result.in_progress, result.undetermined) == (10, 3, 3, 4)
    assert result.percent_done == 30


def test_progress_of_nothing_has_no_percentage():
    assert progress.progress({}).percent_done is None


def test_progress_refuses_unknown_statuses():
    with pytest.raises(ValueError, match="rood"):
        progress.progress({"rood": 1})


@given(st.dictionaries(st.sampled_from(Status.values), st.integers(0, 10_000)))
def test_progress_parts_add_up(counts):
    result = progress.progress(counts)
    parts = (
        result.done + result.in_progress + result.planned + result.not_taken_up
        + result.undetermined
    )  # fmt: skip
    assert parts == result.total == sum(counts.values())
    if result.total:
        assert 0 <= result.percent_done <= 100


def test_budget_summary():
    summary = progress.budget_summary(Decimal(104000), Decimal(90000), Decimal(30500))
    assert summary.remaining == Decimal(73500)
    assert summary.percent_spent == 29
    assert not summary.over_budget
    over = progress.budget_summary(Decimal(1000), None, Decimal(1500))
    assert over.over_budget and over.remaining == Decimal(-500)
    assert progress.budget_summary(None, None, None).remaining is None
