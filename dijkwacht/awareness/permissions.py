"""Who organises awareness work and who keeps the sizes of the target groups: yes or no from
the grants read once per request (`access_for`), no query.

A partnership's coordinators organise for every member and keep every member's sizes; a
member's coordinators and contributors do so for their own organisation. Everyone in the
partnership reads activities and reach: they name nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dijkwacht.awareness.models import Activity, Campaign
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role

ORGANISING_ROLES = frozenset({Role.COORDINATOR, Role.CONTRIBUTOR})


def _own_ids(user: Any) -> set[int]:
    return {
        g.organisation_id
        for g in access_for(user).grants
        if g.role in ORGANISING_ROLES and g.organisation_id is not None
    }


def _for_all(user: Any, partnership_id: int) -> bool:
    access = access_for(user)
    return access.is_admin or partnership_id in access.coordinating_ids


def organiser_ids(user: Any, partnership_id: int, member_ids: Iterable[int]) -> set[int]:
    """Among the partnership's members, those the user organises activities for."""
    if _for_all(user, partnership_id):
        return set(member_ids)
    return _own_ids(user) & set(member_ids)


def size_keeper_ids(user: Any, partnership_id: int, member_ids: Iterable[int]) -> set[int]:
    """Among the partnership's members, those whose target-group sizes the user enters."""
    return organiser_ids(user, partnership_id, member_ids)


def can_edit_activity(user: Any, activity: Activity) -> bool:
    """The organiser's people and the partnership's coordinators: they plan the sessions and
    count who came."""
    return _for_all(user, activity.partnership_id) or activity.organiser_id in _own_ids(user)


def can_edit_campaign(user: Any, campaign: Campaign) -> bool:
    """As an activity: the organiser's people and the partnership's coordinators."""
    return _for_all(user, campaign.partnership_id) or campaign.organiser_id in _own_ids(user)


def completion_keeper_ids(user: Any, member_ids: Iterable[int]) -> set[int]:
    """Among the members, those whose learning-module completions the user may count one by
    one: the ones they coordinate (a completion is a person's record), or all for an admin."""
    access = access_for(user)
    if access.is_admin:
        return set(member_ids)
    own = {
        g.organisation_id
        for g in access.grants
        if g.role == Role.COORDINATOR and g.organisation_id is not None
    }
    return own & set(member_ids)
