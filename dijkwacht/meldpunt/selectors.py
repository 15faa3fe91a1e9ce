"""Reads of the meldpunt. Opening a report or a case is logged (who, when, which, why): the
only ways to a report's content are `open_report` and `open_case`, and the inbox reads no
content at all (it defers the encrypted fields)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import Http404
from django.utils import timezone

from dijkwacht.meldpunt import workflow
from dijkwacht.meldpunt.models import (
    AccessLog,
    Case,
    Deadline,
    IdentityReveal,
    Kind,
    Message,
    Purpose,
    Report,
    Status,
)
from dijkwacht.meldpunt.permissions import cases_visible_to, reports_visible_to

CONTENT_FIELDS = ("description", "answers", "reporter", "receipt_hash")


def accepting_organisations() -> QuerySet:
    """The organisations that take reports, for the public intake: names and slugs only."""
    from dijkwacht.organisations.models import Organisation

    return Organisation.objects.filter(meldpunt__accepts_reports=True).order_by("name")


def _log(user: Any, organisation_id: int, purpose: str, *, report: str = "", case: str = "",
         action: str = "open") -> None:  # fmt: skip
    AccessLog.objects.create(
        at=timezone.now(), user=user, organisation_id=organisation_id, report_number=report,
        case_number=case, purpose=purpose, action=action,
    )  # fmt: skip


def open_report(user: Any, pk: Any, purpose: str, *, action: str = "open") -> Report:
    """The report with its content, for a handler who may see it; logged with the purpose.
    Anyone else gets 404, as for a report that does not exist."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    try:
        report = reports_visible_to(user).select_related("organisation", "case").get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log(user, report.organisation_id, purpose, report=report.number, action=action)
    return report


def find_report(user: Any, pk: Any) -> Report:
    """The report without its content (for the purpose question before opening): 404 alike."""
    try:
        return reports_visible_to(user).defer(*CONTENT_FIELDS).get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_case(user: Any, pk: Any, purpose: str = Purpose.CASE) -> Case:
    try:
        case = cases_visible_to(user).select_related("organisation").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _log(user, case.organisation_id, purpose, case=case.number)
    return case


@dataclass(frozen=True)
class InboxRow:
    report: Report
    acknowledge: workflow.Clock
    feedback: workflow.Clock


def _deadlines() -> dict[str, tuple[int, int]]:
    found = {d.kind: (d.acknowledge_days, d.feedback_days) for d in Deadline.objects.all()}
    return {kind: found.get(kind, (7, 91)) for kind in Kind.values}


def inbox(
    user: Any,
    *,
    compartment: str = "",
    status: str = "",
    organisation: int | None = None,
    now: datetime.datetime | None = None,
) -> list[InboxRow]:
    """The handler's reports, open ones first, with the clocks; no content is read (nothing
    is logged for the list). Three queries."""
    now = now or timezone.now()
    reports = reports_visible_to(user).defer(*CONTENT_FIELDS).select_related("organisation")
    if compartment:
        reports = reports.filter(compartment=compartment)
    if status == "open":
        reports = reports.exclude(status=Status.CLOSED)
    elif status:
        reports = reports.filter(status=status)
    if organisation:
        reports = reports.filter(organisation_id=organisation)
    deadlines = _deadlines()
    rows = [clocks_for(report, now, deadlines) for report in reports.order_by("received_at")]
    rows.sort(key=lambda r: (r.report.status == Status.CLOSED, _urgency(r), r.report.received_at))
    return rows


def _urgency(row: InboxRow) -> int:
    states = {row.acknowledge.state, row.feedback.state}
    return 0 if "overdue" in states else 1 if "soon" in states else 2


def clocks_for(
    report: Report,
    now: datetime.datetime | None = None,
    deadlines: dict[str, tuple[int, int]] | None = None,
) -> InboxRow:
    """The report with its two clocks; pass `deadlines` when doing many (one query less)."""
    now = now or timezone.now()
    acknowledge_days, feedback_days = (deadlines or _deadlines())[report.kind]
    return InboxRow(
        report,
        workflow.acknowledgement_clock(
            report.received_at, report.acknowledged_at, acknowledge_days, now
        ),
        workflow.feedback_clock(
            report.acknowledged_at, report.feedback_given_at, report.closed_at, feedback_days, now
        ),
    )


