"""The Bibob figures: counts only, for the team (its own organisations, in full) and for the
partnership's coordinators and viewers and the platform admins (every count of 1–4 shown as
"<5", and one a member could take its own part from to learn another's small count as "×").
The page and its Excel show the same counts. Nothing here loads a screening's content."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.bibob import documents, selectors
from dijkwacht.bibob.forms import FiguresForm
from dijkwacht.bibob.models import AdviceConclusion, Domain, Outcome
from dijkwacht.bibob.permissions import FiguresScope, bibob_organisation_ids, figures_scope
from dijkwacht.bibob.selectors import Figures
from dijkwacht.core.views import overview_page
from dijkwacht.exports.download import attachment
from dijkwacht.organisations.selectors import current_partnership, organisations_by_pk


def _read(request: AuthenticatedHttpRequest) -> tuple[FiguresScope, FiguresForm, Figures]:
    scope = figures_scope(request.user, current_partnership(request))
    if scope is None:
        raise Http404
    form = FiguresForm(request.GET or None)
    year = form.chosen_year()
    counts = selectors.figures(
        scope.organisation_ids, year, suppressed=scope.suppressed, terms=True
    )
    return scope, form, counts


@overview_page
@require_GET
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope, form, counts = _read(request)
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
            "year_query": urlencode({"year": counts.year}),
            "terms_lines": selectors.terms_lines(counts.terms) if counts.terms else [],
            "organisations": organisations_by_pk(scope.organisation_ids)
            if not scope.suppressed and scope.organisation_ids
            else [],
        },
    )


@overview_page
@require_GET
def figures_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's figures as Excel, as the page shows them to this reader."""
    scope, _form, counts = _read(request)
    if scope.organisation_ids is None:
        names: list[str] = []
    elif scope.partnership is not None:
        names = [scope.partnership.name]
    else:
        names = [o.name for o in organisations_by_pk(scope.organisation_ids)]
    return attachment(documents.figures_xlsx(counts, names), f"bibob-cijfers-{counts.year}.xlsx")
