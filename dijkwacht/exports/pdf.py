"""PDF documents: a template rendered to HTML and laid out by WeasyPrint as PDF/UA."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template as a tagged PDF/UA document. The template's `<html lang>` and `<title>`
    give the document its language and title (screen readers need both): `LANGUAGE_CODE`
    is in the context for that. Set the font in `@page` too, or page numbers fall back."""
    from weasyprint import HTML  # imported here: it loads Pango, which only documents need

    html = render_to_string(
        template, {"LANGUAGE_CODE": translation.get_language() or "nl", **context}
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
