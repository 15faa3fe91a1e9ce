"""Permission before input: a request the caller may not make answers 403 or 404, never a 400
or 422 that describes the fields it sent (that would tell an outsider what an object accepts,
and that it exists).

Django Ninja validates an operation's body and query before the operation runs. An operation
whose permission depends on its path therefore names a check with `@permission_first(check)`:
the check runs before Ninja reads any input — with the path's values as the URL gave them, for
an authenticated caller (anyone else still gets the operation's 401). A check raises Http404
or PermissionDenied, or returns what the operation needs; the operation takes that with
`permitted(request, check, …)` instead of looking it up again.

A write names `atomic=True`: the check and the operation then run in one transaction, so the
check can read and lock what the operation changes in a single query (a scan's answers: the
scan, visible to the caller, locked against its submission) and the operation need not read it
again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja.decorators import decorate_view

from dijkwacht.api import errors
from dijkwacht.api.auth import BearerToken

_PERMITTED = "_dijkwacht_permitted"


def _authenticated(request: HttpRequest) -> bool:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return True
    return bool(request.headers.get("Authorization") and BearerToken()(request))


def permission_first(
    check: Callable[..., Any], *, atomic: bool = False
) -> Callable[[Callable[..., Any]], Any]:
    def guard(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def checked(request: HttpRequest, *args: Any, **path: Any) -> HttpResponse:
            if _authenticated(request):
                try:
                    setattr(request, _PERMITTED, (check, check(request, **path)))
                except Http404 as missing:
                    return errors.not_found(request, missing)
                except PermissionDenied as denied:
                    return errors.forbidden(request, denied)
            return run(request, *args, **path)

        @functools.wraps(run)
        def guarded(request: HttpRequest, *args: Any, **path: Any) -> HttpResponse:
            if not atomic:
                return checked(request, *args, **path)
            with transaction.atomic():
                return checked(request, *args, **path)

        return guarded

    return decorate_view(guard)


def permitted(request: HttpRequest, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What `check` returned for this request before its input was read (or, when it did not
    run, what it returns now)."""
    done = getattr(request, _PERMITTED, None)
    if done is not None and done[0] is check:
        return done[1]
    return check(request, *args, **kwargs)
