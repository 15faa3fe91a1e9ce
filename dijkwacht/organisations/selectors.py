from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from dijkwacht.accounts.models import ApiToken, Invitation, User
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.organisations import maps
from dijkwacht.organisations.access import OwnOrganisation
from dijkwacht.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
)
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role

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
        Partnership.objects.visible_to(access_for(user))
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def get_partnership_for(user: Any, pk: Any) -> Partnership:
    return get_visible_or_404(Partnership.objects.visible_to(access_for(user)), pk=pk)


def get_partnership_by_slug_for(user: Any, slug: str) -> Partnership:
    return get_visible_or_404(Partnership.objects.visible_to(access_for(user)), slug=slug)


def get_organisation_for(user: Any, pk: Any) -> Organisation:
    return get_visible_or_404(Organisation.objects.visible_to(access_for(user)), pk=pk)


def get_organisation_for_update(user: Any, pk: Any) -> Organisation:
    """An organisation the user sees, locked for a change."""
    queryset = Organisation.objects.visible_to(access_for(user)).select_for_update(of=("self",))
    return get_visible_or_404(queryset, pk=pk)


def get_partnership_for_update(user: Any, pk: Any) -> Partnership:
    queryset = Partnership.objects.visible_to(access_for(user)).select_for_update(of=("self",))
    return get_visible_or_404(queryset, pk=pk)


def partnership_rows_for(user: Any) -> QuerySet[Partnership]:
    """The user's partnerships with their members' ids (one query for every page's members)."""
    return (
        Partnership.objects.visible_to(access_for(user))
        .prefetch_related(Prefetch("members", queryset=Organisation.objects.only("id")))
        .order_by("name", "pk")
    )


def get_partnership_row(user: Any, pk: Any) -> Partnership:
    return get_visible_or_404(partnership_rows_for(user), pk=pk)


def coordinated_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships the user coordinates: whose plans they keep and whose rounds they
    open (all of them for platform admins)."""
    access = access_for(user)
    if access.is_admin:
        return Partnership.objects.order_by("name")
    ids = {
        g.partnership_id
        for g in access.grants
        if g.role == Role.COORDINATOR and g.partnership_id is not None
    }
    return Partnership.objects.filter(pk__in=ids).order_by("name")


def people_with_role(
    role: str, *, partnership_id: int | None = None, organisation_ids: Iterable[int] | None = None
) -> list[Any]:
    """The active people holding `role`, in a partnership and/or at some organisations: whom
    to notify."""
    memberships = Membership.objects.filter(role=role, user__is_active=True)
    if partnership_id is not None:
        memberships = memberships.filter(partnership_id=partnership_id)
    if organisation_ids is not None:
        memberships = memberships.filter(organisation_id__in=list(organisation_ids))
    return list({m.user_id: m.user for m in memberships.select_related("user")}.values())


def people_at(organisation_ids: Iterable[int]) -> list[Any]:
    """The active people with any role at these organisations: whom an invitation reaches."""
    memberships = Membership.objects.filter(
        organisation_id__in=list(organisation_ids), user__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships}.values())


def organisations_by_pk(pks: Iterable[int]) -> list[Organisation]:
    """Organisations named by number, as reference data (a service checks what may be done
    with them, such as taking part in a partnership's round), by name."""
    return list(Organisation.objects.filter(pk__in=list(pks)).order_by("name"))


def province_by_pk(pk: int) -> Organisation | None:
    """A province named by number (reference data, for a municipality's province)."""
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.PROVINCE).first()


def references_by_pk(
    *, user: int | None = None, organisation: int | None = None, partnership: int | None = None
) -> dict[str, Any]:
    """What a platform admin's write names by number (a role's person, organisation and
    partnership): the rows that exist, None for a number that names nothing."""
    found: dict[str, Any] = {}
    for name, pk, model in (
        ("user", user, User),
        ("organisation", organisation, Organisation),
        ("partnership", partnership, Partnership),
    ):
        if pk is not None:
            found[name] = model._default_manager.filter(pk=pk).first()
    return found


def organisation_list_for(user: Any, *, partnership: Partnership | None = None) -> QuerySet:
    queryset = Organisation.objects.visible_to(access_for(user))
    if partnership is not None:
        queryset = queryset.filter(partnerships=partnership)
    return queryset.order_by("name", "pk")


