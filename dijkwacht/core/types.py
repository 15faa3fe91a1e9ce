from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from dijkwacht.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind the login wall (LoginRequiredMiddleware): `user` is a real User."""

    user: "User"  # type: ignore[assignment]
    htmx: HtmxDetails
