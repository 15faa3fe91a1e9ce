"""Signing in with the organisation's identity provider (OpenID Connect), when configured.

`mozilla-django-oidc` runs the code flow (state, nonce, PKCE, the ID token's signature). What is
Dijkwacht's own: only an account that already exists signs in (found by its e-mail address;
people are invited by a coordinator or an admin, and roles stay in Dijkwacht), a service
account never does, and the provider's word that it checked a second factor ("amr", RFC 8176)
spares the roles that need one Dijkwacht's own check for this session only.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from dijkwacht.accounts import services
from dijkwacht.accounts.backends import EmailRoleBackend
from dijkwacht.accounts.models import User

logger = logging.getLogger(__name__)

# What a provider that is down, slow or sends garbage makes the library raise: a failed
# sign-in, never a 500.
PROVIDER_FAILURES = (
    requests.RequestException,
    jwt.PyJWTError,
    SuspiciousOperation,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
)


def provider_second_factor(claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list):
        return False
    return bool({str(value) for value in amr} & set(settings.OIDC_SECOND_FACTOR_AMR))


def provider_address(claims: dict[str, Any]) -> str | None:
    """The e-mail address the provider vouches for, lower case; None when it does not say it
    verified it, when it is not plain ASCII (a look-alike such as "admın@" must not match
    "admin@"), or when its domain is not one the deployment allows."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if not isinstance(email, str) or not email.isascii() or "@" not in email:
        return None
    if settings.OIDC_REQUIRE_VERIFIED_EMAIL and verified not in (True, "true"):
        return None
    email = email.strip().lower()
    domains = settings.OIDC_EMAIL_DOMAINS
    if domains and email.rsplit("@", 1)[1] not in domains:
        return None
    return email


def not_a_password_attempt(request: HttpRequest, credentials: Any) -> bool:
    """For Axes: the provider's callback guesses no password; its failures (someone without an
    account yet) must not lock a shared office address out."""
    return request.path == reverse("accounts:oidc_callback")


class ProviderBackend(OIDCAuthenticationBackend, EmailRoleBackend):
    """Inert unless `DIJKWACHT_OIDC_CLIENT_ID` is set. Permissions come from memberships, as
    for password sign-in (EmailRoleBackend's answers)."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        # Only the callback passes the nonce: a password form posted to a URL with ?code=&state=
        # must not reach the provider (nor escape the lockout).
        if not settings.OIDC_ENABLED or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except PROVIDER_FAILURES as error:
            logger.warning("sign-in with the identity provider failed: %s", type(error).__name__)
            return None

    def get_user(self, user_id: Any) -> User | None:
        # As for password sign-in: a blocked account's session ends at its next request.
        return EmailRoleBackend.get_user(self, user_id)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and nonce; the token must also be meant for
        Dijkwacht (audience) and not have expired."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token meant for another client")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return provider_address(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(
            email=provider_address(claims), is_active=True, is_service_account=False
        )

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User | None:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.provider_second_factor = provider_second_factor(payload)  # type: ignore[attr-defined]
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # the name and address are kept in Dijkwacht


def _enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


@method_decorator(login_not_required, name="dispatch")
class ProviderLoginView(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def get(self, request: HttpRequest) -> HttpResponse:
        _enabled()
        pending = request.session.get("oidc_states", {})
        if request.GET.get("state") not in pending:
            # Not an answer to a sign-in started here (a stale tab, or a link made to sign
            # someone out): nobody is signed out and the provider is not asked.
            return self.login_failure()
        try:
            return super().get(request)
        except PROVIDER_FAILURES:
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Signing in with your organisation's account did not succeed. Is there no "
                "Dijkwacht account for your e-mail address yet? Ask your coordinator for an "
                "invitation."
            ),
        )
        return super().login_failure()

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        services.provider_login_record(
            request=self.request,
            user=self.user,
            second_factor=getattr(self.user, "provider_second_factor", False),
        )
        return response
