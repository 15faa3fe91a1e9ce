"""Every API list comes in pages: `page` (from 1) and `page_size` (at most MAX_PAGE_SIZE).

The body stays the list itself, so a client that read a whole list before reads its first page
now; how much there is travels in headers, as the NL API strategy's pagination extension and
RFC 8288 describe: `X-Total-Count`, `X-Pagination-Page`, `X-Pagination-Limit` and a `Link`
header with `first`, `prev`, `next` and `last`. A page past the end is an empty list.

An operation takes its query as a schema derived from `PageQuery` and returns
`page_of(request, response, rows, query)`. Counting costs one query, always: a list's queries
do not depend on how much there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# Far beyond any real list; bounds the OFFSET a caller can make the database skip.
MAX_PAGE = 10_000


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Welke pagina, vanaf 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=(
            f"Hoeveel per pagina; standaard {DEFAULT_PAGE_SIZE}, hoogstens {MAX_PAGE_SIZE}."
        ),
    )


# The headers in the OpenAPI document of every list.
PAGE_HEADERS: dict[str, Any] = {
    "X-Total-Count": {
        "description": "Hoeveel er in totaal zijn, over alle pagina's.",
        "schema": {"type": "integer"},
    },
    "X-Pagination-Page": {"description": "Deze pagina.", "schema": {"type": "integer"}},
    "X-Pagination-Limit": {"description": "Hoeveel per pagina.", "schema": {"type": "integer"}},
    "Link": {
        "description": "De eerste, vorige, volgende en laatste pagina (RFC 8288).",
        "schema": {"type": "string"},
    },
}


def _link(request: HttpRequest, page: int, size: int, rel: str) -> str:
    query = request.GET.copy()
    query["page"], query["page_size"] = str(page), str(size)
    address = request.build_absolute_uri(request.path)
    return f'<{address}?{urlencode(sorted(query.lists()), doseq=True)}>; rel="{rel}"'


def page_of(
    request: HttpRequest,
    response: HttpResponse,
    rows: QuerySet[Any] | Sequence[Any],
    query: PageQuery,
) -> list[Any]:
    """The requested page of `rows`, with the headers that say where it lies."""
    size, number = query.page_size, query.page
    start = (number - 1) * size
    items = list(rows[start : start + size])
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    # The last page a caller may ask for (MAX_PAGE bounds how far the database skips).
    last = min(max(1, -(-total // size)), MAX_PAGE)
    links = [_link(request, 1, size, "first")]
    if number > 1:
        links.append(_link(request, min(number - 1, last), size, "prev"))
    if number < last:
        links.append(_link(request, number + 1, size, "next"))
    links.append(_link(request, last, size, "last"))
    response["X-Total-Count"] = str(total)
    response["X-Pagination-Page"] = str(number)
    response["X-Pagination-Limit"] = str(size)
    response["Link"] = ", ".join(links)
    return items


def with_page_headers(answer: HttpResponse, response: HttpResponse) -> HttpResponse:
    """An operation that answers with its own response (plain JSON, for a long list) carries
    the page's headers that `page_of` put on Ninja's `response`."""
    for name in PAGE_HEADERS:
        if name in response:
            answer[name] = response[name]
    return answer


def document_pages(schema: dict[str, Any]) -> dict[str, Any]:
    """The page headers on the answer of every list in the OpenAPI document."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            names = {p.get("name") for p in operation.get("parameters", [])}
            ok = operation.get("responses", {}).get("200")
            if {"page", "page_size"} <= names and ok is not None:
                ok["headers"] = PAGE_HEADERS
    return schema
