from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DijkwachtAdminSite(admin.AdminSite):
    """The Django admin for platform admins; login goes through the app's own login (and so
    through lockout and the second factor)."""

    site_header = _("Dijkwacht administration")
    site_title = _("Dijkwacht administration")
    index_title = _("Platform administration")

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            # Logged in, but not a platform admin: sending them to log in again would loop.
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
        )
