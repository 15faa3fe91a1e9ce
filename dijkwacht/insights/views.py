"""The overviews: the home page (the partnership the user works in now) and a partnership's
page, with what each module offers about it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dijkwacht.core.views import overview_page
from dijkwacht.organisations import selectors
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.permissions import can_coordinate
from dijkwacht.programmes.selectors import programme_states
from dijkwacht.scans.selectors import latest_rounds_of_partnership


def _partnership_context(request: HttpRequest, partnership: Partnership | None) -> dict:
    if partnership is None:
        return {"partnership": None}

    return {
        "partnership": partnership,
        "coordinates": can_coordinate(request.user, partnership),
        "programmes": programme_states(partnership),
        "scan_rounds": latest_rounds_of_partnership(partnership),
        "member_groups": selectors.partnership_member_groups(partnership),
        "map": selectors.partnership_map(partnership),
    }


@overview_page
def home(request: HttpRequest) -> HttpResponse:
    partnership = selectors.current_partnership(request)
    return render(
        request,
        "insights/home.html",
        {
            "partnerships": selectors.request_partnerships(request),
            **_partnership_context(request, partnership),
        },
    )


@overview_page
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = selectors.get_partnership_for(request.user, pk)
    return render(
        request, "insights/partnership_detail.html", _partnership_context(request, partnership)
    )
