"""Meldpunt figures: counts per organisation, quarter and kind, and how often the
acknowledgement clock was met; never a word of content. A handler reads their own meldpunt in
full (the reports they may handle); coordinators and viewers read their partnership's, with
counts below 5 as "<5" (they may not see the reports behind them)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.core.suppression import shown
from dijkwacht.core.views import overview_page
from dijkwacht.exports.csv import csv_document
from dijkwacht.exports.download import attachment
from dijkwacht.meldpunt import selectors
from dijkwacht.meldpunt.models import Kind
from dijkwacht.organisations.models import Partnership


def _chosen(request: AuthenticatedHttpRequest) -> tuple[list[Partnership], Partnership | None]:
    partnerships = selectors.figures_partnerships(request.user)
    wanted = request.GET.get("samenwerkingsverband", "")
    chosen = next((p for p in partnerships if str(p.pk) == wanted), None)
    return partnerships, chosen or (partnerships[0] if partnerships else None)


def _shown(rows, kinds, *, compliance=None, shares=None) -> dict:
    """The figures as the tables show them: a handler's own in counts (`compliance`), a
    partnership's with the clocks as shares (`shares`)."""
    return {
        "rows": [(r, kinds.get(r.kind, r.kind), shown(r.count)) for r in rows],
        "compliance": [
            (kinds.get(kind, kind), on_time, late)
            for kind, (on_time, late) in sorted((compliance or {}).items())
        ],
        "shares": [
            (kinds.get(kind, kind), f"{share}%" if share is not None else _("too few to say"))
            for kind, share in sorted((shares or {}).items())
        ],
    }


@overview_page
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A handler's own meldpunt (unsuppressed), and the partnerships a coordinator or viewer
    reads (suppressed below 5)."""
    partnerships, partnership = _chosen(request)
    handled = selectors.handled_organisations(request.user)
    if partnership is None and not handled:
        raise Http404
    kinds = dict(Kind.choices)
    own = None
    if handled:
        own = {
            "organisations": handled,
            **_shown(
                selectors.own_statistics(request.user),
                kinds,
                compliance=selectors.own_deadline_compliance(request.user),
            ),
        }
    figures = None
    if partnership is not None:
        figures = _shown(
            selectors.statistics(request.user, partnership=partnership),
            kinds,
            shares=selectors.deadline_compliance(partnership=partnership),
        )
    return render(
        request,
        "meldpunt/figures/statistics.html",
        {"partnerships": partnerships, "partnership": partnership, "own": own, "figures": figures},
    )


@overview_page
def statistics_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`?eigen=1`: the handler's own meldpunt; otherwise the chosen partnership's figures."""
    kinds = dict(Kind.choices)
    if request.GET.get("eigen") and selectors.handled_organisations(request.user):
        found = selectors.own_statistics(request.user)
        name = "eigen-meldpunt"
    else:
        partnership = _chosen(request)[1]
        if partnership is None:
            raise Http404
        found = selectors.statistics(request.user, partnership=partnership)
        name = partnership.slug
    rows = (
        [
            row.organisation,
            row.year,
            f"Q{row.quarter}",
            kinds.get(row.kind, row.kind),
            shown(row.count),
        ]
        for row in found
    )
    return attachment(
        csv_document([_("Organisation"), _("Year"), _("Quarter"), _("Kind"), _("Reports")], rows),
        f"meldpunt-cijfers-{name}.csv",
    )