def request_partnerships(request: HttpRequest) -> list[Partnership]:
    """The user's partnerships (with `member_count`), read once per request."""
    if not hasattr(request, "_dijkwacht_partnerships"):
        user = request.user
        request._dijkwacht_partnerships = (  # type: ignore[attr-defined]
            list(partnership_list_for(user)) if user.is_authenticated else []
        )
    return request._dijkwacht_partnerships  # type: ignore[attr-defined]


def request_partnership(request: HttpRequest, pk: int) -> Partnership:
    """One of `request_partnerships` (404 when the user does not see it): a page about a
    partnership that also names the user's partnerships in its header reads them once."""
    found = next((p for p in request_partnerships(request) if p.pk == pk), None)
    if found is None:
        raise Http404(Partnership._meta.object_name)
    return found


def current_partnership(request: HttpRequest) -> Partnership | None:
    """The partnership the user works in now: their choice if still visible, else the first."""
    visible = request_partnerships(request)
    preferred = getattr(request.user, "preferred_partnership_id", None)
    return next((p for p in visible if p.pk == preferred), visible[0] if visible else None)


def user_organisations_in(user: Any, partnership: Partnership | None) -> list[OwnOrganisation]:
    """The user's own organisations by name, those in `partnership` first: read with the
    user's grants (`access_for`), so the header asks nothing more of the database."""
    own = access_for(user).organisations
    if partnership is None:
        return list(own)
    return sorted(own, key=lambda o: partnership.pk not in o.partnership_ids)


@dataclass(frozen=True)
class MemberGroup:
    kind: str
    label: str
    organisations: list[Organisation]


def partnership_members(
    partnership: Partnership, *, with_province: bool = False
) -> list[Organisation]:
    """The partnership's members by name, with their successor (and province: the member
    list's download names it): read once, for the member list, the map and whatever else a
    page asks of them."""
    related = ("successor", "province") if with_province else ("successor",)
    return list(partnership.members.select_related(*related).order_by("name"))


def partnership_member_groups(members: list[Organisation]) -> list[MemberGroup]:
    """`partnership_members` per kind, in the kinds' order."""
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
    # The members drawn in this area (a historical municipality is drawn with its successor's
    # area).
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PartnershipMap:
    view_box: str
    areas: list[MapArea]
    member_names: list[str]


BBOX_FIELDS = ("bbox_min_x", "bbox_min_y", "bbox_max_x", "bbox_max_y")


def _bbox(o: Organisation) -> maps.BBox:
    return maps.BBox(o.bbox_min_x, o.bbox_min_y, o.bbox_max_x, o.bbox_max_y)  # type: ignore[arg-type]


def boundary_box(o: Organisation) -> maps.BBox | None:
    """The box around an organisation's boundary on the maps; None without a boundary."""
    return _bbox(o) if o.boundary_path and o.bbox_min_x is not None else None


def partnership_map(members: list[Organisation]) -> PartnershipMap | None:
    """The member municipalities (of `partnership_members`), drawn among every municipality
    that shows in the same frame.

    A historical municipality has no boundary of its own in the reference data: it is drawn
    with its successor's area, which names it. One query, whatever the size.
    """
    members = [m for m in members if m.kind == OrganisationKind.MUNICIPALITY]
    drawn: dict[int, list[str]] = {}
    member_ids: dict[int, list[int]] = {}
    shapes: dict[int, Organisation] = {}
    for member in members:
        area = member if member.boundary_path else member.successor
        if area is not None and area.boundary_path:
            drawn.setdefault(area.pk, []).append(member.name)
            member_ids.setdefault(area.pk, []).append(member.pk)
            shapes[area.pk] = area
    bounds = maps.view_bounds(_bbox(o) for o in shapes.values())
    if bounds is None:
        return None
    neighbours = (
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY,
            bbox_max_x__gte=bounds.min_x,
            bbox_min_x__lte=bounds.max_x,
            bbox_max_y__gte=bounds.min_y,
            bbox_min_y__lte=bounds.max_y,
        )
        .exclude(boundary_path="")
        .exclude(pk__in=list(shapes))
        .order_by()
        .values_list("name", "boundary_path")
    )
    # Neighbours first, so the members are painted on top of them.
    areas = [MapArea(name=name, path=path, is_member=False) for name, path in sorted(neighbours)]
    for pk, organisation in sorted(shapes.items(), key=lambda item: item[1].name):
        names = drawn[pk]
        areas.append(
            MapArea(
                name=organisation.name,
                path=organisation.boundary_path,
                is_member=True,
                note=", ".join(names) if names != [organisation.name] else "",
                member_ids=tuple(member_ids[pk]),
            )
        )
    return PartnershipMap(
        view_box=bounds.as_view_box(), areas=areas, member_names=[m.name for m in members]
    )


