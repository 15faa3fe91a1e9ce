"""Errors for machines as RFC 9457 problem details (`application/problem+json`): the API
answers them, and so does every middleware that stops an API request before it gets there."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

PROBLEM = "application/problem+json"


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM)
