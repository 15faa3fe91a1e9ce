from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.organisations.permissions import requires_second_factor

_ALWAYS_ALLOWED = ("/static/", "/healthz", "/i18n/")


class SecondFactorMiddleware:
    """Coordinators, handlers, Bibob officers and admins must pass a TOTP check after login.

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
            and requires_second_factor(user)
        ):
            allowed = (
                reverse("accounts:second_factor_verify"),
                reverse("accounts:second_factor_setup"),
                reverse("accounts:logout"),
            )
            if not request.path.startswith(_ALWAYS_ALLOWED + allowed):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "type": "about:blank",
                            "title": _("Second factor required"),
                            "status": 403,
                            "detail": _("Log in with your second factor first."),
                        },
                        status=403,
                        content_type="application/problem+json",
                    )
                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                target = (
                    "accounts:second_factor_verify"
                    if has_device
                    else "accounts:second_factor_setup"
                )
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
