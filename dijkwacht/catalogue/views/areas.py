"""The areas on the map: the list with its filters and downloads, reading areas from a GeoJSON
file, an area's page with what concerns it (sources, programme actions, contact persons), and
keeping one. The layers themselves are drawn on the partnership's map (`insights`)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue import documents, geo, selectors, services
from dijkwacht.catalogue.forms import AreaFilterForm, AreaForm, AreasUploadForm
from dijkwacht.catalogue.models import Area, working_partnership_ids
from dijkwacht.catalogue.permissions import can_edit_area, keeping_organisation_ids
from dijkwacht.core.forms import attach_errors, refuse_large_uploads
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.maps import BBox, view_bounds
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.selectors import (
    boundary_box,
    current_partnership,
    organisations_by_pk,
)
from dijkwacht.programmes.selectors import actions_for


def _filtered_areas(
    request: AuthenticatedHttpRequest, *, with_geometry: bool = False
) -> tuple[AreaFilterForm, list[Area]]:
    form = AreaFilterForm(
        request.GET or None,
        kinds=selectors.area_kinds(),
        choices=selectors.area_choices_for(request.user),
    )
    areas = selectors.area_list_for(request.user, form.filters(), with_geometry=with_geometry)
    return form, list(areas)


@overview_page
@require_GET
def area_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, areas = _filtered_areas(request)
    partnership = current_partnership(request)
    return render(
        request,
        "catalogue/area_list.html",
        {
            "form": form,
            "areas": areas,
            "filtered": form.filtered,
            "may_import": bool(keeping_organisation_ids(request.user)),
            "partnership": partnership,
            "layer_codes": sorted({a.kind.code for a in areas}),
        },
    )


@overview_page
@require_GET
def area_list_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, areas = _filtered_areas(request)
    return attachment(documents.areas_csv(areas), "gebieden.csv")


@overview_page
@require_GET
def area_list_geojson(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list (its filters applied) as GeoJSON in WGS84: what reads back in as it is."""
    _form, areas = _filtered_areas(request, with_geometry=True)
    body = json.dumps(documents.areas_geojson(areas), ensure_ascii=False)
    return attachment(body, "gebieden.geojson")


@require_http_methods(["GET", "POST"])
def area_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An organisation's areas from a GeoJSON file: every feature is checked first; with any
    problem, nothing is written and each problem is listed with its feature."""
    owners = organisations_by_pk(keeping_organisation_ids(request.user))
    if not owners:
        raise Http404
    form = refuse_large_uploads(
        AreasUploadForm(request.POST or None, request.FILES or None, owners=owners),
        request,
        "file",
    )
    if request.method == "POST" and form.is_valid():
        read: geo.Read = form.cleaned_data["file"]
        try:
            done = services.areas_import(
                actor=request.user,
                owner=form.owners[form.cleaned_data["owner"]],
                visibility=form.cleaned_data["visibility"],
                kind=form.cleaned_data["kind"],
                features=read.features,
            )
        except services.AreasRejected as rejected:
            form.show_problems(rejected.problems)
        else:
            said = _("Areas added: %(created)s; changed: %(updated)s.") % {
                "created": done.created,
                "updated": done.updated,
            }
            if read.guessed_crs:
                said += " " + _("The coordinates were read as RD New (EPSG:28992).")
            messages.success(request, said)
            return redirect("catalogue:area_list")
    return render(
        request,
        "catalogue/area_import.html",
        {
            "form": form,
            "kinds": selectors.area_kinds(),
            "features": number_format(geo.MAX_FEATURES, force_grouping=True),
            "points": number_format(geo.MAX_POINTS_PER_FEATURE, force_grouping=True),
        },
    )


@require_GET
def area_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area_for(request.user, pk)
    access = access_for(request.user)
    working = working_partnership_ids(access)
    return render(
        request,
        "catalogue/area_detail.html",
        {
            "area": area,
            "sources": list(selectors.source_list_for(request.user).filter(areas=area)),
            "actions": list(actions_for(request.user).filter(areas=area)),
            # The roster holds names and numbers: for who works in the partnership only.
            "contacts": selectors.area_contacts(area, working) if working else None,
            "may_edit": can_edit_area(request.user, area),
            # The file's own property names, as a list of facts reads them ("Toelichting").
            "attributes": sorted((k[:1].upper() + k[1:], v) for k, v in area.attributes.items()),
            **_small_map(area),
        },
    )


def _small_map(area: Area) -> dict[str, Any]:
    """Where the area lies: its municipality's boundary with the area on it."""
    boxes = [BBox(area.bbox_min_x, area.bbox_min_y, area.bbox_max_x, area.bbox_max_y)]
    town = area.municipality and boundary_box(area.municipality)
    if town:
        boxes.append(town)
    bounds = view_bounds(boxes, margin_ratio=0.08)
    if bounds is None or bounds.width == 0:
        bounds = BBox(area.point_x - 5, area.point_y - 5, area.point_x + 5, area.point_y + 5)
    return {
        "view_box": bounds.as_view_box(),
        "point_radius": round(max(bounds.width, bounds.height) / 60, 3),
    }


def _area_form(request: AuthenticatedHttpRequest, area: Area) -> AreaForm:
    return AreaForm(
        request.POST or None,
        instance=area,
        sources=selectors.source_list_for(request.user),
        actions=actions_for(request.user),
    )


@require_http_methods(["GET", "POST"])
def area_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area_for(request.user, pk)
    if not can_edit_area(request.user, area):
        raise Http404
    form = _area_form(request, area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.area_update(
                actor=request.user,
                area=area,
                sources=list(data["sources"]),
                actions=list(data["actions"]),
                offered=(form.fields["sources"].queryset, form.fields["actions"].queryset),  # type: ignore[attr-defined]
                **{name: data[name] for name in services.AREA_FIELDS},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The area has been saved."))
            return redirect("catalogue:area_detail", pk=area.pk)
    return render(
        request,
        "catalogue/area_form.html",
        {"form": form, "area": area, "kinds": selectors.area_kinds()},
    )


@require_POST
def area_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = selectors.get_area_for(request.user, pk)
    if not can_edit_area(request.user, area):
        raise Http404
    services.area_delete(actor=request.user, area=area)
    messages.success(request, _("The area %(name)s has been removed.") % {"name": area.name})
    return redirect("catalogue:area_list")
