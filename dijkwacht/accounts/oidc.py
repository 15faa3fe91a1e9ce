"""Signing in with the organisation's identity provider (OpenID Connect), when configured.

`mozilla-django-oidc` runs the code flow (state, nonce, PKCE, the ID token's signature). What is
Dijkwacht's own: only an account that already exists signs in (found by its e-mail address;
people are invited by a coordinator or an admin, and roles stay in Dijkwacht), a service
account never does, and the provider's word that it checked a second factor ("amr", RFC 8176)
spares the roles that need one Dijkwacht's own check for this session only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from dijkwacht.accounts import services
from dijkwacht.accounts.backends import EmailRoleBackend
from dijkwacht.accounts.models import User


def provider_second_factor(claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(settings.OIDC_SECOND_FACTOR_AMR))


class ProviderBackend(OIDCAuthenticationBackend, EmailRoleBackend):
    """Inert unless `DIJKWACHT_OIDC_CLIENT_ID` is set. Permissions come from memberships, as
    for password sign-in (EmailRoleBackend's answers)."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An address the provider says it has not verified names nobody.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User.objects.filter(
            email__iexact=claims["email"].strip(), is_active=True, is_service_account=False
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
        return super().get(request)

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
