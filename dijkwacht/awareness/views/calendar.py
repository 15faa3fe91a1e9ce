"""The communication calendar: a partnership's month or list of sessions, campaigns and
deadlines with its filters, and the person's secret links that Outlook subscribes to (the
feeds themselves are in the API: `/api/v1/calendar.ics`, `/api/v1/calendar/<key>.ics`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dijkwacht.accounts.types import AuthenticatedHttpRequest
from dijkwacht.awareness import calendar, selectors, services
from dijkwacht.awareness.calendar import ItemKind
from dijkwacht.awareness.forms import CalendarFilterForm, CalendarLinkForm
from dijkwacht.core.forms import attach_errors
from dijkwacht.core.views import overview_page
from dijkwacht.organisations.selectors import (
    partnership_members,
    request_partnership,
    request_partnerships,
)


def _month_of(data: dict[str, Any]) -> tuple[int, int]:
    chosen = data.get("month")
    if chosen:
        return chosen
    today = timezone.localdate()
    return today.year, today.month


@overview_page
@require_GET
def calendar_month(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A month of the partnership's calendar, as weeks of days or as a list."""
    partnership = request_partnership(request, pk)
    members = partnership_members(partnership)
    form = CalendarFilterForm(
        request.GET or None,
        kinds=[(k.value, str(k.label)) for k in ItemKind],
        groups=selectors.target_groups(),
        members=members,
    )
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # each filter that is right counts, whatever is wrong with another
        data = form.cleaned_data
    filters = selectors.CalendarFilters(
        kind=data.get("kind") or "",
        target_group=data.get("target_group") or "",
        organisation=data.get("organisation"),
    )
    year, month = _month_of(data)
    weeks = calendar.month_weeks(year, month)
    first, last = datetime.date(year, month, 1), calendar.last_of_month(year, month)
    items = selectors.calendar_items(
        request.user, [partnership], weeks[0][0], weeks[-1][-1], filters
    )
    in_month = [i for i in items if i.last_day >= first and i.first_day <= last]
    as_list = data.get("view") == "list"

    def month_link(by: int) -> str:
        y, m = calendar.shift_month(year, month, by)
        query = {k: request.GET.get(k, "") for k in request.GET if k != "month"}
        return f"{request.path}?{urlencode({**query, 'month': f'{y:04d}-{m:02d}'})}"

    return render(
        request,
        "awareness/calendar.html",
        {
            "partnership": partnership,
            "form": form,
            "filters": filters,
            "as_list": as_list,
            "month_start": first,
            "previous_month": month_link(-1),
            "next_month": month_link(1),
            "this_month": reverse("awareness:calendar", args=[partnership.pk]),
            "weeks": [
                [
                    (
                        day,
                        day.month == month,
                        [i for i in items if not i.spans_days and i.first_day == day],
                    )
                    for day in week
                ]
                for week in weeks
            ],
            "running": [i for i in in_month if i.spans_days],
            "days": _by_day([i for i in in_month if not i.spans_days], first, last),
            "items": in_month,
            "today": timezone.localdate(),
        },
    )


def _by_day(
    items: list[calendar.CalendarItem], first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, list[calendar.CalendarItem]]]:
    days: dict[datetime.date, list[calendar.CalendarItem]] = {}
    for item in items:
        if first <= item.first_day <= last:
            days.setdefault(item.first_day, []).append(item)
    return sorted(days.items())


def _feed_urls(key: str) -> dict[str, str]:
    """The feed at the installation's address (as in its mails), and as `webcal://`, which
    opens the subscription in Outlook or Apple Calendar."""
    https = settings.DIJKWACHT_BASE_URL.rstrip("/") + reverse("api-v1:calendar_feed", args=[key])
    return {"https": https, "webcal": "webcal:" + https.split(":", 1)[1]}


@require_http_methods(["GET", "POST"])
def calendar_links(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's secret calendar links: make one (shown once), see when each was last read,
    revoke one."""
    partnerships = request_partnerships(request)
    form = CalendarLinkForm(request.POST or None, partnerships=partnerships)
    made: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["partnership"]
        partnership = next((p for p in partnerships if p.pk == chosen), None)
        try:
            link, key = services.calendar_link_create(actor=request.user, partnership=partnership)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            made = {"link": link, **_feed_urls(key)}
            form = CalendarLinkForm(partnerships=partnerships)
    return render(
        request,
        "awareness/calendar_links.html",
        {
            "form": form,
            "made": made,
            "links": list(selectors.calendar_links_of(request.user)),
            "partnerships": partnerships,
        },
    )


@require_POST
def calendar_link_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = selectors.get_calendar_link_for(request.user, pk)
    services.calendar_link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link has been revoked: the feed no longer answers."))
    return redirect("awareness:calendar_links")