def messages_for_reporter(report: Report) -> QuerySet[Message]:
    """What the reporter sees with their code: never the internal notes."""
    return report.messages.exclude(direction=Message.Direction.INTERNAL).prefetch_related(
        "attachments"
    )


def reporter_identity(user: Any, report: Report) -> dict[str, str] | None:
    """The reporter's identity, for this handler: open reports always; confidential ones only
    after a second handler approved this handler's request; anonymous ones never."""
    if report.identity == "open":
        return report.reporter
    if report.identity == "vertrouwelijk":
        approved = IdentityReveal.objects.filter(
            report=report, requested_by=user, approved_at__isnull=False
        ).exists()
        if approved:
            _log(user, report.organisation_id, Purpose.HANDLING, report=report.number,
                 action="reveal_identity")  # fmt: skip
            return report.reporter
    return None


# --- Statistics (never content) -------------------------------------------------------------


@dataclass(frozen=True)
class StatisticsRow:
    organisation: str
    year: int
    quarter: int
    kind: str
    count: int | None  # None: fewer than 5, shown as "<5"


def statistics(user: Any, *, partnership: Any) -> list[StatisticsRow]:
    """Reports per organisation, quarter and kind for a partnership's members: counts only,
    grouped in the database, with counts below 5 suppressed for everyone (the people who read
    statistics may not see the reports)."""
    from dijkwacht.core.suppression import suppress

    rows = (
        Report.objects.filter(organisation__in=partnership.members.all())
        .annotate(year=ExtractYear("received_at"), quarter=ExtractQuarter("received_at"))
        .values("organisation__name", "year", "quarter", "kind")
        .annotate(count=Count("pk"))
        .order_by("organisation__name", "year", "quarter", "kind")
    )
    return [
        StatisticsRow(
            r["organisation__name"], r["year"], r["quarter"], r["kind"], suppress(r["count"])
        )
        for r in rows
    ]


def deadline_compliance(*, partnership: Any, now: datetime.datetime | None = None) -> dict:
    """How many reports were acknowledged within their clock, per kind (counts only)."""
    from dijkwacht.core.suppression import suppress

    now = now or timezone.now()
    deadlines = _deadlines()
    totals: dict[str, list[int]] = {}
    for kind, received_at, acknowledged_at in Report.objects.filter(
        organisation__in=partnership.members.all()
    ).values_list("kind", "received_at", "acknowledged_at"):
        due = received_at + datetime.timedelta(days=deadlines[kind][0])
        on_time = acknowledged_at is not None and acknowledged_at <= due
        late = (acknowledged_at is not None and acknowledged_at > due) or (
            acknowledged_at is None and now > due
        )
        entry = totals.setdefault(kind, [0, 0])
        entry[0] += on_time
        entry[1] += late
    return {kind: (suppress(a), suppress(b)) for kind, (a, b) in totals.items()}


def access_log(*, organisation: int | None = None) -> QuerySet[AccessLog]:
    """For the privacy officer."""
    entries = AccessLog.objects.select_related("user", "organisation")
    if organisation:
        entries = entries.filter(organisation_id=organisation)
    return entries


def report_handlers(report: Report) -> list[Any]:
    """The people who handle this report (their organisation's handlers for its compartment),
    not excluded from it: the colleagues one may exclude. No content is read."""
    from dijkwacht.organisations.models import Membership, Role

    excluded = set(report.exclusions.values_list("user_id", flat=True))
    users: dict[int, Any] = {}
    for membership in Membership.objects.filter(
        role=Role.HANDLER, organisation_id=report.organisation_id, user__is_active=True
    ).select_related("user"):
        if report.compartment in (membership.compartments or ()) and (
            membership.user_id not in excluded
        ):
            users[membership.user_id] = membership.user
    return sorted(users.values(), key=lambda user: (user.full_name or user.email).lower())
