"""The workflow table and the clocks of the whistleblower law: pure functions."""

import datetime

import pytest

from dijkwacht.meldpunt import workflow

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("status", "action", "given", "expected"),
    [
        ("ontvangen", "acknowledge", {}, "bevestigd"),
        ("bevestigd", "start", {}, "in_behandeling"),
        ("in_behandeling", "forward", {"target": "riec", "date": "2026-03-05"}, "doorgezet"),
        ("doorgezet", "forward", {"target": "politie", "date": "2026-03-09"}, "doorgezet"),
        ("ontvangen", "close", {"reason": "ingetrokken"}, "afgesloten"),
        ("doorgezet", "close", {"reason": "doorgezet"}, "afgesloten"),
        ("afgesloten", "reopen", {}, "in_behandeling"),
    ],
)
def test_allowed_transitions(status, action, given, expected):
    assert workflow.next_status(status, action, given) == expected


@pytest.mark.parametrize(
    ("status", "action", "given", "problem"),
    [
        ("ontvangen", "start", {}, "not possible"),  # acknowledge first
        ("bevestigd", "acknowledge", {}, "not possible"),
        ("afgesloten", "close", {"reason": "afgehandeld"}, "not possible"),
        ("ontvangen", "forward", {"target": "riec", "date": "x"}, "not possible"),
        ("in_behandeling", "forward", {"target": "riec"}, "needs date"),
        ("in_behandeling", "close", {}, "needs reason"),
        ("in_behandeling", "destroy", {}, "unknown action"),
    ],
)
def test_refused_transitions_say_why(status, action, given, problem):
    with pytest.raises(workflow.TransitionError, match=problem):
        workflow.next_status(status, action, given)


def test_actions_from_each_status_follow_the_table():
    assert workflow.actions_from("ontvangen") == ["acknowledge", "close"]
    assert workflow.actions_from("bevestigd") == ["start", "forward", "close"]
    assert workflow.actions_from("afgesloten") == ["reopen"]


def test_acknowledgement_is_due_seven_days_after_receipt():
    clock = workflow.acknowledgement_clock(T0, None, 7, T0 + datetime.timedelta(days=3))
    assert clock.due == T0 + datetime.timedelta(days=7)
    assert clock.state == "running"
    soon = workflow.acknowledgement_clock(T0, None, 7, T0 + datetime.timedelta(days=6))
    assert soon.state == "soon"
    late = workflow.acknowledgement_clock(T0, None, 7, T0 + datetime.timedelta(days=7, hours=1))
    assert late.state == "overdue"
    done = workflow.acknowledgement_clock(T0, T0, 7, T0 + datetime.timedelta(days=30))
    assert done.state == "none"


def test_feedback_is_due_three_months_after_acknowledgement_until_given_or_closed():
    acknowledged = T0 + datetime.timedelta(days=2)
    now = acknowledged + datetime.timedelta(days=60)
    clock = workflow.feedback_clock(acknowledged, None, None, 91, now)
    assert clock.due == acknowledged + datetime.timedelta(days=91)
    assert clock.state == "running"
    for days, state in ((20, "soon"), (40, "overdue")):
        later = now + datetime.timedelta(days=days)
        assert workflow.feedback_clock(acknowledged, None, None, 91, later).state == state
    assert workflow.feedback_clock(acknowledged, now, None, 91, now).state == "none"
    assert workflow.feedback_clock(None, None, None, 91, now).state == "none"
    assert workflow.feedback_clock(acknowledged, None, now, 91, now).state == "none"
