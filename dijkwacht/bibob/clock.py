"""The statutory clock of a Bibob screening: pure arithmetic on dates.

- The applicant returns the questionnaire by the date the team set when sending it.
- From the request, the LBB (Landelijk Bureau Bibob) advises within 8 weeks, once extendable by
  at most 4. Questions the LBB puts to the applicant pause its term until they are answered.
- The body's own decision term is suspended from the request until the advice arrives: at most
  12 weeks, plus the days the LBB waited for the applicant.

The weeks are `Terms` (rows of `LegalTerms`), so a changed law is a change of data. Every
function takes `today`: nothing here reads a clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

QUESTIONNAIRE, ADVICE, DECISION = "vragenformulier", "lbb_advies", "besluit"


@dataclass(frozen=True)
class Terms:
    advice_weeks: int = 8
    extension_weeks: int = 4
    suspension_weeks: int = 12
    questionnaire_days: int = 28
    warn_days: int = 14


@dataclass(frozen=True)
class Term:
    """One running term: its last day (None while it is paused), the days left (negative when
    overdue) and how it reads: running, soon, overdue or paused."""

    key: str
    due: datetime.date | None
    days_left: int | None
    warn_days: int = 14

    @property
    def state(self) -> str:
        if self.due is None or self.days_left is None:
            return "paused"
        if self.days_left < 0:
            return "overdue"
        return "soon" if self.days_left <= self.warn_days else "running"

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))


@dataclass(frozen=True)
class Lbb:
    """What the clock needs of an LBB request."""

    requested_on: datetime.date
    advice_on: datetime.date | None = None
    extension_weeks: int = 0
    paused_days: int = 0  # questions to the applicant already answered
    paused_since: datetime.date | None = None  # a question still open

    def pause_days(self, today: datetime.date) -> int:
        """Every day the LBB waited for the applicant, the open question's days so far too."""
        current = max(0, (today - self.paused_since).days) if self.paused_since else 0
        return self.paused_days + current


def _term(key: str, due: datetime.date | None, today: datetime.date, terms: Terms) -> Term:
    if due is None:
        return Term(key, None, None, terms.warn_days)
    return Term(key, due, (due - today).days, terms.warn_days)


def questionnaire_term(
    *,
    sent_on: datetime.date | None,
    due_on: datetime.date | None,
    received_on: datetime.date | None,
    today: datetime.date,
    terms: Terms,
    given_up: bool = False,
) -> Term | None:
    """The applicant's term to return the questionnaire; none once it is returned, or once the
    team recorded that it did not come back (`given_up`)."""
    if sent_on is None or received_on is not None or given_up:
        return None
    due = due_on or sent_on + datetime.timedelta(days=terms.questionnaire_days)
    return _term(QUESTIONNAIRE, due, today, terms)


def advice_due(lbb: Lbb, today: datetime.date, terms: Terms) -> datetime.date:
    """The LBB's last day: the request plus its weeks, the extension, and every day it waited
    for the applicant."""
    weeks = terms.advice_weeks + min(lbb.extension_weeks, terms.extension_weeks)
    return lbb.requested_on + datetime.timedelta(weeks=weeks, days=lbb.pause_days(today))


def advice_term(lbb: Lbb | None, *, today: datetime.date, terms: Terms) -> Term | None:
    """The LBB's term, paused while a question to the applicant is open; none once the advice
    arrived."""
    if lbb is None or lbb.advice_on is not None:
        return None
    if lbb.paused_since is not None:
        return _term(ADVICE, None, today, terms)
    return _term(ADVICE, advice_due(lbb, today, terms), today, terms)


def suspended_days(lbb: Lbb | None, *, today: datetime.date, terms: Terms) -> int:
    """How many days the decision term is suspended by the LBB request: from the request to
    the advice (received, or else the later of its due date and today), at most the law's
    weeks, plus the days the LBB waited for the applicant."""
    if lbb is None:
        return 0
    pauses = lbb.pause_days(today)
    end = lbb.advice_on or max(advice_due(lbb, today, terms), today)
    running = max(0, (end - lbb.requested_on).days - pauses)
    return min(running, terms.suspension_weeks * 7) + pauses


def decision_term(
    *,
    due_on: datetime.date | None,
    lbb: Lbb | None,
    decided_on: datetime.date | None,
    today: datetime.date,
    terms: Terms,
) -> Term | None:
    """The body's term to decide, moved by the suspension; paused while the LBB waits for the
    applicant. None once decided, or when the decision has no legal term."""
    if due_on is None or decided_on is not None:
        return None
    if lbb is not None and lbb.advice_on is None and lbb.paused_since is not None:
        return _term(DECISION, None, today, terms)
    due = due_on + datetime.timedelta(days=suspended_days(lbb, today=today, terms=terms))
    return _term(DECISION, due, today, terms)


def latest_extension(lbb: Lbb, weeks: int, terms: Terms) -> str | None:
    """Why the LBB's term cannot be extended by `weeks` (None when it can): once only, by at
    most the law's weeks."""
    if lbb.extension_weeks:
        return "once"
    if not 1 <= weeks <= terms.extension_weeks:
        return "weeks"
    return None


def decided_in_time(
    *,
    due_on: datetime.date | None,
    lbb: Lbb | None,
    decided_on: datetime.date,
    terms: Terms,
) -> bool | None:
    """Whether a decision came by its last day, the term moved by the LBB's suspension as it
    stood on the day of the decision (an advice that came later, or none, suspends only up to
    that day); None for a decision without a legal term."""
    if due_on is None:
        return None
    if lbb is not None and (lbb.advice_on is None or lbb.advice_on > decided_on):
        lbb = replace(lbb, advice_on=max(decided_on, lbb.requested_on))
    due = due_on + datetime.timedelta(days=suspended_days(lbb, today=decided_on, terms=terms))
    return decided_on <= due


def advice_in_time(lbb: Lbb, terms: Terms) -> bool:
    """Whether the LBB's advice arrived within its term (extension and pauses counted)."""
    if lbb.advice_on is None:
        raise ValueError("no advice yet")
    return lbb.advice_on <= advice_due(lbb, lbb.advice_on, terms)
