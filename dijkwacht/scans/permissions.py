"""Who sees and changes which scan. The review is blind: an assessor does not see an
organisation's self-scan until their own review of it is submitted."""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dijkwacht.organisations.models import Role
from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.scans.models import Scan, ScanKind, ScanRound, ScanStatus


def scans_visible_to(user: Any) -> QuerySet[Scan]:
    """Coordinators: every scan of their partnerships. Contributors: their own organisations'
    self-scans. Assessors: the reviews in their partnerships, and a self-scan once their review
    of that organisation in that round is submitted. Viewers see results elsewhere, in
    aggregates only."""
    access = access_for(user)
    scans = Scan.objects.all()
    if access.is_admin:
        return scans
    coordinated = {g.partnership_id for g in access.grants if g.role == Role.COORDINATOR}
    contributing = {g.organisation_id for g in access.grants if g.role == Role.CONTRIBUTOR}
    assessing = {g.partnership_id for g in access.grants if g.role == Role.ASSESSOR}
    reviewed = Scan.objects.filter(
        round=OuterRef("round"),
        organisation=OuterRef("organisation"),
        kind=ScanKind.REVIEW,
        status=ScanStatus.SUBMITTED,
    )
    return scans.filter(
        Q(round__partnership_id__in=coordinated)
        | Q(kind=ScanKind.SELF, organisation_id__in=contributing)
        | Q(kind=ScanKind.REVIEW, round__partnership_id__in=assessing)
        | (Q(kind=ScanKind.SELF, round__partnership_id__in=assessing) & Exists(reviewed))
    )


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


def rounds_visible_to(user: Any) -> QuerySet[ScanRound]:
    """Every round of the partnerships the user takes part in (what they see of it: round_view)."""
    access = access_for(user)
    if access.is_admin:
        return ScanRound.objects.all()
    return ScanRound.objects.filter(partnership_id__in=access.partnership_ids)


def can_agree(user: Any, scan_round: ScanRound) -> bool:
    """The coordinator or an assessor of the partnership records agreed scores."""
    return can_coordinate(user, scan_round.partnership) or any(
        g.role == Role.ASSESSOR and g.partnership_id == scan_round.partnership_id
        for g in access_for(user).grants
    )
