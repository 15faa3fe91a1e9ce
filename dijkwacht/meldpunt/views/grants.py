"""Who handles reports: the handlers of each organisation, asking for a new one and approving
it (four eyes, never for oneself), and — when no handler is left to share older reports — two
platform admins handing them over. For platform admins and handlers; anyone else gets 404.
Nothing here reads a report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dijkwacht.core.forms import attach_errors
from dijkwacht.core.types import AuthenticatedHttpRequest
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


@require_POST
def grant_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    form = HandlerGrantForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            services.handler_grant_request(
                actor=request.user, organisation=form.cleaned_data["organisation"],
                user=form.cleaned_data["user"], compartments=form.cleaned_data["compartments"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("The request waits for a second person to approve it."))
            return redirect("meldpunt:handlers")
    return _page(request, organisations, grant_form=form)


def _decision(request: AuthenticatedHttpRequest) -> bool:
    decision = request.POST.get("besluit")
    if decision not in ("goedkeuren", "afwijzen"):
        raise Http404
    return decision == "goedkeuren"


@require_POST
def grant_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    grant = get_object_or_404(
        HandlerGrant, pk=pk, status=GrantStatus.PENDING, organisation__in=organisations
    )
    approve = _decision(request)
    try:
        services.handler_grant_decide(actor=request.user, grant=grant, approve=approve)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("%(name)s is now a handler; the organisation's handlers are told.")
            % {"name": grant.user.full_name or grant.user.email}
            if approve
            else _("The request is refused."),
        )
    return redirect("meldpunt:handlers")


@require_POST
def handover_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    if not is_platform_admin(request.user):
        raise Http404
    form = HandoverForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            services.report_handover_request(
                actor=request.user, organisation=form.cleaned_data["organisation"],
                user=form.cleaned_data["user"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
        else:
            messages.success(request, _("The handover waits for a second platform admin."))
            return redirect("meldpunt:handlers")
    return _page(request, organisations, handover_form=form)


@require_POST
def handover_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisations = _organisations_or_404(request.user)
    if not is_platform_admin(request.user):
        raise Http404
    handover = get_object_or_404(
        ReportHandover, pk=pk, status=GrantStatus.PENDING, organisation__in=organisations
    )
    approve = _decision(request)
    try:
        done = services.report_handover_decide(
            actor=request.user, handover=handover, approve=approve
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s open report is handed over; the organisation's contact is told.",
                "%(count)s open reports are handed over; the organisation's contact is told.",
                done.reports,
            )
            % {"count": done.reports}
            if approve
            else _("The handover is refused."),
        )
    return redirect("meldpunt:handlers")
