from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import AuditEvent


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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "action", "object_repr", "object_id"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
