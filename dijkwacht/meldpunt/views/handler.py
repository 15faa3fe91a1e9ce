"""The handlers' side of the meldpunt: the inbox, opening a report for a stated purpose, and
the steps taken on it.

Only handlers reach these pages; anyone else gets 404, as for a report that does not exist.
A report's content is read only through `selectors.open_report`, which logs the opening; the
inbox, the purpose question and the steps themselves read no content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.meldpunt import selectors, services, workflow
from dijkwacht.meldpunt.answers import answer_rows, register_rows
from dijkwacht.meldpunt.forms_handler import (
    HANDLER_PURPOSES,
    REPORT_STEP_FORMS,
    TRANSITION_FORMS,
    AggressionRegisterForm,
    CaseAddForm,
    CaseOpenForm,
    ExclusionForm,
    InboxFilterForm,
    MessageForm,
    MoveForm,
    NoteForm,
    PurposeForm,
    RevealApproveForm,
    RevealRequestForm,
    ShareForm,
    StepForm,
)
from dijkwacht.meldpunt.models import (
    CloseReason,
    ForwardTarget,
    Identity,
    Kind,
    Message,
    Purpose,
    Report,
)
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.roles import Compartment


def handler_organisations_or_404(user: Any) -> list[Organisation]:
    """The organisations whose reports the user handles; 404 for anyone who handles none."""
    organisations = selectors.handled_organisations(user)
    if not organisations:
        raise Http404
    return organisations


# --- Inbox ----------------------------------------------------------------------------------

CLOCK_LABELS = {
    "overdue": gettext_lazy("overdue"),
    "soon": gettext_lazy("due soon"),
    "running": gettext_lazy("running"),
    "none": "",
}


def _inbox_rows(request: AuthenticatedHttpRequest) -> tuple[InboxFilterForm, list[Any], bool]:
    organisations = handler_organisations_or_404(request.user)
    form = InboxFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.inbox(
        request.user,
        compartment=filters.get("compartment") or "",
        status=filters.get("status") or "",
        organisation=filters.get("organisation"),
    )
    return form, rows, len(organisations) > 1


@overview_page
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, rows, several = _inbox_rows(request)
    return render(
        request,
        "meldpunt/handler/inbox.html",
        {
            "form": form,
            "rows": rows,
            "show_organisation": several,
            "filtered": any(request.GET.get(name) for name in form.fields),
        },
    )


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@overview_page
def inbox_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inbox as CSV for Excel (semicolons, byte-order mark): numbers, dates and clocks,
    never content."""
    _form, rows, _several = _inbox_rows(request)
    header = [
        _("Number"),
        _("Organisation"),
        _("Kind"),
        _("Compartment"),
        _("Status"),
        _("Received"),
        _("Acknowledged"),
        _("Acknowledge by"),
        _("Acknowledgement clock"),
        _("Feedback by"),
        _("Feedback clock"),
        _("Closed"),
        _("Reason for closing"),
    ]
    lines = (
        [
            row.report.number,
            row.report.organisation.name,
            row.report.get_kind_display(),
            row.report.get_compartment_display(),
            row.report.get_status_display(),
            _when(row.report.received_at),
            _when(row.report.acknowledged_at),
            _when(row.acknowledge.due),
            CLOCK_LABELS[row.acknowledge.state],
            _when(row.feedback.due),
            CLOCK_LABELS[row.feedback.state],
            _when(row.report.closed_at),
            row.report.get_close_reason_display(),
        ]
        for row in rows
    )
    response = attachment(csv_document(header, lines), "meldingen.csv")
    response["Cache-Control"] = "no-store"
    return response


# --- Opening a report -------------------------------------------------------------------------


