"""Who sees which report. Only handlers of the report's own organisation, in a compartment
granted to them, and not excluded from that report. Nobody else — no coordinator, viewer or
platform admin — ever receives a report's content; they see counts (`selectors.statistics`)
and, for the privacy officer, the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dijkwacht.organisations.models import Compartment, Role
from dijkwacht.organisations.permissions import access_for


def _handler_scope(user: Any) -> Q | None:
    """The reports of the user's handler grants: their organisation and compartments, and —
    for a handler granted after the meldpunt started — only reports received from the grant
    on, unless a colleague shared an older one with them."""
    from dijkwacht.meldpunt.models import ReportShare

    scope = Q()
    found = False
    shared = Q(pk__in=ReportShare.objects.filter(user=user).values("report_id"))
    for grant in access_for(user).grants:
        if grant.role == Role.HANDLER and grant.organisation_id and grant.compartments:
            mine = Q(organisation_id=grant.organisation_id, compartment__in=grant.compartments)
            if grant.reports_from is not None:
                mine &= Q(received_at__gte=grant.reports_from) | shared
            scope |= mine
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
    organisation. A case is made of its reports, so it is visible only to a handler who sees
    every one of them: whoever is excluded from one of its reports, or was granted after it
    and had it not shared, sees nothing of the case."""
    from dijkwacht.meldpunt.models import Case, Report

    organisations = [
        g.organisation_id
        for g in access_for(user).grants
        if g.role == Role.HANDLER
        and g.organisation_id is not None
        and Compartment.UNDERMINING in g.compartments
    ]
    if not organisations:
        return Case.objects.none()
    hidden = Report.objects.filter(case=OuterRef("pk")).exclude(
        pk__in=reports_visible_to(user).values("pk")
    )
    return Case.objects.filter(organisation_id__in=organisations).exclude(Exists(hidden))


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
    from dijkwacht.organisations.models import Organisation

    if access_for(user).is_admin:
        return Organisation.objects.filter(meldpunt__isnull=False).order_by("name")
    return Organisation.objects.filter(pk__in=handler_organisations(user)).order_by("name")
