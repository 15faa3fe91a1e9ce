import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue.documents import system_text
from dijkwacht.catalogue.selectors import register_evidence
from dijkwacht.core.forms import attach_errors, refuse_large_uploads
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.views import overview_page, step
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.scans import answer_sheet, documents, scoring, selectors, services
from dijkwacht.scans.extensions import reach_evidence
from dijkwacht.scans.forms import (
    AgreeForm,
    AnswerForm,
    AnswersUploadForm,
    EvidenceForm,
    ReopenForm,
    row_problems,
)
from dijkwacht.scans.models import Evidence, Norm, ScanKind
from dijkwacht.scans.permissions import can_agree, can_answer


@overview_page
def scan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "scans/scan_list.html", {"scans": selectors.my_scans(request.user)})


def _answer_form(scan, norm, answer, options, data=None) -> AnswerForm:
    """One norm's fields. They belong to their theme's form (the HTML `form` attribute): the
    theme's button saves them all at once, while htmx saves each norm as it changes."""
    initial = (
        {
            "option": answer.option_id,
            "explanation": answer.explanation,
            "evidence_url": answer.evidence_url,
            "finding": answer.finding,
            "recommendation": answer.recommendation,
            "seen": _seen(answer),
        }
        if answer
        else None
    )
    form = AnswerForm(
        data,
        initial=initial,
        options=options,
        review=scan.kind == ScanKind.REVIEW,
        prefix=f"n{norm.pk}",
    )
    for field in form.fields.values():
        field.widget.attrs["form"] = theme_form_id(norm.theme_id)
    return form


def theme_form_id(theme_id: int) -> str:
    return f"theme-{theme_id}-answers"


def _seen(answer: Any) -> str:
    """When the stored answer last changed, as a page shows it (empty: no answer yet)."""
    return answer.updated_at.isoformat() if answer is not None else ""


@overview_page
def scan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _scan_page(request, selectors.get_scan_for(request.user, pk))


def _register_evidence(request: AuthenticatedHttpRequest, scan, sheet) -> dict[int, list]:
    """Per norm that asks for it, what the organisation registers in according to the overview
    of registration systems: (kind of register, in words), with a link to the overview."""
    asked = {norm.pk: norm.registers for _theme, rows in sheet for norm, *_rest in rows}
    evidence = register_evidence(
        request.user, scan.organisation_id, {c for codes in asked.values() for c in codes}
    )
    by_code = {e.kind.code: (e.kind.name, system_text(e.system)) for e in evidence}
    return {
        pk: [by_code[code] for code in codes if code in by_code]
        for pk, codes in asked.items()
        if codes
    }


def _reach_day(scan) -> datetime.date:
    """Reach is read over the twelve months up to the round's deadline (or today, before)."""
    return min(timezone.localdate(), scan.round.deadline)


def _reach_evidence(scan, sheet) -> dict[int, list[str]]:
    """Per norm that asks for it, what the awareness work reached of the organisation's target
    groups in the twelve months up to `_reach_day`."""
    asked = {norm.pk: norm.reach for _theme, rows in sheet for norm, *_rest in rows if norm.reach}
    return reach_evidence(scan.organisation_id, asked, _reach_day(scan))


def _upload_form(scan, data=None, files=None) -> AnswersUploadForm:
    parts = selectors.framework_parts(scan.round.framework)
    return AnswersUploadForm(
        data,
        files,
        norms_by_code=parts.norms_by_code,
        options=list(parts.options.values()),
        review=scan.kind == ScanKind.REVIEW,
    )


def _scan_page(
    request: AuthenticatedHttpRequest, scan, upload_form=None, bound=None, status: int = 200
) -> HttpResponse:
    """The scan's page; `bound` holds forms sent back with their problems, by norm."""
    editable = can_answer(request.user, scan)
    options = list(scan.round.framework.scale.all())
    bound = bound or {}
    sheet = [
        (
            theme,
            [
                (
                    norm,
                    answer,
                    (bound.get(norm.pk) or _answer_form(scan, norm, answer, options))
                    if editable
                    else None,
                )
                for norm, answer in rows
            ],
        )
        for theme, rows in selectors.scan_sheet(scan)
    ]
    results = selectors.scan_results(scan)
    return render(
        request,
        "scans/scan_detail.html",
        {
            "scan": scan,
            "sheet": sheet,
            "registers": _register_evidence(request, scan, sheet),
            "reach": _reach_evidence(scan, sheet),
            "reach_day": _reach_day(scan),
            "evidence": selectors.scan_evidence(scan),
            "previous": selectors.previous_answers(access_for(request.user), scan),
            "evidence_form": EvidenceForm() if editable else None,
            "upload_form": (upload_form or _upload_form(scan)) if editable else None,
            "reopen_form": ReopenForm()
            if scan.is_submitted and can_coordinate(request.user, scan.round.partnership)
            else None,
            "editable": editable,
            "side_by_side": selectors.sees_both_scans(request.user, scan),
            "overall": scoring.score(results),
            "basis_op_orde": scoring.basis_op_orde(results),
            "answered": sum(1 for _t, rows in sheet for _n, answer, _f in rows if answer),
            "total": len(results),
        },
        status=status,
    )


