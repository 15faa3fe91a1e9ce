from django.contrib import admin

from dijkwacht.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """To read what people were told (and whether it was mailed), not to change it."""

    list_display = ["created_at", "user", "event", "title", "delivery", "mailed_at", "read_at"]
    list_filter = ["event", "delivery"]
    search_fields = ["user__email", "title"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
