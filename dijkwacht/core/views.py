from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

V = TypeVar("V", bound=Callable)


def overview_page[V: Callable](view: V) -> V:
    """Mark a list or overview page: the query-count safety net checks every marked page
    issues the same number of queries at two data sizes."""
    view.dijkwacht_overview = True  # type: ignore[attr-defined]
    return view


def step(request: HttpRequest, run: Callable[[], Any], *, done: str, then: str) -> HttpResponse:
    """One step of a page (a button that runs a service): the service's ValidationError
    becomes an error message, success the message `done`; either way back to `then`."""
    try:
        run()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(then)


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
