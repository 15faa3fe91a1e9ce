from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.organisations import maps
from dijkwacht.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
)
from dijkwacht.organisations.permissions import access_for

KIND_ORDER = [
    OrganisationKind.PROVINCE,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.RIEC,
    OrganisationKind.POLICE,
    OrganisationKind.WATER_BOARD,
    OrganisationKind.OTHER,
]


def partnership_list_for(user: Any) -> QuerySet[Partnership]:
    return (
        Partnership.objects.visible_to(user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def get_partnership_for(user: Any, pk: Any) -> Partnership:
    return get_visible_or_404(Partnership.objects.visible_to(user), pk=pk)


def get_partnership_by_slug_for(user: Any, slug: str) -> Partnership:
    return get_visible_or_404(Partnership.objects.visible_to(user), slug=slug)


def get_organisation_for(user: Any, pk: Any) -> Organisation:
    return get_visible_or_404(Organisation.objects.visible_to(user), pk=pk)


def organisation_list_for(user: Any, *, partnership: Partnership | None = None) -> QuerySet:
    queryset = Organisation.objects.visible_to(user)
    if partnership is not None:
        queryset = queryset.filter(partnerships=partnership)
    return queryset.order_by("name")


def current_partnership(request: HttpRequest) -> Partnership | None:
    """The partnership the user works in now: their choice if still visible, else the first."""
    if hasattr(request, "_dijkwacht_partnership"):
        return request._dijkwacht_partnership  # type: ignore[attr-defined]
    user = request.user
    partnership = None
    if user.is_authenticated:
        visible = list(partnership_list_for(user))
        partnership = next(
            (p for p in visible if p.pk == user.preferred_partnership_id),  # type: ignore[union-attr]
            visible[0] if visible else None,
        )
        request._dijkwacht_partnerships = visible  # type: ignore[attr-defined]
    request._dijkwacht_partnership = partnership  # type: ignore[attr-defined]
    return partnership


def user_organisations_in(user: Any, partnership: Partnership | None) -> list[Organisation]:
    """The user's own organisations, those in `partnership` first."""
    access = access_for(user)
    organisations = list(
        Organisation.objects.filter(pk__in=access.organisation_ids).order_by("name")
    )
    if partnership is None:
        return organisations
    member_ids = set(
        partnership.members.filter(pk__in=access.organisation_ids).values_list("pk", flat=True)
    )
    return sorted(organisations, key=lambda o: (o.pk not in member_ids, o.name))


def memberships_of(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "partnership")
        .order_by("partnership__name", "organisation__name", "role")
    )


@dataclass(frozen=True)
class MemberGroup:
    kind: str
    label: str
    organisations: list[Organisation]


def partnership_member_groups(partnership: Partnership) -> list[MemberGroup]:
    members = list(partnership.members.select_related("successor").order_by("name"))
    labels = dict(OrganisationKind.choices)
    groups = []
    for kind in KIND_ORDER:
        in_kind = [m for m in members if m.kind == kind]
        if in_kind:
            groups.append(MemberGroup(kind=kind, label=str(labels[kind]), organisations=in_kind))
    return groups


@dataclass(frozen=True)
class MapArea:
    name: str
    path: str
    is_member: bool
    note: str = ""


@dataclass(frozen=True)
class PartnershipMap:
    view_box: str
    areas: list[MapArea]
    member_names: list[str]


def _bbox(o: Organisation) -> maps.BBox:
    return maps.BBox(o.bbox_min_x, o.bbox_min_y, o.bbox_max_x, o.bbox_max_y)  # type: ignore[arg-type]


def partnership_map(partnership: Partnership) -> PartnershipMap | None:
    """Member municipalities drawn on their provinces' municipalities, for context.

    A historical municipality has no boundary of its own in the reference data: it is drawn
    with its successor's area, which names it. Three queries, whatever the size.
    """
    members = list(
        partnership.members.filter(kind=OrganisationKind.MUNICIPALITY)
        .select_related("successor")
        .order_by("name")
    )
    if not members:
        return None
    drawn: dict[int, list[str]] = {}
    for member in members:
        area = member.successor if member.boundary_path == "" and member.successor else member
        if area is not None and area.boundary_path:
            drawn.setdefault(area.pk, []).append(member.name)
    province_ids = {m.province_id for m in members if m.province_id}
    context = list(
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, province_id__in=province_ids
        )
        .exclude(boundary_path="")
        .only("pk", "name", "boundary_path", "bbox_min_x", "bbox_min_y", "bbox_max_x", "bbox_max_y")
        .order_by("name")
    )
    areas_by_id = {o.pk: o for o in context}
    missing = set(drawn) - set(areas_by_id)
    if missing:
        areas_by_id.update(
            {o.pk: o for o in Organisation.objects.filter(pk__in=missing).order_by("name")}
        )
    view_box = maps.view_box(_bbox(areas_by_id[pk]) for pk in drawn if pk in areas_by_id)
    if view_box is None:
        return None
    areas = []
    for organisation in sorted(areas_by_id.values(), key=lambda o: (o.pk in drawn, o.name)):
        names = drawn.get(organisation.pk)
        note = ""
        if names and names != [organisation.name]:
            note = ", ".join(names)
        areas.append(
            MapArea(
                name=organisation.name,
                path=organisation.boundary_path,
                is_member=names is not None,
                note=note,
            )
        )
    return PartnershipMap(view_box=view_box, areas=areas, member_names=[m.name for m in members])
