"""Who sees which report. Only handlers of the report's own organisation, in a compartment
granted to them, and not excluded from that report. Nobody else — no coordinator, viewer or
platform admin — ever receives a report's content; they see counts (`selectors.statistics`)
and, for the privacy officer, the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dijkwacht.organisations.models import Compartment, Role
from dijkwacht.organisations.permissions import access_for


def _handler_scope(user: Any) -> Q | None:
    scope = Q()
    found = False
    for grant in access_for(user).grants:
        if grant.role == Role.HANDLER and grant.organisation_id and grant.compartments:
            scope |= Q(organisation_id=grant.organisation_id, compartment__in=grant.compartments)
            found = True
    return scope if found else None


def reports_visible_to(user: Any) -> QuerySet:
    from dijkwacht.meldpunt.models import Report

    scope = _handler_scope(user)
    if scope is None:
        return Report.objects.none()
    return Report.objects.filter(scope).exclude(exclusions__user=user)


def cases_visible_to(user: Any) -> QuerySet:
    """Cases are undermining work: handlers with the ondermijning compartment of the case's
    organisation."""
    from dijkwacht.meldpunt.models import Case

    organisations = [
        g.organisation_id
        for g in access_for(user).grants
        if g.role == Role.HANDLER
        and g.organisation_id is not None
        and Compartment.UNDERMINING in g.compartments
    ]
    return Case.objects.filter(organisation_id__in=organisations)


def handler_organisations(user: Any) -> list[int]:
    return sorted(
        {
            g.organisation_id
            for g in access_for(user).grants
            if g.role == Role.HANDLER and g.organisation_id and g.compartments
        }
    )


def can_handle(user: Any, report: Any) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


def figures_partnership_ids(user: Any) -> set[int]:
    """The partnerships whose meldpunt figures (counts only) the user reads: as coordinator or
    viewer there."""
    return {
        g.partnership_id
        for g in access_for(user).grants
        if g.role in (Role.COORDINATOR, Role.VIEWER) and g.partnership_id
    }
