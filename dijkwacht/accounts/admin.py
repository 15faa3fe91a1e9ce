"""API tokens in the admin. People themselves are in `organisations.admin`, beside the
memberships that give them their roles."""

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_email.models import EmailDevice

from dijkwacht.accounts.models import ApiToken, Invitation


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Who was invited, by whom, and whether they chose a password. Invitations are sent
    through the API (`POST /api/v1/invitations`), which mails the link; never made here."""

    list_display = ["user", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    search_fields = ["user__email", "user__full_name"]
    readonly_fields = ["user", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # An invitation is part of the account's history; blocking the account ends its link.
        return False


# The mailbox proof before a first authenticator is not a device to manage: its codes go to the
# user's own address, never to one an admin could set here.
if admin.site.is_registered(EmailDevice):
    admin.site.unregister(EmailDevice)