def municipalities_map(*, province_ids: Iterable[int] | None = None) -> PartnershipMap | None:
    """Every current municipality with a boundary (of the given provinces, or of the whole
    country), each an area of its own: the frame of a province-wide or national map. One
    query."""
    shapes = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exclude(
        boundary_path=""
    )
    if province_ids is not None:
        shapes = shapes.filter(province_id__in=list(province_ids))
    found = list(shapes.only("pk", "name", "boundary_path", *BBOX_FIELDS).order_by("name"))
    bounds = maps.view_bounds(_bbox(o) for o in found)
    if bounds is None:
        return None
    return PartnershipMap(
        view_box=bounds.as_view_box(),
        areas=[
            MapArea(
                name=o.name,
                path=o.boundary_path,
                is_member=True,
                member_ids=(o.pk,),
            )
            for o in found
        ],
        member_names=[o.name for o in found],
    )


# --- People, for platform admins (anyone else sees none) ---------------------------------------


def people_for(user: Any, *, email: str | None = None, service_account: bool | None = None):
    """Accounts, for platform admins; by e-mail address (any case) or kind."""
    if not access_for(user).is_admin:
        return User.objects.none()
    rows = User.objects.order_by("email", "pk")
    if email:
        rows = rows.filter(email__iexact=email.strip())
    if service_account is not None:
        rows = rows.filter(is_service_account=service_account)
    return rows


def get_person_for(user: Any, pk: Any) -> Any:
    return get_visible_or_404(people_for(user), pk=pk)


def get_service_account_for(user: Any, pk: Any) -> Any:
    return get_visible_or_404(people_for(user, service_account=True), pk=pk)


def api_tokens_of_service_account(user: Any, account_pk: Any) -> QuerySet[ApiToken]:
    account = get_service_account_for(user, account_pk)
    return ApiToken.objects.filter(user=account).order_by("name", "pk")


def invitations_for(user: Any, *, status: str | None = None) -> QuerySet[Invitation]:
    """Invitations, newest first, with whom they invite; `status` open, accepted or expired."""
    if not access_for(user).is_admin:
        return Invitation.objects.none()
    rows = Invitation.objects.select_related("user").order_by("-created_at", "-pk")
    expiry = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    if status == "accepted":
        rows = rows.filter(accepted_at__isnull=False)
    elif status == "open":
        rows = rows.filter(accepted_at__isnull=True, created_at__gt=expiry)
    elif status == "expired":
        rows = rows.filter(accepted_at__isnull=True, created_at__lte=expiry)
    return rows


def memberships_for(
    user: Any,
    *,
    person: int | None = None,
    organisation: int | None = None,
    partnership: int | None = None,
    role: str | None = None,
) -> QuerySet[Membership]:
    """Roles, for platform admins; narrowed by person, organisation, partnership or role."""
    if not access_for(user).is_admin:
        return Membership.objects.none()
    rows = Membership.objects.order_by("user_id", "role", "pk")
    for name, value in (
        ("user_id", person),
        ("organisation_id", organisation),
        ("partnership_id", partnership),
        ("role", role),
    ):
        if value is not None:
            rows = rows.filter(**{name: value})
    return rows


def get_membership_for_update(user: Any, pk: Any) -> Membership:
    queryset = memberships_for(user).select_related("user").select_for_update(of=("self",))
    return get_visible_or_404(queryset, pk=pk)


@dataclass(frozen=True)
class PersonRole:
    membership: Membership
    invitation: str  # "" (has chosen a password), "open" or "expired"
    invited_at: datetime.datetime | None


