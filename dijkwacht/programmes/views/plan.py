"""Keeping the plan in the browser: a new programme (empty or a copy of last year's), and
its themes and actions added, edited, reordered, removed and put back."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page, step
from dijkwacht.organisations.selectors import coordinated_partnerships
from dijkwacht.programmes import selectors, services
from dijkwacht.programmes.forms import (
    ActionEditForm,
    ActionForm,
    ProgrammeNewForm,
    StartChoice,
    ThemeForm,
)
from dijkwacht.programmes.models import Action, Programme
from dijkwacht.programmes.permissions import can_manage_programme

MOVES = {"op": -1, "neer": 1}


def managed_programme(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    programme = selectors.get_programme_for(request.user, pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    return programme


def _managed_action(request: AuthenticatedHttpRequest, pk: int, **kwargs) -> Action:
    action = selectors.get_action_for(request.user, pk, **kwargs)
    if not can_manage_programme(request.user, action.programme):
        raise PermissionDenied
    return action


def _plan_url(programme_pk: int, anchor: str = "") -> str:
    url = reverse("programmes:plan", args=[programme_pk])
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET", "POST"])
def programme_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new programme, empty or as a copy of an earlier one (`?kopie=<pk>` preselects it)."""
    partnerships = coordinated_partnerships(request.user)
    if not partnerships.exists():
        raise PermissionDenied
    programmes = selectors.copyable_programmes(partnerships)
    initial = {}
    wanted = request.GET.get("kopie", "")
    source = programmes.filter(pk=wanted).first() if wanted.isdigit() else None
    if source is not None:
        initial = {
            "start": StartChoice.COPY,
            "copy_from": source,
            "partnership": source.partnership,
            "steering_body": source.steering_body,
            "reporting_cadence": source.reporting_cadence,
            "stale_after_days": source.stale_after_days,
        }
    form = ProgrammeNewForm(
        request.POST or None, partnerships=partnerships, programmes=programmes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ProgrammeNewForm.Meta.fields if name != "name"}
        try:
            if data["start"] == StartChoice.COPY:
                programme = services.programme_copy(
                    actor=request.user, source=data["copy_from"], name=data["name"], **fields
                )
            else:
                programme = services.programme_create(
                    actor=request.user,
                    partnership=data["partnership"],
                    name=data["name"],
                    **fields,
                )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The programme is made."))
            return redirect("programmes:plan", pk=programme.pk)
    return render(request, "programmes/programme_new.html", {"form": form})


@overview_page
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator's page for the themes and actions: each with its budget, to edit,
    move up or down, or remove; below, the forms to add one, and what was removed."""
    programme = managed_programme(request, pk)
    theme_form = ThemeForm(prefix="theme")
    action_form = ActionForm(programme=programme, prefix="action")
    if request.method == "POST" and "add_theme" in request.POST:
        theme_form = ThemeForm(request.POST, prefix="theme")
        if theme_form.is_valid():
            try:
                theme = services.theme_create(
                    actor=request.user, programme=programme, **theme_form.cleaned_data
                )
            except ValidationError as error:
                attach_errors(theme_form, error)
            else:
                messages.success(request, _("The theme is added."))
                return redirect(_plan_url(programme.pk, f"thema-{theme.pk}"))
    elif request.method == "POST":
        action_form = ActionForm(request.POST, programme=programme, prefix="action")
        if action_form.is_valid():
            data = dict(action_form.cleaned_data)
            try:
                action = services.action_create(
                    actor=request.user,
                    programme=programme,
                    organisations=list(data.pop("organisations")),
                    **data,
                )
            except ValidationError as error:
                attach_errors(action_form, error)
            else:
                messages.success(request, _("The action is added."))
                return redirect(_plan_url(programme.pk, f"actie-{action.pk}"))
    return render(
        request,
        "programmes/plan.html",
        {
            "programme": programme,
            "overview": selectors.programme_overview(programme),
            "removed": selectors.removed_actions(programme),
            "theme_form": theme_form,
            "action_form": action_form,
        },
    )


@require_http_methods(["GET", "POST"])
def theme_edit(request: AuthenticatedHttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    programme = managed_programme(request, pk)
    theme = selectors.get_theme_of(programme, theme_pk)
    form = ThemeForm(
        request.POST or None, initial={"title": theme.title, "ambition": theme.ambition}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(actor=request.user, theme=theme, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The theme is saved."))
            return redirect(_plan_url(programme.pk, f"thema-{theme.pk}"))
    return render(
        request,
        "programmes/theme_edit.html",
        {"programme": programme, "theme": theme, "form": form},
    )


@require_http_methods(["GET", "POST"])
def theme_remove(request: AuthenticatedHttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    """GET asks for confirmation and says what happens to its actions; POST removes."""
    programme = managed_programme(request, pk)
    theme = selectors.get_theme_of(programme, theme_pk)
    if request.method == "GET":
        return render(
            request,
            "programmes/theme_remove.html",
            {"programme": programme, "theme": theme, "actions": theme.actions.count()},
        )
    return step(
        request,
        lambda: services.theme_remove(actor=request.user, theme=theme),
        done=_("The theme “%(title)s” is removed.") % {"title": theme.title},
        then=_plan_url(programme.pk),
    )


@require_http_methods(["POST"])
def theme_move(request: AuthenticatedHttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    programme = managed_programme(request, pk)
    theme = selectors.get_theme_of(programme, theme_pk)
    offset = MOVES.get(request.POST.get("richting", ""), 0)
    try:
        services.theme_move(actor=request.user, theme=theme, offset=offset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_plan_url(programme.pk, f"thema-{theme.pk}"))


@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _managed_action(request, pk)
    programme = action.programme
    fields = ActionEditForm.field_order
    form = ActionEditForm(
        request.POST or None,
        programme=programme,
        initial={name: getattr(action, name) for name in fields},
    )
    if action.parent_id is not None:
        # A sub-action stays in the theme of the action it is part of.
        form.fields["theme"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        theme = data.pop("theme")
        try:
            services.action_update(
                actor=request.user,
                action=action,
                theme=theme if action.parent_id is None else "",
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(_plan_url(programme.pk, f"actie-{action.pk}"))
    return render(
        request,
        "programmes/action_edit.html",
        {"programme": programme, "action": action, "form": form},
    )


@require_http_methods(["GET", "POST"])
def action_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and shows what leaves the plan; POST removes."""
    action = _managed_action(request, pk)
    programme = action.programme
    if request.method == "GET":
        return render(
            request,
            "programmes/action_remove.html",
            {
                "programme": programme,
                "action": action,
                "effect": selectors.removal_effect(action),
            },
        )
    return step(
        request,
        lambda: services.action_remove(actor=request.user, action=action),
        done=_("The action “%(title)s” is removed from the plan. You can put it back below.")
        % {"title": action.title},
        then=_plan_url(programme.pk, "verwijderd"),
    )


@require_http_methods(["POST"])
def action_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _managed_action(request, pk, with_removed=True)
    return step(
        request,
        lambda: services.action_restore(actor=request.user, action=action),
        done=_("The action “%(title)s” is back in the plan.") % {"title": action.title},
        then=_plan_url(action.programme_id, f"actie-{action.pk}"),
    )


@require_http_methods(["POST"])
def action_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _managed_action(request, pk)
    offset = MOVES.get(request.POST.get("richting", ""), 0)
    try:
        services.action_move(actor=request.user, action=action, offset=offset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_plan_url(action.programme_id, f"actie-{action.pk}"))
