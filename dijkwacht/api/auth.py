from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from dijkwacht.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer dkw_…` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


__all__ = ["BearerToken", "SessionAuth"]
