from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

V = TypeVar("V", bound=Callable)


def overview_page[V: Callable](view: V) -> V:
    """Mark a list or overview page: the query-count safety net checks every marked page
    issues the same number of queries at two data sizes."""
    view.dijkwacht_overview = True  # type: ignore[attr-defined]
    return view


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
