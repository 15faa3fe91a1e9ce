"""The statutory clock of a Bibob screening, as tables of dates (pure: no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.bibob import clock

D = datetime.date
LAW = clock.Terms()  # 8 weeks, once 4 more, suspension at most 12 weeks, warn 14 days


@pytest.mark.parametrize(
    ("lbb", "today", "due", "state"),
    [
        # Requested on 1 March: 8 weeks is 26 April.
        (clock.Lbb(D(2026, 3, 1)), D(2026, 3, 2), D(2026, 4, 26), "running"),
        (clock.Lbb(D(2026, 3, 1)), D(2026, 4, 12), D(2026, 4, 26), "soon"),
        (clock.Lbb(D(2026, 3, 1)), D(2026, 4, 26), D(2026, 4, 26), "soon"),
        (clock.Lbb(D(2026, 3, 1)), D(2026, 4, 27), D(2026, 4, 26), "overdue"),
        # Extended by 4 weeks: 24 May; by 2 weeks: 10 May.
        (clock.Lbb(D(2026, 3, 1), extension_weeks=4), D(2026, 4, 27), D(2026, 5, 24), "running"),
        (clock.Lbb(D(2026, 3, 1), extension_weeks=2), D(2026, 4, 27), D(2026, 5, 10), "soon"),
        # An extension beyond the law counts only as far as the law allows.
        (clock.Lbb(D(2026, 3, 1), extension_weeks=9), D(2026, 3, 2), D(2026, 5, 24), "running"),
        # The applicant took 10 days to answer the LBB's questions: 10 days later.
        (clock.Lbb(D(2026, 3, 1), paused_days=10), D(2026, 4, 27), D(2026, 5, 6), "soon"),
        # A question still open: the term is paused, no date.
        (clock.Lbb(D(2026, 3, 1), paused_since=D(2026, 4, 20)), D(2026, 5, 1), None, "paused"),
    ],
)
def test_the_lbb_term(lbb, today, due, state):
    term = clock.advice_term(lbb, today=today, terms=LAW)
    assert term is not None
    assert term.due == due
    assert term.state == state


def test_no_lbb_term_before_the_request_or_after_the_advice():
    assert clock.advice_term(None, today=D(2026, 3, 1), terms=LAW) is None
    received = clock.Lbb(D(2026, 3, 1), advice_on=D(2026, 4, 1))
    assert clock.advice_term(received, today=D(2026, 4, 2), terms=LAW) is None


def test_the_days_left_and_overdue():
    term = clock.advice_term(clock.Lbb(D(2026, 3, 1)), today=D(2026, 4, 30), terms=LAW)
    assert (term.days_left, term.days_overdue) == (-4, 4)
    term = clock.advice_term(clock.Lbb(D(2026, 3, 1)), today=D(2026, 4, 20), terms=LAW)
    assert (term.days_left, term.days_overdue) == (6, 0)


@pytest.mark.parametrize(
    ("lbb", "today", "days"),
    [
        (None, D(2026, 3, 1), 0),
        # Advice received after 30 days: the decision term is suspended 30 days.
        (clock.Lbb(D(2026, 3, 1), advice_on=D(2026, 3, 31)), D(2026, 6, 1), 30),
        # Still running: suspended until the advice is due (8 weeks), not just until today.
        (clock.Lbb(D(2026, 3, 1)), D(2026, 3, 10), 56),
        # The LBB is late: the suspension runs on with today, up to 12 weeks at most.
        (clock.Lbb(D(2026, 3, 1)), D(2026, 5, 10), 70),
        (clock.Lbb(D(2026, 3, 1)), D(2026, 9, 1), 84),
        (clock.Lbb(D(2026, 3, 1), advice_on=D(2026, 8, 1)), D(2026, 9, 1), 84),
        # Extended by 4 weeks, advice after 11 weeks: 77 days.
        (clock.Lbb(D(2026, 3, 1), extension_weeks=4, advice_on=D(2026, 5, 17)), D(2026, 6, 1), 77),
        # The days the LBB waited for the applicant come on top, beyond the 12 weeks too.
        (clock.Lbb(D(2026, 3, 1), paused_days=20, advice_on=D(2026, 8, 1)), D(2026, 9, 1), 104),
        (clock.Lbb(D(2026, 3, 1), paused_days=10, advice_on=D(2026, 4, 10)), D(2026, 9, 1), 40),
        # An open question: its days so far count too.
        (clock.Lbb(D(2026, 3, 1), paused_since=D(2026, 3, 11)), D(2026, 3, 21), 66),
    ],
)
def test_the_decision_term_is_suspended(lbb, today, days):
    assert clock.suspended_days(lbb, today=today, terms=LAW) == days


@pytest.mark.parametrize(
    ("due_on", "lbb", "decided_on", "today", "due", "state"),
    [
        (D(2026, 4, 1), None, None, D(2026, 3, 1), D(2026, 4, 1), "running"),
        (D(2026, 4, 1), None, None, D(2026, 3, 20), D(2026, 4, 1), "soon"),
        (D(2026, 4, 1), None, None, D(2026, 4, 2), D(2026, 4, 1), "overdue"),
        # Advice in 30 days moves the term 30 days.
        (D(2026, 4, 1), clock.Lbb(D(2026, 3, 1), advice_on=D(2026, 3, 31)), None,
         D(2026, 4, 2), D(2026, 5, 1), "running"),
        # Paused while the LBB waits for the applicant.
        (D(2026, 4, 1), clock.Lbb(D(2026, 3, 1), paused_since=D(2026, 3, 5)), None,
         D(2026, 3, 6), None, "paused"),
    ],
)  # fmt: skip
def test_the_decision_term(due_on, lbb, decided_on, today, due, state):
    term = clock.decision_term(
        due_on=due_on, lbb=lbb, decided_on=decided_on, today=today, terms=LAW
    )
    assert term is not None
    assert (term.due, term.state) == (due, state)


def test_no_decision_term_once_decided_or_without_one():
    assert (
        clock.decision_term(
            due_on=D(2026, 4, 1), lbb=None, decided_on=D(2026, 3, 1), today=D(2026, 3, 2),
            terms=LAW,
        )
        is None
    )  # fmt: skip
    assert (
        clock.decision_term(due_on=None, lbb=None, decided_on=None, today=D(2026, 3, 2), terms=LAW)
        is None
    )


@pytest.mark.parametrize(
    ("sent_on", "due_on", "received_on", "today", "due", "state"),
    [
        (D(2026, 3, 1), None, None, D(2026, 3, 2), D(2026, 3, 29), "running"),
        (D(2026, 3, 1), D(2026, 3, 15), None, D(2026, 3, 10), D(2026, 3, 15), "soon"),
        (D(2026, 3, 1), D(2026, 3, 15), None, D(2026, 3, 16), D(2026, 3, 15), "overdue"),
    ],
)
def test_the_questionnaire_term(sent_on, due_on, received_on, today, due, state):
    term = clock.questionnaire_term(
        sent_on=sent_on, due_on=due_on, received_on=received_on, today=today, terms=LAW
    )
    assert (term.due, term.state) == (due, state)


def test_no_questionnaire_term_before_sending_or_after_receipt():
    kwargs = {"due_on": None, "today": D(2026, 3, 2), "terms": LAW}
    assert clock.questionnaire_term(sent_on=None, received_on=None, **kwargs) is None
    assert (
        clock.questionnaire_term(sent_on=D(2026, 3, 1), received_on=D(2026, 3, 2), **kwargs) is None
    )


def test_other_terms_are_data():
    """A changed law (here 6 weeks, once 6 more, suspension at most 10 weeks) changes the
    arithmetic without a change of code."""
    terms = clock.Terms(advice_weeks=6, extension_weeks=6, suspension_weeks=10, warn_days=3)
    lbb = clock.Lbb(D(2026, 3, 1), extension_weeks=6)
    assert clock.advice_due(lbb, D(2026, 3, 2), terms) == D(2026, 5, 24)
    assert clock.suspended_days(lbb, today=D(2026, 9, 1), terms=terms) == 70
    assert clock.advice_term(lbb, today=D(2026, 5, 20), terms=terms).state == "running"
    assert clock.advice_term(lbb, today=D(2026, 5, 21), terms=terms).state == "soon"
    assert clock.advice_term(lbb, today=D(2026, 5, 20), terms=LAW).due == D(2026, 5, 24)


@pytest.mark.parametrize(
    ("extension", "weeks", "problem"),
    [(0, 4, None), (0, 1, None), (0, 5, "weeks"), (0, 0, "weeks"), (2, 2, "once")],
)
def test_the_lbb_extends_once_by_at_most_four_weeks(extension, weeks, problem):
    lbb = clock.Lbb(D(2026, 3, 1), extension_weeks=extension)
    assert clock.latest_extension(lbb, weeks, LAW) == problem


days = st.integers(min_value=0, max_value=400)


@given(requested=days, advice_after=st.one_of(st.none(), days), paused=days, later=days)
def test_the_suspension_never_exceeds_the_law_plus_the_pauses(
    requested, advice_after, paused, later
):
    start = D(2026, 1, 1) + datetime.timedelta(days=requested)
    advice = None if advice_after is None else start + datetime.timedelta(days=advice_after)
    lbb = clock.Lbb(start, advice_on=advice, paused_days=paused)
    today = start + datetime.timedelta(days=later)
    suspended = clock.suspended_days(lbb, today=today, terms=LAW)
    assert paused <= suspended <= LAW.suspension_weeks * 7 + paused


@pytest.mark.parametrize(
    ("due_on", "lbb", "decided_on", "in_time"),
    [
        # No LBB: the decision's own last day.
        (D(2026, 6, 1), None, D(2026, 6, 1), True),
        (D(2026, 6, 1), None, D(2026, 6, 2), False),
        # The LBB took 6 weeks (1 March – 12 April): the term moved 42 days, to 13 July.
        (D(2026, 6, 1), clock.Lbb(D(2026, 3, 1), D(2026, 4, 12)), D(2026, 7, 13), True),
        (D(2026, 6, 1), clock.Lbb(D(2026, 3, 1), D(2026, 4, 12)), D(2026, 7, 14), False),
        # The LBB took 14 weeks: the suspension stops at 12 (84 days), to 24 August.
        (D(2026, 6, 1), clock.Lbb(D(2026, 3, 1), D(2026, 6, 7)), D(2026, 8, 24), True),
        (D(2026, 6, 1), clock.Lbb(D(2026, 3, 1), D(2026, 6, 7)), D(2026, 8, 25), False),
        # Decided before the advice came (or without it): suspended only up to the decision.
        # Asked on 10 March, after the term ran out on 1 March: late, whenever the advice came.
        (D(2026, 3, 1), clock.Lbb(D(2026, 3, 10)), D(2026, 3, 11), False),
        (D(2026, 3, 1), clock.Lbb(D(2026, 3, 10), D(2026, 4, 20)), D(2026, 3, 20), False),
        # Asked on 10 January within the term: deciding while the LBB is still at work is in
        # time, up to the law's 12 weeks (84 days: 9 April).
        (D(2026, 1, 15), clock.Lbb(D(2026, 1, 10)), D(2026, 4, 9), True),
        (D(2026, 1, 15), clock.Lbb(D(2026, 1, 10)), D(2026, 4, 10), False),
        # No legal term: nothing to meet.
        (None, None, D(2026, 6, 2), None),
    ],
)
def test_a_decision_in_time(due_on, lbb, decided_on, in_time):
    assert (
        clock.decided_in_time(due_on=due_on, lbb=lbb, decided_on=decided_on, terms=LAW) is in_time
    )


@pytest.mark.parametrize(
    ("lbb", "in_time"),
    [
        (clock.Lbb(D(2026, 3, 1), D(2026, 4, 26)), True),  # 8 weeks to the day
        (clock.Lbb(D(2026, 3, 1), D(2026, 4, 27)), False),
        (clock.Lbb(D(2026, 3, 1), D(2026, 5, 24), extension_weeks=4), True),
        (clock.Lbb(D(2026, 3, 1), D(2026, 5, 6), paused_days=10), True),  # 10 days' questions
        (clock.Lbb(D(2026, 3, 1), D(2026, 5, 7), paused_days=10), False),
    ],
)
def test_an_advice_in_time(lbb, in_time):
    assert clock.advice_in_time(lbb, LAW) is in_time
