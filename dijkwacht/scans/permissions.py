"""Who sees and changes which scan. The review is blind: an assessor does not see an
organisation's self-scan until their own review of it is submitted."""

from __future__ import annotations

import enum
from typing import Any

from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.organisations.roles import Role
from dijkwacht.scans.models import Scan, ScanKind, ScanRound


def can_answer(user: Any, scan: Scan) -> bool:
    """Self-scans are filled by the organisation's contributors (or a coordinator on their
    behalf); reviews only by an assessor of the partnership."""
    if scan.is_submitted:
        return False
    access = access_for(user)
    partnership_id = scan.round.partnership_id
    if scan.kind == ScanKind.REVIEW:
        return partnership_id in access.assessing_ids
    return (
        access.is_admin
        or partnership_id in access.coordinating_ids
        or any(
            g.role == Role.CONTRIBUTOR and g.organisation_id == scan.organisation_id
            for g in access.grants
        )
    )


class RoundView(enum.Enum):
    """How much of a round's results a user sees.

    FULL: every organisation by name (admin, the partnership's coordinators and assessors).
    PARTICIPANT: the organisations of the round, named or anonymised as the coordinator chose,
    for contributors of a participating organisation. AGGREGATE: figures across the
    partnership only, small counts suppressed (viewers and everyone else in the partnership).
    """

    FULL = "full"
    PARTICIPANT = "participant"
    AGGREGATE = "aggregate"


def round_view(user: Any, scan_round: ScanRound, participant_ids: set[int]) -> RoundView:
    access = access_for(user)
    if access.is_admin or any(
        g.role in (Role.COORDINATOR, Role.ASSESSOR)
        and g.partnership_id == scan_round.partnership_id
        for g in access.grants
    ):
        return RoundView.FULL
    if any(
        g.role == Role.CONTRIBUTOR and g.organisation_id in participant_ids for g in access.grants
    ):
        return RoundView.PARTICIPANT
    return RoundView.AGGREGATE


def can_agree(user: Any, scan_round: ScanRound) -> bool:
    """The coordinator or an assessor of the partnership records agreed scores."""
    return can_coordinate(user, scan_round.partnership) or any(
        g.role == Role.ASSESSOR and g.partnership_id == scan_round.partnership_id
        for g in access_for(user).grants
    )


def can_steer(user: Any, scan_round: ScanRound) -> bool:
    """Who sees the provisional common threads while the round runs: the partnership's
    coordinators (and the platform admin). Not the assessors, whose review is blind, nor the
    participants: the answers are not final."""
    return can_coordinate(user, scan_round.partnership)