def partnership_people(partnership: Partnership) -> list[PersonRole]:
    """Who works in the partnership, for its coordinators: the partnership's roles and the
    contributors of its organisations, with whether their invitation is still open. The
    meldpunt's handlers and the Bibob officers are not listed. Two queries."""
    memberships = list(
        Membership.objects.filter(
            Q(partnership=partnership)
            | Q(
                partnership__isnull=True,
                role=Role.CONTRIBUTOR,
                organisation__in=partnership.members.all(),
            )
        )
        .filter(user__is_active=True, user__is_service_account=False)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name", "user__email", "role")
    )
    latest: dict[int, Invitation] = {}
    for sent in Invitation.objects.filter(
        user_id__in={m.user_id for m in memberships}, accepted_at__isnull=True
    ).order_by("created_at", "pk"):
        latest[sent.user_id] = sent
    rows = []
    for membership in memberships:
        user = membership.user
        invitation = latest.get(user.pk)
        if user.has_usable_password() or user.last_login:
            invitation = None
        rows.append(
            PersonRole(
                membership,
                invitation.status if invitation else "",
                invitation.created_at if invitation else None,
            )
        )
    return rows


def partnership_person(partnership: Partnership, user_id: int) -> User:
    """A person with a role in the partnership (as `partnership_people` lists), or 404."""
    for row in partnership_people(partnership):
        if row.membership.user_id == user_id:
            return row.membership.user
    raise Http404


def partnership_province_ids(partnership: Partnership) -> set[int]:
    """The provinces a partnership lies in: its member provinces and the provinces of its
    member municipalities. One query."""
    ids: set[int] = set()
    for pk, kind, province_id in partnership.members.values_list("pk", "kind", "province_id"):
        ids.add(pk) if kind == OrganisationKind.PROVINCE else ids.add(province_id)
    ids.discard(None)  # type: ignore[arg-type]
    return ids


@dataclass(frozen=True)
class AreaName:
    pk: int
    code: str
    name: str
    kind: str


def areas_by_code(codes: Iterable[str]) -> dict[str, AreaName]:
    """The municipalities and provinces with these CBS codes (reference data, historical ones
    included), by code. One query."""
    rows = Organisation.objects.filter(cbs_code__in=list(codes)).values_list(
        "pk", "cbs_code", "name", "kind"
    )
    return {str(code): AreaName(pk, str(code), name, kind) for pk, code, name, kind in rows}


@dataclass(frozen=True)
class PartnershipAreas:
    """The areas a partnership's figures are compared with: its member municipalities (code →
    name), the provinces it lies in (code → name), and its own slug."""

    slug: str
    municipalities: dict[str, str]
    provinces: dict[str, str]


def _current_municipality(kind: str, code: str | None, valid_to: Any) -> bool:
    # A merged member is counted in its successor (a sum over members stays whole).
    return kind == OrganisationKind.MUNICIPALITY and bool(code) and valid_to is None


def current_municipalities(members: list[Organisation]) -> list[Organisation]:
    """The current municipalities among `partnership_members`, as `partnership_areas` counts
    them, without reading them again."""
    return [m for m in members if _current_municipality(m.kind, m.cbs_code, m.valid_to)]


def municipality_codes(members: list[Organisation]) -> list[str]:
    """The CBS codes of `current_municipalities`."""
    return [str(m.cbs_code) for m in current_municipalities(members)]


def partnership_areas(partnership: Partnership) -> PartnershipAreas:
    """Two queries: the members, then the provinces they lie in."""
    municipalities: dict[str, str] = {}
    province_ids: set[int] = set()
    members = partnership.members.values_list(
        "pk", "kind", "cbs_code", "name", "province_id", "valid_to"
    )
    for pk, kind, code, name, province_id, valid_to in members:
        if _current_municipality(kind, code, valid_to):
            municipalities[str(code)] = name
        if kind == OrganisationKind.PROVINCE:
            province_ids.add(pk)
        elif province_id:
            province_ids.add(province_id)
    provinces = {
        str(code): name
        for code, name in Organisation.objects.filter(pk__in=province_ids, cbs_code__isnull=False)
        .order_by("name")
        .values_list("cbs_code", "name")
    }
    return PartnershipAreas(partnership.slug, municipalities, provinces)


@functools.cache
def municipality_boundaries() -> tuple[tuple[str, dict[str, Any]], ...]:
    """The municipalities' reference boundaries as (CBS code, WGS84 GeoJSON geometry), read
    once per process from the same file the organisations are loaded from: for finding the
    municipality a point lies in (overview accuracy, see the data's README)."""
    path = Path(__file__).resolve().parent / "data" / "gemeenten_2025.geojson"
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return tuple((f["properties"]["code"], f["geometry"]) for f in features)
