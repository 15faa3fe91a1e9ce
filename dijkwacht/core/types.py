from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from dijkwacht.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind the login wall (LoginRequiredMiddleware): `user` is a real User."""

    user: "User"  # type: ignore[assignment]
