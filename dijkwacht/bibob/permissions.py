"""Who keeps a Bibob register: the `bibob` role of an organisation, nobody else (art. 28 Wet
Bibob). Which screening a user sees is `Screening.objects.visible_to`'s business."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import people_with_role


def bibob_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations whose Bibob register the user keeps."""
    return frozenset(
        g.organisation_id
        for g in access_for(user).grants
        if g.role == Role.BIBOB and g.organisation_id is not None
    )


def is_bibob_officer(user: Any) -> bool:
    return bool(bibob_organisation_ids(user))


def team_members(organisation_id: int) -> list[Any]:
    """The organisation's active Bibob officers: the only people told of its screenings."""
    return people_with_role(Role.BIBOB, organisation_ids=[organisation_id])


@dataclass(frozen=True)
class FiguresScope:
    """Whose Bibob counts a user reads (None: every organisation's), and whether small counts
    are hidden from them."""

    organisation_ids: list[int] | None
    suppressed: bool
    partnership: Any = None


def figures_scope(user: Any, partnership: Any) -> FiguresScope | None:
    """The team reads its own organisations' counts in full. A coordinator or viewer reads the
    partnership's members (without one: those of their preferred partnership), a platform
    admin every organisation's, both suppressed. Anyone else reads none (None)."""
    own = bibob_organisation_ids(user)
    if own:
        return FiguresScope(organisation_ids=sorted(own), suppressed=False)
    access = access_for(user)
    if access.is_admin:
        return FiguresScope(organisation_ids=None, suppressed=True)
    readers = access.partnerships_as(Role.COORDINATOR) | access.partnerships_as(Role.VIEWER)
    if partnership is None and readers:
        # The API without a partnership: the one the user prefers, else the first they read —
        # never the union of several, which one of them subtracted from would undo the
        # suppression.
        preferred = getattr(user, "preferred_partnership_id", None)
        chosen = preferred if preferred in readers else min(readers)
        partnership = Partnership.objects.get(pk=chosen)
    if partnership is not None and partnership.pk in readers:
        members = partnership.members.values_list("pk", flat=True)
        return FiguresScope(
            organisation_ids=sorted(members), suppressed=True, partnership=partnership
        )
    return None


def reads_partnership_figures(user: Any, partnership: Any) -> bool:
    """Whether the user reads the partnership's Bibob counts (suppressed): its coordinators
    and viewers, and platform admins."""
    access = access_for(user)
    readers = access.partnerships_as(Role.COORDINATOR) | access.partnerships_as(Role.VIEWER)
    return access.is_admin or partnership.pk in readers


def reads_figures(user: Any) -> bool:
    """Whether the menu offers the Bibob figures: to the team, coordinators, viewers and
    platform admins."""
    access = access_for(user)
    return bool(
        bibob_organisation_ids(user)
        or access.is_admin
        or access.partnerships_as(Role.COORDINATOR)
        or access.partnerships_as(Role.VIEWER)
    )


# The roles that keep an organisation's Bibob policy (a public text, not Bibob information).
POLICY_ROLES = frozenset({Role.COORDINATOR, Role.CONTRIBUTOR, Role.BIBOB})


def policy_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations whose Bibob policy the user keeps: their own, as coordinator,
    contributor or Bibob officer."""
    return frozenset(
        g.organisation_id
        for g in access_for(user).grants
        if g.role in POLICY_ROLES and g.organisation_id is not None
    )


def may_keep_policy(user: Any, organisation_id: int) -> bool:
    return access_for(user).is_admin or organisation_id in policy_organisation_ids(user)