def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Without a purpose: ask for one, showing nothing of the content and logging nothing.
    With one: open the report (logged) and show it with the steps that are possible now."""
    if "doel" not in request.GET:
        report = selectors.get_report_for(request.user, pk)
        return _purpose_page(request, report, PurposeForm())
    form = PurposeForm(request.GET)
    if not form.is_valid():
        report = selectors.get_report_for(request.user, pk)
        return _purpose_page(request, report, form)
    report = selectors.open_report(request.user, pk, form.cleaned_data["doel"])
    return _report_page(request, report, form.cleaned_data["doel"])


def _purpose_page(request: AuthenticatedHttpRequest, report: Report, form: PurposeForm):
    return render(request, "meldpunt/handler/purpose.html", {"report": report, "form": form})


def report_url(report: Report, anchor: str = "") -> str:
    url = f"{reverse('meldpunt:report_detail', args=[report.pk])}?doel={Purpose.HANDLING}"
    return f"{url}#{anchor}" if anchor else url


EVENT_LABELS = {
    "receive": gettext_lazy("received"),
    "acknowledge": gettext_lazy("receipt acknowledged"),
    "start": gettext_lazy("handling started"),
    "forward": gettext_lazy("forwarded"),
    "close": gettext_lazy("closed"),
    "reopen": gettext_lazy("reopened"),
    "move": gettext_lazy("moved to another compartment"),
    "share": gettext_lazy("shared with a new handler"),
    "handover": gettext_lazy("handed over by two platform admins"),
}


@dataclass(frozen=True)
class EventRow:
    at: datetime.datetime
    actor: str
    what: str
    details: str


def _event_details(action: str, details: dict[str, Any]) -> str:
    if action == "forward":
        parts = [
            str(dict(ForwardTarget.choices).get(details.get("target", ""), "")),
            details.get("date", ""),
            _("reference %(reference)s") % {"reference": details["reference"]}
            if details.get("reference")
            else "",
        ]
        return ", ".join(p for p in parts if p)
    if action == "close":
        return str(dict(CloseReason.choices).get(details.get("reason", ""), ""))
    if action in ("share", "handover"):
        return str(details.get("with", ""))
    if action == "move":
        names = dict(Compartment.choices)
        return _("from %(old)s to %(new)s") % {
            "old": names.get(details.get("from", ""), ""),
            "new": names.get(details.get("to", ""), ""),
        }
    return ""


def _event_rows(report: Report) -> list[EventRow]:
    return [
        EventRow(
            event.at,
            (event.actor.full_name or event.actor.email) if event.actor else "",
            str(EVENT_LABELS.get(event.action, event.action)),
            _event_details(event.action, event.details or {}),
        )
        for event in report.events.select_related("actor")
    ]


def _page_forms(
    request: AuthenticatedHttpRequest, report: Report, failed: StepForm | None
) -> dict[str, Any]:
    """The step forms the page offers now; a failed one replaces its blank twin."""
    user = request.user

    def form(form_class: type[StepForm], **kwargs: Any) -> StepForm:
        if failed is not None and isinstance(failed, form_class):
            return failed
        return form_class(report=report, user=user, **kwargs)

    forms: dict[str, Any] = {
        "transitions": [
            form(TRANSITION_FORMS[action]) for action in workflow.actions_from(report.status)
        ],
        "message_form": form(MessageForm),
        "note_form": form(NoteForm),
        "move_form": form(MoveForm),
        "exclude_form": form(ExclusionForm, colleagues=selectors.report_handlers(report)),
    }
    candidates = selectors.share_candidates(report)
    if candidates or isinstance(failed, ShareForm):
        forms["share_form"] = form(ShareForm, colleagues=candidates)
    if report.kind == Kind.AGGRESSION:
        forms["register_form"] = form(
            AggressionRegisterForm, initial=AggressionRegisterForm.initial_for(report)
        )
    if report.kind == Kind.UNDERMINING and report.case_id is None:
        forms["case_open_form"] = form(CaseOpenForm)
        open_cases = selectors.open_cases_of(user, report.organisation_id)
        if open_cases:
            forms["case_add_form"] = form(CaseAddForm, cases=open_cases)
    return forms


def _identity_context(
    request: AuthenticatedHttpRequest, report: Report, failed: StepForm | None
) -> dict[str, Any]:
    """Open reports show the contact; confidential ones only after a colleague approved this
    handler's request (four eyes); anonymous ones have none."""
    user = request.user
    context: dict[str, Any] = {"identity": selectors.reporter_identity(user, report)}
    if report.identity != Identity.CONFIDENTIAL:
        return context
    reveals = selectors.identity_reveals(report)
    mine = [r for r in reveals if r.requested_by_id == user.pk]
    context["my_reveals"] = mine
    if context["identity"] is None and not any(r.approved_at is None for r in mine):
        context["reveal_request_form"] = (
            failed if isinstance(failed, RevealRequestForm) else RevealRequestForm(report=report)
        )
    approvals = []
    for reveal in reveals:
        if reveal.approved_at is not None or reveal.requested_by_id == user.pk:
            continue
        auto_id = f"id_reveal{reveal.pk}_%s"
        if isinstance(failed, RevealApproveForm) and failed.data.get("reveal") == str(reveal.pk):
            approve = failed
        else:
            approve = RevealApproveForm(
                report=report, initial={"reveal": reveal.pk}, auto_id=auto_id
            )
        approvals.append((reveal, approve))
    context["approvals"] = approvals
    return context


def _report_page(
    request: AuthenticatedHttpRequest,
    report: Report,
    purpose: str,
    failed: StepForm | None = None,
) -> HttpResponse:
    exchange = selectors.report_messages(report)
    conversation: list[Message] = []
    notes: list[Message] = []
    for message in exchange:
        (notes if message.direction == Message.Direction.INTERNAL else conversation).append(message)
    answers = report.answers or {}
    return render(
        request,
        "meldpunt/handler/report_detail.html",
        {
            "report": report,
            "purpose": purpose,
            "purpose_label": dict(Purpose.choices).get(purpose, purpose),
            "clocks": selectors.clocks_for(report),
            "answers": answer_rows(answers),
            "register": register_rows(answers) if report.kind == Kind.AGGRESSION else None,
            "attachments": report.attachments.defer("content"),
            "conversation": conversation,
            "notes": notes,
            "events": _event_rows(report),
            "exclusions": report.exclusions.select_related("user", "by"),
            "failed": failed,
            **_page_forms(request, report, failed),
            **_identity_context(request, report, failed),
        },
    )


