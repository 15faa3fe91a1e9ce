"""Who keeps which source, who may ask for one and who decides: yes or no from the grants
read once per request (`access_for`)."""

from __future__ import annotations

from typing import Any

from dijkwacht.catalogue.models import (
    KEEPING_ROLES,
    Area,
    ContactPerson,
    InformationSource,
    RequestStatus,
    SourceRequest,
    working_partnership_ids,
)
from dijkwacht.catalogue.selectors import person_works_at
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role


def keeping_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations whose sources the user keeps: where they are coordinator or
    contributor."""
    return frozenset(
        g.organisation_id
        for g in access_for(user).grants
        if g.role in KEEPING_ROLES and g.organisation_id is not None
    )


def can_keep_sources(user: Any, organisation_id: int) -> bool:
    return organisation_id in keeping_organisation_ids(user)


def can_edit_area(user: Any, area: Area) -> bool:
    """The owner's keepers (coordinators and contributors), and platform admins."""
    return access_for(user).is_admin or can_keep_sources(user, area.owner_id)


def is_decider(user: Any, source: InformationSource) -> bool:
    """The source's owner or deputy, as long as they still work at the holder: someone who
    moved on no longer decides for it."""
    return user.pk in (source.owner_id, source.deputy_id) and person_works_at(
        user.pk, source.holder_id
    )


def can_edit_source(user: Any, source: InformationSource) -> bool:
    """The holder's keepers, the source's owner and deputy, and platform admins."""
    if access_for(user).is_admin or can_keep_sources(user, source.holder_id):
        return True
    return is_decider(user, source)


def requesting_organisation_ids(user: Any, source: InformationSource) -> list[int]:
    """The organisations on whose behalf the user may ask for `source`: their own where they
    work on the approach (not as a read-only viewer), that share a partnership with the
    holder; never the holder itself (its people have the source already). None for an open
    source: it needs no request."""
    if source.is_open:
        return []
    access = access_for(user)
    working = {
        g.organisation_id
        for g in access.grants
        if g.organisation_id is not None and g.role != Role.VIEWER
    }
    holder_partnerships = set(source.holder.partnerships.values_list("pk", flat=True))
    return sorted(
        o.pk
        for o in access.organisations
        if o.pk in working and o.pk != source.holder_id and o.partnership_ids & holder_partnerships
    )


def can_decide(user: Any, request: SourceRequest) -> bool:
    """The owner or the deputy, while the request waits."""
    return request.status == RequestStatus.SUBMITTED and is_decider(user, request.source)


def can_withdraw(user: Any, request: SourceRequest) -> bool:
    return request.status == RequestStatus.SUBMITTED and user.pk == request.requester_id


def can_keep_systems(user: Any, organisation: Organisation) -> bool:
    """Which systems an organisation uses: its own keepers say so, and the coordinators of its
    partnerships do for a municipality (they draw up the overview). A province's, RIEC's or
    police unit's row is seen by several partnerships: only the organisation itself keeps it."""
    access = access_for(user)
    if access.is_admin or can_keep_sources(user, organisation.pk):
        return True
    if not access.coordinating_ids or organisation.kind != OrganisationKind.MUNICIPALITY:
        return False
    return organisation.partnerships.filter(pk__in=access.coordinating_ids).exists()


def systems_editable_ids(user: Any, partnership_id: int, members: list[Organisation]) -> set[int]:
    """Among a partnership's members, those whose systems the user may record (as
    `can_keep_systems`): every municipality for its coordinators, and their own
    organisations. No query."""
    access = access_for(user)
    own = keeping_organisation_ids(user)
    coordinating = partnership_id in access.coordinating_ids
    return {
        m.pk
        for m in members
        if access.is_admin
        or m.pk in own
        or (coordinating and m.kind == OrganisationKind.MUNICIPALITY)
    }


def can_keep_roster(user: Any, partnership_id: int, organisation_id: int) -> bool:
    """A partnership's coordinators keep its whole roster; a member's keepers its own
    entries. No query."""
    access = access_for(user)
    if access.is_admin or partnership_id in access.coordinating_ids:
        return True
    return can_keep_sources(user, organisation_id)


def can_edit_contact(user: Any, contact: ContactPerson) -> bool:
    """Who keeps the entry, and the person it names while they work at the organisation
    (they correct their own details)."""
    if can_keep_roster(user, contact.partnership_id, contact.organisation_id):
        return True
    return contact.user_id == user.pk and person_works_at(user.pk, contact.organisation_id)


def reads_roster(user: Any, partnership_id: int) -> bool:
    """Whether the user reads the partnership's contact persons (see
    `ContactPersonQuerySet.visible_to`)."""
    access = access_for(user)
    return access.is_admin or partnership_id in working_partnership_ids(access)


def sees_people(user: Any) -> bool:
    """Whether the user sees the names of people (owners, contact persons): everyone with a
    working role; a viewer reads figures only."""
    access = access_for(user)
    return access.is_admin or any(g.role != Role.VIEWER for g in access.grants)


def roster_organisation_ids(user: Any, partnership_id: int, member_ids: list[int]) -> set[int]:
    """Among the members, those whose entries the user may add: all for a coordinator."""
    return {m for m in member_ids if can_keep_roster(user, partnership_id, m)}
