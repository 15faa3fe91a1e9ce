"""Counts for people outside the team: no shown number gives a suppressed one away, to an
onlooker or to a member who knows its own part of each count."""

import itertools

import pytest
from hypothesis import example, given, settings
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
    """Whether a true value fits what is shown: "<5" is 1 to 4; "×" may be anything."""
    if shown is None:
        return 1 <= value < SMALL_COUNT
    if isinstance(shown, Withheld):
        return True  # left out: it says nothing
    return value == shown


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=4), min_size=2, max_size=3).filter(
        lambda grid: len({len(row) for row in grid}) == 1
    )
)
def test_no_suppressed_count_can_be_worked_out(grid):
    rows = {f"d{i}": dict(enumerate(row, start=1)) for i, row in enumerate(grid)}
    cells, totals, grand = table_shown(_one_member(rows), suppressed=True)
    for r, cs in rows.items():
        for c, n in cs.items():
            assert cells[r][c] == (n if n == 0 or n >= SMALL_COUNT else None)
    hidden = [(r, c) for r in rows for c in rows[r] if cells[r][c] is None]
    if not hidden:
        return
    tables = list(_consistent(rows, cells, totals, grand))
    for r, c in hidden:
        assert len({t[r][c] for t in tables}) > 1, (grid, r, c, totals, grand)


def _one_member(rows):
    return {r: {c: [n] for c, n in cells.items()} for r, cells in rows.items()}


def test_the_team_sees_every_count():
    rows = {"vergunning": {1: [5, 0], 2: [0, 1]}, "subsidie": {1: [0, 0], 2: [1, 1]}}
    cells, totals, grand = table_shown(rows, suppressed=False)
    assert cells == {"vergunning": {1: 5, 2: 1}, "subsidie": {1: 0, 2: 2}}
    assert (totals, grand) == ({"vergunning": 6, "subsidie": 2}, 8)


def test_a_withheld_row_total_withholds_the_grand_total():
    """Domain A [5, 1] has its total withheld; B's 10 is shown: a grand total of 16 would give
    A's 6 and so its hidden 1 away. The grand total shows only beside shown row totals."""
    _cells, totals, grand = table_shown(
        _one_member({"a": {1: 5, 2: 1}, "b": {1: 5, 2: 5}}), suppressed=True
    )
    assert isinstance(totals["a"], Withheld) and totals["b"] == 10
    assert isinstance(grand, Withheld)


def test_a_grand_total_over_hidden_rows_is_withheld():
    """[0, 1], [1, 1] and [1, 4]: a grand total of 8 beside the 5 would say the first row is 1."""
    _cells, totals, grand = table_shown(
        _one_member({"a": {1: 0, 2: 1}, "b": {1: 1, 2: 1}, "c": {1: 1, 2: 4}}), suppressed=True
    )
    assert all(isinstance(t, Withheld) for t in totals.values())
    assert isinstance(grand, Withheld)
    _cells, totals, grand = table_shown(
        _one_member({"a": {1: 5, 2: 6}, "b": {1: 0, 2: 7}}), suppressed=True
    )
    assert grand == 18


# --- A member subtracting its own part (n−1) ---------------------------------------------------

OTHERS = range(8)  # what the brute force tries for the other member's part of each cell


