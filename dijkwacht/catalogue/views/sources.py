"""The information position's pages: the catalogue of sources (list, factsheet, keeping one,
downloads) and the requests for access with their term."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue import documents, selectors, services, terms
from dijkwacht.catalogue.forms import (
    DecisionForm,
    RequestFilterForm,
    RequestForm,
    SourceFilterForm,
    SourceForm,
    SourcesUploadForm,
)
from dijkwacht.catalogue.models import InformationSource, RequestStatus, SourceRequest
from dijkwacht.catalogue.permissions import (
    can_decide,
    can_edit_source,
    can_withdraw,
    keeping_organisation_ids,
    reads_roster,
    requesting_organisation_ids,
    sees_people,
)
from dijkwacht.catalogue.source_files import COLUMNS, REQUIRED
from dijkwacht.core.forms import attach_errors, refuse_large_uploads
from dijkwacht.core.views import overview_page, step
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.selectors import (
    areas_by_code,
    current_partnership,
    organisations_by_pk,
)

# --- Sources ----------------------------------------------------------------------------------


def _filtered_sources(request: AuthenticatedHttpRequest) -> tuple[SourceFilterForm, list]:
    form = SourceFilterForm(
        request.GET or None,
        themes=selectors.themes(),
        holders=selectors.source_holders_for(request.user),
    )
    return form, list(selectors.source_list_for(request.user, form.filters()))


@overview_page
@require_GET
def source_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, sources = _filtered_sources(request)
    partnership = current_partnership(request)
    return render(
        request,
        "catalogue/source_list.html",
        {
            "form": form,
            "sources": sources,
            "filtered": any(request.GET.get(name) for name in form.fields),
            "may_create": bool(keeping_organisation_ids(request.user)),
            "partnership": partnership,
            # The roster holds names and numbers: not linked for a viewer, who reads figures.
            "reads_roster": partnership is not None and reads_roster(request.user, partnership.pk),
        },
    )


@overview_page
@require_GET
def source_list_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, sources = _filtered_sources(request)
    people = sees_people(request.user)
    return attachment(documents.sources_csv(sources, people=people), "informatiebronnen.csv")


@overview_page
@require_GET
def source_dcat(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """The open sources the user sees (the filters applied) in DCAT-AP-DONL; sources kept to
    their own organisation stay out, whatever their access."""
    form = SourceFilterForm(
        request.GET or None,
        themes=selectors.themes(),
        holders=selectors.source_holders_for(request.user),
    )
    sources = selectors.open_sources_for(request.user, form.filters())
    return attachment(documents.open_sources_dcat(sources, fmt), f"informatiebronnen.{fmt}")


@overview_page
@require_GET
def source_list_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as a workbook in the columns a list of sources is read back from."""
    _form, sources = _filtered_sources(request)
    workbook = documents.sources_workbook(sources, people=sees_people(request.user))
    return attachment(workbook, "informatiebronnen.xlsx")


