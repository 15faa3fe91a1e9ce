"""One Bibob policy across the partnership ("de dijken overal even hoog"): the members'
policies side by side against the reference the partnership agreed on, each member keeping its
own, the coordinators keeping the reference, and a gap becoming a joint action for exactly the
members behind. Policies are public texts: every participant of the partnership reads them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.bibob import selectors, services
from dijkwacht.bibob.forms import PolicyForm
from dijkwacht.bibob.permissions import may_keep_policy, policy_organisation_ids
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.permissions import can_coordinate
from dijkwacht.organisations.selectors import get_organisation_for, get_partnership_for
from dijkwacht.programmes.forms import JointActionForm
from dijkwacht.programmes.selectors import programmes_open_for_actions


def _cell_text(cell: selectors.MatrixCell) -> str:
    rule = cell.rule
    if rule is None:
        return _("not in the policy")
    text = str(rule.get_application_display())
    if rule.threshold is not None:
        text += " " + _("from €%(amount)s") % {"amount": f"{rule.threshold:,}".replace(",", ".")}
    return text


@overview_page
@require_GET
def policy_matrix(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for(request.user, pk)
    matrix = selectors.policy_matrix(partnership)
    keeps = policy_organisation_ids(request.user)
    return render(
        request,
        "bibob/policy_matrix.html",
        {
            "matrix": matrix,
            # One line per category: its reference, whether members differ, who is behind,
            # and each member's cell.
            "columns": [
                (
                    category,
                    matrix.reference_rules[i],
                    matrix.differs[i],
                    matrix.behind[i],
                    [row.cells[i] for row in matrix.rows],
                )
                for i, category in enumerate(matrix.categories)
            ],
            "may_keep_reference": can_coordinate(request.user, partnership),
            "kept": [row.organisation for row in matrix.rows if row.organisation.pk in keeps],
        },
    )


@overview_page
@require_GET
def policy_matrix_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for(request.user, pk)
    matrix = selectors.policy_matrix(partnership)
    header = [_("Organisation"), _("Policy"), _("Adopted on"), *(c.name for c in matrix.categories)]
    reference = [
        _("Reference of the partnership"),
        matrix.reference.title if matrix.reference else "",
        matrix.reference.adopted_on.isoformat()
        if matrix.reference and matrix.reference.adopted_on
        else "",
        *(_cell_text(selectors.MatrixCell(rule, False)) for rule in matrix.reference_rules),
    ]
    lines = [reference] + [
        [
            row.organisation.name,
            row.policy.title if row.policy else _("no policy recorded"),
            row.policy.adopted_on.isoformat() if row.policy and row.policy.adopted_on else "",
            *(
                (_cell_text(cell) + (" (" + _("below the reference") + ")" if cell.gap else ""))
                for cell in row.cells
            ),
        ]
        for row in matrix.rows
    ]
    return attachment(csv_document(header, lines), f"bibob-beleid-{partnership.slug}.csv")


def _policy_form_page(request, *, form, title, back, owner_name, status=200):
    return render(
        request,
        "bibob/policy_form.html",
        {"form": form, "title": title, "back": back, "owner_name": owner_name},
        status=status,
    )


def _saved(request: AuthenticatedHttpRequest, form: PolicyForm, **owner: Any) -> bool:
    """Save the posted policy of `owner` (an organisation or a partnership); a service's
    problem lands next to its field and nothing is saved."""
    if not form.is_valid():
        return False
    try:
        services.policy_save(
            actor=request.user,
            title=form.cleaned_data["title"],
            adopted_on=form.cleaned_data["adopted_on"],
            document_url=form.cleaned_data["document_url"],
            note=form.cleaned_data["note"],
            rules=form.rules(),
            whole=False,  # the form offers the categories in use; the others stay
            **owner,
        )
    except ValidationError as error:
        attach_errors(form, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
def policy_edit(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    """An organisation's own Bibob policy, kept by its coordinators, contributors and Bibob
    officers (another organisation's answers 404)."""
    organisation = get_organisation_for(request.user, organisation_id)
    if not may_keep_policy(request.user, organisation.pk):
        raise Http404
    policy = selectors.get_policy(organisation=organisation)
    form = PolicyForm(request.POST or None, categories=selectors.categories(), policy=policy)
    if request.method == "POST" and _saved(request, form, organisation=organisation):
        messages.success(request, _("The Bibob policy is saved."))
        return redirect("bibob:policy_edit", organisation_id=organisation.pk)
    return _policy_form_page(
        request,
        form=form,
        title=_("Bibob policy of %(name)s") % {"name": organisation.name},
        back=selectors.partnerships_of(request.user, organisation),
        owner_name=organisation.name,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The reference policy the partnership agreed on, kept by its coordinators."""
    partnership = get_partnership_for(request.user, pk)
    if not can_coordinate(request.user, partnership):
        raise PermissionDenied
    policy = selectors.get_policy(partnership=partnership)
    form = PolicyForm(request.POST or None, categories=selectors.categories(), policy=policy)
    if request.method == "POST" and _saved(request, form, partnership=partnership):
        messages.success(request, _("The reference policy is saved."))
        return redirect("bibob:policy_matrix", pk=partnership.pk)
    return _policy_form_page(
        request,
        form=form,
        title=_("Reference Bibob policy of %(name)s") % {"name": partnership.name},
        back=[partnership],
        owner_name=partnership.name,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def gap_action_new(request: AuthenticatedHttpRequest, pk: int, category_id: int) -> HttpResponse:
    """A joint action for the members behind the reference on one category."""
    partnership = get_partnership_for(request.user, pk)
    if not can_coordinate(request.user, partnership):
        raise PermissionDenied
    category = selectors.get_category(category_id)
    matrix = selectors.policy_matrix(partnership)
    column = next((i for i, c in enumerate(matrix.categories) if c.pk == category.pk), None)
    if column is None:
        raise Http404
    behind = matrix.behind[column]
    reference = matrix.reference_rules[column]
    title = _("One Bibob policy for %(category)s") % {"category": category.name.lower()}
    programmes = list(programmes_open_for_actions(partnership))
    form = JointActionForm(request.POST or None, programmes=programmes, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        programme, theme = form.cleaned_data["target"]
        try:
            action = services.policy_gap_action(
                actor=request.user,
                partnership=partnership,
                category=category,
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
                    len(behind),
                )
                % {"count": len(behind)},
            )
            return redirect("programmes:action_detail", pk=action.pk)
    return render(
        request,
        "bibob/gap_action_new.html",
        {
            "partnership": partnership,
            "category": category,
            "reference": reference,
            "behind": behind,
            "form": form,
            "has_programmes": bool(programmes),
        },
        status=400 if form.errors else 200,
    )
