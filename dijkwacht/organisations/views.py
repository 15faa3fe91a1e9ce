from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.organisations import selectors, services
from dijkwacht.organisations.forms import ChoosePartnershipForm


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.get_organisation_for(request.user, pk)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "partnerships": selectors.partnership_list_for(request.user).filter(
                members=organisation
            ),
            "predecessors": organisation.predecessors.order_by("name"),
        },
    )


@overview_page
def partnership_members_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The member list as CSV for Excel: semicolons and a byte-order mark, as Dutch Excel
    expects."""
    partnership = selectors.get_partnership_for(request.user, pk)
    header = [
        _("Name"),
        _("Kind"),
        _("CBS code"),
        _("Province"),
        _("Valid from"),
        _("Valid to"),
        _("Merged into"),
    ]
    rows = (
        [
            organisation.name,
            capfirst(group.label),
            organisation.cbs_code or "",
            organisation.province.name if organisation.province else "",
            organisation.valid_from.isoformat() if organisation.valid_from else "",
            organisation.valid_to.isoformat() if organisation.valid_to else "",
            organisation.successor.name if organisation.successor else "",
        ]
        for group in selectors.partnership_member_groups(partnership)
        for organisation in group.organisations
    )
    return attachment(csv_document(header, rows), f"deelnemers-{partnership.slug}.csv")


@require_POST
def choose_partnership(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ChoosePartnershipForm(
        request.POST, partnerships=selectors.partnership_list_for(request.user)
    )
    if form.is_valid():
        services.user_choose_partnership(
            actor=request.user, partnership=form.cleaned_data["partnership"]
        )
    else:
        messages.error(request, _("Choose one of your own partnerships."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "insights:home"
    return redirect(target)
