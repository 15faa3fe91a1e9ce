"""A document as a download: the one way a view or API operation sends a file."""

from __future__ import annotations

from django.http import HttpResponse

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "svg": "image/svg+xml; charset=utf-8",
    "png": "image/png",
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "vcf": "text/vcard; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}


def attachment(content: bytes | str, filename: str) -> HttpResponse:
    """The content as an attachment named `filename`, its type read from the extension (a
    name is made by the app from slugs and dates: plain ASCII, no quotes)."""
    kind = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