@require_POST
def theme_save(request: AuthenticatedHttpRequest, pk: int, theme_id: int) -> HttpResponse:
    """A theme's answers in one request, in one short transaction with the scan locked. Only
    the norms that differ from what is stored are written; a norm left empty stays unanswered.
    One wrong answer, or one changed by someone else since the page was opened, and none is
    saved: the theme is shown again with the problem at its norm."""
    with transaction.atomic():
        scan = selectors.get_scan_for_update(request.user, pk)
        if not can_answer(request.user, scan):
            raise PermissionDenied
        parts = selectors.framework_parts(scan.round.framework)
        norms = [n for n in parts.norms if n.theme_id == theme_id]
        if not norms:
            raise Http404
        options = list(parts.options.values())
        current = selectors.answers_by_norm(scan, [norm.pk for norm in norms])
        given = [
            (norm, form)
            for norm in norms
            if (form := _answer_form(scan, norm, current.get(norm.pk), options, request.POST))
            and set(form.changed_data) - {"seen"}
        ]
        saved = False
        if all(form.is_valid() for _norm, form in given):
            stale = [
                form
                for norm, form in given
                if form.cleaned_data["seen"] != _seen(current.get(norm.pk))
            ]
            for form in stale:
                form.add_error(
                    None,
                    _("Someone changed this answer after you opened the page; reload it to see."),
                )
            if not stale:
                try:
                    services.answers_save(
                        actor=request.user,
                        locked=scan,
                        answers=[_given(norm, form) for norm, form in given],
                    )
                    saved = True
                except ValidationError as error:
                    for key, messages_ in error.message_dict.items():
                        given[int(key.split(".")[0])][1].add_error(None, messages_)
    if saved:
        messages.success(
            request,
            ngettext(
                "%(count)s answer saved in theme %(theme)s.",
                "%(count)s answers saved in theme %(theme)s.",
                len(given),
            )
            % {"count": len(given), "theme": norms[0].theme.code},
        )
        return redirect(f"{scan_url(scan)}#theme-{theme_id}")
    messages.error(request, _("Nothing in this theme was saved; see the norms marked."))
    return _scan_page(request, scan, bound={norm.pk: form for norm, form in given}, status=400)


def _given(norm: Any, form: AnswerForm) -> services.AnswerInput:
    return services.AnswerInput(
        norm=norm,
        option=form.cleaned_data["option"],
        explanation=form.cleaned_data["explanation"],
        evidence_url=form.cleaned_data["evidence_url"],
        finding=form.cleaned_data.get("finding", ""),
        recommendation=form.cleaned_data.get("recommendation", ""),
    )


def answers_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The scan as an Excel sheet to fill offline and upload again."""
    scan = selectors.get_scan_for(request.user, pk)
    name = slugify(f"{scan.round.title} {scan.organisation.name} {scan.get_kind_display()}")
    return attachment(documents.answers_sheet(scan), f"{name}.xlsx")


@require_POST
def answers_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answers from the Excel sheet. The sheet is read and checked before the scan is locked
    (reading takes longer than saving); then, in one short transaction, every row that differs
    from what is stored is saved, or none, with the problems by row next to the field."""
    scan = selectors.get_scan_for(request.user, pk)
    if not can_answer(request.user, scan):
        raise PermissionDenied
    form = refuse_large_uploads(_upload_form(scan, request.POST, request.FILES), request, "file")
    if form.is_valid():
        rows = form.cleaned_data["file"]
        changes: list[tuple[Any, services.AnswerInput]] = []
        try:
            with transaction.atomic():
                locked = selectors.get_scan_for_update(request.user, pk)
                stored = selectors.answers_by_norm(locked, [row.norm.pk for row in rows])
                changes = [
                    (row, given)
                    for row in rows
                    if (given := _sheet_answer(row, stored.get(row.norm.pk))) is not None
                ]
                services.answers_save(
                    actor=request.user, locked=locked, answers=[given for _row, given in changes]
                )
        except ValidationError as error:
            # The service names a problem "<position>.<field>"; the position is a change's.
            problems = []
            for key, messages_ in error.message_dict.items():
                position, field = key.split(".", 1)
                column = answer_sheet.column_of(field)
                row = changes[int(position)][0].row
                problems += [(row, f"{column}: {message}") for message in messages_]
            form.problems = row_problems(problems)
            form.add_error("file", _("The sheet has problems; nothing has been saved."))
        else:
            if changes:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s answer saved from the sheet.",
                        "%(count)s answers saved from the sheet.",
                        len(changes),
                    )
                    % {"count": len(changes)},
                )
            else:
                messages.info(request, _("The sheet's answers are those of the scan already."))
            return redirect(scan_url(scan))
    return _scan_page(request, scan, upload_form=form, status=400)


