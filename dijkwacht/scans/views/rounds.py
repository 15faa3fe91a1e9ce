"""Rounds: opening and following them (coordinator), the rode-dradenbeeld across the
partnership, the results of one organisation, and the step from a thread to a joint action.

What a user sees of a round's results depends on `permissions.round_view`: names for the
coordinators and assessors, named or anonymised organisations for participants, and only
suppressed figures across the partnership for everyone else."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.ordering import natural_key
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.permissions import access_for, can_coordinate
from dijkwacht.organisations.selectors import coordinated_partnerships
from dijkwacht.programmes.forms import JointActionForm
from dijkwacht.programmes.selectors import programmes_open_for_actions
from dijkwacht.scans import documents, selectors, services
from dijkwacht.scans.forms import CloneForm, RoundForm
from dijkwacht.scans.models import Norm, ScanKind, ScanRound
from dijkwacht.scans.permissions import RoundView, can_steer, round_view


@overview_page
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    coordinated = list(coordinated_partnerships(request.user))
    return render(
        request,
        "scans/round_list.html",
        {"rounds": selectors.round_list(request.user), "coordinated": coordinated},
    )


def round_new(request: AuthenticatedHttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = get_visible_or_404(coordinated_partnerships(request.user), pk=partnership_pk)
    form = RoundForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            scan_round = services.scan_round_open(
                actor=request.user,
                partnership=partnership,
                framework=form.cleaned_data["framework"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                deadline=form.cleaned_data["deadline"],
                organisations=list(form.cleaned_data["organisations"]),
                anonymise=form.cleaned_data["anonymise"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The round is open: every organisation has its scan."))
            return redirect("scans:round_detail", pk=scan_round.pk)
    return render(request, "scans/round_new.html", {"form": form, "partnership": partnership})


def _view(request: AuthenticatedHttpRequest, scan_round: ScanRound) -> tuple[RoundView, set[int]]:
    participants = selectors.participant_ids(scan_round)
    return round_view(request.user, scan_round, participants), participants


@overview_page
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The round's progress per organisation, for those who see organisations by name."""
    scan_round = selectors.get_round_for(request.user, pk)
    view, _participants = _view(request, scan_round)
    coordinates = can_coordinate(request.user, scan_round.partnership)
    provisional = (
        selectors.provisional_threads(scan_round) if can_steer(request.user, scan_round) else None
    )
    return render(
        request,
        "scans/round_detail.html",
        {
            "round": scan_round,
            "provisional": provisional if provisional and provisional.running else None,
            "view": view.value,
            "progress": selectors.round_progress(scan_round) if view == RoundView.FULL else None,
            "mine": selectors.my_scans(request.user).filter(round=scan_round)
            if view == RoundView.PARTICIPANT
            else None,
            "can_coordinate": coordinates,
            "clone_form": CloneForm(
                initial={"framework": scan_round.framework_id, "deadline": None}
            )
            if coordinates
            else None,
        },
    )


@require_POST
def round_remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan_round = selectors.get_round_for(request.user, pk)
    if not can_coordinate(request.user, scan_round.partnership):
        raise PermissionDenied
    reminded = services.scan_round_send_reminders(scan_round=scan_round, force=True)
    if reminded:
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(count)s organisation.",
                "Reminder sent to %(count)s organisations.",
                reminded,
            )
            % {"count": reminded},
        )
    else:
        messages.info(request, _("Nobody to remind (or already reminded today)."))
    return redirect("scans:round_detail", pk=scan_round.pk)


