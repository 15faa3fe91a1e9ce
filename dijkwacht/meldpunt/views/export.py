"""A handler exports one report as a PDF for forwarding, with passages redacted."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.services import audit_record
from dijkwacht.meldpunt import documents, selectors
from dijkwacht.meldpunt.models import Purpose


class RedactionForm(forms.Form):
    passages = forms.CharField(
        label=_("Passages to redact"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line: names, addresses, anything that could identify someone. "
            "Every occurrence is removed, also in the answers and messages."
        ),
    )

    def cleaned_passages(self) -> list[str]:
        return [line for line in self.cleaned_data["passages"].splitlines() if line.strip()]


def report_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the report (opened for export, logged) with the redaction form. POST: the PDF,
    logged as an export."""
    form = RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = selectors.open_report(request.user, pk, Purpose.EXPORT, action="export_pdf")
        passages = form.cleaned_passages()
        pdf = documents.report_pdf(report, passages)
        audit_record(
            actor=request.user,
            action="meldpunt.report_export",
            obj=report,
            changes={"redactions": (None, len(passages))},
            organisation=report.organisation,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="melding-{report.number}.pdf"'
        return response
    report = selectors.open_report(request.user, pk, Purpose.EXPORT)
    return render(
        request,
        "meldpunt/reports/export.html",
        {"report": report, "form": form, "preview": documents.export_context(report, [])},
    )
