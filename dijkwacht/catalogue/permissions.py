"""Who keeps which source, who may ask for one and who decides: yes or no from the grants
read once per request (`access_for`)."""

from __future__ import annotations

from typing import Any

from dijkwacht.catalogue.models import (
    KEEPING_ROLES,
    InformationSource,
    RequestStatus,
    SourceRequest,
)
from dijkwacht.organisations.permissions import access_for


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


def can_edit_source(user: Any, source: InformationSource) -> bool:
    """The holder's keepers, the source's owner and deputy, and platform admins."""
    if access_for(user).is_admin:
        return True
    return can_keep_sources(user, source.holder_id) or user.pk in (
        source.owner_id,
        source.deputy_id,
    )


def requesting_organisation_ids(user: Any, source: InformationSource) -> list[int]:
    """The organisations on whose behalf the user may ask for `source`: their own, except the
    holder (its people have it already). None for an open source: it needs no request."""
    if source.is_open:
        return []
    return sorted(
        {
            g.organisation_id
            for g in access_for(user).grants
            if g.organisation_id is not None and g.organisation_id != source.holder_id
        }
    )


def can_request(user: Any, source: InformationSource) -> bool:
    return bool(requesting_organisation_ids(user, source))


def can_decide(user: Any, request: SourceRequest) -> bool:
    """The owner or the deputy, while the request waits."""
    return request.status == RequestStatus.SUBMITTED and user.pk in (
        request.source.owner_id,
        request.source.deputy_id,
    )


def can_withdraw(user: Any, request: SourceRequest) -> bool:
    return request.status == RequestStatus.SUBMITTED and user.pk == request.requester_id
