from django.http import HttpRequest

from dijkwacht.bibob.permissions import is_bibob_officer, reads_figures
from dijkwacht.meldpunt.permissions import figures_partnership_ids, handler_organisations
from dijkwacht.organisations.permissions import access_for, is_platform_admin
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import (
    current_partnership,
    request_partnerships,
    user_organisations_in,
)


def current_context(request: HttpRequest) -> dict:
    """The header's facts: where the user works now, and where else they could switch to."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def organisations():
        return user_organisations_in(user, current_partnership(request))

    return {
        "current_partnership": lambda: current_partnership(request),
        "current_organisations": organisations,
        "switchable_partnerships": lambda: request_partnerships(request),
        "is_platform_admin": lambda: is_platform_admin(user),
        "is_handler": lambda: _is_handler(user),
        "is_bibob_officer": lambda: is_bibob_officer(user),
        "reads_bibob_figures": lambda: reads_figures(user),
        "reads_meldpunt_figures": lambda: _reads_figures(user),
        "updates_actions": lambda: _holds(user, {Role.CONTRIBUTOR, Role.COORDINATOR}),
        "answers_scans": lambda: _holds(user, {Role.CONTRIBUTOR, Role.COORDINATOR, Role.ASSESSOR}),
    }


def _holds(user, roles: set[str]) -> bool:
    """The menu offers "My actions" and "Scans" only to who has work there: a read-only
    administrator (viewer) is never told to update actions or that there is no scan for them."""
    access = access_for(user)
    return access.is_admin or any(g.role in roles for g in access.grants)


def _reads_figures(user) -> bool:
    """Coordinators and viewers read the meldpunt figures of their partnerships (counts);
    handlers those of their own meldpunt."""

    return bool(figures_partnership_ids(user)) or bool(handler_organisations(user))


def _is_handler(user) -> bool:
    """A meldpunt handler with at least one compartment: the nav shows them the meldpunt."""

    return bool(handler_organisations(user))
