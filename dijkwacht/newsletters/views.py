"""The newsletters' pages: a partnership's newsletters, an issue from draft to archive, the
subscribers, and the two public pages a subscriber reaches from a mail (confirm, unsubscribe).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.newsletters import selectors, services, tokens
from dijkwacht.newsletters.draft import to_html
from dijkwacht.newsletters.forms import InviteForm, IssueForm, SeriesForm, issue_initial
from dijkwacht.newsletters.models import Issue, IssueState, Series
from dijkwacht.newsletters.permissions import can_edit_newsletters
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.selectors import request_partnership


@overview_page
@require_GET
def series_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    return render(
        request,
        "newsletters/series_list.html",
        {
            "partnership": partnership,
            "series_list": list(selectors.series_of(request.user, partnership)),
            "editor": can_edit_newsletters(request.user, partnership.pk),
        },
    )


def _save_series(
    request: AuthenticatedHttpRequest, partnership: Partnership, series: Series | None
) -> HttpResponse:
    initial = {}
    if series is not None:
        initial = {name: getattr(series, name) for name in services.SERIES_FIELDS}
    form = SeriesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.series_save(
                actor=request.user, partnership=partnership, series=series, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The newsletter has been saved."))
            return redirect("newsletters:series_detail", saved.pk)
    return render(
        request,
        "newsletters/series_form.html",
        {"partnership": partnership, "series": series, "form": form},
    )


@require_http_methods(["GET", "POST"])
def series_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    if not can_edit_newsletters(request.user, partnership.pk):
        raise PermissionDenied
    return _save_series(request, partnership, None)


def _editable_series(request: AuthenticatedHttpRequest, pk: int) -> Series:
    series = selectors.get_series_for(request.user, pk)
    if not can_edit_newsletters(request.user, series.partnership_id):
        raise PermissionDenied
    return series


@require_http_methods(["GET", "POST"])
def series_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = _editable_series(request, pk)
    return _save_series(request, series.partnership, series)


@overview_page
@require_GET
def series_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The newsletter's issues: the draft (for its editors) and the archive."""
    series = selectors.get_series_for(request.user, pk)
    editor = can_edit_newsletters(request.user, series.partnership_id)
    issues = selectors.issues_of(series)
    if not editor:
        issues = [i for i in issues if i.state == IssueState.SENT]
    return render(
        request,
        "newsletters/series_detail.html",
        {
            "series": series,
            "partnership": series.partnership,
            "issues": issues,
            "editor": editor,
            "receiving": selectors.receiving(series).count() if editor else None,
            "may_draft": editor and not any(i.state != IssueState.SENT for i in issues),
        },
    )


@require_POST
def issue_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = _editable_series(request, pk)
    try:
        issue = services.issue_draft(actor=request.user, series=series)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("newsletters:series_detail", series.pk)
    messages.success(
        request, _("The draft has been written from what happened: rewrite and complete it.")
    )
    return redirect("newsletters:issue_edit", issue.pk)


