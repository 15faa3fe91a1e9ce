from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dijkwacht.core.views import overview_page
from dijkwacht.organisations import selectors, services
from dijkwacht.organisations.forms import ChoosePartnershipForm
from dijkwacht.organisations.models import Partnership


def _partnership_context(partnership: Partnership | None) -> dict:
    if partnership is None:
        return {"partnership": None}
    return {
        "partnership": partnership,
        "member_groups": selectors.partnership_member_groups(partnership),
        "map": selectors.partnership_map(partnership),
    }


@overview_page
def home(request: HttpRequest) -> HttpResponse:
    partnership = selectors.current_partnership(request)
    return render(
        request,
        "organisations/home.html",
        {
            "partnerships": selectors.request_partnerships(request),
            **_partnership_context(partnership),
        },
    )


@overview_page
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.get_partnership_for(request.user, pk)
    return render(
        request, "organisations/partnership_detail.html", _partnership_context(partnership)
    )


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


@require_POST
def choose_partnership(request: HttpRequest) -> HttpResponse:
    form = ChoosePartnershipForm(
        request.POST, partnerships=selectors.partnership_list_for(request.user)
    )
    if form.is_valid():
        services.user_choose_partnership(
            actor=request.user, partnership=form.cleaned_data["partnership"]
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "organisations:home"
    return redirect(target)
