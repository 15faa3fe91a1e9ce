"""Meldpunt figures for coordinators and viewers of a partnership: counts per organisation,
quarter and kind, and how often the acknowledgement clock was met. Never a word of content;
counts below 5 read "<5" (they may not see the reports behind them)."""

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


def _chosen(request: AuthenticatedHttpRequest) -> tuple[list[Partnership], Partnership]:
    partnerships = selectors.figures_partnerships(request.user)
    if not partnerships:
        raise Http404
    wanted = request.GET.get("samenwerkingsverband", "")
    chosen = next((p for p in partnerships if str(p.pk) == wanted), partnerships[0])
    return partnerships, chosen


@overview_page
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnerships, partnership = _chosen(request)
    rows = selectors.statistics(request.user, partnership=partnership)
    compliance = selectors.deadline_compliance(partnership=partnership)
    kinds = dict(Kind.choices)
    return render(
        request,
        "meldpunt/figures/statistics.html",
        {
            "partnerships": partnerships,
            "partnership": partnership,
            "rows": [(r, kinds.get(r.kind, r.kind), shown(r.count)) for r in rows],
            "compliance": [
                (kinds.get(kind, kind), shown(on_time), shown(late))
                for kind, (on_time, late) in sorted(compliance.items())
            ],
        },
    )


@overview_page
def statistics_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnership = _chosen(request)[1]
    kinds = dict(Kind.choices)
    rows = (
        [
            row.organisation,
            row.year,
            f"Q{row.quarter}",
            kinds.get(row.kind, row.kind),
            shown(row.count),
        ]
        for row in selectors.statistics(request.user, partnership=partnership)
    )
    return attachment(
        csv_document([_("Organisation"), _("Year"), _("Quarter"), _("Kind"), _("Reports")], rows),
        f"meldpunt-cijfers-{partnership.slug}.csv",
    )
