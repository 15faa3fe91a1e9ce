from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from dijkwacht.accounts.services import api_token_authenticate

_BEARER = "_dijkwacht_bearer"


class BearerToken(HttpBearer):
    """`Authorization: Bearer dkw_…` with a personal API token. The token is looked up once
    per request: a check that runs before the operation's own authentication
    (prechecks.permission_first) leaves the answer on the request."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        known = getattr(request, _BEARER, None)
        if known is not None and known[0] == token:
            user = known[1]
        else:
            user = api_token_authenticate(key=token)
            setattr(request, _BEARER, (token, user))
        if user is not None:
            request.user = user
        return user


def authenticated_by_token(request: HttpRequest) -> bool:
    """Whether the request's user came from an API token (not from a session, where the
    second factor is asked)."""
    known = getattr(request, _BEARER, None)
    return known is not None and known[1] is not None


__all__ = ["BearerToken", "SessionAuth", "authenticated_by_token"]
