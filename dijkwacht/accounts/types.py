"""Types every app uses for the person at the keyboard."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from dijkwacht.accounts.models import User

# Who does a write: a logged-in person, or None for work done on nobody's behalf (the demo
# data, a management command, a scheduled job). Services take it as `actor` and write it to
# the audit trail.
type Actor = User | None


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind the login wall (LoginRequiredMiddleware): `user` is a real User."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
