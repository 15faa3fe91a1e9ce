"""Who handles reports: the handlers of each organisation, asking for a new one and approving
it (four eyes, never for oneself), and — when no handler is left to share older reports — two
platform admins handing them over. For platform admins and handlers; anyone else gets 404.
Nothing here reads a report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.forms_handler import HandlerGrantForm, HandoverForm
from dijkwacht.meldpunt.models import GrantStatus, HandlerGrant, ReportHandover
from dijkwacht.meldpunt.permissions import managed_organisations
from dijkwacht.organisations.permissions import is_platform_admin


def _organisations_or_404(user: Any) -> list[Any]:
    organisations = list(managed_organisations(user))
    if not organisations:
        raise Http404
    return organisations


def _page(
    request: AuthenticatedHttpRequest,
    organisations: list[Any],
    grant_form: HandlerGrantForm | None = None,
    handover_form: HandoverForm | None = None,
) -> HttpResponse:
    admin = is_platform_admin(request.user)
    return render(
        request,
        "meldpunt/handler/handlers.html",
        {
            "overview": selectors.handler_overview(request.user),
            "grant_form": grant_form or HandlerGrantForm(organisations=organisations),
            "handover_form": (handover_form or HandoverForm(organisations=organisations))
            if admin
            else None,
            "is_admin": admin,
        },
        status=400 if (grant_form or handover_form) else 200,
    )


@overview_page
def handler_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request, _organisations_or_404(request.user))


def _ask(
    request: AuthenticatedHttpRequest,
    form: HandlerGrantForm | HandoverForm,
    ask: Callable[[dict[str, Any]], Any],
    done: str,
    organisations: list[Any],
) -> HttpResponse:
    """Put a request to a second person through its service: back to the page with a message,
    or the page again with the form's errors next to their fields."""
    if form.is_valid():
        try:
            ask(form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, done)
            return redirect("meldpunt:handlers")
    if isinstance(form, HandlerGrantForm):
        return _page(request, organisations, grant_form=form)
    return _page(request, organisations, handover_form=form)


def _decide(request: AuthenticatedHttpRequest, decide: Callable[[bool], str]) -> HttpResponse:
    """The second person's decision ("besluit": goedkeuren or afwijzen) through its service;
    what happened, or why not, as a message on the handlers page."""
    decision = request.POST.get("besluit")
    if decision not in ("goedkeuren", "afwijzen"):
        raise Http404
    try:
        done = decide(decision == "goedkeuren")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("meldpunt:handlers")


@require_POST
def grant_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    return _ask(
        request,
        HandlerGrantForm(request.POST, organisations=organisations),
        lambda data: services.handler_grant_request(
            actor=request.user,
            organisation=data["organisation"],
            user=data["user"],
            compartments=data["compartments"],
            reason=data["reason"],
        ),
        _("The request waits for a second person to approve it."),
        organisations,
    )


@require_POST
def grant_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    grant = get_object_or_404(
        HandlerGrant, pk=pk, status=GrantStatus.PENDING, organisation__in=organisations
    )

    def decide(approve: bool) -> str:
        services.handler_grant_decide(actor=request.user, grant=grant, approve=approve)
        if not approve:
            return _("The request is refused.")
        return _("%(name)s is now a handler; the organisation's handlers are told.") % {
            "name": grant.user.full_name or grant.user.email
        }

    return _decide(request, decide)


@require_POST
def handover_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    if not is_platform_admin(request.user):
        raise Http404
    return _ask(
        request,
        HandoverForm(request.POST, organisations=organisations),
        lambda data: services.report_handover_request(
            actor=request.user,
            organisation=data["organisation"],
            user=data["user"],
            reason=data["reason"],
        ),
        _("The handover waits for a second platform admin."),
        organisations,
    )


@require_POST
def handover_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    if not is_platform_admin(request.user):
        raise Http404
    handover = get_object_or_404(
        ReportHandover, pk=pk, status=GrantStatus.PENDING, organisation__in=organisations
    )

    def decide(approve: bool) -> str:
        done = services.report_handover_decide(
            actor=request.user, handover=handover, approve=approve
        )
        if not approve:
            return _("The handover is refused.")
        return ngettext(
            "%(count)s open report is handed over; the organisation's contact is told.",
            "%(count)s open reports are handed over; the organisation's contact is told.",
            done.reports,
        ) % {"count": done.reports}

    return _decide(request, decide)
