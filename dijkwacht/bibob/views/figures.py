"""The Bibob figures: counts only, for the team (its own organisations, in full) and for the
partnership's coordinators and viewers and the platform admins (every count of 1–4 shown as
"<5"). Nothing here loads a screening."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.bibob import selectors
from dijkwacht.bibob.forms import FiguresForm
from dijkwacht.bibob.models import AdviceConclusion, Domain, Outcome
from dijkwacht.bibob.permissions import bibob_organisation_ids, figures_scope
from dijkwacht.core.views import overview_page
from dijkwacht.organisations.selectors import current_partnership, organisations_by_pk


@overview_page
@require_GET
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = figures_scope(request.user, current_partnership(request))
    if scope is None:
        raise Http404
    form = FiguresForm(request.GET or None)
    year = form.chosen_year()
    counts = selectors.figures(scope.organisation_ids, year, suppressed=scope.suppressed)
    return render(
        request,
        "bibob/figures.html",
        {
            "form": form,
            "scope": scope,
            "figures": counts,
            "domains": Domain.choices,
            "outcomes": Outcome.choices,
            "team": bool(bibob_organisation_ids(request.user)),
            "conclusions": AdviceConclusion.choices,
            "organisations": organisations_by_pk(scope.organisation_ids)
            if not scope.suppressed and scope.organisation_ids
            else [],
        },
    )
