"""Writes of the meldpunt. Each validates first and writes in one transaction.

Nothing here receives or stores a request, address, user agent or session: the intake and
follow-up views pass only what the reporter typed (and, for throttling, an address that goes
to `receipts.Throttle`, which keeps a keyed hash of it in the cache for minutes).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dijkwacht.accounts.models import User
from dijkwacht.accounts.types import Actor
from dijkwacht.core.services import acting_user, audit_record
from dijkwacht.core.uploads import check_upload
from dijkwacht.meldpunt import receipts, workflow
from dijkwacht.meldpunt.models import (
    COMPARTMENT_OF_KIND,
    AggressionMeasure,
    Attachment,
    Case,
    CaseMeeting,
    CloseReason,
    DeletionLog,
    Evaluation,
    Exclusion,
    ForwardTarget,
    GrantStatus,
    HandlerGrant,
    HandlerReminder,
    Identity,
    IdentityReveal,
    Intervention,
    Kind,
    MeldpuntSettings,
    Message,
    Report,
    ReportEvent,
    ReportHandover,
    ReportShare,
    RetentionRule,
    Status,
)
from dijkwacht.meldpunt.notifications import (
    DEADLINES,
    GRANT_APPROVED,
    GRANT_REQUESTED,
    IDENTITY_REQUEST,
    NEW_REPORT,
)
from dijkwacht.meldpunt.permissions import can_handle, may_manage_handlers
from dijkwacht.meldpunt.selectors import (
    CONTENT_FIELDS,
    inbox,
    orphaned_reports,
    report_handlers,
    share_candidates,
)
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.permissions import access_for, is_platform_admin
from dijkwacht.organisations.roles import Compartment, Role
from dijkwacht.organisations.selectors import people_with_role
from dijkwacht.organisations.services import membership_create

MAX_ATTACHMENTS = 5
MAX_DESCRIPTION = 10_000
MAX_MESSAGE = 5_000


class Throttled(Exception):
    """Too many wrong receipt codes from here, or for this report: try again later."""


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: receipts.Receipt


def _number(prefix: str) -> str:
    """A report or case number that says nothing about order or volume: M-7K3Q9D."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{prefix}-" + "".join(secrets.choice(alphabet) for _ in range(6))


def _check_uploads(uploads: list[Any], errors: dict[str, list[str]]) -> list[tuple[Any, Any]]:

    if len(uploads) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(
            _("Add at most %(count)s files.") % {"count": MAX_ATTACHMENTS}
        )
        return []
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(
                f"{upload.name}: {message}" for message in error.messages
            )
    return checked


def _store_attachments(report: Report, checked: list[tuple[Any, Any]], message=None) -> None:
    now = timezone.now()
    for upload, kind in checked:
        upload.seek(0)
        Attachment.objects.create(
            report=report,
            message=message,
            filename=(upload.name or "bijlage")[:200],
            content_type=kind.content_type,
            size=upload.size,
            content=upload.read(),
            uploaded_at=now,
        )


def report_submit(
    *,
    organisation: Any,
    kind: str,
    description: str,
    identity: str,
    answers: dict[str, Any] | None = None,
    reporter: dict[str, str] | None = None,
    attachments: list[Any] | None = None,
) -> Submitted:
    """A new report from the public intake. An anonymous report keeps no reporter data at all,
    whatever was sent; a confidential or open one needs a name or a way to reach the reporter.
    Returns the report and its receipt (the code is shown once and never stored)."""
    errors: dict[str, list[str]] = {}
    settings = getattr(organisation, "meldpunt", None)
    if settings is None or not settings.accepts_reports:
        raise ValidationError(_("This organisation does not take reports here."))
    if kind not in Kind.values:
        errors["kind"] = [_("Choose what the report is about.")]
    if identity not in Identity.values:
        errors["identity"] = [_("Choose how you want to report: anonymous, confidential or open.")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Describe what you want to report.")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [
            _("Keep the description under %(max)s characters.") % {"max": MAX_DESCRIPTION}
        ]
    contact = {
        key: (value or "").strip()[:200]
        for key, value in (reporter or {}).items()
        if key in ("name", "email", "phone") and (value or "").strip()
    }
    if identity in (Identity.CONFIDENTIAL, Identity.OPEN) and not contact:
        errors["reporter"] = [_("Give your name or a way to reach you, or report anonymously.")]
    checked = _check_uploads(list(attachments or []), errors)
    if errors:
        raise ValidationError(errors)
    # The slow hash runs before the transaction, so no write lock is held while it works.
    for attempt in range(3):
        receipt = _unique_receipt()
        try:
            with transaction.atomic():
                return _report_create(
                    organisation, kind, identity, description, answers, contact, checked, receipt
                )
        except IntegrityError:
            # Another report took the same random lookup or number in the same instant.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _report_create(
    organisation, kind, identity, description, answers, contact, checked, receipt
) -> Submitted:
    now = timezone.now()
    report = Report.objects.create(
        organisation=organisation,
        number=_unique_number(Report, "M"),
        kind=kind,
        compartment=COMPARTMENT_OF_KIND[Kind(kind)],
        identity=identity,
        received_at=now,
        receipt_lookup=receipt.lookup,
        receipt_hash=receipt.hashed,
        description=description,
        answers=_clean_answers(answers or {}),
        reporter={} if identity == Identity.ANONYMOUS else contact,
    )
    _store_attachments(report, checked)
    ReportEvent.objects.create(report=report, at=now, action="receive", to_status=Status.RECEIVED)
    audit_record(
        actor=None, action="meldpunt.report_receive", obj=report, organisation=organisation
    )
    notify(
        report_handlers(report),
        NEW_REPORT,
        {"compartment": Compartment(report.compartment).label, "organisation": organisation.name},
        link=reverse("meldpunt:inbox"),
    )
    return Submitted(report, receipt)


