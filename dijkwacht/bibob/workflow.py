"""The steps of a Bibob screening as a table: from which status each step may be taken, where it
leads, and what it needs. Pure: `services.screening_step` checks a step here before it writes.

    open ─questionnaire_send→ vragenformulier ─questionnaire_receive→ eigen_onderzoek
         (questionnaire_remind keeps it there; questionnaire_not_returned → afweging)
    eigen_onderzoek ─investigate→ afweging ─lbb_request→ lbb_advies ─lbb_advice→ afweging
    lbb_advies: lbb_question / lbb_answer (the clock pauses), lbb_extend (once)
    eigen_onderzoek, afweging ─view_request→ zienswijze ─view_receive→ afweging
    every open status ─decide→ besloten ─register (a danger conclusion)→ besloten
    every status: riec_consult, note
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OPEN, QUESTIONNAIRE, INVESTIGATION, LBB, WEIGHING, VIEW, DECIDED = (
    "open",
    "vragenformulier",
    "eigen_onderzoek",
    "lbb_advies",
    "afweging",
    "zienswijze",
    "besloten",
)
RUNNING = (OPEN, QUESTIONNAIRE, INVESTIGATION, LBB, WEIGHING, VIEW)
EVERY = (*RUNNING, DECIDED)


@dataclass(frozen=True)
class Step:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    needs: tuple[str, ...] = ("date",)  # fields the step must be given
    takes: tuple[str, ...] = ()  # fields it may be given besides


STEPS: dict[str, Step] = {
    s.action: s
    for s in (
        Step("questionnaire_send", _("Questionnaire sent"), (OPEN,), QUESTIONNAIRE,
             takes=("due_on",)),
        Step("questionnaire_remind", _("Reminder sent (incomplete or not returned)"),
             (QUESTIONNAIRE,), None, takes=("due_on",)),
        Step("questionnaire_receive", _("Questionnaire received complete"), (QUESTIONNAIRE,),
             INVESTIGATION),
        Step("questionnaire_not_returned", _("Questionnaire not returned"), (QUESTIONNAIRE,),
             WEIGHING),
        Step("investigate", _("Own investigation done"), (OPEN, INVESTIGATION), WEIGHING,
             ("date", "finding")),
        Step("riec_consult", _("RIEC consulted"), EVERY, None),
        Step("lbb_request", _("LBB advice requested"), (INVESTIGATION, WEIGHING), LBB,
             ("date", "lbb_reference")),
        Step("lbb_question", _("LBB put questions to the applicant"), (LBB,), None),
        Step("lbb_answer", _("Applicant answered the LBB"), (LBB,), None),
        Step("lbb_extend", _("LBB extended its term"), (LBB,), None, ("date", "weeks")),
        Step("lbb_advice", _("LBB advice received"), (LBB,), WEIGHING, ("date", "conclusion")),
        Step("view_request", _("Applicant's view requested"), (INVESTIGATION, WEIGHING), VIEW),
        Step("view_receive", _("Applicant's view received"), (VIEW,), WEIGHING),
        Step("decide", _("Decision taken"), RUNNING, DECIDED, ("date", "outcome")),
        Step("register", _("Entered in the national Bibob register"), (DECIDED,), None),
        Step("note", _("Note"), EVERY, None, ("date", "note")),
    )
}  # fmt: skip


class StepError(ValueError):
    """The step is not possible from the screening's status (`missing` empty), or misses what
    it needs (`missing` names those fields)."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


def next_status(status: str, action: str, given: Mapping[str, object] | None = None) -> str:
    """The status after `action`, or StepError naming what is wrong."""
    step = STEPS.get(action)
    if step is None:
        raise StepError(f"unknown step {action!r}")
    if status not in step.sources:
        raise StepError(f"{action!r} is not possible from {status!r}")
    missing = tuple(name for name in step.needs if (given or {}).get(name) in (None, ""))
    if missing:
        raise StepError(f"{action!r} needs {', '.join(missing)}", missing)
    return step.target or status


def steps_from(status: str) -> list[Step]:
    """The steps the team may take on a screening in this status, in table order."""
    return [s for s in STEPS.values() if status in s.sources]
