"""Permission predicates: the one place that turns memberships into yes or no.

Roles are data (`Membership.role`); nothing checks group names or Django permission flags.
A user's memberships are read once per request and cached on the user object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F

from dijkwacht.core.ordering import natural_key
from dijkwacht.organisations.access import NO_ACCESS, Access, Grant, OwnOrganisation
from dijkwacht.organisations.models import Membership, Partnership
from dijkwacht.organisations.roles import Role

if TYPE_CHECKING:
    from dijkwacht.organisations.models import Organisation

SECOND_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.HANDLER, Role.BIBOB, Role.ADMIN})

_CACHE_ATTRIBUTE = "_dijkwacht_access"


def access_for(user: Any) -> Access:
    """The user's grants; one query on first use in a request, none after. Each membership
    comes with the partnerships its organisation belongs to (one row per pair), so the
    partnerships a user sees through their organisations need no second read."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    grants: dict[Grant, None] = {}  # in the order read, each once
    via_members: set[int] = set()
    names: dict[int, str] = {}
    member_of: dict[int, set[int]] = {}
    for m in (
        Membership.objects.filter(user=user)
        .order_by()
        .values(
            "role",
            "organisation_id",
            "partnership_id",
            "compartments",
            "reports_from",
            organisation_name=F("organisation__name"),
            member_of=F("organisation__partnerships"),
        )
    ):
        grant = Grant(
            role=m["role"],
            organisation_id=m["organisation_id"],
            partnership_id=m["partnership_id"],
            compartments=tuple(m["compartments"] or ()),
            reports_from=m["reports_from"],
        )
        grants[grant] = None
        if m["organisation_id"] is not None:
            names[m["organisation_id"]] = m["organisation_name"]
            member_of.setdefault(m["organisation_id"], set())
        if m["member_of"] is not None:
            via_members.add(m["member_of"])
            member_of[m["organisation_id"]].add(m["member_of"])
    named = {g.partnership_id for g in grants if g.partnership_id is not None}
    access = Access(
        user_id=user.pk,
        grants=tuple(grants),
        partnership_ids=frozenset(named | via_members),
        organisations=tuple(
            sorted(
                (OwnOrganisation(pk, name, frozenset(member_of[pk])) for pk, name in names.items()),
                key=lambda o: (natural_key(o.name), o.pk),
            )
        ),
    )
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access


def forget_access(user: Any) -> None:
    """Drop the cached grants after memberships changed within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_platform_admin(user: Any) -> bool:
    return access_for(user).is_admin


def has_role(
    user: Any,
    role: str,
    *,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
) -> bool:
    """Whether the user holds `role`, optionally at an organisation or within a partnership."""
    for grant in access_for(user).grants:
        if grant.role != role:
            continue
        if organisation is not None and grant.organisation_id != organisation.pk:
            continue
        if partnership is not None and grant.partnership_id != partnership.pk:
            continue
        return True
    return False


def can_view_partnership(user: Any, partnership: Partnership) -> bool:
    access = access_for(user)
    return access.is_admin or partnership.pk in access.partnership_ids


def can_coordinate(user: Any, partnership: Partnership) -> bool:
    return is_platform_admin(user) or has_role(user, Role.COORDINATOR, partnership=partnership)


def can_handle_reports(user: Any, organisation: Organisation, compartment: str) -> bool:
    """Meldpunt: only a handler of the organisation itself, and only in a granted compartment."""
    return any(
        g.role == Role.HANDLER
        and g.organisation_id == organisation.pk
        and compartment in g.compartments
        for g in access_for(user).grants
    )


def requires_second_factor(user: Any) -> bool:
    return bool(access_for(user).roles & SECOND_FACTOR_ROLES)
