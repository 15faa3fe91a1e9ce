"""The practical checklist: walking it question by question (plain links and forms, no
script), the outcome with whom to call and which sources may help, keeping a completed one,
the records with their counts, and the coordinator's version of the tree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue import checklist, selectors, services
from dijkwacht.catalogue.forms import (
    ChecklistAnswerForm,
    ChecklistRecordForm,
    ChecklistTextForm,
)
from dijkwacht.catalogue.permissions import reads_roster
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.meldpunt.selectors import case_list
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate
from dijkwacht.organisations.selectors import request_partnership
from dijkwacht.programmes.selectors import actions_of_partnership

SHOWN_SOURCES = 8


def _run_url(partnership: Partnership, answers: list[int]) -> str:
    url = reverse("catalogue:checklist_run", args=[partnership.pk])
    return f"{url}?{urlencode({'antwoorden': '.'.join(map(str, answers))})}" if answers else url


def _record_form(request: AuthenticatedHttpRequest, partnership: Partnership, data=None):
    cases = list(case_list(request.user))  # numbers only: a case's title is never read here
    return ChecklistRecordForm(data, actions=actions_of_partnership(partnership), cases=cases)


@require_GET
def checklist_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    version = selectors.checklist_version(partnership)
    tree = checklist.read_tree(version.text)
    answers = checklist.parse_answers(request.GET.get("antwoorden", ""))
    step = checklist.walk(tree, answers)
    answers = answers[: len(step.path)]  # what the walk used
    form = None
    if step.question is not None:
        form = ChecklistAnswerForm(
            request.GET if "keuze" in request.GET else None, question=step.question
        )
        if form.is_bound and form.is_valid():
            return redirect(_run_url(partnership, [*answers, form.cleaned_data["keuze"]]))
    context = {
        "partnership": partnership,
        "version": version,
        "tree": tree,
        "step": step,
        "form": form,
        "answers": ".".join(map(str, answers)),
        "back": _run_url(partnership, answers[:-1]) if answers else None,
        "restart": _run_url(partnership, []),
        "may_edit": can_coordinate(request.user, partnership),
        "reads_roster": reads_roster(request.user, partnership.pk),
    }
    if step.outcome is not None:
        outcome = step.outcome
        contacts = (
            selectors.roster(partnership, theme=outcome.contact_theme)
            if outcome.contact_theme and reads_roster(request.user, partnership.pk)
            else []
        )
        # The party to involve first: the province's people for "involve the province".
        party_kind = {"provincie": "provincie", "riec": "riec", "politie": "politie"}
        first = party_kind.get(outcome.party)
        context["contacts"] = sorted(contacts, key=lambda c: c.organisation.kind != first)
        context["sources"] = (
            list(
                selectors.source_list_for(
                    request.user, selectors.SourceFilters(theme=outcome.source_theme)
                )[:SHOWN_SOURCES]
            )
            if outcome.source_theme
            else []
        )
        context["record_form"] = _record_form(request, partnership)
    return render(request, "catalogue/checklist_run.html", context)


@require_POST
def checklist_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    version = selectors.checklist_version(partnership)
    answers = checklist.parse_answers(request.POST.get("antwoorden", ""))
    form = _record_form(request, partnership, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action and a case from the lists."))
        return redirect(_run_url(partnership, answers))
    try:
        services.checklist_record(
            actor=request.user,
            partnership=partnership,
            version=version,
            answers=answers,
            action=form.actions.get(form.cleaned_data["action"]),
            case=form.cases.get(form.cleaned_data.get("case")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_run_url(partnership, answers))
    messages.success(request, _("The completed checklist has been kept."))
    return redirect("catalogue:checklist_records", partnership.pk)


@overview_page
@require_GET
def checklist_records(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    records = selectors.checklist_records_for(request.user, partnership)
    counts: dict[str, int] = {}
    for record in records:
        counts[record.outcome_title] = counts.get(record.outcome_title, 0) + 1
    return render(
        request,
        "catalogue/checklist_records.html",
        {
            "partnership": partnership,
            "records": records,
            "counts": sorted(counts.items(), key=lambda item: (-item[1], item[0])),
            "all_of_them": can_coordinate(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def checklist_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    if not can_coordinate(request.user, partnership):
        raise Http404
    current = selectors.checklist_version(partnership)
    form = ChecklistTextForm(request.POST or None, initial={"text": current.text})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.checklist_publish(
                actor=request.user, partnership=partnership, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is now in use.") % {"number": version.number}
            )
            return redirect("catalogue:checklist_run", partnership.pk)
    return render(
        request,
        "catalogue/checklist_edit.html",
        {
            "partnership": partnership,
            "form": form,
            "current": current,
            "versions": selectors.checklist_versions(partnership),
        },
    )