def _clean_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Keep answers as plain strings and lists of strings; nothing else is stored."""
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, list):
            value = [str(v).strip()[:500] for v in value if str(v).strip()]
        elif isinstance(value, bool):
            value = "ja" if value else "nee"
        elif value is not None:
            value = str(value).strip()[:2000]
        if value:
            clean[str(key)[:50]] = value
    return clean


def _unique_receipt() -> receipts.Receipt:
    while True:
        receipt = receipts.new_receipt()
        if not Report.objects.filter(receipt_lookup=receipt.lookup).exists():
            return receipt


def _unique_number(model: Any, prefix: str) -> str:
    while True:
        number = _number(prefix)
        if not model.objects.filter(number=number).exists():
            return number


def follow_up_open(*, code: str, address: str) -> Report:
    """The report behind a receipt code, for its reporter. Throttled per address and per
    report; a wrong, unknown or malformed code and a throttled try all fail the same way from
    the reporter's side (ValidationError), except that a throttled try raises `Throttled`."""
    digits = receipts.normalise(code or "")
    lookup, secret = receipts.split(digits) if digits else ("", "0")
    throttle = receipts.Throttle(address, lookup or None)
    if not throttle.try_():
        raise Throttled
    report = Report.objects.filter(receipt_lookup=lookup).first() if lookup else None
    if report is None or not receipts.matches(secret, report.receipt_hash):
        if report is None:
            receipts.dummy_check(secret)
        raise ValidationError(_("This code is not known. Check the digits and try again."))
    throttle.succeeded()
    return report


@transaction.atomic
def reporter_reply(*, report: Report, body: str, attachments: list[Any] | None = None) -> Message:
    """The reporter answers with their code: a message, with files if they like."""
    errors: dict[str, list[str]] = {}
    body = (body or "").strip()
    if not body and not attachments:
        errors["body"] = [_("Write a message or add a file.")]
    if len(body) > MAX_MESSAGE:
        errors["body"] = [_("Keep the message under %(max)s characters.") % {"max": MAX_MESSAGE}]
    if report.status == Status.CLOSED:
        errors["body"] = [_("This report is closed; make a new report if something changed.")]
    checked = _check_uploads(list(attachments or []), errors)
    if errors:
        raise ValidationError(errors)
    message = Message.objects.create(
        report=report,
        direction=Message.Direction.FROM_REPORTER,
        at=timezone.now(),
        body=body or "—",
    )
    _store_attachments(report, checked, message)
    return message


# --- Handling -------------------------------------------------------------------------------


def _require_handler(actor: Actor, report: Report) -> None:
    if actor is not None and not can_handle(actor, report):
        raise PermissionDenied(_("You do not handle this report."))


