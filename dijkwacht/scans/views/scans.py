from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.types import AuthenticatedHttpRequest
from dijkwacht.core.views import overview_page
from dijkwacht.scans import scoring, selectors, services
from dijkwacht.scans.forms import AnswerForm
from dijkwacht.scans.models import Norm, ScanKind
from dijkwacht.scans.permissions import can_answer


@overview_page
def scan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "scans/scan_list.html", {"scans": selectors.my_scans(request.user)})


def _answer_form(scan, norm, answer, options, data=None) -> AnswerForm:
    initial = (
        {"option": answer.option_id, "explanation": answer.explanation,
         "evidence_url": answer.evidence_url, "finding": answer.finding,
         "recommendation": answer.recommendation}
        if answer else None
    )  # fmt: skip
    return AnswerForm(
        data,
        initial=initial,
        options=options,
        review=scan.kind == ScanKind.REVIEW,
        prefix=f"n{norm.pk}",
    )


@overview_page
def scan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan = selectors.get_scan_for(request.user, pk)
    editable = can_answer(request.user, scan)
    options = list(scan.round.framework.scale.all())
    sheet = [
        (theme, [(norm, answer, _answer_form(scan, norm, answer, options) if editable else None)
                 for norm, answer in rows])
        for theme, rows in selectors.scan_sheet(scan)
    ]  # fmt: skip
    results = selectors.scan_results(scan)
    return render(
        request,
        "scans/scan_detail.html",
        {
            "scan": scan,
            "sheet": sheet,
            "editable": editable,
            "overall": scoring.score(results),
            "basis_op_orde": scoring.basis_op_orde(results),
            "answered": sum(1 for _t, rows in sheet for _n, answer, _f in rows if answer),
            "total": len(results),
        },
    )


@require_POST
def answer_save(request: AuthenticatedHttpRequest, pk: int, norm_id: int) -> HttpResponse:
    """Save one norm's answer: by htmx as you go, or with the norm's own button."""
    scan = selectors.get_scan_for(request.user, pk)
    norm = get_visible_or_404(Norm.objects.filter(framework_id=scan.round.framework_id), pk=norm_id)
    if not can_answer(request.user, scan):
        raise PermissionDenied
    options = list(scan.round.framework.scale.all())
    form = _answer_form(scan, norm, None, options, request.POST)
    saved = False
    if form.is_valid():
        try:
            services.answer_save(
                actor=request.user, scan=scan, norm=norm,
                option=form.cleaned_data["option"],
                explanation=form.cleaned_data["explanation"],
                evidence_url=form.cleaned_data["evidence_url"],
                finding=form.cleaned_data.get("finding", ""),
                recommendation=form.cleaned_data.get("recommendation", ""),
            )  # fmt: skip
            saved = True
        except ValidationError as error:
            form.add_error(None, error)
    if request.htmx:
        return render(
            request, "scans/scan_detail.html#norm",
            {"scan": scan, "norm": norm, "form": form, "saved": saved, "editable": True},
            status=200 if saved else 400,
        )  # fmt: skip
    if saved:
        messages.success(request, _("Answer saved: %(code)s") % {"code": norm.code})
        return redirect(f"{scan_url(scan)}#norm-{norm.pk}")
    messages.error(
        request, _("The answer to %(code)s was not saved; see the norm.") % {"code": norm.code}
    )
    return redirect(f"{scan_url(scan)}#norm-{norm.pk}")


def scan_url(scan) -> str:
    from django.urls import reverse

    return reverse("scans:scan_detail", args=[scan.pk])


@require_POST
def scan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan = selectors.get_scan_for(request.user, pk)
    try:
        services.scan_submit(actor=request.user, scan=scan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scan is submitted and locked."))
    return redirect(scan_url(scan))


@overview_page
def scan_gaps(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Self-scan against review, norm by norm: for whoever may see both (the coordinator; the
    assessor once the review is submitted)."""
    scan = selectors.get_scan_for(request.user, pk)
    gaps = selectors.scan_gaps(request.user, scan)
    if gaps is None:
        raise Http404
    return render(request, "scans/scan_gaps.html", {"scan": scan, "gaps": gaps})
