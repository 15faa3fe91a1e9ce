from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.services import audit_record
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.services import admin_granted_notify


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are audited like every other change."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"{obj._meta.label_lower}_{'change' if change else 'create'}",
            obj=obj,
            changes={
                name: (form.initial.get(name), form.cleaned_data.get(name))
                for name in form.changed_data
            },
        )

    def delete_model(self, request: HttpRequest, obj) -> None:
        audit_record(
            actor=request.user,
            action=f"{obj._meta.app_label}.{obj._meta.model_name}_delete",
            obj=obj,
        )
        super().delete_model(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "cbs_code", "province", "valid_from", "valid_to"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "cbs_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["province", "successor"]
    fields = ["kind", "name", "slug", "cbs_code", "province", "valid_from", "valid_to", "successor"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "slug", "member_count"]
    search_fields = ["name", "slug", "members__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]

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
    autocomplete_fields = ["user", "organisation", "partnership"]
    list_select_related = ["user", "organisation", "partnership"]
    readonly_fields = ["reports_from"]

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        # Nobody makes a meldpunt handler in the admin: that takes two people on the
        # meldpunt's handlers page (an admin could otherwise give themselves every report).
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.HANDLER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data:
            admin_granted_notify(actor=request.user, membership=obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A handler's membership is read-only here; ending it (delete) stays possible.
        if obj is not None and obj.role == Role.HANDLER:
            return False
        return super().has_change_permission(request, obj)
