"""The overview of registration systems: a partnership's members × kinds of register, with
the gaps per kind, its downloads, and recording one organisation's system."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue import documents, selectors, services, systems
from dijkwacht.catalogue.forms import SystemForm, SystemsFilterForm
from dijkwacht.catalogue.models import RegisterKind, RegistrationSystem
from dijkwacht.catalogue.permissions import systems_editable_ids
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.organisations.selectors import request_partnership


@dataclass(frozen=True)
class Cell:
    kind: RegisterKind
    system: RegistrationSystem | None
    state: str


@dataclass(frozen=True)
class Row:
    organisation: Organisation
    cells: list[Cell]
    editable: bool


def _overview(request: AuthenticatedHttpRequest, pk: int):
    partnership = request_partnership(request, pk)
    # Municipalities unless asked otherwise: the overview compares them ("7 of 14 have no
    # register for aggression incidents"); the province and the RIEC are a filter away.
    form = SystemsFilterForm(request.GET or {"kind": OrganisationKind.MUNICIPALITY})
    kind = form.cleaned_data["kind"] if form.is_valid() else OrganisationKind.MUNICIPALITY
    overview = selectors.systems_overview(partnership, kind=kind)
    editable = systems_editable_ids(request.user, partnership.pk, overview.members)
    rows = []
    for member in overview.members:
        cells = []
        for register_kind in overview.kinds:
            system = overview.cell(member.pk, register_kind.pk)
            state = systems.state(system.has_register if system else None)
            cells.append(Cell(register_kind, system, state))
        rows.append(Row(member, cells, member.pk in editable))
    gaps = [
        systems.column_gap(row.cells[i].state for row in rows) for i in range(len(overview.kinds))
    ]
    return partnership, form, overview, rows, gaps


@overview_page
@require_GET
def systems_matrix(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership, form, overview, rows, gaps = _overview(request, pk)
    return render(
        request,
        "catalogue/systems_matrix.html",
        {
            "partnership": partnership,
            "form": form,
            "kinds": overview.kinds,
            "rows": rows,
            "gaps": list(zip(overview.kinds, gaps, strict=True)),
            "filtered": "kind" in request.GET,
        },
    )


@overview_page
@require_GET
def systems_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    partnership, _form, overview, rows, gaps = _overview(request, pk)
    table = documents.SystemsTable(
        kinds=[k.name for k in overview.kinds],
        rows=[(row.organisation.name, [c.system for c in row.cells]) for row in rows],
        gaps=gaps,
    )
    name = f"registratiesystemen-{partnership.slug}.{fmt}"
    if fmt == "xlsx":
        return attachment(documents.systems_workbook(table), name)
    return attachment(documents.systems_csv(table), name)


@require_http_methods(["GET", "POST"])
def system_edit(
    request: AuthenticatedHttpRequest, pk: int, organisation_id: int, kind: str
) -> HttpResponse:
    partnership = request_partnership(request, pk)
    organisation = selectors.partnership_member(partnership, organisation_id)
    if organisation.pk not in systems_editable_ids(request.user, partnership.pk, [organisation]):
        raise Http404
    register_kind = selectors.get_register_kind(kind)
    current = selectors.system_of(organisation, register_kind)
    form = SystemForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_system_save(
                actor=request.user,
                organisation=organisation,
                kind=register_kind,
                **{name: form.cleaned_data[name] for name in services.SYSTEM_FIELDS},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The registration system has been saved."))
            matrix = reverse("catalogue:systems_matrix", args=[partnership.pk])
            return redirect(f"{matrix}#organisatie-{organisation.pk}")
    return render(
        request,
        "catalogue/system_form.html",
        {
            "form": form,
            "partnership": partnership,
            "organisation": organisation,
            "kind": register_kind,
        },
    )