def _table(own, others):
    """Two members' parts side by side, as `table_shown` reads them."""
    return {r: {c: [own[r][c], others[r][c]] for c in own[r]} for r in own}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=2), min_size=2, max_size=2),
    st.lists(st.lists(st.integers(0, 7), min_size=2, max_size=2), min_size=2, max_size=2),
)
# Found by review: a row total reading "<5" beside my 3 and the other's "<5" (it is 1); a row
# total reading "×" beside two "<5" of the other when I have none (they are 4 and 4).
@example([[3, 0], [0, 0]], [[0, 1], [0, 0]])
@example([[0, 0], [0, 0]], [[4, 4], [0, 0]])
def test_a_member_cannot_work_out_the_others_small_part(own_grid, other_grid):
    """A member knows its own part of every count. For each table the other member could have
    (every part 0–7), the shown table must differ, or else leave each small part of the other
    (1–4) open: never one value only."""
    own = {f"d{i}": dict(enumerate(row, start=1)) for i, row in enumerate(own_grid)}
    others = {f"d{i}": dict(enumerate(row, start=1)) for i, row in enumerate(other_grid)}
    seen = table_shown(_table(own, others), suppressed=True)
    keys = [(r, c) for r in own for c in own[r]]
    fitting = []
    for values in itertools.product(OTHERS, repeat=len(keys)):
        guess = {r: {} for r in own}
        for (r, c), value in zip(keys, values, strict=True):
            guess[r][c] = value
        if _same(table_shown(_table(own, guess), suppressed=True), seen):
            fitting.append(guess)
    for r, c in keys:
        if 1 <= others[r][c] < SMALL_COUNT:
            assert len({g[r][c] for g in fitting}) > 1, (own_grid, other_grid, r, c, seen)


def _same(a, b):
    def key(value):
        return "×" if isinstance(value, Withheld) else value

    cells_a, totals_a, grand_a = a
    cells_b, totals_b, grand_b = b
    return (
        {r: {c: key(v) for c, v in cs.items()} for r, cs in cells_a.items()}
        == {r: {c: key(v) for c, v in cs.items()} for r, cs in cells_b.items()}
        and {r: key(v) for r, v in totals_a.items()} == {r: key(v) for r, v in totals_b.items()}
        and key(grand_a) == key(grand_b)
    )


def test_a_count_a_member_could_subtract_from_is_withheld():
    """Enschede 10, Hengelo 2: the 12 would tell Enschede that Hengelo has 2. It reads "×"
    (not "<5": that would be false), and so does the row's total beside it."""
    cells, totals, grand = table_shown({"vergunning": {1: [10, 2], 2: [5, 5]}}, suppressed=True)
    assert isinstance(cells["vergunning"][1], Withheld)
    assert cells["vergunning"][2] == 10
    assert isinstance(totals["vergunning"], Withheld) and isinstance(grand, Withheld)
    cells, totals, grand = table_shown({"vergunning": {1: [10, 5], 2: [5, 5]}}, suppressed=True)
    assert (cells["vergunning"][1], totals["vergunning"], grand) == (15, 25, 25)


def test_a_row_total_shows_only_beside_cells_that_all_show():
    """Q1 2 and Q2 1 read "<5", Q3 10: a total of 13 would say Q1 and Q2 hold 3 together. And
    whether a total reads "<5" or "×" would tell a member with 3 in Q3 and a total below 5
    that the other has 1 in Q2. A total shows beside numbers only."""
    rows = {"subsidie": {1: [0, 2], 2: [0, 1], 3: [5, 5]}}
    _cells, totals, _grand = table_shown(rows, suppressed=True)
    assert isinstance(totals["subsidie"], Withheld)
    rows = {"subsidie": {1: [0, 0], 2: [0, 1], 3: [3, 0]}}
    cells, totals, _grand = table_shown(rows, suppressed=True)
    assert (cells["subsidie"][2], cells["subsidie"][3]) == (None, None)
    assert isinstance(totals["subsidie"], Withheld)
    rows = {"subsidie": {1: [0, 5], 2: [0, 0], 3: [5, 5]}}
    _cells, totals, grand = table_shown(rows, suppressed=True)
    assert totals["subsidie"] == grand == 15


# --- The year's figures from the register, and as Excel -----------------------------------------


def _decided(officer, organisation, *, due_in, outcome="verleend", category="bouwen", lbb=None):
    """A screening decided today whose legal term ran out `due_in` days from today; with `lbb`
    (days ago requested, days ago received) the LBB's advice came in between."""
    import datetime

    from django.utils import timezone

    from dijkwacht.bibob import services
    from tests.factories import make_screening

    today = timezone.localdate()
    screening = make_screening(
        officer, organisation, category=category, days_ago=40,
        decision_due_on=today + datetime.timedelta(days=due_in),
    )  # fmt: skip
    if lbb:
        requested, received = lbb
        for action, days, given in (
            ("investigate", requested, {"finding": "lbb_nodig"}),
            ("lbb_request", requested, {"lbb_reference": "LBB-1"}),
            ("lbb_advice", received, {"conclusion": "geen"}),
        ):
            screening = services.screening_step(
                actor=officer, screening=screening, action=action,
                date=today - datetime.timedelta(days=days), **given,
            )  # fmt: skip
    return services.screening_step(
        actor=officer, screening=screening, action="decide", date=today, outcome=outcome
    )