def _sheet_answer(row: answer_sheet.SheetAnswer, stored: Any) -> services.AnswerInput | None:
    """The row as an answer: a text the sheet has no column for keeps what is stored. None
    when the row says what is stored already (no write, no audit line)."""
    texts = {
        field: row.texts.get(field, getattr(stored, field, "") if stored else "")
        for field in ("explanation", "evidence_url", "finding", "recommendation")
    }
    if (
        stored is not None
        and stored.option_id == row.option.pk
        and all(getattr(stored, field) == text.strip() for field, text in texts.items())
    ):
        return None
    return services.AnswerInput(norm=row.norm, option=row.option, **texts)


@require_POST
def answer_save(request: AuthenticatedHttpRequest, pk: int, norm_id: int) -> HttpResponse:
    """Save one norm's answer: by htmx as you go, or with the norm's own button. The scan is
    read, scoped and locked in one query; the norm and the scale come from memory."""
    with transaction.atomic():
        scan = selectors.get_scan_for_update(request.user, pk)
        parts = selectors.framework_parts(scan.round.framework)
        norm = parts.norms_by_id.get(norm_id)
        if norm is None:
            raise Http404
        if not can_answer(request.user, scan):
            raise PermissionDenied
        options = list(parts.options.values())
        form = _answer_form(scan, norm, None, options, request.POST)
        saved = False
        if form.is_valid():
            try:
                [answer] = services.answers_save(
                    actor=request.user, locked=scan, answers=[_given(norm, form)]
                )
                saved = True
                # Shown again as stored: the theme's button then knows this answer is new.
                form = _answer_form(scan, norm, answer, options)
            except ValidationError as error:
                form.add_error(None, error.messages)
    if request.htmx:
        response = render(
            request,
            "scans/scan_detail.html#norm",
            {"scan": scan, "norm": norm, "form": form, "saved": saved, "editable": True},
            status=200 if saved else 400,
        )
        if saved and not request.POST.get(f"n{norm.pk}-seen"):
            # The page showed this norm unanswered: tell it how many norms are answered now
            # (counted, so two saves of one norm in flight cannot count it twice).
            answered = selectors.answered_count(scan)
            response["HX-Trigger"] = json.dumps({"dw-answered": {"count": answered}})
        return response
    if saved:
        messages.success(request, _("Answer saved: %(code)s") % {"code": norm.code})
        return redirect(f"{scan_url(scan)}#norm-{norm.pk}")
    messages.error(
        request, _("The answer to %(code)s was not saved; see the norm.") % {"code": norm.code}
    )
    return redirect(f"{scan_url(scan)}#norm-{norm.pk}")


def scan_url(scan) -> str:
    return reverse("scans:scan_detail", args=[scan.pk])


@require_POST
def scan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan = selectors.get_scan_for(request.user, pk)
    return step(
        request,
        lambda: services.scan_submit(actor=request.user, scan=scan),
        done=_("The scan is submitted and locked."),
        then=scan_url(scan),
    )


