"""What asks for attention now, per person, on a partnership's dashboard: one line per thing to
do, each linking to the page where it is done. Counts only (a handler's clocks never name a
report here). A fixed number of queries, whatever the partnership's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dijkwacht.insights.dashboard import Reader
from dijkwacht.meldpunt.permissions import handler_organisations
from dijkwacht.meldpunt.selectors import clock_counts
from dijkwacht.organisations.permissions import access_for
from dijkwacht.programmes import progress
from dijkwacht.programmes.models import Commitment

# A round whose deadline is this close is "closing soon"; one this far past still nags (a scan
# round is never closed: after a quarter its stragglers are the coordinator's own call).
SOON = datetime.timedelta(days=7)
LATE_FOR = datetime.timedelta(days=91)


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    urgent: bool = False  # past a deadline


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def attention(reader: Reader) -> list[Item]:
    coordinates = reader.coordinates
    assesses = reader.partnership.pk in access_for(reader.user).assessing_ids
    contributes_for = reader.contributes_for
    items: list[Item] = []
    today = timezone.localdate(reader.now)
    if coordinates or contributes_for:
        items += _progress_rounds(reader, today, None if coordinates else contributes_for)
    if coordinates:
        items += _stale_cells(reader)
    elif contributes_for:
        items += _open_actions(reader, contributes_for)
    if coordinates or contributes_for:
        items += _scan_rounds(reader, today, to_all=coordinates)
    if coordinates or assesses:
        items += _reviews(reader, today)
    members = {m.pk for m in reader.members}
    handled = [pk for pk in handler_organisations(reader.user) if pk in members]
    if handled:
        items += _clocks(reader, handled)
    return items


def _progress_rounds(
    reader: Reader, today: datetime.date, organisations: list[int] | None
) -> list[Item]:
    """Open progress rounds closing soon or late (of the running programmes), with how many
    organisations (or, for a contributor, how many of their own cells) still wait for an
    update."""
    rounds = sorted(
        (
            (r, figures.programme)
            for figures in reader.running_programmes
            for r in figures.open_rounds
            if r.deadline <= today + SOON
        ),
        key=lambda found: (found[0].deadline, found[0].pk),
    )
    if not rounds:
        return []
    waiting = Q(pk__in=[])
    for r, _programme in rounds:
        waiting |= Q(programme_id=r.programme_id) & (
            Q(updated_at__isnull=True) | Q(updated_at__lt=r.opened_at)
        )
    cells = Commitment.objects.filter(waiting).order_by()
    if organisations is not None:
        cells = cells.filter(organisation_id__in=organisations)
    counted = dict(
        cells.values("programme_id")
        .annotate(
            n=Count("organisation_id", distinct=True) if organisations is None else Count("pk")
        )
        .values_list("programme_id", "n")
    )
    items = []
    for r, programme in rounds:
        n = counted.get(r.programme_id, 0)
        if not n:
            continue
        late = r.deadline < today
        if organisations is None:
            text = ngettext(
                "%(round)s (%(programme)s): %(n)d organisation has not updated every cell",
                "%(round)s (%(programme)s): %(n)d organisations have not updated every cell",
                n,
            )
        else:
            text = ngettext(
                "%(round)s (%(programme)s): %(n)d cell of yours waits for an update",
                "%(round)s (%(programme)s): %(n)d cells of yours wait for an update",
                n,
            )
        text = text % {"round": r.title, "programme": programme.name, "n": n}
        when = (_("the deadline was %(date)s") if late else _("the deadline is %(date)s")) % {
            "date": _date(r.deadline)
        }
        url = reverse(
            "programmes:round_detail" if organisations is None else "programmes:my_actions",
            kwargs={"pk": r.programme_id, "round_pk": r.pk} if organisations is None else None,
        )
        items.append(Item(f"{text}; {when}.", url, urgent=late))
    return items


def _stale_cells(reader: Reader) -> list[Item]:
    return [
        Item(
            ngettext(
                "%(programme)s: %(n)d cell has no recent input",
                "%(programme)s: %(n)d cells have no recent input",
                figures.stale,
            )
            % {"programme": figures.programme.name, "n": figures.stale},
            reverse("programmes:matrix", kwargs={"pk": figures.programme.pk}) + "?stale=on",
        )
        for figures in reader.running_programmes
        if figures.stale
    ]


def _open_actions(reader: Reader, organisations: list[int]) -> list[Item]:
    """A contributor's cells in the partnership's running programmes that are not done."""
    n = (
        Commitment.objects.filter(
            programme__partnership=reader.partnership,
            programme__is_draft=False,
            programme__closed_on__isnull=True,
            organisation_id__in=organisations,
        )
        .exclude(status__in=progress.DONE)
        .count()
    )
    if not n:
        return []
    return [
        Item(
            ngettext(
                "%(n)d action of your organisation is not done yet",
                "%(n)d actions of your organisation are not done yet",
                n,
            )
            % {"n": n},
            reverse("programmes:my_actions"),
        )
    ]


def _scan_rounds(reader: Reader, today: datetime.date, *, to_all: bool) -> list[Item]:
    """Scan rounds closing soon or recently past their deadline, with self-scans still to
    submit (all of them for a coordinator, their own for a contributor: `Reader.scan_rounds`)."""
    rounds = sorted(
        (
            counts
            for counts in reader.scan_rounds
            if counts.open_self and today - LATE_FOR <= counts.round.deadline <= today + SOON
        ),
        key=lambda counts: (counts.round.deadline, counts.round.pk),
    )
    items = []
    for counts in rounds:
        r = counts.round
        late = r.deadline < today
        text = ngettext(
            "%(round)s: %(n)d self-scan is not submitted yet",
            "%(round)s: %(n)d self-scans are not submitted yet",
            counts.open_self,
        ) % {"round": r.title, "n": counts.open_self}
        when = (_("the deadline was %(date)s") if late else _("the deadline is %(date)s")) % {
            "date": _date(r.deadline)
        }
        url = (
            reverse("scans:round_detail", kwargs={"pk": r.pk})
            if to_all
            else reverse("scans:scan_list")
        )
        items.append(Item(f"{text}; {when}.", url, urgent=late))
    return items


def _reviews(reader: Reader, today: datetime.date) -> list[Item]:
    """Independent reviews waiting for the assessors (`RoundCounts.reviews_waiting`), per
    round: late once the round's deadline passed."""
    rounds = sorted(
        (
            counts
            for counts in reader.scan_rounds
            if counts.reviews_waiting and counts.round.deadline >= today - LATE_FOR
        ),
        key=lambda counts: (counts.round.deadline, counts.round.pk),
    )
    return [
        Item(
            ngettext(
                "%(round)s: %(n)d self-scan waits for its independent review",
                "%(round)s: %(n)d self-scans wait for their independent review",
                counts.reviews_waiting,
            )
            % {"round": counts.round.title, "n": counts.reviews_waiting},
            reverse("scans:round_detail", kwargs={"pk": counts.round.pk}),
            urgent=counts.round.deadline < today,
        )
        for counts in rounds
    ]


def _clocks(reader: Reader, organisations: list[int]) -> list[Item]:
    """A handler's clocks at this partnership's members, as counts: reports past a term and
    reports whose term ends soon."""
    overdue, soon = clock_counts(reader.user, organisations, reader.now)
    url = reverse("meldpunt:inbox") + "?status=open"
    items = []
    if overdue:
        items.append(
            Item(
                ngettext(
                    "%(n)d report is past its term (acknowledgement or feedback)",
                    "%(n)d reports are past their term (acknowledgement or feedback)",
                    overdue,
                )
                % {"n": overdue},
                url,
                urgent=True,
            )
        )
    if soon:
        items.append(
            Item(
                ngettext(
                    "%(n)d report reaches its term soon",
                    "%(n)d reports reach their term soon",
                    soon,
                )
                % {"n": soon},
                url,
            )
        )
    return items
