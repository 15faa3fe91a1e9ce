from django.http import HttpRequest

from dijkwacht.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict:
    """The header's unread count, read only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