@overview_page
@require_http_methods(["GET", "POST"])
def subscribers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who receives the newsletter and who was invited, and the form to invite more."""
    series = _editable_series(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = services.subscribers_invite(
                actor=request.user, series=series, people=form.cleaned_data["addresses"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            text = ngettext(
                "%(count)d invitation has been sent.",
                "%(count)d invitations have been sent.",
                invited.sent,
            ) % {"count": invited.sent}
            if invited.receiving:
                text += " " + ngettext(
                    "%(count)d address receives the newsletter already.",
                    "%(count)d addresses receive the newsletter already.",
                    invited.receiving,
                ) % {"count": invited.receiving}
            if invited.recent:
                text += " " + ngettext(
                    "%(count)d address was invited in the last day and is not mailed again yet.",
                    "%(count)d addresses were invited in the last day and are not mailed again "
                    "yet.",
                    invited.recent,
                ) % {"count": invited.recent}
            messages.success(request, text)
            return redirect("newsletters:subscribers", series.pk)
    return render(
        request,
        "newsletters/subscribers.html",
        {
            "series": series,
            "partnership": series.partnership,
            "subscribers": list(selectors.subscribers_of(series)),
            "form": form,
        },
    )


@require_POST
def subscriber_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscriber = selectors.get_subscriber_for(request.user, pk)
    if not can_edit_newsletters(request.user, subscriber.series.partnership_id):
        raise PermissionDenied
    series_pk = subscriber.series_id
    services.subscriber_remove(actor=request.user, subscriber=subscriber)
    messages.success(request, _("The address has been taken off the list."))
    return redirect("newsletters:subscribers", series_pk)


def _issue_for_editor(request: AuthenticatedHttpRequest, pk: int) -> Issue:
    issue = selectors.get_issue_for(request.user, pk)
    if not can_edit_newsletters(request.user, issue.series.partnership_id):
        raise PermissionDenied
    return issue


@require_GET
def issue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The issue as its readers will see it; while it is being sent, its progress (htmx asks
    for the status part every second until it is done)."""
    issue = selectors.get_issue_for(request.user, pk)
    editor = can_edit_newsletters(request.user, issue.series.partnership_id)
    if issue.state != IssueState.SENT and not editor:
        raise Http404  # a draft is its editors' until it goes
    context = {
        "issue": issue,
        "series": issue.series,
        "partnership": issue.series.partnership,
        "editor": editor,
        "stalled": editor and selectors.stalled(issue, timezone.now()),
    }
    if getattr(request, "htmx", False):
        return render(request, "newsletters/issue_detail.html#status", context)
    context["body"] = mark_safe(to_html(issue.body))  # noqa: S308 - markdown-it, raw HTML off
    if editor and issue.state == IssueState.DRAFT:
        context["receiving"] = selectors.receiving(issue.series).count()
    return render(request, "newsletters/issue_detail.html", context)


@require_http_methods(["GET", "POST"])
def issue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    if issue.state != IssueState.DRAFT:
        return redirect("newsletters:issue_detail", issue.pk)
    form = IssueForm(request.POST or None, initial=issue_initial(issue))
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_save(actor=request.user, issue=issue, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("newsletters:issue_detail", issue.pk)
    return render(
        request,
        "newsletters/issue_form.html",
        {
            "issue": issue,
            "series": issue.series,
            "partnership": issue.series.partnership,
            "form": form,
        },
    )


@require_POST
def issue_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    try:
        services.issue_send(actor=request.user, issue=issue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("newsletters:issue_detail", issue.pk)


@require_POST
def issue_resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    try:
        services.issue_sending_resume(actor=request.user, issue=issue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The sending goes on."))
    return redirect("newsletters:issue_detail", issue.pk)


@require_POST
def issue_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    series_pk = issue.series_id
    try:
        services.issue_remove(actor=request.user, issue=issue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("newsletters:issue_detail", issue.pk)
    messages.success(request, _("The draft has been thrown away."))
    return redirect("newsletters:series_detail", series_pk)


@require_GET
def issue_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The archived copy of an issue sent."""
    issue = selectors.get_issue_for(request.user, pk)
    content = selectors.issue_pdf(issue) if issue.state == IssueState.SENT else b""
    if not content:
        raise Http404
    return attachment(content, f"nieuwsbrief-{issue.series_id}-{issue.number}.pdf")


# --- Public: from a subscriber's mail ---------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: a page with a button (a mail scanner that opens links must not
    subscribe anyone), which confirms."""
    subscriber = tokens.subscriber_to_confirm(token)
    if subscriber is None:
        return render(request, "newsletters/public/link_expired.html", status=404)
    if request.method == "POST":
        services.subscription_confirm(subscriber=subscriber)
    return render(
        request,
        "newsletters/public/confirm.html",
        {"subscriber": subscriber, "series": subscriber.series},
    )


@login_not_required
@never_cache
@csrf_exempt  # RFC 8058: a mail program posts "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Unsubscribe in one click: a POST (the mail program's button, or the page's) deletes the
    address; a GET shows the button."""
    subscriber = tokens.subscriber_to_unsubscribe(token)
    if request.method == "POST":
        if subscriber is not None:
            series = subscriber.series
            services.unsubscribe(subscriber=subscriber)
        else:
            series = None
        return render(request, "newsletters/public/unsubscribed.html", {"series": series})
    if subscriber is None:
        return render(request, "newsletters/public/unsubscribed.html", {"series": None})
    return render(request, "newsletters/public/unsubscribe.html", {"series": subscriber.series})
