from typing import cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dijkwacht.accounts.models import User
from dijkwacht.core.admin import AuditedAdmin
from dijkwacht.core.services import audit_record
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.services import (
    BIBOB_SELF_GRANT,
    admin_granted_notify,
    bibob_granted_notify,
)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "cbs_code", "province", "valid_from", "valid_to"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "cbs_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["kind", "name", "slug", "cbs_code", "province", "valid_from", "valid_to", "successor"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "slug", "member_count"]
    search_fields = ["name", "slug", "members__name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("number of members"), ordering="member_count")
    def member_count(self, obj: Partnership) -> int:
        return obj.member_count  # type: ignore[attr-defined]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "organisation", "partnership", "title"]
    list_filter = ["role", "partnership"]
    search_fields = ["user__email", "user__full_name", "organisation__name", "partnership__name"]
    list_select_related = ["user", "organisation", "partnership"]
    readonly_fields = ["reports_from"]

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        # Nobody makes a meldpunt handler in the admin: that takes two people on the
        # meldpunt's handlers page (an admin could otherwise give themselves every report).
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.HANDLER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        acting = request.user.pk

        class MembershipForm(form):  # type: ignore[valid-type, misc]
            def clean(self):
                cleaned = super().clean()
                user = cleaned.get("user") or getattr(self.instance, "user", None)
                if cleaned.get("role") == Role.BIBOB and user is not None and user.pk == acting:
                    self.add_error("role", _(BIBOB_SELF_GRANT))
                return cleaned

        return MembershipForm

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data or "organisation" in form.changed_data:
            admin_granted_notify(actor=cast(User, request.user), membership=obj)
            bibob_granted_notify(actor=cast(User, request.user), membership=obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A handler's membership is read-only here; ending it (delete) stays possible.
        if obj is not None and obj.role == Role.HANDLER:
            return False
        return super().has_change_permission(request, obj)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "is_active", "preferred_partnership"]


class MembershipInline(admin.StackedInline):
    """Roles other than meldpunt handler: a handler is granted by two people on the
    meldpunt's handlers page, never here."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["role", "organisation", "partnership", "title"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).exclude(role=Role.HANDLER)

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.HANDLER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class HandlerMembershipInline(admin.StackedInline):
    """A person's meldpunt handler roles, to read: granted and ended elsewhere."""

    model = Membership
    fk_name = "user"
    extra = 0
    verbose_name = _("meldpunt handler role")
    verbose_name_plural = _("meldpunt handler roles")
    fields = ["organisation", "compartments", "reports_from"]
    readonly_fields = ["organisation", "compartments", "reports_from"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(role=Role.HANDLER)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People and their roles; passwords through Django's own (audited) password forms."""

    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "full_name", "is_active", "is_service_account", "last_login"]
    list_filter = ["is_active", "is_service_account", "memberships__role"]
    search_fields = ["email", "full_name", "memberships__organisation__name"]
    ordering = ["email"]
    filter_horizontal = []
    readonly_fields = ["last_login", "date_joined", "is_service_account"]
    inlines = [MembershipInline, HandlerMembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Access"), {"fields": ["is_active", "is_service_account", "preferred_partnership"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:

        super().save_formset(request, form, formset, change)
        granted = [*formset.new_objects] + [
            obj for obj, fields in formset.changed_objects if "role" in fields
        ]
        for membership in granted:
            if isinstance(membership, Membership):
                admin_granted_notify(actor=cast(User, request.user), membership=membership)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # A meldpunt handler's address is where a first second factor is proven from: an admin
        # who could change it could reset the password, remove the authenticator and take the
        # account over — and so the reports. It changes only with the handler role ended.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.memberships.filter(role=Role.HANDLER).exists():
            fields.append("email")
        return fields

    def get_inlines(self, request: HttpRequest, obj=None):
        # Roles are added once the person exists (the add page stays a simple form).
        return self.inlines if obj is not None else []

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="accounts.user_change" if change else "accounts.user_create",
            obj=obj,
            changes={
                name: (form.initial.get(name), form.cleaned_data.get(name))
                for name in form.changed_data
                if "password" not in name
            },
        )

    def log_change(self, request: HttpRequest, obj, message):
        if message and any("password" in str(part) for part in message):
            audit_record(actor=request.user, action="accounts.password_change", obj=obj)
        return super().log_change(request, obj, message)
