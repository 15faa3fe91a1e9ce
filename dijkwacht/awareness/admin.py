"""Awareness in the admin: the kinds of activity, the target groups and the learning module's
courses are data an administrator keeps (a term in use is retired, not deleted)."""

from django.contrib import admin

from dijkwacht.awareness.models import (
    ActivityType,
    Course,
    CoursePage,
    CourseQuestion,
    DeletionLog,
    TargetGroup,
)
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


class CoursePageInline(admin.StackedInline):
    model = CoursePage
    extra = 0


class CourseQuestionInline(admin.StackedInline):
    model = CourseQuestion
    extra = 0


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    """A course's words, pages and questions; completions are not here (they are personal)."""

    list_display = ["title", "code", "target_group", "renewal_months", "pass_mark", "active"]
    list_filter = ["active"]
    search_fields = ["title", "code"]
    inlines = [CoursePageInline, CourseQuestionInline]
