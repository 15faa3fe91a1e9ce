"""The annual report: the list, a new report, composing the draft beside the platform's facts,
publishing a version, and the documents of each version (made in the background)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.insights import annual, documents, selectors, services
from dijkwacht.insights.forms import AnnualReportNewForm, AnnualReportTextsForm
from dijkwacht.insights.permissions import can_compose_report
from dijkwacht.organisations.selectors import coordinated_partnerships


def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the user may read, filtered by partnership and status, as a page or CSV."""
    reports = selectors.annual_reports_for(request.user)
    partnerships = {r.partnership for r in reports}
    chosen = request.GET.get("samenwerkingsverband", "")
    if chosen.isdigit():
        reports = reports.filter(partnership_id=int(chosen))
    status = request.GET.get("status", "")
    if status in ("published", "draft"):
        reports = reports.filter(published_at__isnull=status == "draft")
    rows = list(reports)
    if request.GET.get("formaat") == "csv":
        return attachment(
            csv_document(
                [
                    _("Report"),
                    _("Partnership"),
                    _("Organisation"),
                    _("Year"),
                    _("Status"),
                    _("Versions"),
                ],
                [
                    [
                        r.title,
                        r.partnership.name,
                        r.organisation.name if r.organisation else "",
                        str(r.year),
                        _("published") if r.published_at else _("draft"),
                        str(r.version_count),  # type: ignore[attr-defined]
                    ]
                    for r in rows
                ],
            ),
            "jaarverslagen.csv",
        )
    query = urlencode(
        {k: v for k, v in (("samenwerkingsverband", chosen), ("status", status)) if v}
    )
    return render(
        request,
        "insights/report_list.html",
        {
            "reports": rows,
            "partnerships": sorted(partnerships, key=lambda p: p.name),
            "chosen_partnership": int(chosen) if chosen.isdigit() else None,
            "chosen_status": status,
            "query": query,
            "may_compose": coordinated_partnerships(request.user).exists(),
        },
    )


def report_create(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.report_subjects(request.user)
    if not partnerships:
        return redirect("insights:report_list")
    form = AnnualReportNewForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.annual_report_create(
                actor=request.user,
                partnership=data["partnership"],
                organisation=data["organisation"],
                year=data["year"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("insights:report_detail", pk=report.pk)
    return render(request, "insights/report_new.html", {"form": form})


def _add_errors(form: Any, error: ValidationError, prefix: str = "") -> None:
    """A service's errors at their fields (a text's at its block), the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        name = field if field in form.fields else f"{prefix}{field}"
        form.add_error(name if name in form.fields else None, problems)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """For its composers the draft beside the facts as they are now; for everyone who may
    read it, the published versions to download."""
    report = selectors.get_annual_report_for(request.user, pk)
    composer = can_compose_report(request.user, report.partnership)
    context = {
        "report": report,
        "versions": list(selectors.report_versions(report)),
        "composer": composer,
        "variants": documents.VARIANTS,
    }
    if composer:
        content = annual.content(report, request.user)
        form = AnnualReportTextsForm(request.POST or None, report=report, content=content)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.annual_report_save(
                    actor=request.user,
                    report=report,
                    texts=data["texts"],
                    plans=data["plans"],
                    title=data["title"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                )
            except ValidationError as error:
                _add_errors(form, error, prefix="text-")
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("insights:report_detail", pk=report.pk)
        context.update(
            content=content,
            form=form,
            fields=form.by_key,
            charts=documents.report_charts(content),
            text_only={s.key for s in annual.SECTIONS if s.facts is None},
        )
    return render(request, "insights/report_detail.html", context)


@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_annual_report_for(request.user, pk)
    if not can_compose_report(request.user, report.partnership):
        return redirect("insights:report_detail", pk=report.pk)
    version = services.annual_report_publish(actor=request.user, report=report)
    messages.success(
        request,
        _("Version %(number)s is published. Later changes do not change it.")
        % {"number": version.number},
    )
    return redirect("insights:report_detail", pk=report.pk)
