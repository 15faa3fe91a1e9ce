"""Undermining cases: the list, one case (opening it is logged) and the steps on it —
meetings, interventions, the evaluation and closing. Handlers with the ondermijning
compartment of the case's organisation only; anyone else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.forms_handler import (
    CASE_STEP_FORMS,
    CaseCloseForm,
    EvaluationForm,
    InterventionForm,
    MeetingForm,
    StepForm,
    intervention_type_choices,
)
from dijkwacht.meldpunt.models import Case
from dijkwacht.meldpunt.permissions import handler_organisations


@overview_page
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Numbers, dates and counts: a case's working title is content, read only on its page."""
    if not handler_organisations(request.user):
        raise Http404
    cases = selectors.case_list(request.user)
    return render(request, "meldpunt/handler/case_list.html", {"cases": cases})


def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, selectors.open_case(request.user, pk))


def _case_page(
    request: AuthenticatedHttpRequest, case: Case, failed: StepForm | None = None
) -> HttpResponse:
    evaluation = selectors.case_evaluation(case)
    context: dict[str, Any] = {
        "case": case,
        "reports": selectors.case_reports(request.user, case),
        "meetings": case.meetings.all(),
        "evaluation": evaluation,
        "failed": failed,
    }
    interventions = list(case.interventions.select_related("type"))
    if case.is_closed:
        context["interventions"] = [(intervention, None) for intervention in interventions]
        return render(request, "meldpunt/handler/case_detail.html", context)

    def form(form_class: type[StepForm], **kwargs: Any) -> StepForm:
        return failed if isinstance(failed, form_class) else form_class(**kwargs)

    type_choices = intervention_type_choices()
    updating = failed.data.get("intervention") if isinstance(failed, InterventionForm) else None
    rows = []
    for intervention in interventions:
        if updating == str(intervention.pk):
            rows.append((intervention, failed))
            continue
        rows.append(
            (
                intervention,
                InterventionForm(
                    type_choices=type_choices,
                    auto_id=f"id_iv{intervention.pk}_%s",
                    initial={
                        "intervention": intervention.pk,
                        "type": intervention.type_id,
                        "partner": intervention.partner,
                        "state": intervention.state,
                        "outcome": intervention.outcome,
                        "date": intervention.date,
                    },
                ),
            )
        )
    context.update(
        interventions=rows,
        meeting_form=form(MeetingForm),
        intervention_form=failed
        if isinstance(failed, InterventionForm) and not updating
        else InterventionForm(type_choices=type_choices),
        evaluation_form=form(
            EvaluationForm,
            initial={
                "worked": evaluation.worked,
                "did_not_work": evaluation.did_not_work,
                "lessons": evaluation.lessons,
            }
            if evaluation
            else None,
        ),
        close_form=form(CaseCloseForm),
    )
    return render(request, "meldpunt/handler/case_detail.html", context)


def _apply(form: StepForm, actor: Any, case: Case) -> str:
    """Carry out one step through its service; the message to show when it worked."""
    data = form.cleaned_data
    match form:
        case MeetingForm():
            services.meeting_add(
                actor=actor,
                case=case,
                date=data["date"],
                partners=data["partners"],
                decisions=data["decisions"],
                follow_ups=data["follow_ups"],
            )
            return _("The meeting is added.")
        case InterventionForm():
            existing = None
            if data.get("intervention"):
                existing = case.interventions.filter(pk=data["intervention"]).first()
                if existing is None:
                    raise ValidationError(_("This intervention is not part of the case."))
            services.intervention_save(
                actor=actor,
                case=case,
                type=data["type"],
                partner=data["partner"],
                state=data["state"],
                outcome=data["outcome"],
                date=data["date"],
                intervention=existing,
            )
            return _("The intervention is saved.")
        case EvaluationForm():
            services.evaluation_save(
                actor=actor,
                case=case,
                worked=data["worked"],
                did_not_work=data["did_not_work"],
                lessons=data["lessons"],
            )
            return _("The evaluation is saved.")
        case CaseCloseForm():
            services.case_close(actor=actor, case=case)
            return _("The case is closed.")
    raise Http404


@require_POST
def case_step(request: AuthenticatedHttpRequest, pk: str, step: str) -> HttpResponse:
    """One step on a case; afterwards the case page opens again (and that is logged)."""
    form_class = CASE_STEP_FORMS.get(step)
    case = selectors.get_case_for(request.user, pk)
    if form_class is None:
        raise Http404
    auto_id = None
    if form_class is InterventionForm and request.POST.get("intervention", "").isdigit():
        auto_id = f"id_iv{request.POST['intervention']}_%s"
    form = form_class(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            done = _apply(form, request.user, case)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied) or _("You may not do this."))
        else:
            messages.success(request, done)
            return redirect("meldpunt:case_detail", pk=case.pk)
    return _case_page(request, selectors.open_case(request.user, pk), failed=form)
