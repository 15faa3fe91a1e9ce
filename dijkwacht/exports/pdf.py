"""PDF documents from plain data: a template rendered to HTML, laid out by WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only documents need

    html = render_to_string(template, context)
    # PDF/UA: tagged structure, language and title, so screen readers can read the report.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def progress_report_pdf(report: Any) -> bytes:
    return render_pdf("exports/progress_report.html", {"report": report})
