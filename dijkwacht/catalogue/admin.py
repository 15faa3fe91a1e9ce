from django.contrib import admin

from dijkwacht.catalogue.models import AreaKind, RegisterKind, Theme
from dijkwacht.core.admin import AuditedAdmin


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    """The themes sources and contact persons are filed under: reference data. Sources and
    requests are kept by the organisations themselves, in the app."""

    list_display = ["name", "code", "position"]
    ordering = ["position", "name"]


@admin.register(RegisterKind)
class RegisterKindAdmin(AuditedAdmin):
    """The columns of the overview of registration systems: reference data."""

    list_display = ["name", "code", "position"]
    ordering = ["position", "name"]


@admin.register(AreaKind)
class AreaKindAdmin(AuditedAdmin):
    """The layers of the map, with their colour and statuses: reference data. The areas are
    kept by the organisations themselves, in the app."""

    list_display = ["name", "code", "colour", "theme", "position"]
    ordering = ["position", "name"]