@pytest.mark.django_db
def test_terms_met_and_decisions_per_domain(officer, enschede):
    from django.utils import timezone

    from dijkwacht.bibob.selectors import figures

    _decided(officer, enschede, due_in=3)  # in time
    _decided(officer, enschede, due_in=-2, outcome="geweigerd")  # two days late
    # Late by its own date, but the LBB's 30 days suspend it: in time. The advice came in
    # 30 days, well within the LBB's 8 weeks.
    _decided(officer, enschede, due_in=-20, category="subsidie", lbb=(35, 5))
    counts = figures([enschede.pk], timezone.localdate().year, suppressed=False, terms=True)
    assert counts.decided["vergunning"] == {
        "verleend": 1, "voorschriften": 0, "geweigerd": 1, "ingetrokken": 0,
        "buiten_behandeling": 0,
    }  # fmt: skip
    assert counts.decided_total == {
        "vergunning": 2,
        "subsidie": 1,
        "aanbesteding": 0,
        "vastgoed": 0,
        "overig": 0,
    }
    assert counts.terms.decisions == 3
    assert counts.terms.advice == 1 and counts.terms.advice_in_time == 1
    assert counts.terms.decisions_in_time == 2
    # Outside the team, shares only, and only from 20 decisions.
    hidden = figures([enschede.pk], timezone.localdate().year, suppressed=True, terms=True)
    # The decisions per outcome read "<5": whether a share reads "too few" would say more.
    assert (hidden.terms.decisions, hidden.terms.advice) == (None, None)
    assert isinstance(hidden.terms.decisions_share, Withheld)


@pytest.mark.django_db
def test_the_year_as_excel_for_the_team_in_full_and_for_the_coordinator_suppressed(
    client, officer, enschede, coordinator, twente
):
    import io

    from django.urls import reverse
    from django.utils import timezone
    from openpyxl import load_workbook

    _decided(officer, enschede, due_in=3)
    _decided(officer, enschede, due_in=-2, outcome="geweigerd")
    year = timezone.localdate().year
    url = f"{reverse('bibob:figures_xlsx')}?year={year}"

    def sheets(response):
        assert response["Content-Disposition"].endswith(f'bibob-cijfers-{year}.xlsx"')
        book = load_workbook(io.BytesIO(response.content))
        return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}

    client.force_login(officer)
    full = sheets(client.get(url))
    assert list(full) == ["Over", "Geopend", "Besluiten", "LBB en termijnen"]
    decided = {row[0]: row[1:] for row in full["Besluiten"]}
    assert decided["Vergunning"] == [1, 0, 1, 0, 0, 2]
    terms = dict(full["LBB en termijnen"])
    assert terms["Besluiten met een wettelijke termijn"] == 2
    assert terms["… waarvan binnen de termijn genomen"] == 1
    assert "Enschede" in full["Over"][1][1]

    client.force_login(coordinator)
    hidden = sheets(client.get(url))
    # Outside the team, per decision only: totals per domain beside them would be two margins
    # of one hidden table.
    decided = dict(hidden["Besluiten"])
    assert (decided["Verleend"], decided["Geweigerd"], decided["Ingetrokken"]) == ("<5", "<5", 0)
    assert "Vergunning" not in decided
    lines = dict(hidden["LBB en termijnen"])
    assert "Besluiten met een wettelijke termijn" not in lines  # counts would add up
    assert lines["Besluiten binnen de termijn genomen"] == "×"
    assert hidden["Over"][1][1] == twente.name
