from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import AuditEvent
from dijkwacht.core.services import audit_record


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


class ObjectTypeFilter(admin.AllValuesFieldListFilter):
    """Events about no object (a login, say) have an empty type: name that choice."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": _("(no object)")}
            yield choice


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only logs: nobody adds, changes or deletes an entry, not even an admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", ("object_type", ObjectTypeFilter)]
    search_fields = ["actor_label", "action", "object_repr", "object_id"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


# Roles are memberships, never groups: the group admin would only invite mistakes.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
