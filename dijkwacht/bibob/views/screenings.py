"""The Bibob team's register: the list with its clocks, opening a screening, its page with the
steps still possible, recording a step, correcting the base facts and passing information on.

Only the organisation's Bibob officers reach any of these pages; everyone else gets 404 on a
screening and the figures (counts) instead of the list. The page of a screening shows its
content, so each view of it is logged (`selectors.open_screening`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.bibob import selectors, services, workflow
from dijkwacht.bibob.forms import DisclosureForm, ScreeningFilterForm, ScreeningForm, StepForm
from dijkwacht.bibob.models import Purpose, Screening
from dijkwacht.bibob.permissions import bibob_organisation_ids
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.selectors import organisations_by_pk


def _team_only(request: AuthenticatedHttpRequest) -> list:
    organisations = organisations_by_pk(bibob_organisation_ids(request.user))
    if not organisations:
        raise Http404
    return organisations


def _filtered(request: AuthenticatedHttpRequest):
    form = ScreeningFilterForm(request.GET or None, years=selectors.opened_years(request.user))
    return form, selectors.screening_list_for(request.user, form.filters())


@overview_page
@require_GET
def screening_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's register. Anyone without a Bibob role reads the figures instead."""
    if not bibob_organisation_ids(request.user):
        return redirect("bibob:figures")
    organisations = _team_only(request)
    form, rows = _filtered(request)
    return render(
        request,
        "bibob/screening_list.html",
        {
            "form": form,
            "rows": rows,
            "filtered": form.filtered,
            "show_organisation": len(organisations) > 1,
            "term_labels": selectors.TERM_LABELS,
        },
    )


@never_cache
@overview_page
@require_GET
def screening_list_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as CSV: references, categories, statuses, dates and terms; never the subject
    or the decision (those stay behind the logged page)."""
    _team_only(request)
    _form, rows = _filtered(request)
    header = [
        _("Reference"),
        _("Organisation"),
        _("Domain"),
        _("Category"),
        _("Status"),
        _("Opened on"),
        _("LBB advice requested on"),
        _("LBB conclusion"),
        _("Decision"),
        _("Decided on"),
        _("Term"),
        _("Runs out on"),
    ]

    def first_term(row: selectors.ListRow) -> tuple[str, str]:
        for term in sorted(row.terms.values(), key=lambda t: t.due or timezone.localdate()):
            label = str(selectors.TERM_LABELS[term.key])
            return label, term.due.isoformat() if term.due else _("paused")
        return "", ""

    lines = []
    for row in rows:
        s = row.screening
        lines.append(
            [
                s.reference,
                s.organisation.name,
                s.get_domain_display(),
                s.category.name,
                s.get_status_display(),
                s.opened_on.isoformat(),
                s.lbb_requested_on.isoformat() if s.lbb_requested_on else "",
                s.get_lbb_conclusion_display(),
                s.get_outcome_display(),
                s.decided_on.isoformat() if s.decided_on else "",
                *first_term(row),
            ]
        )
    return attachment(csv_document(header, lines), "bibob-screenings.csv")


@require_http_methods(["GET", "POST"])
def screening_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = _team_only(request)
    form = ScreeningForm(
        request.POST or None,
        organisations=organisations,
        categories=selectors.categories(),
    )
    if request.method == "POST" and form.is_valid():
        chosen = {o.pk: o for o in organisations}
        data = form.cleaned_data
        organisation = chosen.get(data.get("organisation") or organisations[0].pk)
        if organisation is None:
            form.add_error("organisation", _("Choose one of your organisations."))
        else:
            try:
                screening = services.screening_create(
                    actor=request.user,
                    organisation=organisation,
                    category=data["category"],
                    decision_subject=data["decision_subject"],
                    decision_due_on=data["decision_due_on"],
                    subject_kind=data["subject_kind"],
                    subject_name=data["subject_name"],
                    subject_kvk=data["subject_kvk"],
                    trigger=data["trigger"],
                    trigger_note=data["trigger_note"],
                    opened_on=data["opened_on"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(
                    request, _("Screening %(reference)s opened.") % {"reference": screening}
                )
                return redirect("bibob:screening_detail", pk=screening.pk)
    return render(request, "bibob/screening_form.html", {"form": form, "screening": None})


def _page(
    request: AuthenticatedHttpRequest,
    screening: Screening,
    *,
    forms: dict[str, StepForm] | None = None,
    disclosure: DisclosureForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    table = selectors.legal_terms()
    steps = workflow.steps_from(screening.status)
    step_forms = {step.action: StepForm(step=step) for step in steps}
    step_forms.update(forms or {})
    return render(
        request,
        "bibob/screening_detail.html",
        {
            "screening": screening,
            "terms": list(selectors.clock_of(screening, today, table).values()),
            "term_labels": selectors.TERM_LABELS,
            "history": selectors.screening_steps(screening),
            "step_labels": {s.action: s.label for s in workflow.STEPS.values()},
            "step_forms": list(step_forms.values()),
            "disclosures": selectors.screening_disclosures(screening),
            "disclosure_form": disclosure or DisclosureForm(),
            "failed": next(iter((forms or {}).values()), None)
            or (disclosure if disclosure is not None else None),
        },
        status=status,
    )


@never_cache
@require_GET
def screening_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    screening = selectors.open_screening(request.user, pk, Purpose.HANDLING)
    return _page(request, screening)


@never_cache
@require_POST
def screening_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    screening = selectors.get_screening_for(request.user, pk)
    step = workflow.STEPS.get(action)
    if step is None:
        raise Http404
    form = StepForm(request.POST, step=step)
    if form.is_valid():
        try:
            services.screening_step(
                actor=request.user,
                screening=screening,
                action=action,
                date=form.cleaned_data["date"],
                note=form.cleaned_data.get("note", ""),
                **form.values(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": step.label})
            return redirect("bibob:screening_detail", pk=screening.pk)
    opened = selectors.open_screening(request.user, pk, Purpose.HANDLING)
    return _page(request, opened, forms={action: form}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def screening_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    screening = selectors.open_screening(request.user, pk, Purpose.HANDLING)
    organisations = organisations_by_pk([screening.organisation_id])
    initial = {name: getattr(screening, name) for name in services.BASE_FIELDS}
    form = ScreeningForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        categories=selectors.categories(including=screening.category),
        creating=False,
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.BASE_FIELDS}
        try:
            services.screening_update(actor=request.user, screening=screening, **values)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The screening's facts are saved."))
            return redirect("bibob:screening_detail", pk=screening.pk)
    return render(request, "bibob/screening_form.html", {"form": form, "screening": screening})


@never_cache
@require_POST
def screening_disclose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    screening = selectors.get_screening_for(request.user, pk)
    form = DisclosureForm(request.POST)
    if form.is_valid():
        try:
            services.screening_disclose(
                actor=request.user, screening=screening, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Recorded what was passed on, with its legal ground."))
            return redirect("bibob:screening_detail", pk=screening.pk)
    opened = selectors.open_screening(request.user, pk, Purpose.HANDLING)
    return _page(request, opened, disclosure=form, status=400)
