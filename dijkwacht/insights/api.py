"""The dashboard in the API: the same sections and figures as the page, under the same
permissions and suppression (a count of 1–4 reads "<5" for whoever may not see the records)."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from dijkwacht.api.schemas import Problem
from dijkwacht.insights import dashboard
from dijkwacht.organisations import selectors

router = Router(tags=["inzichten"])


class FigureOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]


class DashboardOut(Schema):
    partnership: str
    generated_at: datetime.datetime
    sections: list[SectionOut]


@router.get(
    "/partnerships/{slug}/dashboard",
    response={200: DashboardOut, 401: Problem, 404: Problem},
    summary="Het dashboard van een samenwerkingsverband: de cijfers per onderdeel",
    description=(
        "Per onderdeel (programma's, scans, meldpunt, …) de figuren van het dashboard, elk als "
        "tabel: kolomnamen en rijen zoals het scherm ze toont. Kleine aantallen (1–4) staan er "
        "als `<5` voor wie de onderliggende gegevens niet mag zien."
    ),
)
def get_dashboard(request: HttpRequest, slug: str):
    partnership = selectors.get_partnership_by_slug_for(request.user, slug)
    now = timezone.now()
    reader = dashboard.Reader(request.user, partnership, now)
    return {
        "partnership": partnership.slug,
        "generated_at": now,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "figures": [
                    {"key": f.key, "title": f.title, "columns": f.header, "rows": f.rows}
                    for f in section.figures
                ],
            }
            for section in dashboard.sections(reader)
        ],
    }