@require_POST
def round_clone(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan_round = selectors.get_round_for(request.user, pk)
    if not can_coordinate(request.user, scan_round.partnership):
        raise PermissionDenied
    form = CloneForm(request.POST)
    if form.is_valid():
        try:
            new = services.scan_round_clone(
                actor=request.user,
                source=scan_round,
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
                framework=form.cleaned_data["framework"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The next round is open; last round's answers are shown."))
            return redirect("scans:round_detail", pk=new.pk)
    return render(
        request,
        "scans/round_detail.html",
        {
            "round": scan_round,
            "view": RoundView.FULL.value,
            "can_coordinate": True,
            "progress": selectors.round_progress(scan_round),
            "clone_form": form,
        },
    )


def threads_context(request: AuthenticatedHttpRequest, scan_round: ScanRound) -> dict[str, Any]:
    """Everything the rode-dradenbeeld shows to this user, suppressed or anonymised as needed."""
    view, participants = _view(request, scan_round)
    aggregate = view == RoundView.AGGREGATE
    labels: dict[int, str] | None = None
    if view == RoundView.PARTICIPANT and scan_round.anonymise:
        own = set(access_for(request.user).organisation_ids)
        labels = {
            pk: label
            for pk, label in selectors.anonymous_labels(scan_round, participants, own).items()
            if label is not None
        }
    access = access_for(request.user)
    names = {} if aggregate else _names(scan_round, labels)
    findings = {} if aggregate else selectors.thread_findings(scan_round)
    for items in findings.values():
        items.sort(key=lambda f: natural_key(names.get(f.organisation_id, "")))
    threads, picture = selectors.rode_draden(access, scan_round, suppressed=aggregate)
    return {
        "round": scan_round,
        "view": view.value,
        "aggregate": aggregate,
        "anonymised": labels is not None,
        "picture": picture,
        "threads": threads,
        "findings": findings,
        "names": names,
        "actions": selectors.thread_actions(scan_round),
        "heatmap": None if aggregate else selectors.heatmap(access, scan_round, labels=labels),
        "can_coordinate": can_coordinate(request.user, scan_round.partnership),
    }


def _names(scan_round: ScanRound, labels: dict[int, str] | None) -> dict[int, str]:

    names = selectors.round_organisation_names(scan_round)
    if labels:
        names.update(labels)
    return names


@overview_page
def round_threads(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scan_round = selectors.get_round_for(request.user, pk)
    return render(request, "scans/round_threads.html", threads_context(request, scan_round))


def thread_action_new(request: AuthenticatedHttpRequest, pk: int, norm_id: int) -> HttpResponse:
    scan_round = selectors.get_round_for(request.user, pk)
    if not can_coordinate(request.user, scan_round.partnership):
        raise PermissionDenied
    norm = get_visible_or_404(Norm.objects.filter(framework_id=scan_round.framework_id), pk=norm_id)

    programmes = programmes_open_for_actions(scan_round.partnership)
    short = list(selectors.organisations_short_of(access_for(request.user), scan_round, norm))
    form = JointActionForm(
        request.POST or None,
        programmes=programmes,
        initial={"title": f"{norm.code} {norm.text}"[:200]},
    )
    if request.method == "POST" and form.is_valid():
        programme, theme = form.cleaned_data["target"]
        try:
            link = services.thread_action_create(
                actor=request.user,
                scan_round=scan_round,
                norm=norm,
                programme=programme,
                theme=theme,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The joint action is in the programme, with %(count)s organisation.",
                    "The joint action is in the programme, with %(count)s organisations.",
                    len(short),
                )
                % {"count": len(short)},
            )
            return redirect("programmes:action_detail", pk=link.action_id)
    return render(
        request,
        "scans/thread_action_new.html",
        {
            "round": scan_round,
            "norm": norm,
            "form": form,
            "short": short,
            "has_programmes": bool(programmes),
        },
    )


@overview_page
def organisation_results(request: AuthenticatedHttpRequest, pk: int, org_pk: int) -> HttpResponse:
    scan_round, organisation = _organisation_in_round(request, pk, org_pk)
    access = access_for(request.user)
    results = selectors.organisation_results(access, scan_round, organisation)
    self_scan = scan_round.scans.filter(organisation=organisation, kind=ScanKind.SELF).first()
    gaps = selectors.scan_gaps(request.user, self_scan) if self_scan else None
    return render(
        request,
        "scans/organisation_results.html",
        {
            "round": scan_round,
            "organisation": organisation,
            "results": results,
            "themes": _theme_rows(results),
            "trend": selectors.organisation_trend(access, scan_round.partnership, organisation),
            "gaps": [g for g in gaps if g.differs] if gaps else None,
            "self_scan": self_scan,
        },
    )


def _theme_rows(results: selectors.OrganisationResults) -> list[tuple[Any, Any]]:
    per_theme = results.per_theme
    seen: dict[str, Any] = {}
    for norm in results.norms:
        seen.setdefault(norm.theme.code, norm.theme)
    return [(theme, per_theme.get(code)) for code, theme in seen.items()]


def _organisation_in_round(request: AuthenticatedHttpRequest, pk: int, org_pk: int):
    """The organisation's results are for those who see the round by name, and for the
    organisation's own contributors; everyone else gets 404."""

    scan_round = selectors.get_round_for(request.user, pk)
    view, participants = _view(request, scan_round)
    if org_pk not in participants:
        raise Http404
    own = org_pk in access_for(request.user).organisation_ids
    if view != RoundView.FULL and not (view == RoundView.PARTICIPANT and own):
        raise Http404
    return scan_round, selectors.round_organisation(scan_round, org_pk)


def organisation_results_pdf(request: AuthenticatedHttpRequest, pk: int, org_pk: int):

    scan_round, organisation = _organisation_in_round(request, pk, org_pk)
    pdf = documents.organisation_report_pdf(scan_round, organisation, request.user)
    return attachment(pdf, f"{slugify(scan_round.title)}-{organisation.slug}.pdf")


def round_document(request: AuthenticatedHttpRequest, pk: int, document: str) -> HttpResponse:
    """The rode-dradenbeeld as PDF or Word (suppressed as on screen), the results in Excel."""

    scan_round = selectors.get_round_for(request.user, pk)
    name = slugify(scan_round.title)
    if document == "rode-draden.pdf":
        return attachment(
            documents.common_threads_pdf(scan_round, request.user), f"rode-draden-{name}.pdf"
        )
    if document == "rode-draden.docx":
        return attachment(
            documents.common_threads_docx(scan_round, request.user), f"rode-draden-{name}.docx"
        )
    if document == "resultaten.xlsx":
        return attachment(
            documents.results_xlsx(scan_round, request.user), f"resultaten-{name}.xlsx"
        )
    raise Http404


def round_url(scan_round: ScanRound) -> str:
    return reverse("scans:round_detail", args=[scan_round.pk])
