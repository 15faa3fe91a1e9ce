from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AdminPasswordChangeForm, ReadOnlyPasswordHashField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dijkwacht.accounts.models import ApiToken, User
from dijkwacht.core.services import audit_record
from dijkwacht.organisations.models import Membership


class UserChangeForm(forms.ModelForm):
    password = ReadOnlyPasswordHashField(label=_("Password"))

    class Meta:
        model = User
        fields = ["email", "full_name", "is_active", "preferred_partnership"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation", "partnership"]
    fields = ["role", "organisation", "partnership", "compartments", "title"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserChangeForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["email", "full_name", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["email", "full_name", "memberships__organisation__name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]

    def get_fields(self, request: HttpRequest, obj=None):
        fields = ["email", "full_name", "is_active", "preferred_partnership"]
        return [*fields, "password", "last_login", "date_joined"] if obj else fields

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="accounts.user_change" if change else "accounts.user_create",
            obj=obj,
            changes={
                name: (form.initial.get(name), form.cleaned_data.get(name))
                for name in form.changed_data
            },
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
