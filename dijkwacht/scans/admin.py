from django.contrib import admin
from django.db.models import Count, F
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.admin import AuditedAdmin
from dijkwacht.scans.models import Framework, FrameworkTheme, Norm, ScaleOption, ScanRound


class ScaleOptionInline(admin.StackedInline):
    model = ScaleOption
    extra = 0
    fields = ["position", "code", "label", "value", "counts_as_met", "applicable"]


class ThemeInline(admin.StackedInline):
    model = FrameworkTheme
    extra = 0
    fields = ["position", "code", "title", "description"]


def _revise(framework_id: int) -> None:
    """Raise the framework's revision: pages read its norms and scale from memory under it
    (selectors.framework_parts)."""
    Framework.objects.filter(pk=framework_id).update(revision=F("revision") + 1)


@admin.register(Framework)
class FrameworkAdmin(AuditedAdmin):
    list_display = ["name", "version", "norm_count", "created_at"]
    search_fields = ["name", "version"]
    inlines = [ScaleOptionInline, ThemeInline]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        _revise(form.instance.pk)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(norm_count=Count("norms"))

    @admin.display(description=_("norms"), ordering="norm_count")
    def norm_count(self, obj: Framework) -> int:
        return obj.norm_count  # type: ignore[attr-defined]


@admin.register(Norm)
class NormAdmin(AuditedAdmin):
    list_display = ["code", "short_text", "theme", "essential", "weight", "framework"]
    list_filter = ["framework", "essential", "theme__title"]
    search_fields = ["code", "text", "guidance"]
    list_select_related = ["theme", "framework"]
    ordering = ["framework", "theme__position", "position"]

    @admin.display(description=_("norm"))
    def short_text(self, obj: Norm) -> str:
        return obj.text[:80]

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _revise(obj.framework_id)

    def delete_model(self, request: HttpRequest, obj) -> None:
        framework_id = obj.framework_id
        super().delete_model(request, obj)
        _revise(framework_id)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        framework_ids = set(queryset.values_list("framework_id", flat=True))
        super().delete_queryset(request, queryset)
        for framework_id in framework_ids:
            _revise(framework_id)


@admin.register(ScanRound)
class ScanRoundAdmin(AuditedAdmin):
    """Rounds are opened and followed on their own pages; the admin is for corrections
    (title, deadline, anonymisation). Answers and results are never edited here: they are
    kept by the services, which also rewrite the final results."""

    list_display = ["title", "partnership", "kind", "framework", "deadline", "anonymise"]
    list_filter = ["kind", "partnership"]
    search_fields = ["title"]
    list_select_related = ["partnership", "framework"]
    fields = ["title", "deadline", "anonymise"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a round opens with a scan per organisation: only through its page
