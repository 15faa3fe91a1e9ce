"""The public meldpunt: anyone may make a report, and follow it up with the receipt code.

These pages leave no trace of the reporter: no session, no messages framework, no log of the
request. The client address goes only to the throttle of `services.follow_up_open`, which
keeps a keyed hash of it in the cache for minutes. A receipt code travels only in POST bodies,
never in a URL, and the pages that show one are not cached.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dijkwacht.core import clients
from dijkwacht.core.forms import attach_errors, refuse_large_uploads
from dijkwacht.core.views import overview_page
from dijkwacht.meldpunt import limits, selectors, services
from dijkwacht.meldpunt.forms_public import (
    FollowUpForm,
    ReplyForm,
    ReportForm,
    error_summary,
)
from dijkwacht.meldpunt.models import Report, Status
from dijkwacht.organisations.models import Organisation

THROTTLE_MINUTES = 15


def accepting_organisation(slug: str) -> Organisation:
    """The organisation behind a slug, when it takes reports; 404 otherwise."""
    organisation = (
        selectors.accepting_organisations().select_related("meldpunt").filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404
    return organisation


def client_address(request: HttpRequest) -> str:
    """The address for the throttle and the submission limits only: never stored, never
    logged (behind trusted proxies, from their header: `core.clients`)."""
    return clients.client_address(request)


def too_many_submissions(request: HttpRequest) -> HttpResponse:
    """The 429 for a report or reply beyond the hourly limits, in plain Dutch."""
    response = render(
        request,
        "meldpunt/public/refused.html",
        {"submissions": True, "minutes": limits.minutes_left()},
        status=429,
    )
    response["Retry-After"] = str(limits.minutes_left() * 60)
    return unlogged(response)


def renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its field names as the form calls them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def unlogged(response: HttpResponse) -> HttpResponse:
    """Keep Django's request logger from writing down this answer (a 4xx is logged with the
    request otherwise): a refused code says something about a reporter."""
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@login_not_required
@require_GET
@overview_page
def index(request: HttpRequest) -> HttpResponse:
    organisations = selectors.accepting_organisations().only("name", "slug")
    return render(request, "meldpunt/public/index.html", {"organisations": organisations})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report form; on success the receipt, shown once in the answer to the POST itself."""
    organisation = accepting_organisation(slug)
    form = ReportForm(user=request.user)
    if request.method == "POST":
        form = refuse_large_uploads(
            ReportForm(request.POST, request.FILES, user=request.user), request, "attachments"
        )
        if form.is_valid():
            if not limits.submission_allowed(client_address(request), organisation.pk):
                return too_many_submissions(request)
            try:
                submitted = services.report_submit(organisation=organisation, **form.submission())
            except ValidationError as error:
                attach_errors(form, renamed(error, {"reporter": "name"}))
            else:
                return render(
                    request,
                    "meldpunt/public/receipt.html",
                    {"organisation": organisation, "receipt": submitted.receipt},
                )
    return render(
        request,
        "meldpunt/public/report.html",
        {
            "organisation": organisation,
            "introduction": organisation.meldpunt.introduction,
            "form": form,
            "errors": error_summary(form),
        },
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Ask for the code; with the right one show the status and the messages, and take the
    reporter's reply (which brings the code again in a hidden field)."""
    if request.method == "GET":
        return render(request, "meldpunt/public/follow_up.html", {"form": FollowUpForm()})
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _ask_code(request, form)
    try:
        found = services.follow_up_open(
            code=form.cleaned_data["code"], address=client_address(request)
        )
    except services.Throttled:
        return unlogged(
            render(
                request,
                "meldpunt/public/refused.html",
                {"minutes": THROTTLE_MINUTES},
                status=429,
            )
        )
    except ValidationError as error:
        form.add_error("code", error.messages)
        return _ask_code(request, form)
    return _status(request, found, form.cleaned_data["code"])


def _ask_code(request: HttpRequest, form: FollowUpForm) -> HttpResponse:
    return render(
        request, "meldpunt/public/follow_up.html", {"form": form, "errors": error_summary(form)}
    )


def _status(request: HttpRequest, report: Report, code: str) -> HttpResponse:
    sent = False
    reply = ReplyForm(initial={"code": code})
    if request.POST.get("action") == "reply":
        reply = refuse_large_uploads(ReplyForm(request.POST, request.FILES), request, "attachments")
        if reply.is_valid():
            if not limits.submission_allowed(client_address(request), report.organisation_id):
                return too_many_submissions(request)
            try:
                services.reporter_reply(
                    report=report,
                    body=reply.cleaned_data["body"],
                    attachments=reply.cleaned_data["attachments"],
                )
            except ValidationError as error:
                attach_errors(reply, error)
            else:
                sent = True
                reply = ReplyForm(initial={"code": code})
    return render(
        request,
        "meldpunt/public/status.html",
        {
            "report": report,
            "messages_for_reporter": selectors.messages_for_reporter(report),
            "reply": reply,
            "sent": sent,
            "errors": error_summary(reply),
            "closed": report.status == Status.CLOSED,
        },
    )
