"""Who may change what in a programme. Reading follows `Programme.objects.visible_to`."""

from __future__ import annotations

from typing import Any

from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes.models import Commitment, Programme


def can_manage_programme(user: Any, programme: Programme) -> bool:
    """Coordinators of the partnership keep the plan: themes, actions, rounds, imports."""
    return can_coordinate(user, programme.partnership)


def editable_organisation_ids(user: Any, programme: Programme) -> frozenset[int] | None:
    """The organisations whose cells the user may change; None means every organisation.
    Nobody changes the cells of a closed programme (a coordinator reopens it first)."""
    if programme.is_closed:
        return frozenset()
    if can_manage_programme(user, programme):
        return None
    if programme.is_draft:
        return frozenset()
    return frozenset(
        g.organisation_id
        for g in access_for(user).grants
        if g.role == Role.CONTRIBUTOR and g.organisation_id is not None
    )


def can_edit_commitment(user: Any, commitment: Commitment) -> bool:
    editable = editable_organisation_ids(user, commitment.programme)
    return editable is None or commitment.organisation_id in editable
