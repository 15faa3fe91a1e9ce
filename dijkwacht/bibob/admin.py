"""Bibob in the admin: the decision categories, the legal terms and the retention rules are
data an administrator maintains; the access log and the deletion log are for the privacy
officer to review (read-only). Screenings, steps and disclosures are NOT in the admin: Bibob
information is for the organisation's Bibob officers only (art. 28 Wet Bibob)."""

from django.contrib import admin

from dijkwacht.bibob.models import AccessLog, Category, DeletionLog, LegalTerms, RetentionRule
from dijkwacht.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "domain", "code", "position", "active"]
    list_filter = ["domain", "active"]
    search_fields = ["name", "code"]


@admin.register(LegalTerms)
class LegalTermsAdmin(AuditedAdmin):
    list_display = [
        "valid_from",
        "advice_weeks",
        "extension_weeks",
        "suspension_weeks",
        "questionnaire_days",
        "warn_days",
    ]


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdmin):
    list_display = ["outcome", "days"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "organisation", "reference", "purpose"]
    list_filter = ["purpose", "organisation"]
    search_fields = ["reference", "user__email"]
    date_hierarchy = "at"
    list_select_related = ["user", "organisation"]


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "reference", "organisation", "outcome", "decided_on", "rule"]
    list_filter = ["outcome"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]
