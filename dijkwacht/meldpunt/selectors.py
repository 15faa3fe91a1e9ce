"""Reads of the meldpunt. Opening a report or a case is logged (who, when, which, why): the
only ways to a report's content are `open_report` and `open_case`, and the inbox reads no
content at all (it defers the encrypted fields)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.suppression import (
    Withheld,
    protected_total,
    rounded_share,
    suppress,
)
from dijkwacht.meldpunt import workflow
from dijkwacht.meldpunt.models import (
    AccessLog,
    Attachment,
    Case,
    Deadline,
    Evaluation,
    Exclusion,
    GrantStatus,
    HandlerGrant,
    Identity,
    IdentityReveal,
    Kind,
    Message,
    Purpose,
    Report,
    ReportHandover,
    ReportShare,
    Status,
)
from dijkwacht.meldpunt.permissions import (
    figures_partnership_ids,
    handler_organisations,
    managed_organisations,
)
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role

CONTENT_FIELDS = ("description", "answers", "reporter", "receipt_hash")


def accepting_organisations() -> QuerySet:
    """The organisations that take reports, for the public intake: names and slugs only."""

    return Organisation.objects.filter(meldpunt__accepts_reports=True).order_by("name", "pk")


def _log(
    user: Any,
    organisation_id: int,
    purpose: str,
    *,
    report: str = "",
    case: str = "",
    action: str = "open",
) -> None:
    AccessLog.objects.create(
        at=timezone.now(),
        user=user,
        organisation_id=organisation_id,
        report_number=report,
        case_number=case,
        purpose=purpose,
        action=action,
    )


def get_report_for(user: Any, pk: Any, *, with_content: bool = False) -> Report:
    """The report, 404 alike for "missing" and "not yours". Without its content unless asked
    (the purpose question before opening, every step that needs only the clear fields); only
    `open_report` asks, and logs the read."""
    reports = Report.objects.visible_to(access_for(user)).select_related("organisation", "case")
    if not with_content:
        # The case's working title is content too (and encrypted): not read here.
        reports = reports.defer(*CONTENT_FIELDS, "case__title")
    return get_visible_or_404(reports, pk=pk)


def open_report(user: Any, pk: Any, purpose: str, *, action: str = "open") -> Report:
    """The report with its content, for a handler who may see it; the read is logged with
    its purpose. Anyone else gets 404, as for a report that does not exist."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    report = get_report_for(user, pk, with_content=True)
    _log(user, report.organisation_id, purpose, report=report.number, action=action)
    return report


def get_case_for(user: Any, pk: Any, *, with_content: bool = False) -> Case:
    """The case, 404 alike; without its (encrypted) working title unless asked, and only
    `open_case` asks, and logs the read."""
    cases = Case.objects.visible_to(access_for(user)).select_related("organisation")
    if not with_content:
        cases = cases.defer("title")
    return get_visible_or_404(cases, pk=pk)


def open_case(user: Any, pk: Any, purpose: str = Purpose.CASE) -> Case:
    """The case with its working title; the read is logged."""
    case = get_case_for(user, pk, with_content=True)
    _log(user, case.organisation_id, purpose, case=case.number)
    return case


def figures_partnerships(user: Any) -> list[Partnership]:
    """The partnerships whose meldpunt figures (counts only) the user reads."""
    return list(Partnership.objects.filter(pk__in=figures_partnership_ids(user)).order_by("name"))


