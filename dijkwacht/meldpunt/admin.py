"""Meldpunt in the admin: settings, clocks, retention rules and the list of interventions are
data an administrator maintains; the access log and the deletion log are for the privacy
officer to review (read-only). Reports, messages and cases are NOT in the admin: their content
is for the organisation's handlers only."""

from typing import cast

from django.contrib import admin
from django.http import HttpRequest

from dijkwacht.accounts.models import User
from dijkwacht.core.admin import AuditedAdmin, ReadOnlyAdmin
from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import (
    AccessLog,
    Deadline,
    DeletionLog,
    InterventionType,
    MeldpuntSettings,
    RetentionRule,
)


@admin.register(MeldpuntSettings)
class MeldpuntSettingsAdmin(AuditedAdmin):
    list_display = ["organisation", "accepts_reports"]
    list_filter = ["accepts_reports"]
    search_fields = ["organisation__name"]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        old = form.initial.get("contact_email", "") if change else ""
        super().save_model(request, obj, form, change)
        if "contact_email" in form.changed_data:
            services.meldpunt_contact_changed(
                actor=cast(User, request.user),
                organisation=obj.organisation,
                old=old,
                new=obj.contact_email,
            )


@admin.register(Deadline)
class DeadlineAdmin(AuditedAdmin):
    list_display = ["kind", "acknowledge_days", "feedback_days"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdmin):
    list_display = ["kind", "close_reason", "in_case", "days"]
    list_filter = ["in_case", "kind"]


@admin.register(InterventionType)
class InterventionTypeAdmin(AuditedAdmin):
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "user",
        "organisation",
        "report_number",
        "case_number",
        "purpose",
        "action",
    ]
    list_filter = ["purpose", "action", "organisation"]
    search_fields = ["report_number", "case_number", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["user", "organisation"]


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "record_type", "number", "organisation", "kind", "rule"]
    list_filter = ["record_type", "kind"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]