@overview_page
def scan_gaps(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Self-scan against review, norm by norm: for whoever may see both (the coordinator; the
    assessor once the review is submitted). After the review, a final score can be agreed."""
    scan = selectors.get_scan_for(request.user, pk)
    gaps = selectors.scan_gaps(request.user, scan)
    if gaps is None:
        raise Http404
    return _gaps_page(request, scan, gaps)


def _gaps_page(request, scan, gaps, failed=None, status=200) -> HttpResponse:
    """`failed` is (norm id, bound form) of an agreement that did not validate."""
    review = selectors.review_of(scan)
    review_done = review is not None and review.is_submitted
    agree = review_done and can_agree(request.user, scan.round)
    options = list(scan.round.framework.scale.all()) if agree else []
    agreed = selectors.agreed_scores(scan.round, scan.organisation_id)
    rows = []
    for gap in gaps:
        form = None
        if agree:
            if failed and failed[0] == gap.norm.pk:
                form = failed[1]
            else:
                current = agreed.get(gap.norm.pk)
                form = AgreeForm(
                    options=options,
                    prefix=f"n{gap.norm.pk}",
                    initial={"option": current.option_id, "reason": current.reason}
                    if current
                    else None,
                )
        rows.append((gap, agreed.get(gap.norm.pk), form))
    return render(
        request,
        "scans/scan_gaps.html",
        {
            "scan": scan,
            "rows": rows,
            "can_agree": agree,
            "review": review,
            "can_release": review_done and can_coordinate(request.user, scan.round.partnership),
        },
        status=status,
    )


@require_POST
def review_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator releases the organisation's review to it (`pk`: either scan of the
    pair, as on the side-by-side page)."""
    scan = selectors.get_scan_for(request.user, pk)
    review = selectors.review_of(scan)
    if review is None or not selectors.sees_both_scans(request.user, scan):
        raise Http404
    return step(
        request,
        lambda: services.review_release(actor=request.user, review=review),
        done=_("The review is released: the organisation now sees it beside its self-scan."),
        then=reverse("scans:scan_gaps", args=[scan.pk]),
    )


@require_POST
def score_agree(request: AuthenticatedHttpRequest, pk: int, norm_id: int) -> HttpResponse:
    scan = selectors.get_scan_for(request.user, pk)
    gaps = selectors.scan_gaps(request.user, scan)
    if gaps is None:
        raise Http404
    if not can_agree(request.user, scan.round):
        raise PermissionDenied
    norm = get_visible_or_404(Norm.objects.filter(framework_id=scan.round.framework_id), pk=norm_id)
    form = AgreeForm(
        request.POST, options=list(scan.round.framework.scale.all()), prefix=f"n{norm.pk}"
    )
    if form.is_valid():
        try:
            services.score_agree(
                actor=request.user,
                scan_round=scan.round,
                organisation=scan.organisation,
                norm=norm,
                option=form.cleaned_data["option"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Agreed score saved: %(code)s") % {"code": norm.code})
            return redirect(f"{reverse('scans:scan_gaps', args=[scan.pk])}#gap-{norm.pk}")
    return _gaps_page(request, scan, gaps, failed=(norm.pk, form))


@require_POST
def evidence_upload(request: AuthenticatedHttpRequest, pk: int, norm_id: int) -> HttpResponse:
    scan = selectors.get_scan_for(request.user, pk)
    norm = get_visible_or_404(Norm.objects.filter(framework_id=scan.round.framework_id), pk=norm_id)
    if not can_answer(request.user, scan):
        raise PermissionDenied
    form = refuse_large_uploads(EvidenceForm(request.POST, request.FILES), request, "file")
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user, scan=scan, norm=norm, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error.message_dict.get("file", error.messages))
    if form.is_valid():
        messages.success(request, _("Evidence added to %(code)s.") % {"code": norm.code})
    else:
        messages.error(
            request,
            _("The file was not added to %(code)s: %(problem)s")
            % {"code": norm.code, "problem": " ".join(str(e) for e in form.errors.get("file", []))},
        )
    return redirect(f"{scan_url(scan)}#norm-{norm.pk}")


def _evidence_for(request: AuthenticatedHttpRequest, pk: int, evidence_pk: int) -> Evidence:
    scan = selectors.get_scan_for(request.user, pk)
    return get_visible_or_404(scan.evidence.select_related("norm", "scan"), pk=evidence_pk)


def evidence_download(request: AuthenticatedHttpRequest, pk: int, evidence_pk: int):
    """Evidence is served only here, to those who may see the scan, as a download."""

    evidence = _evidence_for(request, pk, evidence_pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.filename,
        content_type=evidence.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def evidence_delete(request: AuthenticatedHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _evidence_for(request, pk, evidence_pk)
    services.evidence_delete(actor=request.user, evidence=evidence)
    messages.success(request, _("Evidence removed: %(name)s") % {"name": evidence.filename})
    return redirect(f"{scan_url(evidence.scan)}#norm-{evidence.norm_id}")


@require_POST
def scan_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator opens a submitted scan again, with a reason (kept in the audit trail)."""
    scan = selectors.get_scan_for(request.user, pk)
    if not can_coordinate(request.user, scan.round.partnership):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the scan is reopened."))
        return redirect(scan_url(scan))
    return step(
        request,
        lambda: services.scan_reopen(
            actor=request.user, scan=scan, reason=form.cleaned_data["reason"]
        ),
        done=_("The scan is open again."),
        then=scan_url(scan),
    )