def case_list(user: Any) -> QuerySet[Case]:
    """Numbers, dates and counts: a case's working title is content, read only on its page."""
    return (
        Case.objects.visible_to(access_for(user))
        .defer("title")
        .select_related("organisation")
        .annotate(
            report_count=Count("reports", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            intervention_count=Count("interventions", distinct=True),
            evaluated=Exists(Evaluation.objects.filter(case=OuterRef("pk"))),
        )
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at")
    )


def case_evaluation(case: Case) -> Evaluation | None:
    return Evaluation.objects.filter(case=case).first()


def case_reports(user: Any, case: Case) -> QuerySet[Report]:
    """The case's reports, without their content."""
    return (
        Report.objects.visible_to(access_for(user))
        .filter(case=case)
        .defer(*CONTENT_FIELDS)
        .order_by("received_at")
    )


def open_cases_of(user: Any, organisation_id: int) -> list[Case]:
    """The organisation's open cases the user sees, to add a report to (titles not read)."""
    return list(
        Case.objects.visible_to(access_for(user))
        .filter(organisation_id=organisation_id, closed_at__isnull=True)
        .defer("title")
    )


def handled_organisations(user: Any) -> list[Organisation]:
    """The organisations whose reports the user handles."""
    return list(Organisation.objects.filter(pk__in=handler_organisations(user)).order_by("name"))


def identity_reveals(report: Report) -> list[IdentityReveal]:
    return list(
        report.reveals.select_related("requested_by", "approved_by").order_by("requested_at", "pk")
    )


def report_messages(report: Report) -> QuerySet[Message]:
    """The report's messages in order, their attachments without content."""
    return (
        report.messages.select_related("author")
        .prefetch_related(Prefetch("attachments", Attachment.objects.defer("content")))
        .order_by("at", "pk")
    )


@dataclass(frozen=True)
class InboxRow:
    report: Report
    acknowledge: workflow.Clock
    feedback: workflow.Clock


def _deadlines() -> dict[str, tuple[int, int]]:
    found = {
        kind: (acknowledge, feedback)
        for kind, acknowledge, feedback in Deadline.objects.order_by().values_list(
            "kind", "acknowledge_days", "feedback_days"
        )
    }
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
    reports = (
        Report.objects.visible_to(access_for(user))
        .defer(*CONTENT_FIELDS)
        .select_related("organisation")
    )
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
    if report.identity == Identity.CONFIDENTIAL:
        approved = IdentityReveal.objects.filter(
            report=report, requested_by=user, approved_at__isnull=False
        ).exists()
        if approved:
            _log(
                user,
                report.organisation_id,
                Purpose.HANDLING,
                report=report.number,
                action="reveal_identity",
            )
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
    return _statistics(Report.objects.filter(organisation__in=partnership.members.all()), True)


def own_statistics(user: Any) -> list[StatisticsRow]:
    """A handler's own meldpunt: the reports they may handle, per organisation, quarter and
    kind, unsuppressed (they see these reports; they write the meldpunt's annual report)."""
    return _statistics(_own_reports(user), False)


def _own_reports(user: Any) -> QuerySet[Report]:
    return Report.objects.visible_to(access_for(user)).filter(
        organisation_id__in=handler_organisations(user)
    )


def _statistics(reports: QuerySet[Report], suppressed: bool) -> list[StatisticsRow]:
    rows = (
        reports.annotate(year=ExtractYear("received_at"), quarter=ExtractQuarter("received_at"))
        .values("organisation__name", "year", "quarter", "kind")
        .annotate(count=Count("pk"))
        .order_by("organisation__name", "year", "quarter", "kind")
    )
    return [
        StatisticsRow(
            r["organisation__name"],
            r["year"],
            r["quarter"],
            r["kind"],
            suppress(r["count"]) if suppressed else r["count"],
        )
        for r in rows
    ]


def deadline_compliance(
    *, partnership: Any, now: datetime.datetime | None = None
) -> dict[str, int | None]:
    """Per kind, the share of the reports whose clock ran out or stopped that were
    acknowledged in time: rounded down to 10 %, and only from 20 (`rounded_share`). Counts in
    time and late would add up against the reports per organisation and quarter published
    beside them, and give a suppressed one away."""
    reports = Report.objects.filter(organisation__in=partnership.members.all())
    return {
        kind: rounded_share(on_time, on_time + late)
        for kind, (on_time, late) in _compliance(reports, now or timezone.now()).items()
    }


def own_deadline_compliance(user: Any, now: datetime.datetime | None = None) -> dict:
    """How many of the reports the handler may handle were acknowledged in time, and how many
    late, per kind: counts, unsuppressed."""
    return _compliance(_own_reports(user), now or timezone.now())


def _compliance(reports: QuerySet[Report], now: datetime.datetime) -> dict[str, tuple[int, int]]:
    """Per kind: acknowledged in time, and late (acknowledged late, or not yet and overdue)."""
    deadlines = _deadlines()
    totals: dict[str, list[int]] = {}
    for kind, received_at, acknowledged_at in reports.values_list(
        "kind", "received_at", "acknowledged_at"
    ):
        due = received_at + datetime.timedelta(days=deadlines[kind][0])
        on_time = acknowledged_at is not None and acknowledged_at <= due
        late = (acknowledged_at is not None and acknowledged_at > due) or (
            acknowledged_at is None and now > due
        )
        entry = totals.setdefault(kind, [0, 0])
        entry[0] += on_time
        entry[1] += late
    return {kind: (on_time, late) for kind, (on_time, late) in totals.items()}


@dataclass(frozen=True)
class ClockFigure:
    """How often a kind of report met its clocks, as shares of the reports in the period
    (rounded down to 10 %, and only from 20 reports on: a count of late ones could point at
    a report, and exact counts beside the quarters would give suppressed quarters away).
    None: too few reports to say."""

    kind: str
    reports: int  # with a clock that has run out or stopped (not shown: see above)
    acknowledged_in_time: int | None
    feedback_in_time: int | None


@dataclass(frozen=True)
class PartnershipFigures:
    quarters: list[tuple[int, int]]  # (year, quarter), oldest first
    counts: dict[tuple[int, int, str], int | Withheld | None]  # (year, quarter, kind) → count
    clocks: list[ClockFigure]
    # Per kind over all the quarters: protected against the counts per organisation.
    totals: dict[str, int | Withheld | None] = field(default_factory=dict)

    def count(self, year: int, quarter: int, kind: str) -> int | Withheld | None:
        return self.counts.get((year, quarter, kind), 0)

    def total(self, kind: str) -> int | Withheld | None:
        return self.totals.get(kind, 0)


QUARTERS_ON_DASHBOARD = 8


def last_quarters(today: datetime.date, count: int) -> list[tuple[int, int]]:
    """The `count` quarters up to and including today's, oldest first."""
    index = today.year * 4 + (today.month - 1) // 3
    return [(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]


def _clock_conditions(now: datetime.datetime) -> dict[str, Q]:
    """Per clock, as conditions on a report (the kind's days are data, `Deadline`): met,
    missed, running out (within the warning period), and over (missed and still open). As
    `workflow`'s clocks: only a message to the reporter is feedback. Kinds with the same days
    share one condition (with the defaults, all of them do: no condition on the kind at all),
    which keeps the statement short to build and to run."""
    kinds_by_days: dict[tuple[int, int], list[str]] = {}
    for kind, days in _deadlines().items():
        kinds_by_days.setdefault(days, []).append(kind)
    met_ack = met_fb = missed_ack = missed_fb = soon = over = Q(pk__in=[])
    for (acknowledge_days, feedback_days), kinds in kinds_by_days.items():
        of_kind = Q(kind__in=kinds) if len(kinds_by_days) > 1 else Q()
        acknowledge_by = F("received_at") + datetime.timedelta(days=acknowledge_days)
        feedback_by = F("acknowledged_at") + datetime.timedelta(days=feedback_days)
        acknowledge_passed = now - datetime.timedelta(days=acknowledge_days)
        feedback_passed = now - datetime.timedelta(days=feedback_days)
        waiting = of_kind & Q(acknowledged_at__isnull=True, closed_at__isnull=True)
        answering = of_kind & Q(
            acknowledged_at__isnull=False,
            feedback_given_at__isnull=True,
            closed_at__isnull=True,
        )
        met_ack |= of_kind & Q(acknowledged_at__lte=acknowledge_by)
        missed_ack |= of_kind & (
            Q(acknowledged_at__gt=acknowledge_by)
            | Q(acknowledged_at__isnull=True, received_at__lt=acknowledge_passed)
        )
        met_fb |= of_kind & Q(feedback_given_at__lte=feedback_by)
        # Closed without a message to the reporter: the reporter never heard back, which is
        # what the clock is about (the inbox's clock stops on closing; the figure does not).
        missed_fb |= of_kind & (
            Q(feedback_given_at__gt=feedback_by)
            | (
                Q(acknowledged_at__isnull=False, feedback_given_at__isnull=True)
                & (Q(closed_at__isnull=False) | Q(acknowledged_at__lt=feedback_passed))
            )
        )
        over |= (waiting & Q(received_at__lt=acknowledge_passed)) | (
            answering & Q(acknowledged_at__lt=feedback_passed)
        )
        soon |= (
            waiting
            & Q(received_at__gte=acknowledge_passed)
            & Q(received_at__lt=acknowledge_passed + datetime.timedelta(days=workflow.WARN_DAYS))
        ) | (
            answering
            & Q(acknowledged_at__gte=feedback_passed)
            & Q(
                acknowledged_at__lt=feedback_passed
                + datetime.timedelta(days=workflow.WARN_DAYS * 7)
            )
        )
    return {
        "met_ack": met_ack,
        "missed_ack": missed_ack,
        "met_fb": met_fb,
        "missed_fb": missed_fb,
        "over": over,
        "soon": soon,
    }


def partnership_figures(
    partnership: Any,
    *,
    now: datetime.datetime | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
    organisation: Any = None,
) -> PartnershipFigures:
    """The meldpunt of a partnership's members in figures, for its dashboard: reports per
    quarter and kind over the last two years (or the whole quarters `period` touches, for
    the annual report; of one member with `organisation`), and the share of clocks met per
    kind. One query grouped in the database (and one for the kinds' terms). Its readers may
    not see the reports, and the meldpunt figures page shows the same counts per organisation
    with 1–4 suppressed: so a total is left out where it would give such a count away, also
    to a member that subtracts its own part (`protected_total(members=True)`)."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    if period is None:
        quarters = last_quarters(timezone.localdate(now), QUARTERS_ON_DASHBOARD)
        until = None
    else:
        start, end = period
        first = start.year * 4 + (start.month - 1) // 3
        last = end.year * 4 + (end.month - 1) // 3
        # Whole quarters, as the dashboard counts them: a quarter cut short would differ
        # from the dashboard's by the reports of its missing days.
        quarters = [(i // 4, i % 4 + 1) for i in range(first, last + 1)]
        after = last + 1
        until = datetime.datetime(after // 4, 3 * (after % 4) + 1, 1, tzinfo=zone)
    first_year, first_quarter = quarters[0]
    since = datetime.datetime(first_year, 3 * first_quarter - 2, 1, tzinfo=zone)
    members = (
        partnership.members.filter(pk=organisation.pk)
        if organisation is not None
        else partnership.members.all()
    )
    reports = Report.objects.filter(organisation__in=members, received_at__gte=since).order_by()
    if until is not None:
        reports = reports.filter(received_at__lt=until)
    parts: dict[tuple[int, int, str], list[int]] = {}
    published: dict[str, list[int]] = {}
    clock = _clock_conditions(now)
    per_kind: dict[str, list[int]] = {}  # the clocks' four counts
    for row in (
        reports.annotate(year=ExtractYear("received_at"), quarter=ExtractQuarter("received_at"))
        .values("organisation_id", "year", "quarter", "kind")
        .annotate(
            n=Count("pk"),
            met_ack=Count("pk", filter=clock["met_ack"]),
            missed_ack=Count("pk", filter=clock["missed_ack"]),
            met_fb=Count("pk", filter=clock["met_fb"]),
            missed_fb=Count("pk", filter=clock["missed_fb"]),
        )
    ):
        parts.setdefault((row["year"], row["quarter"], row["kind"]), []).append(row["n"])
        # Each row is a count the figures page publishes (per organisation and quarter).
        published.setdefault(row["kind"], []).append(row["n"])
        sums = per_kind.setdefault(row["kind"], [0, 0, 0, 0])
        for i, n in enumerate((row["met_ack"], row["missed_ack"], row["met_fb"], row["missed_fb"])):
            sums[i] += n
    counts = {key: protected_total(values, members=True) for key, values in parts.items()}
    # A kind's total over the period beside its quarters and beside the published counts per
    # organisation and quarter: shown only where all of those show.
    totals = {kind: protected_total(cells, members=True) for kind, cells in published.items()}
    clocks = []
    for kind in sorted(per_kind, key=Kind.values.index):
        met_ack, missed_ack, met_fb, missed_fb = per_kind[kind]
        acknowledged = met_ack + missed_ack
        clocks.append(
            ClockFigure(
                kind,
                acknowledged,
                rounded_share(met_ack, acknowledged),
                rounded_share(met_fb, met_fb + missed_fb),
            )
        )
    return PartnershipFigures(quarters=quarters, counts=counts, clocks=clocks, totals=totals)


def clock_counts(user: Any, organisation_ids: list[int], now: datetime.datetime) -> tuple[int, int]:
    """A handler's open reports of these organisations whose clock ran out, and those whose
    clock runs out soon (and none ran out): counts only, in one query."""
    conditions = _clock_conditions(now)
    found = (
        Report.objects.visible_to(access_for(user))
        .filter(organisation_id__in=organisation_ids)
        .exclude(status=Status.CLOSED)
        .aggregate(
            over=Count("pk", filter=conditions["over"]),
            soon=Count("pk", filter=conditions["soon"] & ~conditions["over"]),
        )
    )
    return found["over"], found["soon"]


def reports_by_organisation(
    organisation_ids: list[int] | None, *, now: datetime.datetime
) -> dict[int, int | Withheld | None]:
    """Reports of the last four quarters (this one included: the quarters the meldpunt figures
    page shows), per organisation with a meldpunt (0 where none came; an organisation without
    a meldpunt has no figure), of the given organisations or of all (None). That page shows
    the same reports per organisation, quarter and kind with 1–4 suppressed, so a total that
    would give such a count away is withheld (`protected_total`). Two queries."""
    year, quarter = last_quarters(timezone.localdate(now), 4)[0]
    since = datetime.datetime(year, 3 * quarter - 2, 1, tzinfo=timezone.get_current_timezone())
    organisations = Organisation.objects.filter(meldpunt__isnull=False)
    reports = Report.objects.filter(received_at__gte=since).order_by()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=organisation_ids)
        reports = reports.filter(organisation_id__in=organisation_ids)
    parts: dict[int, list[int]] = {}
    for row in (
        reports.annotate(year=ExtractYear("received_at"), quarter=ExtractQuarter("received_at"))
        .values("organisation_id", "year", "quarter", "kind")
        .annotate(n=Count("pk"))
    ):
        parts.setdefault(row["organisation_id"], []).append(row["n"])
    return {
        pk: protected_total(parts.get(pk, [])) for pk in organisations.values_list("pk", flat=True)
    }


def with_meldpunt(organisation_ids: Iterable[int]) -> list[int]:
    """Those of these organisations that run a meldpunt."""
    return list(
        Organisation.objects.filter(
            pk__in=list(organisation_ids), meldpunt__isnull=False
        ).values_list("pk", flat=True)
    )


def reports_in_quarters(
    organisation_ids: Iterable[int], quarters: Iterable[tuple[int, int]]
) -> int | Withheld | None:
    """How many reports the meldpunten of these organisations received in these quarters, for
    people who may not see them (a campaign's figures). The meldpunt figures page publishes
    the same reports per organisation, quarter and kind with 1–4 suppressed; a total here
    shows only where every cell behind it shows there (`protected_total(members=True)`), so
    no choice of quarters or organisations, nor the difference of two such totals, tells more
    than that page. One query."""
    ids = list(organisation_ids)
    wanted = set(quarters)
    if not ids or not wanted:
        return None
    years = {year for year, _quarter in wanted}
    rows = (
        Report.objects.filter(organisation_id__in=ids, received_at__year__in=years)
        .annotate(year=ExtractYear("received_at"), quarter=ExtractQuarter("received_at"))
        .values("organisation_id", "year", "quarter", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    parts = [r["n"] for r in rows if (r["year"], r["quarter"]) in wanted]
    return protected_total(parts, members=True)


def access_log(*, organisation: int | None = None) -> QuerySet[AccessLog]:
    """For the privacy officer."""
    entries = AccessLog.objects.select_related("user", "organisation")
    if organisation:
        entries = entries.filter(organisation_id=organisation)
    return entries


def _handler_memberships(organisation_id: int) -> list[Any]:

    return list(
        Membership.objects.filter(
            role=Role.HANDLER, organisation_id=organisation_id, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def _sees(membership: Any, report: Report, excluded: set[int], shared: set[int]) -> bool:
    """Whether this handler membership lets its holder handle the report (as
    `ReportQuerySet.visible_to` decides it, for one report and many people)."""
    if report.compartment not in (membership.compartments or ()):
        return False
    if membership.user_id in excluded:
        return False
    return (
        membership.reports_from is None
        or report.received_at >= membership.reports_from
        or membership.user_id in shared
    )


def report_handlers(report: Report) -> list[Any]:
    """The people who can handle this report now (their organisation's handlers for its
    compartment, granted before it arrived or having it shared, not excluded): the
    colleagues one may exclude, as long as one is left. No content is read."""
    excluded = set(report.exclusions.values_list("user_id", flat=True))
    shared = set(report.shares.values_list("user_id", flat=True))
    return [
        m.user
        for m in _handler_memberships(report.organisation_id)
        if _sees(m, report, excluded, shared)
    ]


def share_candidates(report: Report) -> list[Any]:
    """Handlers of the report's organisation and compartment who were granted after it
    arrived and do not see it yet: whom a handler may share it with."""
    excluded = set(report.exclusions.values_list("user_id", flat=True))
    shared = set(report.shares.values_list("user_id", flat=True))
    return [
        m.user
        for m in _handler_memberships(report.organisation_id)
        if report.compartment in (m.compartments or ())
        and m.user_id not in excluded
        and not _sees(m, report, excluded, shared)
    ]


def orphaned_reports(organisation_id: int, user: Any) -> list[Report]:
    """The open reports of the organisation in `user`'s compartments that nobody but `user`
    could handle and `user` does not see yet: what two platform admins may hand over to them.
    Four queries, whatever the number of reports; no content is read."""

    memberships = _handler_memberships(organisation_id)
    mine = next((m for m in memberships if m.user_id == user.pk), None)
    if mine is None:
        return []
    reports = list(
        Report.objects.filter(organisation_id=organisation_id, compartment__in=mine.compartments)
        .exclude(status=Status.CLOSED)
        .defer(*CONTENT_FIELDS)
        .order_by("received_at")
    )
    ids = [r.pk for r in reports]
    excluded: dict[int, set[int]] = {}
    for report_id, user_id in Exclusion.objects.filter(report_id__in=ids).values_list(
        "report_id", "user_id"
    ):
        excluded.setdefault(report_id, set()).add(user_id)
    shared: dict[int, set[int]] = {}
    for report_id, user_id in ReportShare.objects.filter(report_id__in=ids).values_list(
        "report_id", "user_id"
    ):
        shared.setdefault(report_id, set()).add(user_id)
    others = [m for m in memberships if m.user_id != user.pk]
    return [
        r
        for r in reports
        if not _sees(mine, r, excluded.get(r.pk, set()), shared.get(r.pk, set()))
        and mine.user_id not in excluded.get(r.pk, set())
        and not any(_sees(m, r, excluded.get(r.pk, set()), shared.get(r.pk, set())) for m in others)
    ]


def handler_overview(user: Any) -> list[dict[str, Any]]:
    """Per organisation whose handlers the user manages (a platform admin: every organisation
    with a meldpunt; a handler: their own), its handlers, the open grant requests and the
    handovers. Names and dates only; four queries."""

    organisations = list(managed_organisations(user))
    ids = [o.pk for o in organisations]
    handlers: dict[int | None, list[Any]] = {}
    for membership in (
        Membership.objects.filter(role=Role.HANDLER, organisation_id__in=ids)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ):
        handlers.setdefault(membership.organisation_id, []).append(membership)
    grants: dict[int, list[Any]] = {}
    for grant in HandlerGrant.objects.filter(
        organisation_id__in=ids, status=GrantStatus.PENDING
    ).select_related("user", "requested_by"):
        grants.setdefault(grant.organisation_id, []).append(grant)
    handovers: dict[int, list[Any]] = {}
    for handover in ReportHandover.objects.filter(
        organisation_id__in=ids, status=GrantStatus.PENDING
    ).select_related("user", "requested_by"):
        handovers.setdefault(handover.organisation_id, []).append(handover)
    return [
        {
            "organisation": o,
            "handlers": handlers.get(o.pk, []),
            "grants": grants.get(o.pk, []),
            "handovers": handovers.get(o.pk, []),
        }
        for o in organisations
    ]
