"""Campaigns: a partnership's planned periods of outreach (the yearly Meld Misdaad Anoniem
campaign), with their channels and materials, and what each reached beside the one before."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.awareness import selectors, services
from dijkwacht.awareness.forms import CampaignFiguresForm, CampaignForm
from dijkwacht.awareness.models import Campaign
from dijkwacht.awareness.permissions import can_edit_campaign, organiser_ids
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.selectors import partnership_members, request_partnership


@overview_page
@require_GET
def campaign_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    member_ids = [m.pk for m in partnership_members(partnership)]
    return render(
        request,
        "awareness/campaign_list.html",
        {
            "partnership": partnership,
            "campaigns": list(selectors.campaigns_of(request.user, partnership)),
            "may_add": bool(organiser_ids(request.user, partnership.pk, member_ids)),
            "today": timezone.localdate(),
        },
    )


def _campaign_form(
    request: AuthenticatedHttpRequest, partnership: Partnership, campaign: Campaign | None
) -> CampaignForm:
    members = partnership_members(partnership)
    member_ids = [m.pk for m in members]
    organisers = organiser_ids(request.user, partnership.pk, member_ids)
    initial: dict[str, Any] = {}
    if campaign is not None:
        organisers.add(campaign.organiser_id)
        initial = {
            "title": campaign.title,
            "organiser": campaign.organiser_id,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "description": campaign.description,
            "channels": campaign.channels,
            "materials": campaign.materials,
            "target_groups": list(campaign.target_groups.all()),
            "organisations": list(campaign.organisations.all()),
            "previous": campaign.previous_id,
        }
    else:
        latest = selectors.latest_campaign(partnership)
        initial = {"previous": latest.pk if latest else None}
        if len(organisers) == 1:
            initial["organiser"] = next(iter(organisers))
    return CampaignForm(
        request.POST or None,
        initial=initial,
        organisers=selectors.organisations_among(organisers),
        groups=selectors.campaign_groups(campaign),
        members=selectors.organisations_among(
            {*member_ids, *(o.pk for o in initial.get("organisations", []))}
        ),
        earlier=selectors.earlier_campaigns(partnership, campaign),
    )


def _save_campaign(
    request: AuthenticatedHttpRequest, partnership: Partnership, campaign: Campaign | None
) -> HttpResponse:
    form = _campaign_form(request, partnership, campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.campaign_save(
                actor=request.user,
                partnership=partnership,
                campaign=campaign,
                organiser=data["organiser"],
                target_groups=data["target_groups"],
                organisations=data["organisations"],
                previous=data["previous"],
                title=data["title"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                channels=data["channels"],
                materials=data["materials"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The campaign has been saved."))
            return redirect("awareness:campaign_detail", saved.pk)
    return render(
        request,
        "awareness/campaign_form.html",
        {"partnership": partnership, "campaign": campaign, "form": form},
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = request_partnership(request, pk)
    if not organiser_ids(
        request.user, partnership.pk, [m.pk for m in partnership_members(partnership)]
    ):
        raise PermissionDenied
    return _save_campaign(request, partnership, None)


def _editable_campaign(request: AuthenticatedHttpRequest, pk: int) -> Campaign:
    campaign = selectors.get_campaign_for(request.user, pk)
    if not can_edit_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _editable_campaign(request, pk)
    return _save_campaign(request, campaign.partnership, campaign)


@require_http_methods(["GET", "POST"])
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The campaign, its figures beside the previous campaign's and (for its organiser) the
    form to enter them."""
    campaign = selectors.get_campaign_for(request.user, pk)
    editable = can_edit_campaign(request.user, campaign)
    started = campaign.starts_on <= timezone.localdate()
    form = None
    if editable and started:
        form = CampaignFiguresForm(
            request.POST or None,
            initial={name: getattr(campaign, name) for name in services.FIGURE_FIELDS},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.campaign_figures_save(
                    actor=request.user, campaign=campaign, figures=form.cleaned_data
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The figures have been saved."))
                return redirect("awareness:campaign_detail", campaign.pk)
    return render(
        request,
        "awareness/campaign_detail.html",
        {
            "campaign": campaign,
            "partnership": campaign.partnership,
            "target_groups": list(campaign.target_groups.all()),
            "organisations": list(campaign.organisations.order_by("name")),
            "figures": selectors.campaign_figures(campaign),
            "editable": editable,
            "started": started,
            "form": form,
        },
    )


@require_POST
def campaign_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _editable_campaign(request, pk)
    partnership_pk = campaign.partnership_id
    services.campaign_remove(actor=request.user, campaign=campaign)
    messages.success(request, _("The campaign has been removed."))
    return redirect("awareness:campaign_list", partnership_pk)