@transaction.atomic
def report_transition(
    *,
    actor: Actor,
    report: Report,
    action: str,
    target: str = "",
    reference: str = "",
    date: datetime.date | None = None,
    reason: str = "",
    message: str = "",
) -> Report:
    """Move the report along the workflow table, with an append-only event. Forwarding names
    where to, when and a reference; closing names why; a message to the reporter may go
    with it (it is written as a message from the case)."""
    _require_handler(actor, report)
    # A step reads and writes the workflow's fields only: the content stays encrypted and
    # unread (a step is not a read of the report), and is not written again.
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .defer(*CONTENT_FIELDS)
        .get(pk=report.pk)
    )
    given = {"target": target, "date": date, "reason": reason}
    errors: dict[str, list[str]] = {}
    if action == "forward" and target and target not in ForwardTarget.values:
        errors["target"] = [_("Choose where the report was forwarded to.")]
    if action == "close" and reason and reason not in CloseReason.values:
        errors["reason"] = [_("Choose a reason for closing.")]
    try:
        new_status = workflow.next_status(locked.status, action, given)
    except workflow.TransitionError as error:
        missing = {
            "target": _("Choose where the report was forwarded to."),
            "date": _("Give the date it was forwarded."),
            "reason": _("Choose a reason for closing."),
        }
        if error.missing:
            for field in error.missing:
                errors[field] = [missing[field]]
        else:
            errors["action"] = [
                _("This step is not possible now (status: %(status)s).")
                % {"status": locked.get_status_display()}
            ]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    old = locked.status
    locked.status = new_status
    if action == "acknowledge":
        locked.acknowledged_at = now
    if action == "close":
        locked.closed_at = now
        locked.close_reason = reason
    if action == "reopen":
        locked.closed_at = None
        locked.close_reason = ""
    locked.save(update_fields=["status", "acknowledged_at", "closed_at", "close_reason"])
    details: dict[str, Any] = {}
    if action == "forward":
        details = {"target": target, "reference": reference.strip()[:100], "date": str(date)}
    if action == "close":
        details = {"reason": reason}
    ReportEvent.objects.create(
        report=locked,
        at=now,
        actor=acting_user(actor),
        action=action,
        from_status=old,
        to_status=new_status,
        details=details,
    )
    if message.strip():
        message_to_reporter(actor=actor, report=locked, body=message)
    audit_record(
        actor=actor,
        action=f"meldpunt.report_{action}",
        obj=locked,
        changes={"status": (old, new_status)},
        organisation=locked.organisation,
    )
    return locked


@transaction.atomic
def message_to_reporter(*, actor: Actor, report: Report, body: str) -> Message:
    """A message the reporter reads with their code. The first after the acknowledgement is
    the feedback the law asks for within three months."""
    _require_handler(actor, report)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write the message.")]})
    if len(body) > MAX_MESSAGE:
        raise ValidationError(
            {"body": [_("Keep the message under %(max)s characters.") % {"max": MAX_MESSAGE}]}
        )
    now = timezone.now()
    message = Message.objects.create(
        report=report,
        direction=Message.Direction.TO_REPORTER,
        at=now,
        author=acting_user(actor),
        body=body,
    )
    if report.acknowledged_at and not report.feedback_given_at:
        Report.objects.filter(pk=report.pk).update(feedback_given_at=now)
        report.feedback_given_at = now
    audit_record(
        actor=actor,
        action="meldpunt.message_to_reporter",
        obj=report,
        organisation=report.organisation,
    )
    return message


@transaction.atomic
def note_add(*, actor: Actor, report: Report, body: str) -> Message:
    """An internal note: for the handlers only, never shown to the reporter."""
    _require_handler(actor, report)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write the note.")]})
    return Message.objects.create(
        report=report,
        direction=Message.Direction.INTERNAL,
        at=timezone.now(),
        author=acting_user(actor),
        body=body[:MAX_MESSAGE],
    )


@transaction.atomic
def report_move(*, actor: Actor, report: Report, compartment: str) -> Report:
    """Move a report to another compartment of the same organisation (re-triage) — never to
    one where nobody could handle it."""

    _require_handler(actor, report)
    if compartment not in Compartment.values:
        raise ValidationError({"compartment": [_("Choose a compartment.")]})
    locked = Report.objects.select_for_update().get(pk=report.pk)
    locked.compartment = compartment
    if not report_handlers(locked):
        raise ValidationError(
            {"compartment": [_("Nobody could handle the report there: choose another.")]}
        )
    old = report.compartment
    Report.objects.filter(pk=report.pk).update(compartment=compartment)
    report.compartment = compartment
    ReportEvent.objects.create(
        report=report,
        at=timezone.now(),
        actor=acting_user(actor),
        action="move",
        from_status=report.status,
        to_status=report.status,
        details={"from": old, "to": compartment},
    )
    audit_record(
        actor=actor,
        action="meldpunt.report_move",
        obj=report,
        changes={"compartment": (old, compartment)},
        organisation=report.organisation,
    )
    return report


@transaction.atomic
def exclusion_add(*, actor: Actor, report: Report, user: Any, reason: str) -> Exclusion:
    """Keep a handler out of one report (conflict of interest). A handler may exclude
    themself or a colleague, never the last one who can handle the report: the report is
    locked while that is counted, so two exclusions at once cannot both pass."""

    _require_handler(actor, report)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why (for example: a family member).")]})
    handlers = report_handlers(locked)
    if user.pk not in {h.pk for h in handlers}:
        raise ValidationError({"user": [_("This person does not handle this report.")]})
    if len(handlers) == 1:
        raise ValidationError(
            {
                "user": [
                    _(
                        "%(name)s is the last handler who can handle this report, and a report "
                        "always keeps one. Share it with a colleague first, or ask for a new "
                        "handler."
                    )
                    % {"name": user.full_name or user.email}
                ]
            }
        )
    exclusion = Exclusion.objects.create(
        report=locked,
        user=user,
        reason=reason.strip(),
        at=timezone.now(),
        by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action="meldpunt.exclusion_add",
        obj=locked,
        changes={"excluded": (None, user.email)},
        organisation=locked.organisation,
    )
    return exclusion


