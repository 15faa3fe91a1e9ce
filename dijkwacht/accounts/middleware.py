from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dijkwacht.accounts.models import SECOND_FACTOR_REQUIRED
from dijkwacht.accounts.selectors import has_second_factor
from dijkwacht.accounts.services import PROVIDER_SECOND_FACTOR
from dijkwacht.core.http import problem

_ALWAYS_ALLOWED = ("/static/", "/healthz", "/i18n/")


class SecondFactorMiddleware:
    """Coordinators, handlers, Bibob officers and admins must pass a TOTP check after login,
    unless they signed in with an identity provider that asserted a second factor itself.

    Off in demo mode only (`DIJKWACHT_DEMO`); production has no switch for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.SECOND_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and not request.session.get(PROVIDER_SECOND_FACTOR)
            and user.has_perm(SECOND_FACTOR_REQUIRED)
        ):
            allowed = (
                reverse("accounts:second_factor_verify"),
                reverse("accounts:second_factor_setup"),
                reverse("accounts:logout"),
            )
            if not request.path.startswith(_ALWAYS_ALLOWED + allowed):
                if request.path.startswith("/api/"):
                    return problem(
                        request,
                        403,
                        _("Second factor required"),
                        _("Log in with your second factor first."),
                    )
                target = (
                    "accounts:second_factor_verify"
                    if has_second_factor(user)
                    else "accounts:second_factor_setup"
                )
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
