"""Awareness in the admin: the kinds of activity and the target groups are data an
administrator keeps (a term in use is retired, not deleted)."""

from django.contrib import admin

from dijkwacht.awareness.models import ActivityType, DeletionLog, TargetGroup
from dijkwacht.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(ActivityType)
class ActivityTypeAdmin(AuditedAdmin):
    list_display = ["name", "code", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(TargetGroup)
class TargetGroupAdmin(AuditedAdmin):
    list_display = ["name", "code", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "activity", "session_on", "deleted", "rule"]
    date_hierarchy = "at"
    list_select_related = ["activity"]