def attachment_download(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    """Attachments are served only here, as a download in a sandbox, to a handler of the
    report; each download is logged like an opening."""
    report = selectors.get_report_for(request.user, pk)
    if not report.attachments.filter(pk=attachment_pk).exists():
        raise Http404
    purpose = request.GET.get("doel", "")
    if purpose not in HANDLER_PURPOSES:
        purpose = Purpose.HANDLING
    report = selectors.open_report(request.user, pk, purpose, action="attachment")
    attachment = report.attachments.get(pk=attachment_pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- Steps on a report ------------------------------------------------------------------------


def _bind(
    form_class: type[StepForm], request: AuthenticatedHttpRequest, report: Report
) -> StepForm:
    kwargs: dict[str, Any] = {"report": report, "user": request.user}
    if form_class is ExclusionForm:
        kwargs["colleagues"] = selectors.report_handlers(report)
    if form_class is ShareForm:
        kwargs["colleagues"] = selectors.share_candidates(report)
    if form_class is CaseAddForm:
        kwargs["cases"] = selectors.open_cases_of(request.user, report.organisation_id)
    if form_class is RevealApproveForm:
        reveal = request.POST.get("reveal", "")
        kwargs["auto_id"] = f"id_reveal{reveal}_%s" if reveal.isdigit() else None
    return form_class(request.POST, **kwargs)


TRANSITION_DONE = {
    "acknowledge": gettext_lazy("Receipt is acknowledged."),
    "start": gettext_lazy("Handling has started."),
    "forward": gettext_lazy("The forwarding is recorded."),
    "close": gettext_lazy("The report is closed."),
    "reopen": gettext_lazy("The report is reopened."),
}


def _apply(form: StepForm, actor: Any, report: Report) -> str:
    """Carry out one step through its service; the message to show when it worked."""
    data = form.cleaned_data
    for action, form_class in TRANSITION_FORMS.items():
        if isinstance(form, form_class):
            services.report_transition(
                actor=actor,
                report=report,
                action=action,
                target=data.get("target", ""),
                reference=data.get("reference", ""),
                date=data.get("date"),
                reason=data.get("reason", ""),
                message=data.get("message", ""),
            )
            return str(TRANSITION_DONE[action])
    match form:
        case MessageForm():
            services.message_to_reporter(actor=actor, report=report, body=data["body"])
            return _("The message is sent; the reporter reads it with their code.")
        case NoteForm():
            services.note_add(actor=actor, report=report, body=data["body"])
            return _("The internal note is added.")
        case MoveForm():
            services.report_move(actor=actor, report=report, compartment=data["compartment"])
            return _("The report is moved.")
        case ShareForm():
            services.report_share(
                actor=actor, report=report, user=data["user"], reason=data["reason"]
            )
            return _("The report is shared with %(name)s.") % {
                "name": data["user"].full_name or data["user"].email
            }
        case ExclusionForm():
            services.exclusion_add(
                actor=actor, report=report, user=data["user"], reason=data["reason"]
            )
            return _("%(name)s is excluded from this report.") % {
                "name": data["user"].full_name or data["user"].email
            }
        case RevealRequestForm():
            services.reveal_request(actor=actor, report=report, reason=data["reason"])
            return _("Your request is recorded; a colleague must approve it.")
        case RevealApproveForm():
            services.reveal_approve(actor=actor, reveal=data["reveal"], reason=data["reason"])
            return _("The request is approved.")
        case CaseOpenForm():
            case = services.case_open(actor=actor, report=report, title=data["title"])
            return _("Case %(number)s is opened with this report.") % {"number": case.number}
        case CaseAddForm():
            services.case_add_report(actor=actor, case=data["case"], report=report)
            return _("The report is added to case %(number)s.") % {"number": data["case"].number}
        case AggressionRegisterForm():
            services.aggression_register_save(
                actor=actor,
                report=report,
                perpetrator=data["perpetrator"],
                police_report_by_employer=data["police_report_by_employer"],
                aftercare=data["aftercare"],
                measures=data["measures"],
            )
            return _("The aggression register is saved.")
    raise Http404


@require_POST
def report_step(request: AuthenticatedHttpRequest, pk: str, step: str) -> HttpResponse:
    """One step on a report. It reads no content itself; afterwards the report is opened
    again for handling (and that is logged)."""
    form_class = REPORT_STEP_FORMS.get(step)
    report = selectors.get_report_for(request.user, pk)
    if form_class is None:
        raise Http404
    form = _bind(form_class, request, report)
    if form.is_valid():
        try:
            done = _apply(form, request.user, report)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied) or _("You may not do this."))
        else:
            messages.success(request, done)
            if isinstance(form, ExclusionForm) and form.cleaned_data["user"] == request.user:
                return redirect("meldpunt:inbox")
            return redirect(report_url(report))
    report = selectors.open_report(request.user, pk, Purpose.HANDLING)
    return _report_page(request, report, Purpose.HANDLING, failed=form)
