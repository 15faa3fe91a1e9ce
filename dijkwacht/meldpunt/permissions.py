"""Who does what in the meldpunt. Who sees which report and case is the querysets' business
(`Report.objects.visible_to`, `Case.objects.visible_to`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dijkwacht.meldpunt.models import Report
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role


def handler_organisations(user: Any) -> list[int]:
    return sorted(
        {
            g.organisation_id
            for g in access_for(user).grants
            if g.role == Role.HANDLER and g.organisation_id and g.compartments
        }
    )


def can_handle(user: Any, report: Any) -> bool:

    return Report.objects.visible_to(access_for(user)).filter(pk=report.pk).exists()


def figures_partnership_ids(user: Any) -> set[int]:
    """The partnerships whose meldpunt figures (counts only) the user reads: as coordinator or
    viewer there."""
    return {
        g.partnership_id
        for g in access_for(user).grants
        if g.role in (Role.COORDINATOR, Role.VIEWER) and g.partnership_id
    }


def may_manage_handlers(user: Any, organisation_id: int) -> bool:
    """Who may ask for or approve a new handler of an organisation: a platform admin or a
    handler of that organisation (two different people, neither of them the new handler:
    `services.handler_grant_decide`)."""
    access = access_for(user)
    return access.is_admin or any(
        g.role == Role.HANDLER and g.organisation_id == organisation_id for g in access.grants
    )


def managed_organisations(user: Any) -> QuerySet:
    """The organisations whose handlers the user manages: every organisation with a meldpunt
    for a platform admin, their own for a handler."""

    if access_for(user).is_admin:
        return Organisation.objects.filter(meldpunt__isnull=False).order_by("name")
    return Organisation.objects.filter(pk__in=handler_organisations(user)).order_by("name")
