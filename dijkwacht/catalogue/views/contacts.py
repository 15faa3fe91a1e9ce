"""A partnership's contact persons per theme: the roster with its gaps and the entries due
for confirmation, its downloads (Excel, vCards), and keeping an entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.catalogue import documents, roster, selectors, services
from dijkwacht.catalogue.forms import ContactForm, RosterFilterForm
from dijkwacht.catalogue.models import ContactPerson, Theme
from dijkwacht.catalogue.permissions import (
    can_edit_contact,
    can_keep_roster,
    reads_roster,
    roster_organisation_ids,
)
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page, step
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.selectors import partnership_members, request_partnership


@dataclass(frozen=True)
class Entry:
    contact: ContactPerson
    confirmation: roster.Confirmation
    editable: bool


@dataclass(frozen=True)
class ThemeGap:
    theme: Theme
    missing: list[Organisation]


def _roster_partnership(request: AuthenticatedHttpRequest, pk: int) -> Partnership:
    """The partnership, if the user reads its roster: 404 for anyone else (a viewer too)."""
    partnership = request_partnership(request, pk)
    if not reads_roster(request.user, partnership.pk):
        raise Http404
    return partnership


def _roster(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    partnership = _roster_partnership(request, pk)
    members = partnership_members(partnership)
    every = selectors.roster(partnership)
    themes = selectors.themes()
    form = RosterFilterForm(request.GET or None, themes=themes, members=members)
    chosen = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    entries = [
        Entry(
            e,
            roster.confirmation(timezone.localdate(e.confirmed_at), today),
            can_keep_roster(request.user, partnership.pk, e.organisation_id)
            or e.user_id == request.user.pk,
        )
        for e in every
        if (not chosen.get("theme") or e.theme.code == chosen["theme"])
        and (chosen.get("organisation") is None or e.organisation_id == chosen["organisation"])
    ]
    return {
        "partnership": partnership,
        "members": members,
        "form": form,
        "entries": entries,
        "gaps": _gaps(every, members),
        "mine": [entry for entry in entries if entry.contact.user_id == request.user.pk],
        "may_add": bool(
            roster_organisation_ids(request.user, partnership.pk, [m.pk for m in members])
        ),
        "filtered": any(request.GET.get(name) for name in form.fields),
    }


def _gaps(entries: list[ContactPerson], members: list[Organisation]) -> list[ThemeGap]:
    """Per theme the roster covers (one with an entry), the members without a contact."""
    covered: dict[int, set[int]] = {}
    themes: dict[int, Theme] = {}
    for e in entries:
        covered.setdefault(e.theme_id, set()).add(e.organisation_id)
        themes[e.theme_id] = e.theme
    return [
        ThemeGap(themes[theme_id], [m for m in members if m.pk not in organisations])
        for theme_id, organisations in covered.items()
        if any(m.pk not in organisations for m in members)
    ]


@overview_page
@require_GET
def contact_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "catalogue/contact_list.html", _roster(request, pk))


@overview_page
@require_GET
def contacts_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    context = _roster(request, pk)
    entries = [entry.contact for entry in context["entries"]]
    name = f"contactpersonen-{context['partnership'].slug}.{fmt}"
    if fmt == "vcf":
        return attachment(documents.roster_vcards(entries), name)
    return attachment(documents.roster_workbook(entries), name)


def _form(request: AuthenticatedHttpRequest, partnership: Partnership, contact=None):
    members = partnership_members(partnership)
    allowed = roster_organisation_ids(request.user, partnership.pk, [m.pk for m in members])
    return ContactForm(
        request.POST or None,
        instance=contact,
        organisations=[m for m in members if m.pk in allowed],
        themes=selectors.themes(),
    )


@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _roster_partnership(request, pk)
    form = _form(request, partnership)
    if not form.fields["organisation"].queryset.exists():  # type: ignore[attr-defined]
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                actor=request.user,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
                theme=form.cleaned_data["theme"],
                **{name: form.cleaned_data[name] for name in services.CONTACT_FIELDS},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The contact person has been added."))
            return redirect("catalogue:contact_list", partnership.pk)
    return render(
        request,
        "catalogue/contact_form.html",
        {"form": form, "partnership": partnership, "contact": None},
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partnership = _roster_partnership(request, pk)
    contact = selectors.get_contact_for(request.user, partnership, contact_pk)
    if not can_edit_contact(request.user, contact):
        raise Http404
    form = _form(request, partnership, contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_save(
                actor=request.user,
                partnership=partnership,
                organisation=contact.organisation,
                theme=contact.theme,
                contact=contact,
                **{name: form.cleaned_data[name] for name in services.CONTACT_FIELDS},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The entry has been saved and confirmed."))
            return redirect("catalogue:contact_list", partnership.pk)
    return render(
        request,
        "catalogue/contact_form.html",
        {
            "form": form,
            "partnership": partnership,
            "contact": contact,
            "confirmation": roster.confirmation(
                timezone.localdate(contact.confirmed_at), timezone.localdate()
            ),
            "may_remove": can_keep_roster(request.user, partnership.pk, contact.organisation_id),
        },
    )


@require_POST
def contact_confirm(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partnership = _roster_partnership(request, pk)
    contact = selectors.get_contact_for(request.user, partnership, contact_pk)
    if not can_edit_contact(request.user, contact):
        raise Http404
    return step(
        request,
        lambda: services.contact_confirm(actor=request.user, contact=contact),
        done=_("The entry has been confirmed for another six months."),
        then=_list_url(partnership),
    )


@require_POST
def contact_remove(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partnership = _roster_partnership(request, pk)
    contact = selectors.get_contact_for(request.user, partnership, contact_pk)
    if not can_keep_roster(request.user, partnership.pk, contact.organisation_id):
        raise Http404
    return step(
        request,
        lambda: services.contact_remove(actor=request.user, contact=contact),
        done=_("The entry has been removed."),
        then=_list_url(partnership),
    )


def _list_url(partnership: Partnership) -> str:
    return reverse("catalogue:contact_list", args=[partnership.pk])