@require_http_methods(["GET", "POST"])
def source_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A holder's list of sources from a file: every row is checked first; with any problem,
    nothing is written and each problem is listed with its row."""
    holders = organisations_by_pk(keeping_organisation_ids(request.user))
    if not holders:
        raise Http404
    form = refuse_large_uploads(
        SourcesUploadForm(request.POST or None, request.FILES or None, holders=holders),
        request,
        "file",
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.sources_import(
                actor=request.user,
                holder=form.holders[form.cleaned_data["holder"]],
                rows=form.cleaned_data["file"],
            )
        except services.SourcesRejected as rejected:
            form.show_problems(rejected.problems)
        else:
            messages.success(
                request,
                _("Sources added: %(created)s; changed: %(updated)s.")
                % {"created": done.created, "updated": done.updated},
            )
            return redirect("catalogue:source_list")
    return render(
        request,
        "catalogue/source_import.html",
        {"form": form, "columns": COLUMNS, "required": REQUIRED},
    )


def _source_form(
    request: AuthenticatedHttpRequest, *, source: InformationSource | None
) -> SourceForm:
    if source is None:
        holders = organisations_by_pk(keeping_organisation_ids(request.user))
        people = selectors.people_of([h.pk for h in holders])
    else:
        holders = [source.holder]
        people = selectors.people_of([source.holder_id])
    return SourceForm(
        request.POST or None,
        instance=source,
        holders=holders,
        people=people,
        themes=selectors.themes(),
    )


@require_http_methods(["GET", "POST"])
def source_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not keeping_organisation_ids(request.user):
        raise Http404
    form = _source_form(request, source=None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.source_create(
                actor=request.user,
                holder=form.holder_organisation(),
                themes=list(form.cleaned_data["themes"]),
                **form.values(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The source has been described."))
            return redirect("catalogue:source_detail", source.pk)
    return render(request, "catalogue/source_form.html", {"form": form, "source": None})


@require_http_methods(["GET", "POST"])
def source_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = selectors.get_source_for(request.user, pk)
    if not can_edit_source(request.user, source):
        raise Http404
    form = _source_form(request, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_update(
                actor=request.user,
                source=source,
                themes=list(form.cleaned_data["themes"]),
                **form.values(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The source has been saved."))
            return redirect("catalogue:source_detail", source.pk)
    return render(request, "catalogue/source_form.html", {"form": form, "source": source})


def _source_page(
    request: AuthenticatedHttpRequest,
    source: InformationSource,
    request_form: RequestForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    areas = areas_by_code(source.coverage)
    return render(
        request,
        "catalogue/source_detail.html",
        {
            "source": source,
            "areas": [areas[c].name if c in areas else c for c in source.coverage],
            "may_edit": can_edit_source(request.user, source),
            "shows_people": sees_people(request.user),
            "request_form": request_form,
            "requests": _with_clocks(selectors.requests_of_source(request.user, source)),
        },
        status=status,
    )


@require_GET
def source_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = selectors.get_source_for(request.user, pk)
    organisations = requesting_organisation_ids(request.user, source)
    form = RequestForm(organisations=organisations_by_pk(organisations)) if organisations else None
    return _source_page(request, source, form)


# --- Requests for access ----------------------------------------------------------------------


def _with_clocks(requests: list[SourceRequest]) -> list[tuple[SourceRequest, Any]]:
    today = timezone.localdate()
    return [
        (
            r,
            terms.decision_clock(
                due=r.due, decided=r.status != RequestStatus.SUBMITTED, today=today
            ),
        )
        for r in requests
    ]


@require_POST
def request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = selectors.get_source_for(request.user, pk)
    organisations = organisations_by_pk(requesting_organisation_ids(request.user, source))
    if not organisations:
        raise Http404
    form = RequestForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.source_request_submit(
                actor=request.user,
                source=source,
                organisation=form.organisations[data["organisation"]],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                legal_reference=data["legal_reference"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Your request has been sent to the owner of the source."))
            return redirect("catalogue:request_detail", made.pk)
    return _source_page(request, source, form, status=400)


@overview_page
@require_GET
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = _with_clocks(list(selectors.request_list_for(request.user, status=status)))
    user_id = request.user.pk
    return render(
        request,
        "catalogue/request_list.html",
        {
            "form": form,
            "to_decide": [
                (r, c) for r, c in rows if user_id in (r.source.owner_id, r.source.deputy_id)
            ],
            "mine": [(r, c) for r, c in rows if r.requester_id == user_id],
            "others": [
                (r, c)
                for r, c in rows
                if r.requester_id != user_id
                and user_id not in (r.source.owner_id, r.source.deputy_id)
            ],
            "filtered": bool(status),
        },
    )


@require_http_methods(["GET", "POST"])
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The request with its term; the owner or deputy decides here."""
    source_request = selectors.get_request_for(request.user, pk)
    deciding = can_decide(request.user, source_request)
    form = DecisionForm(request.POST or None) if deciding else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.source_request_decide(
                    actor=request.user,
                    request=source_request,
                    granted=form.cleaned_data["decision"] == RequestStatus.GRANTED,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Your decision has been recorded."))
                return redirect("catalogue:request_detail", source_request.pk)
    clock = _with_clocks([source_request])[0][1]
    return render(
        request,
        "catalogue/request_detail.html",
        {
            "source_request": source_request,
            "clock": clock,
            "form": form,
            "may_withdraw": can_withdraw(request.user, source_request),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source_request = selectors.get_request_for(request.user, pk)
    return step(
        request,
        lambda: services.source_request_withdraw(actor=request.user, request=source_request),
        done=_("Your request has been withdrawn."),
        then=reverse("catalogue:request_detail", args=[source_request.pk]),
    )
