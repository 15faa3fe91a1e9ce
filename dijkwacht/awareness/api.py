"""Awareness in the API: the activities of the user's partnerships with their sessions and
participants, reach per member and target group, and the communication calendar as an
iCalendar feed. They are counts and dates and name nobody; they are scoped as the pages are.

The feed behind a secret link (`/calendar/<key>.ics`) is the one operation without a login:
Outlook cannot log in. The key is the credential (only its hash is stored, it is revoked by
deleting the link), and the feed holds what the link's person may see at the moment it is
read."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import model_validator

from dijkwacht.api.pages import PageQuery, page_of
from dijkwacht.api.schemas import LIST_ERRORS, Problem
from dijkwacht.awareness import calendar, documents, selectors, services
from dijkwacht.awareness.forms import MAX_PERIOD_DAYS
from dijkwacht.awareness.models import Activity
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.organisations import selectors as org_selectors

router = Router(tags=["awareness"])


class ActivityOut(Schema):
    id: int
    partnership: str = Field(..., description="Slug van het samenwerkingsverband.")
    title: str
    kind: str = Field(..., description="Code van de soort activiteit.")
    kind_name: str
    organiser: int = Field(..., description="Id van de organiserende organisatie.")
    organiser_name: str
    target_groups: list[str] = Field(..., description="Codes van de doelgroepen.")
    action: int | None = Field(..., description="Id van de programma-actie die zij uitvoert.")
    capacity: int | None = Field(..., description="Plaatsen per bijeenkomst; leeg: geen grens.")
    sessions: int = Field(..., description="Aantal bijeenkomsten, gehouden en gepland.")
    first_session: datetime.datetime | None
    last_session: datetime.datetime | None
    next_session: datetime.datetime | None
    participants: int = Field(..., description="Deelnemers over alle gehouden bijeenkomsten.")
    registered: int = Field(..., description="Aanmeldingen (zonder wachtlijst en afmeldingen).")
    waiting: int = Field(..., description="Op de wachtlijst.")
    present: int = Field(..., description="Aanwezig gemeld bij de registratie van aanwezigheid.")

    @staticmethod
    def resolve_partnership(obj: Activity) -> str:
        return obj.partnership.slug

    @staticmethod
    def resolve_kind(obj: Activity) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: Activity) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_organiser(obj: Activity) -> int:
        return obj.organiser_id

    @staticmethod
    def resolve_organiser_name(obj: Activity) -> str:
        return obj.organiser.name

    @staticmethod
    def resolve_target_groups(obj: Activity) -> list[str]:
        return [g.code for g in obj.target_groups.all()]

    @staticmethod
    def resolve_action(obj: Activity) -> int | None:
        return obj.action_id

    @staticmethod
    def resolve_sessions(obj: Any) -> int:
        return obj.session_count


class ActivityFilter(PageQuery):
    partnership: str = Field(
        "", max_length=100, description="Slug: alleen dit verband (standaard: al je verbanden)."
    )
    kind: str = Field("", max_length=50, description="Code van de soort activiteit.")
    target_group: str = Field("", max_length=50, description="Code van de doelgroep.")
    organisation: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Id: georganiseerd door of met deze organisatie."
    )
    year: int | None = Field(None, ge=2000, le=2100, description="Met een bijeenkomst in dit jaar.")


@router.get(
    "/activities",
    response={200: list[ActivityOut], 404: Problem, **LIST_ERRORS},
    summary="Activiteiten voor bewustwording",
)
def list_activities(
    request: HttpRequest, response: HttpResponse, filters: Query[ActivityFilter]
) -> Any:
    """De activiteiten van je samenwerkingsverbanden met hun bijeenkomsten en deelnemers. Alleen
    aantallen: een activiteit noemt niemand."""
    partnership = (
        org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        if filters.partnership
        else None
    )
    rows = selectors.activities_of(
        request.user,
        partnership,
        selectors.ActivityFilters(
            kind=filters.kind,
            target_group=filters.target_group,
            organisation=filters.organisation,
            year=filters.year,
        ),
    ).select_related("partnership")
    return page_of(request, response, rows, filters)


class ReachCellOut(Schema):
    organisation: int
    organisation_name: str
    target_group: str = Field(..., description="Code van de doelgroep.")
    reached: int = Field(..., description="Deelnemers uit de doelgroep in de periode.")
    size: int | None = Field(..., description="Omvang van de doelgroep; leeg: niet ingevuld.")
    share: int | None = Field(
        ..., description="Bereikt deel in procenten, naar beneden afgerond, hoogstens 100."
    )
    size_out_of_date: bool = Field(..., description="Meer deelnemers dan de groep groot is.")


class ReachTotalOut(Schema):
    target_group: str
    reached: int
    size: int | None
    share: int | None
    members_without_size: int = Field(..., description="Leden zonder omvang: niet meegeteld.")


class ReachOut(Schema):
    partnership: str | None = Field(..., description="Slug; leeg: al je verbanden.")
    start: datetime.date
    end: datetime.date
    cells: list[ReachCellOut] = Field(
        ...,
        description=(
            "De cellen van de leden op deze pagina (de pagina's gaan over de leden, op "
            "volgorde van hun nummer; `X-Total-Count` is het aantal leden)."
        ),
    )
    totals: list[ReachTotalOut] = Field(..., description="Over alle leden, op elke pagina.")


class ReachFilter(PageQuery):
    partnership: str = Field(
        "",
        max_length=100,
        description="Slug: de leden van dit verband (standaard: van al je verbanden).",
    )
    start: datetime.date | None = Field(None, description="Standaard: een jaar voor `end`.")
    end: datetime.date | None = Field(None, description="Standaard: vandaag.")

    @model_validator(mode="after")
    def _period(self) -> Self:
        end = self.end or timezone.localdate()
        start = self.start or add_months(end, -12) + datetime.timedelta(days=1)
        if not datetime.date(2000, 1, 1) <= start <= end <= datetime.date(2100, 12, 31):
            raise ValueError("start ligt na end, of buiten 2000–2100")
        if (end - start).days > MAX_PERIOD_DAYS:
            raise ValueError("de periode is langer dan vijf jaar")
        self.start, self.end = start, end
        return self


@router.get(
    "/reach",
    response={200: ReachOut, 404: Problem, **LIST_ERRORS},
    summary="Bereik per lid en doelgroep",
)
def get_reach(request: HttpRequest, response: HttpResponse, filters: Query[ReachFilter]) -> Any:
    """Per lid van het verband en per doelgroep: hoeveel mensen in de periode aan een
    bijeenkomst deelnamen, tegen de omvang die op de laatste dag gold. Een deelnemer telt bij
    zijn eigen organisatie, wie de bijeenkomst ook organiseerde. In pagina's van leden; de
    totalen gaan over alle leden."""
    if filters.start is None or filters.end is None:  # set by the validator
        raise RuntimeError("the period was not settled")
    if filters.partnership:
        partnership = org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        members = org_selectors.partnership_members(partnership)
    else:
        partnership = None
        members = list(org_selectors.organisation_list_for(request.user))
    # The totals over every member; the cells of one page of them, in a stable order.
    matrix = selectors.reach_matrix(sorted(members, key=lambda m: m.pk), filters.start, filters.end)
    rows = page_of(request, response, matrix.rows, filters)
    return {
        "partnership": partnership.slug if partnership else None,
        "start": matrix.start,
        "end": matrix.end,
        "cells": [
            {
                "organisation": row.organisation.pk,
                "organisation_name": row.organisation.name,
                "target_group": group.code,
                "reached": cell.reached,
                "size": cell.size,
                "share": cell.share,
                "size_out_of_date": cell.over,
            }
            for row in rows
            for group, cell in zip(matrix.groups, row.cells, strict=True)
        ],
        "totals": [
            {
                "target_group": group.code,
                "reached": total.reach.reached,
                "size": total.reach.size,
                "share": total.reach.share,
                "members_without_size": total.unknown,
            }
            for group, total in zip(matrix.groups, matrix.totals, strict=True)
        ],
    }


class CalendarFilter(Schema):
    partnership: str = Field(
        "", max_length=100, description="Slug: alleen dit verband (standaard: al je verbanden)."
    )
    start: datetime.date | None = Field(None, description="Standaard: een jaar geleden.")
    end: datetime.date | None = Field(None, description="Standaard: twee jaar vooruit.")

    @model_validator(mode="after")
    def _period(self) -> Self:
        today = timezone.localdate()
        start = self.start or today - calendar.FEED_PAST
        end = self.end or today + calendar.FEED_AHEAD
        if not datetime.date(2000, 1, 1) <= start <= end <= datetime.date(2100, 12, 31):
            raise ValueError("start ligt na end, of buiten 2000–2100")
        if (end - start).days > MAX_PERIOD_DAYS:
            raise ValueError("de periode is langer dan vijf jaar")
        self.start, self.end = start, end
        return self


ICS_RESPONSE = {
    "responses": {
        200: {
            "description": "De agenda als iCalendar (RFC 5545).",
            "content": {"text/calendar": {}},
        }
    }
}


def _feed(user: Any, partnerships: list[Any], name: str, start: Any, end: Any) -> HttpResponse:
    now = timezone.now()
    items = selectors.calendar_items(user, partnerships, start, end)
    body = documents.calendar_ics(
        items,
        uid=calendar.uid("calendar", partnerships[0].pk if len(partnerships) == 1 else 0),
        name=name,
        base_url=settings.DIJKWACHT_BASE_URL,
        now=now,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response


@router.get(
    "/calendar.ics",
    response={200: None, 404: Problem, **LIST_ERRORS},
    summary="De communicatiekalender als iCalendar",
    url_name="calendar_ics",
    openapi_extra=ICS_RESPONSE,
)
def get_calendar(request: HttpRequest, filters: Query[CalendarFilter]) -> HttpResponse:
    """Bijeenkomsten, campagnes en deadlines van scan- en voortgangsrondes van je verbanden,
    met vaste UID's, een SEQUENCE die bij elke wijziging stijgt en wat is afgelast als
    afgelast. Nooit iets van het meldpunt of Bibob."""
    if filters.start is None or filters.end is None:  # set by the validator
        raise RuntimeError("the period was not settled")
    if filters.partnership:
        partnerships = [
            org_selectors.get_partnership_by_slug_for(request.user, filters.partnership)
        ]
    else:
        partnerships = list(org_selectors.partnership_list_for(request.user))
    if not partnerships:
        raise Http404("Partnership")
    name = partnerships[0].name if len(partnerships) == 1 else "Dijkwacht"
    return _feed(request.user, partnerships, name, filters.start, filters.end)


@router.get(
    "/calendar/{key}.ics",
    auth=None,
    response={200: None, 404: Problem},
    summary="Een abonnement op de agenda (geheime link)",
    url_name="calendar_feed",
    openapi_extra=ICS_RESPONSE,
)
def get_calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """De agenda achter een geheime link die Outlook volgt, zonder inloggen: de sleutel is
    het bewijs. Hij bevat wat de eigenaar van de link nu mag zien; een ingetrokken link, of
    een verband waar de eigenaar niet meer bij hoort, geeft 404."""
    link = selectors.calendar_link_for_key(key)
    if link is None:
        raise Http404("Calendar link")
    user = link.user
    visible = list(org_selectors.partnership_list_for(user))
    if link.partnership_id is not None:
        visible = [p for p in visible if p.pk == link.partnership_id]
    if not visible:
        raise Http404("Partnership")
    services.calendar_link_used(link=link, now=timezone.now())
    today = timezone.localdate()
    name = visible[0].name if link.partnership_id else "Dijkwacht"
    return _feed(user, visible, name, today - calendar.FEED_PAST, today + calendar.FEED_AHEAD)