@transaction.atomic
def report_share(*, actor: Actor, report: Report, user: Any, reason: str) -> ReportShare:
    """Share a report received before a colleague was granted with that colleague, with the
    reason; it shows in the report's history and the audit trail."""

    _require_handler(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)  # one share at a time
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why your colleague needs this report.")]})
    if user.pk not in {c.pk for c in share_candidates(report)}:
        raise ValidationError(
            {"user": [_("Share only with a handler of this compartment who does not see it.")]}
        )
    now = timezone.now()
    share = ReportShare.objects.create(
        report=report,
        user=user,
        reason=reason.strip()[:MAX_MESSAGE],
        at=now,
        by=acting_user(actor),
    )
    ReportEvent.objects.create(
        report=report,
        at=now,
        actor=acting_user(actor),
        action="share",
        from_status=report.status,
        to_status=report.status,
        details={"with": user.full_name or user.email},
    )
    # The reason may speak of the report: it stays encrypted with the share, not in the audit.
    audit_record(
        actor=actor,
        action="meldpunt.report_share",
        obj=report,
        changes={"shared_with": (None, user.email)},
        organisation=report.organisation,
    )
    return share


@transaction.atomic
def reveal_request(*, actor: User, report: Report, reason: str) -> IdentityReveal:
    _require_handler(actor, report)
    if report.identity != Identity.CONFIDENTIAL:
        raise ValidationError(_("Only a confidential report has an identity to reveal."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why you need to know who reported.")]})
    reveal = IdentityReveal.objects.create(
        report=report,
        requested_by=actor,
        requested_at=timezone.now(),
        request_reason=reason.strip(),
    )
    audit_record(
        actor=actor, action="meldpunt.reveal_request", obj=report, organisation=report.organisation
    )
    notify(
        [person for person in report_handlers(report) if person.pk != actor.pk],
        IDENTITY_REQUEST,
        {"number": report.number},
        link=reverse("meldpunt:report_detail", args=[report.pk]),
    )
    return reveal


@transaction.atomic
def reveal_approve(*, actor: Actor, reveal: IdentityReveal, reason: str) -> IdentityReveal:
    """A second handler approves: never the one who asked."""
    locked = IdentityReveal.objects.select_for_update().select_related("report").get(pk=reveal.pk)
    _require_handler(actor, locked.report)
    if locked.requested_by_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("A second handler must approve; not the one who asked."))
    if locked.approved_at:
        raise ValidationError(_("This request is already approved."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why you approve.")]})
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.approval_reason = reason.strip()
    locked.save()
    audit_record(
        actor=actor,
        action="meldpunt.reveal_approve",
        obj=locked.report,
        organisation=locked.report.organisation,
    )
    return locked


# --- Cases ----------------------------------------------------------------------------------


def _require_case_handler(actor: Actor, case: Case) -> None:
    if (
        actor is not None
        and not Case.objects.visible_to(access_for(actor)).filter(pk=case.pk).exists()
    ):
        raise PermissionDenied(_("You do not handle this case."))


def _require_open_case(case: Case) -> None:
    if case.closed_at:
        raise ValidationError(_("The case is closed; nothing can be added any more."))


@transaction.atomic
def case_open(*, actor: Actor, report: Report, title: str) -> Case:
    """An undermining signal grows into a case."""
    _require_handler(actor, report)
    if report.kind != Kind.UNDERMINING:
        raise ValidationError(_("Only a signal of undermining becomes a case."))
    if report.case_id:
        raise ValidationError(_("This report is already part of a case."))
    if not title.strip():
        raise ValidationError({"title": [_("Give the case a working title.")]})
    case = Case.objects.create(
        organisation=report.organisation,
        number=_unique_number(Case, "C"),
        title=title.strip(),
        opened_at=timezone.now(),
        opened_by=acting_user(actor),
    )
    _require_case_handler(actor, case)
    Report.objects.filter(pk=report.pk).update(case=case)
    report.case = case
    audit_record(actor=actor, action="meldpunt.case_open", obj=case, organisation=case.organisation)
    return case


@transaction.atomic
def case_add_report(*, actor: Actor, case: Case, report: Report) -> None:
    _require_case_handler(actor, case)
    _require_handler(actor, report)
    if report.organisation_id != case.organisation_id or report.kind != Kind.UNDERMINING:
        raise ValidationError(_("Only undermining signals of the same organisation join a case."))
    Report.objects.filter(pk=report.pk).update(case=case)


@transaction.atomic
def meeting_add(
    *,
    actor: Actor,
    case: Case,
    date: datetime.date,
    partners: str,
    decisions: str,
    follow_ups: str = "",
) -> CaseMeeting:
    _require_case_handler(actor, case)
    _require_open_case(case)
    errors: dict[str, list[str]] = {}
    if not date:
        errors["date"] = [_("Give the date of the meeting.")]
    if not partners.strip():
        errors["partners"] = [_("Name the partners present.")]
    if not decisions.strip():
        errors["decisions"] = [_("Write down what was decided.")]
    if errors:
        raise ValidationError(errors)
    meeting = CaseMeeting.objects.create(
        case=case,
        date=date,
        partners=partners.strip(),
        decisions=decisions.strip(),
        follow_ups=follow_ups.strip(),
    )
    audit_record(
        actor=actor, action="meldpunt.meeting_add", obj=case, organisation=case.organisation
    )
    return meeting


@transaction.atomic
def intervention_save(
    *,
    actor: Actor,
    case: Case,
    type: Any,
    partner: str,
    state: str,
    outcome: str = "",
    date: datetime.date | None = None,
    intervention: Intervention | None = None,
) -> Intervention:
    _require_case_handler(actor, case)
    _require_open_case(case)
    if not partner.strip():
        raise ValidationError({"partner": [_("Name the partner who intervenes.")]})
    if state not in Intervention.State.values:
        raise ValidationError({"state": [_("Choose a status.")]})
    if intervention is None:
        intervention = Intervention(case=case)
    elif intervention.case_id != case.pk:
        raise PermissionDenied
    intervention.type = type
    intervention.partner = partner.strip()[:200]
    intervention.state = state
    intervention.outcome = outcome.strip()
    intervention.date = date
    intervention.save()
    audit_record(
        actor=actor, action="meldpunt.intervention_save", obj=case, organisation=case.organisation
    )
    return intervention


@transaction.atomic
def evaluation_save(
    *, actor: Actor, case: Case, worked: str, did_not_work: str, lessons: str
) -> Evaluation:
    _require_case_handler(actor, case)
    errors = {
        field: [_("Fill this in; the evaluation is required before the case closes.")]
        for field, value in (
            ("worked", worked),
            ("did_not_work", did_not_work),
            ("lessons", lessons),
        )
        if not value.strip()
    }
    if errors:
        raise ValidationError(errors)
    evaluation, _created = Evaluation.objects.update_or_create(
        case=case,
        defaults={
            "worked": worked.strip(),
            "did_not_work": did_not_work.strip(),
            "lessons": lessons.strip(),
            "at": timezone.now(),
        },
    )
    audit_record(
        actor=actor, action="meldpunt.evaluation_save", obj=case, organisation=case.organisation
    )
    return evaluation


@transaction.atomic
def case_close(*, actor: Actor, case: Case) -> Case:
    """A case closes only with its evaluation."""
    _require_case_handler(actor, case)
    if not Evaluation.objects.filter(case=case).exists():
        raise ValidationError(_("Write the evaluation first: what worked, what did not, lessons."))
    if case.closed_at:
        raise ValidationError(_("The case is already closed."))
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    audit_record(
        actor=actor, action="meldpunt.case_close", obj=case, organisation=case.organisation
    )
    return case


# --- Retention ------------------------------------------------------------------------------

DEFAULT_RETENTION = (
    # (kind, close reason, in a case, days): a dropped signal 1 year, a closed case 5 years.
    ("", "", False, 365),
    ("", "", True, 5 * 365),
)


def retention_rule_for(report: Report, rules: list[RetentionRule]) -> RetentionRule | None:
    """The most specific rule: kind and reason beat kind beat reason beat the default."""
    in_case = report.case_id is not None
    candidates = [
        r
        for r in rules
        if r.in_case == in_case
        and r.kind in ("", report.kind)
        and r.close_reason in ("", report.close_reason)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (bool(r.kind), bool(r.close_reason)))


def retention_apply(*, now: datetime.datetime | None = None) -> int:
    """Destroy closed reports whose retention has passed: content, attachments, messages and
    events go with the row; a deletion log entry without content stays. A report in a case
    waits until the case is closed; the case goes when its last report went. Returns the
    number of reports destroyed."""
    now = now or timezone.now()
    rules = list(RetentionRule.objects.all())
    destroyed = 0
    for report in (
        Report.objects.filter(status=Status.CLOSED, closed_at__isnull=False)
        .defer("description", "answers", "reporter")
        .select_related("case")
    ):
        if report.case_id and report.case and not report.case.closed_at:
            continue
        rule = retention_rule_for(report, rules)
        if rule is None:
            continue
        closed = [report.closed_at]
        if report.case and report.case.closed_at:
            closed.append(report.case.closed_at)
        since = max(c for c in closed if c is not None)
        if now < since + datetime.timedelta(days=rule.days):
            continue
        with transaction.atomic():
            DeletionLog.objects.create(
                at=now,
                record_type="melding",
                number=report.number,
                organisation_id=report.organisation_id,
                kind=report.kind,
                rule=str(rule),
            )
            case = report.case
            report.delete()
            if case and not case.reports.exists():
                DeletionLog.objects.create(
                    at=now,
                    record_type="casus",
                    number=case.number,
                    organisation_id=case.organisation_id,
                    kind="ondermijning",
                    rule=str(rule),
                )
                case.delete()
        destroyed += 1
    return destroyed


# --- Who handles: four-eyes grants and handovers ----------------------------------------


def _mail(
    subject: str,
    template: str,
    context: dict[str, Any],
    recipients: list[str],
    *,
    greeting: bool = False,
) -> None:
    """Mail to addresses that are not people of Dijkwacht (the meldpunt contact) after the
    commit, in the platform's language; names and counts, never content. `greeting` wraps a
    notification's details (written for the notification mail) in a greeting and sign-off."""

    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "meldpunt/email/_wrapped.txt" if greeting else template,
            {**context, "template": template},
        )
        subject = str(subject)
    transaction.on_commit(partial(send_mail, subject, body, None, recipients))


def _handlers(organisation_id: int, *, without: tuple[Any, ...] = ()) -> list[Any]:
    """The organisation's active handlers, leaving out `without`."""
    skip = {getattr(person, "pk", None) for person in without}
    return [
        person
        for person in people_with_role(Role.HANDLER, organisation_ids=[organisation_id])
        if person.pk not in skip
    ]


def _grantable(user: Any, organisation_id: int) -> set[str]:
    """The compartments whose new handlers the user may ask for or approve: every one for a
    platform admin, their own for a handler of the organisation."""

    access = access_for(user)
    if access.is_admin:
        return set(Compartment.values)
    return {
        compartment
        for g in access.grants
        if g.role == Role.HANDLER and g.organisation_id == organisation_id
        for compartment in g.compartments
    }


def _lock_pending(model: type[Any], pk: int, actor: User, already: str, second: str) -> Any:
    """The request, locked, while it waits for a decision by someone who is neither the one
    who asked nor the one it is for (the database checks that too)."""
    locked = (
        model.objects.select_for_update()
        .select_related("organisation", "user", "requested_by")
        .get(pk=pk)
    )
    if locked.status != GrantStatus.PENDING:
        raise ValidationError(already)
    if actor.pk in (locked.requested_by_id, locked.user_id):
        raise PermissionDenied(second)
    return locked


def _decided(request: Any, actor: Actor, approve: bool, at: Any) -> None:
    request.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
    request.decided_by = actor
    request.decided_at = at
    request.full_clean()
    request.save()


def _contact(organisation: Any) -> str:
    """The organisation's meldpunt contact, as it is now."""

    return (
        MeldpuntSettings.objects.filter(organisation_id=organisation.pk)
        .values_list("contact_email", flat=True)
        .first()
        or ""
    )


def meldpunt_contact_changed(*, actor: Actor, organisation: Any, old: str, new: str) -> None:
    """The contact who is told of grants and handovers changed: the old and the new address
    and every handler of the organisation are told, so nobody quietly routes those messages
    to themselves."""
    _mail(
        _("Dijkwacht meldpunt: the contact changed"),
        "meldpunt/email/contact_changed.txt",
        {"organisation": organisation, "old": old, "new": new, "by": actor},
        [old, new, *(person.email for person in _handlers(organisation.pk))],
    )


@transaction.atomic
def handler_grant_request(
    *, actor: User, organisation: Any, user: Any, compartments: list[str], reason: str
) -> HandlerGrant:
    """Ask for a new handler. The request waits for a second person (another platform admin
    or a handler of the organisation); the organisation's handlers are told it waits."""

    if not may_manage_handlers(actor, organisation.pk):
        raise PermissionDenied(
            _("Only a platform admin or a handler of the organisation asks for a new handler.")
        )
    errors: dict[str, list[str]] = {}
    if user is None or not user.is_active:
        errors["user"] = [_("Choose an active account.")]
    elif user.pk == actor.pk:
        errors["user"] = [
            _("Nobody makes themselves a handler: a colleague or a platform admin asks for it.")
        ]
    elif Membership.objects.filter(
        user=user, organisation=organisation, role=Role.HANDLER
    ).exists():
        errors["user"] = [_("This person already handles reports of this organisation.")]
    elif HandlerGrant.objects.filter(
        user=user, organisation=organisation, status=GrantStatus.PENDING
    ).exists():
        errors["user"] = [_("A request for this person is already waiting.")]
    chosen = sorted(set(compartments or ()))
    if not chosen or not set(chosen) <= set(Compartment.values):
        errors["compartments"] = [_("Choose at least one compartment.")]
    elif not set(chosen) <= _grantable(actor, organisation.pk):
        errors["compartments"] = [
            _("A handler asks for (or approves) only the compartments they handle themselves.")
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why this person should handle reports.")]
    if errors:
        raise ValidationError(errors)
    grant = HandlerGrant.objects.create(
        organisation=organisation,
        user=user,
        compartments=chosen,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="meldpunt.handler_grant_request",
        obj=grant,
        changes={"user": (None, user.email), "compartments": (None, chosen)},
        reason=reason.strip(),
        organisation=organisation,
    )
    notify(
        _handlers(organisation.pk, without=(actor, user)),
        GRANT_REQUESTED,
        {"organisation": organisation.name, "grant": grant},
        link=reverse("meldpunt:handlers"),
    )
    return grant


@transaction.atomic
def handler_grant_decide(*, actor: User, grant: HandlerGrant, approve: bool) -> HandlerGrant:
    """A second person approves or refuses. Approval makes the membership, which sees only
    the reports received from now on; every handler of the organisation and its meldpunt
    contact are told."""

    locked = _lock_pending(
        HandlerGrant,
        grant.pk,
        actor,
        _("This request is already decided."),
        _("A second person decides: not the one who asked, nor the new handler."),
    )
    if not may_manage_handlers(actor, locked.organisation_id) or not set(
        locked.compartments
    ) <= _grantable(actor, locked.organisation_id):
        raise PermissionDenied(
            _("Only a platform admin or a handler of the organisation decides on a new handler.")
        )
    if approve and not may_manage_handlers(locked.requested_by, locked.organisation_id):
        raise ValidationError(_("The person who asked may no longer ask: refuse the request."))
    now = timezone.now()
    if approve:
        existing = _handlers(locked.organisation_id, without=(locked.user,))
        membership_create(
            actor=actor,
            user=locked.user,
            role=Role.HANDLER,
            organisation=locked.organisation,
            compartments=locked.compartments,
            reports_from=now,
            requested_by=locked.requested_by,
        )
        context = {"grant": locked, "approved_by": actor, "at": now}
        notify(
            existing,
            GRANT_APPROVED,
            {"organisation": locked.organisation.name, **context},
            link=reverse("meldpunt:handlers"),
        )
        _mail(
            _("Dijkwacht meldpunt: a new handler is granted"),
            "meldpunt/email/grant_approved.txt",
            context,
            [_contact(locked.organisation)],
            greeting=True,
        )
    _decided(locked, actor, approve, now)
    audit_record(
        actor=actor,
        action=f"meldpunt.handler_grant_{'approve' if approve else 'refuse'}",
        obj=locked,
        changes={"status": (GrantStatus.PENDING, locked.status)},
        organisation=locked.organisation,
    )
    return locked


@transaction.atomic
def report_handover_request(
    *, actor: User, organisation: Any, user: Any, reason: str
) -> ReportHandover:
    """When no handler is left who can share them, a platform admin asks to hand the
    organisation's open reports to a new handler; a second platform admin decides."""

    if not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins hand reports over."))
    errors: dict[str, list[str]] = {}
    if user is None or user.pk == actor.pk:
        errors["user"] = [_("Hand the reports to a handler other than yourself.")]
    elif not orphaned_reports(organisation.pk, user):
        errors["user"] = [
            _(
                "There is nothing to hand over to this person: they are not a handler here, or "
                "every open report has a handler who can share it."
            )
        ]
    elif ReportHandover.objects.filter(
        organisation=organisation, user=user, status=GrantStatus.PENDING
    ).exists():
        errors["user"] = [_("A handover to this person is already waiting.")]
    if not _contact(organisation):
        errors["organisation"] = [
            _("Give the organisation's meldpunt contact first: they are told of the handover.")
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the reports are handed over.")]
    if errors:
        raise ValidationError(errors)
    handover = ReportHandover.objects.create(
        organisation=organisation,
        user=user,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="meldpunt.handover_request",
        obj=handover,
        changes={"user": (None, user.email)},
        reason=reason.strip(),
        organisation=organisation,
    )
    return handover


@transaction.atomic
def report_handover_decide(
    *, actor: User, handover: ReportHandover, approve: bool
) -> ReportHandover:
    """A second platform admin approves (or refuses): the open reports nobody else can handle
    are shared with the new handler, each with an event in its history, and the organisation's
    meldpunt contact is told how many. Neither admin sees a report."""

    if not is_platform_admin(actor):
        raise PermissionDenied(_("Only platform admins hand reports over."))
    locked = _lock_pending(
        ReportHandover,
        handover.pk,
        actor,
        _("This handover is already decided."),
        _("A second platform admin decides: not the one who asked, nor the new handler."),
    )
    now = timezone.now()
    if approve and not _contact(locked.organisation):
        raise ValidationError(
            _("Give the organisation's meldpunt contact first: they are told of the handover.")
        )
    if approve:
        reports = orphaned_reports(locked.organisation_id, locked.user)
        ReportShare.objects.bulk_create(
            ReportShare(
                report=r, user=locked.user, reason=locked.reason, at=now, by=actor, handover=locked
            )
            for r in reports
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(
                report=r,
                at=now,
                actor=actor,
                action="handover",
                from_status=r.status,
                to_status=r.status,
                details={"with": locked.user.full_name or locked.user.email},
            )
            for r in reports
        )
        locked.reports = len(reports)
        _mail(
            _("Dijkwacht meldpunt: open reports are handed over"),
            "meldpunt/email/handover.txt",
            {"handover": locked, "approved_by": actor, "at": now},
            [_contact(locked.organisation), locked.user.email],
        )
    _decided(locked, actor, approve, now)
    audit_record(
        actor=actor,
        action=f"meldpunt.handover_{'approve' if approve else 'refuse'}",
        obj=locked,
        changes={"reports": (None, locked.reports)},
        organisation=locked.organisation,
    )
    return locked


# --- Reminders ------------------------------------------------------------------------------


def handlers_remind(*, now: datetime.datetime | None = None) -> int:
    """Notify every handler whose reports have a clock that is nearly due or overdue: report
    numbers and dates only, never content. At most once a day per handler. Returns the number
    of handlers reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    handlers = (
        Membership.objects.filter(role=Role.HANDLER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    reminded = 0
    for user in {m.user_id: m.user for m in handlers}.values():
        due = [
            row
            for row in inbox(user, status="open", now=now)
            if {row.acknowledge.state, row.feedback.state} & {"soon", "overdue"}
        ]
        if not due:
            continue
        with transaction.atomic():
            _reminder, created = HandlerReminder.objects.get_or_create(
                user=user, sent_on=today, defaults={"reports": len(due)}
            )
            if not created:
                continue
            notify(
                [user],
                DEADLINES,
                {"count": len(due), "rows": due},
                link=reverse("meldpunt:inbox"),
                once=today.isoformat(),
            )
            reminded += 1
    return reminded


# --- Aggression register --------------------------------------------------------------------

MAX_REGISTER_TEXT = 2_000


@transaction.atomic
def aggression_register_save(
    *,
    actor: Actor,
    report: Report,
    perpetrator: str = "",
    police_report_by_employer: str = "",
    aftercare: str = "",
    measures: list[str] | None = None,
) -> Report:
    """The employer's part of the aggression register (Veilige Publieke Taak): the perpetrator
    if known, whether the employer reported to the police, aftercare for the employee and the
    measures against the perpetrator. Kept with the intake's answers under Dutch keys (dader,
    aangifte_werkgever, nazorg, maatregelen); an empty value removes its key. The audit names
    the keys that changed, never their content."""

    _require_handler(actor, report)
    if report.kind != Kind.AGGRESSION:
        raise ValidationError(_("Only a report of aggression has an aggression register."))
    errors: dict[str, list[str]] = {}
    chosen = list(dict.fromkeys(measures or []))
    if any(measure not in AggressionMeasure.values for measure in chosen):
        errors["measures"] = [_("Choose the measures from the list.")]
    if police_report_by_employer not in ("", "ja", "nee"):
        errors["police_report_by_employer"] = [_("Answer yes or no, or leave it open.")]
    for field, text in (("perpetrator", perpetrator), ("aftercare", aftercare)):
        if len(text.strip()) > MAX_REGISTER_TEXT:
            errors[field] = [_("Keep this under %(max)s characters.") % {"max": MAX_REGISTER_TEXT}]
    if errors:
        raise ValidationError(errors)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    answers = dict(locked.answers or {})
    values: dict[str, Any] = {
        "dader": perpetrator.strip(),
        "aangifte_werkgever": police_report_by_employer,
        "nazorg": aftercare.strip(),
        "maatregelen": chosen,
    }
    changed = []
    for key, value in values.items():
        if value and answers.get(key) != value:
            answers[key] = value
            changed.append(key)
        elif not value and key in answers:
            del answers[key]
            changed.append(key)
    if changed:
        locked.answers = answers
        locked.full_clean(exclude=["case", "organisation"])
        locked.save(update_fields=["answers"])
        audit_record(
            actor=actor,
            action="meldpunt.aggression_register_save",
            obj=locked,
            changes={"register": (None, ", ".join(changed))},
            organisation=locked.organisation,
        )
    report.answers = answers
    return locked
