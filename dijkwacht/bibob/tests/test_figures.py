"""Counts for people outside the team: no shown number gives a suppressed one away."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from dijkwacht.bibob.selectors import table_shown
from dijkwacht.core.suppression import SMALL_COUNT, Withheld


def _consistent(rows, cells, totals, grand):
    """Every table of counts an onlooker cannot tell apart from `rows`, given what is shown."""
    hidden = [(r, c) for r in rows for c in rows[r] if cells[r][c] is None]
    small = range(1, SMALL_COUNT)
    for values in itertools.product(small, repeat=len(hidden)):
        guess = {r: dict(cs) for r, cs in rows.items()}
        for (r, c), value in zip(hidden, values, strict=True):
            guess[r][c] = value
        hidden_cells = len(hidden)
        if all(
            _agrees(sum(guess[r].values()), totals[r], sum(cells[r][c] is None for c in rows[r]))
            for r in rows
        ) and (
            isinstance(grand, Withheld)  # left out: it says nothing
            or _agrees(sum(sum(cs.values()) for cs in guess.values()), grand, hidden_cells)
        ):
            yield guess


def _agrees(value, shown, hidden_parts):
    """Whether a true value fits what is shown: "<5" is 1 to 4; "×" is 5 or more, or a small
    total over four suppressed parts (`protected_total`)."""
    if shown is None:
        return 1 <= value < SMALL_COUNT
    if isinstance(shown, Withheld):
        return value >= SMALL_COUNT or (value >= 1 and hidden_parts >= SMALL_COUNT - 1)
    return value == shown


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=4), min_size=2, max_size=3).filter(
        lambda grid: len({len(row) for row in grid}) == 1
    )
)
def test_no_suppressed_count_can_be_worked_out(grid):
    rows = {f"d{i}": dict(enumerate(row, start=1)) for i, row in enumerate(grid)}
    cells, totals, grand = table_shown(rows, suppressed=True)
    for r, cs in rows.items():
        for c, n in cs.items():
            assert cells[r][c] == (n if n == 0 or n >= SMALL_COUNT else None)
    hidden = [(r, c) for r in rows for c in rows[r] if cells[r][c] is None]
    if not hidden:
        return
    tables = list(_consistent(rows, cells, totals, grand))
    for r, c in hidden:
        assert len({t[r][c] for t in tables}) > 1, (grid, r, c, totals, grand)


def test_the_team_sees_every_count():
    rows = {"vergunning": {1: 5, 2: 1}, "subsidie": {1: 0, 2: 2}}
    cells, totals, grand = table_shown(rows, suppressed=False)
    assert (cells, totals, grand) == (rows, {"vergunning": 6, "subsidie": 2}, 8)


def test_a_withheld_row_total_withholds_the_grand_total():
    """Domain A [5, 1] has its total withheld; B's 10 is shown: a grand total of 16 would give
    A's 6 and so its hidden 1 away. The grand total shows only beside shown row totals."""
    _cells, totals, grand = table_shown({"a": {1: 5, 2: 1}, "b": {1: 5, 2: 5}}, suppressed=True)
    assert isinstance(totals["a"], Withheld) and totals["b"] == 10
    assert isinstance(grand, Withheld)


def test_a_grand_total_over_hidden_rows_is_withheld():
    """[0, 1], [1, 1] and [1, 4]: a grand total of 8 beside the 5 would say the first row is 1."""
    _cells, totals, grand = table_shown({"a": {1: 0, 2: 1}, "b": {1: 1, 2: 1}, "c": {1: 1, 2: 4}},
                                        suppressed=True)  # fmt: skip
    assert totals == {"a": None, "b": None, "c": 5}
    assert isinstance(grand, Withheld)
    _cells, totals, grand = table_shown({"a": {1: 5, 2: 6}, "b": {1: 0, 2: 7}}, suppressed=True)
    assert grand == 18
