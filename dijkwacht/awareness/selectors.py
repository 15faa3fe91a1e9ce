"""Reads for awareness: a partnership's activities with their counts, one activity with its
sessions, and reach as a matrix of organisations × target groups. Each runs a fixed number of
queries whatever the number of activities, sessions or members; the sums run in the database.

Reach counts an organisation's people at every session held in the period, whoever organised
it: a Twente municipality's new staff at a workshop of the province count for that
municipality, in each partnership it is a member of.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dijkwacht.accounts.models import hash_token
from dijkwacht.awareness import calendar
from dijkwacht.awareness.calendar import CalendarItem, ItemKind
from dijkwacht.awareness.extensions import calendar_sources
from dijkwacht.awareness.models import (
    Activity,
    ActivityType,
    CalendarLink,
    Campaign,
    CancelledItem,
    Course,
    CourseCompletion,
    CoursePage,
    CourseQuestion,
    Participation,
    Registration,
    RegistrationStatus,
    Session,
    TargetGroup,
    TargetGroupSize,
)
from dijkwacht.awareness.models import RegistrationStatus as S
from dijkwacht.awareness.reach import Reach, change_percent, combined, size_on
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.suppression import Withheld, protected_total, shown, suppress
from dijkwacht.meldpunt import selectors as meldpunt_selectors
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.programmes.models import ProgressRound
from dijkwacht.scans.models import ScanRound


def kinds() -> list[ActivityType]:
    return list(ActivityType.objects.filter(active=True))


def target_groups(*, include: Iterable[int] = ()) -> list[TargetGroup]:
    """The groups in use, and those named in `include` (an activity's retired group)."""
    return list(TargetGroup.objects.filter(Q(active=True) | Q(pk__in=list(include))))


def activity_choices(
    activity: Activity | None,
) -> tuple[QuerySet[ActivityType], QuerySet[TargetGroup]]:
    """The kinds and groups an activity may be given: those in use, and the ones it has
    (retired since)."""
    kinds = Q(active=True)
    groups = Q(active=True)
    if activity is not None:
        kinds |= Q(pk=activity.kind_id)
        groups |= Q(pk__in=activity.target_groups.values("pk"))
    return ActivityType.objects.filter(kinds), TargetGroup.objects.filter(groups)


def organisations_among(pks: Iterable[int]) -> QuerySet[Organisation]:
    """The organisations a user may choose in a form (the caller has scoped `pks`)."""
    return Organisation.objects.filter(pk__in=list(pks)).order_by("name")


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """From the start of `start` to the end of `end`, in the Dutch day."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone),
    )


@dataclass(frozen=True)
class ActivityFilters:
    kind: str = ""
    target_group: str = ""
    organisation: int | None = None
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.kind or self.target_group or self.organisation or self.year)


def _participants_of_activity(within: Q) -> Subquery:
    return Subquery(
        Participation.objects.filter(within, session__activity=OuterRef("pk"))
        .order_by()
        .values("session__activity")
        .annotate(total=Sum("count"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def _registrations_of_activity(within: Q, status: str, **more: Any) -> Subquery:
    return Subquery(
        Registration.objects.filter(within, session__activity=OuterRef("pk"), status=status, **more)
        .order_by()
        .values("session__activity")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def activities_of(
    user: Any, partnership: Partnership | None, filters: ActivityFilters | None = None
) -> QuerySet[Activity]:
    """The partnership's activities (without one: of every partnership the user sees), the
    latest first, each with its number of sessions, the first and last and the next, and its
    participants."""
    filters = filters or ActivityFilters()
    now = timezone.now()
    rows = Activity.objects.visible_to(access_for(user))
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    if filters.kind:
        rows = rows.filter(kind__code=filters.kind)
    if filters.target_group:
        rows = rows.filter(target_groups__code=filters.target_group)
    if filters.organisation:
        rows = rows.filter(
            Q(organiser_id=filters.organisation) | Q(organisations__pk=filters.organisation)
        )
    # With a year chosen, the sessions and participants of that year.
    in_year, sessions_in_year = Q(), None
    if filters.year:
        start, end = _bounds(datetime.date(filters.year, 1, 1), datetime.date(filters.year, 12, 31))
        rows = rows.filter(sessions__starts_at__gte=start, sessions__starts_at__lt=end)
        in_year = Q(session__starts_at__gte=start, session__starts_at__lt=end)
        sessions_in_year = Q(sessions__starts_at__gte=start, sessions__starts_at__lt=end)
    if filters.target_group or filters.organisation or filters.year:
        # The joins above may match an activity more than once.
        rows = Activity.objects.filter(pk__in=rows.values("pk"))
    return (
        rows.select_related("kind", "organiser", "action__programme")
        .prefetch_related("target_groups")
        .annotate(
            session_count=Count("sessions", filter=sessions_in_year, distinct=True),
            first_session=Min("sessions__starts_at", filter=sessions_in_year),
            last_session=Max("sessions__starts_at", filter=sessions_in_year),
            next_session=Min("sessions__starts_at", filter=Q(sessions__starts_at__gte=now)),
            participants=Coalesce(_participants_of_activity(in_year), 0),
            registered=Coalesce(_registrations_of_activity(in_year, S.REGISTERED), 0),
            waiting=Coalesce(_registrations_of_activity(in_year, S.WAITING), 0),
            present=Coalesce(
                _registrations_of_activity(in_year, S.REGISTERED, attended_at__isnull=False), 0
            ),
        )
        .order_by(F("last_session").desc(nulls_last=True), "title", "pk")
    )


def get_activity_for(user: Any, pk: Any) -> Activity:
    return get_visible_or_404(
        Activity.objects.visible_to(access_for(user)).select_related(
            "partnership", "kind", "organiser", "action__programme", "created_by"
        ),
        pk=pk,
    )


def get_session_for(user: Any, pk: Any) -> Session:
    return get_visible_or_404(
        Session.objects.filter(
            activity__in=Activity.objects.visible_to(access_for(user))
        ).select_related("activity__partnership", "activity__organiser", "activity__kind"),
        pk=pk,
    )


def _registrations_with(status: str) -> Subquery:
    return Subquery(
        Registration.objects.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def sessions_of(activity: Activity) -> QuerySet[Session]:
    """The activity's sessions in order, each with its participants, and how many are
    registered and waiting."""
    return activity.sessions.annotate(
        participants=Sum("participations__count"),
        registered=Coalesce(_registrations_with(RegistrationStatus.REGISTERED), 0),
        waiting=Coalesce(_registrations_with(RegistrationStatus.WAITING), 0),
    ).order_by("starts_at", "pk")


def registrations_of(user: Any, session: Session) -> QuerySet[Registration]:
    """The session's registrations the user may see (see `RegistrationQuerySet.visible_to`),
    the waiting list in its order after the registered."""
    return (
        Registration.objects.visible_to(access_for(user))
        .filter(session=session)
        .select_related("organisation", "target_group")
        .annotate(
            rank=Case(
                When(status=RegistrationStatus.REGISTERED, then=0),
                When(status=RegistrationStatus.WAITING, then=1),
                default=2,
            )
        )
        .order_by("rank", "created_at", "pk")
    )


def own_registration(user: Any, session: Session) -> Registration | None:
    return Registration.objects.filter(session=session, user=user).first()


def get_registration_for(user: Any, pk: Any) -> Registration:
    return get_visible_or_404(
        Registration.objects.visible_to(access_for(user)).select_related(
            "session__activity__partnership",
            "session__activity__organiser",
            "organisation",
            "target_group",
        ),
        pk=pk,
    )


def waiting_place(registration: Registration) -> int | None:
    """Where on the waiting list the registration stands (1: next to move up)."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return (
        Registration.objects.filter(
            session_id=registration.session_id,
            status=RegistrationStatus.WAITING,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def participation_of(session: Session) -> dict[tuple[int, int], int]:
    """The session's counts by (organisation, target group)."""
    return {
        (p.organisation_id, p.target_group_id): p.count
        for p in Participation.objects.filter(session=session)
    }


# --- Reach -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachRow:
    organisation: Organisation
    cells: list[Reach]


@dataclass(frozen=True)
class GroupTotal:
    reach: Reach  # over the members with a size
    unknown: int  # members without a size for the group: left out of `reach`
    counted: int  # every member's participants, with a size or not


@dataclass(frozen=True)
class ReachMatrix:
    start: datetime.date
    end: datetime.date
    groups: list[TargetGroup]
    rows: list[ReachRow]
    totals: list[GroupTotal] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups


def reached(
    organisation_ids: Sequence[int], start: datetime.date, end: datetime.date
) -> dict[tuple[int, int], int]:
    """Participants per (organisation, target group) at the sessions held from `start` to
    `end`: one grouped query."""
    low, high = _bounds(start, end)
    return {
        (row["organisation_id"], row["target_group_id"]): row["total"]
        for row in Participation.objects.filter(
            organisation_id__in=organisation_ids,
            session__starts_at__gte=low,
            session__starts_at__lt=high,
        )
        .order_by()
        .values("organisation_id", "target_group_id")
        .annotate(total=Sum("count"))
    }


def sizes(organisation_ids: Sequence[int], day: datetime.date) -> dict[tuple[int, int], int | None]:
    """The size of each (organisation, target group) that holds on `day`: one query."""
    history: dict[tuple[int, int], list[tuple[datetime.date, int]]] = {}
    for organisation_id, group_id, valid_from, size in TargetGroupSize.objects.filter(
        organisation_id__in=organisation_ids, valid_from__lte=day
    ).values_list("organisation_id", "target_group_id", "valid_from", "size"):
        history.setdefault((organisation_id, group_id), []).append((valid_from, size))
    return {key: size_on(rows, day) for key, rows in history.items()}


def groups_with_sizes(
    organisation_ids: Sequence[int] | None, day: datetime.date
) -> list[TargetGroup]:
    """The target groups of which some of these organisations (every one: None) entered a
    size that holds on `day`: the groups whose reach can be read as a share. One query."""
    entered = TargetGroupSize.objects.filter(valid_from__lte=day)
    if organisation_ids is not None:
        entered = entered.filter(organisation_id__in=organisation_ids)
    return list(TargetGroup.objects.filter(pk__in=entered.values("target_group_id")))


def reach_by_organisation(
    organisation_ids: Sequence[int] | None,
    group_id: int,
    start: datetime.date,
    end: datetime.date,
) -> dict[int, Reach]:
    """Per organisation (of these, or every one with a size or participants: None) its reach
    of one target group in the period, against the size on its last day. Two queries."""
    low, high = _bounds(start, end)
    counted = Participation.objects.filter(
        target_group_id=group_id, session__starts_at__gte=low, session__starts_at__lt=high
    )
    entered = TargetGroupSize.objects.filter(target_group_id=group_id, valid_from__lte=end)
    if organisation_ids is not None:
        counted = counted.filter(organisation_id__in=organisation_ids)
        entered = entered.filter(organisation_id__in=organisation_ids)
    counts = dict(
        counted.order_by()
        .values("organisation_id")
        .annotate(total=Sum("count"))
        .values_list("organisation_id", "total")
    )
    history: dict[int, list[tuple[datetime.date, int]]] = {}
    for organisation_id, valid_from, size in entered.values_list(
        "organisation_id", "valid_from", "size"
    ):
        history.setdefault(organisation_id, []).append((valid_from, size))
    return {
        pk: Reach(counts.get(pk) or 0, size_on(history[pk], end) if pk in history else None)
        for pk in {*counts, *history}
    }


def reach_evidence(
    organisation_id: int, codes: Collection[str], day: datetime.date
) -> list[tuple[str, str]]:
    """What the awareness work reached of an organisation's target groups (by code) in the
    twelve months up to `day`, in words: the evidence a scan's norm asks for (registered in
    `scans.extensions`). Three queries."""
    groups = list(TargetGroup.objects.filter(code__in=list(codes)))
    if not groups:
        return []
    start = add_months(day, -12) + datetime.timedelta(days=1)
    counts = reached([organisation_id], start, day)
    known = sizes([organisation_id], day)
    said = []
    for group in groups:
        reach = Reach(
            counts.get((organisation_id, group.pk), 0), known.get((organisation_id, group.pk))
        )
        values = {"group": group.name, "reached": reach.reached, "size": reach.size}
        if reach.size is None:
            text = _("%(group)s: %(reached)s reached; no size entered") % values
        elif reach.share is None:  # a size of 0: a group nobody is in
            text = _("%(group)s: %(reached)s reached; the size entered is 0") % values
        elif reach.over:
            text = (
                _(
                    "%(group)s: %(reached)s reached, more than its size of %(size)s (is the size "
                    "still right?)"
                )
                % values
            )
        else:
            text = _("%(group)s: %(share)s%% reached (%(reached)s of %(size)s)") % {
                **values,
                "share": reach.share,
            }
        said.append((group.code, text))
    return said


def reach_matrix(
    members: list[Organisation], start: datetime.date, end: datetime.date
) -> ReachMatrix:
    """The members' reach of each target group in the period, against the size that holds on
    its last day. The groups shown are those with a size or a participant among the members;
    three queries."""
    ids = [m.pk for m in members]
    counts = reached(ids, start, end)
    known = sizes(ids, end)
    shown = {group_id for _org, group_id in (*counts, *known)}
    groups = list(TargetGroup.objects.filter(pk__in=shown)) if shown else []
    rows = [
        ReachRow(
            m,
            [Reach(counts.get((m.pk, g.pk), 0), known.get((m.pk, g.pk))) for g in groups],
        )
        for m in members
    ]
    totals = [
        GroupTotal(
            *combined(row.cells[index] for row in rows),
            counted=sum(row.cells[index].reached for row in rows),
        )
        for index in range(len(groups))
    ]
    return ReachMatrix(start, end, groups, rows, totals)


@dataclass(frozen=True)
class SizeRow:
    organisation: Organisation
    cells: list[tuple[int | None, datetime.date | None]]  # size and its date, per group


def size_table(
    members: list[Organisation], groups: list[TargetGroup], day: datetime.date
) -> list[SizeRow]:
    """Per member the size of each group that holds on `day`, with the date it holds from."""
    latest: dict[tuple[int, int], tuple[datetime.date, int]] = {}
    for organisation_id, group_id, valid_from, size in TargetGroupSize.objects.filter(
        organisation_id__in=[m.pk for m in members], valid_from__lte=day
    ).values_list("organisation_id", "target_group_id", "valid_from", "size"):
        key = (organisation_id, group_id)
        if key not in latest or latest[key][0] < valid_from:
            latest[key] = (valid_from, size)
    return [
        SizeRow(
            m,
            [
                (latest[(m.pk, g.pk)][1], latest[(m.pk, g.pk)][0])
                if (m.pk, g.pk) in latest
                else (None, None)
                for g in groups
            ],
        )
        for m in members
    ]


# --- For the programme matrix ----------------------------------------------------------------


@dataclass(frozen=True)
class ActionReach:
    sessions: int
    participants: int


def action_reach(action_ids: Sequence[int]) -> dict[int, ActionReach]:
    """Per action, the sessions held of the activities that carry it out and their
    participants: one grouped query."""
    rows = (
        Session.objects.filter(activity__action_id__in=action_ids, starts_at__lte=timezone.now())
        .order_by()
        .values("activity__action_id")
        .annotate(sessions=Count("pk", distinct=True), participants=Sum("participations__count"))
    )
    return {
        row["activity__action_id"]: ActionReach(row["sessions"], row["participants"] or 0)
        for row in rows
    }


def action_notes(action_ids: Sequence[int]) -> dict[int, str]:
    """ "3 sessions, 74 participants" per action carried out by an activity."""
    return {
        action_id: ngettext("%(count)s session", "%(count)s sessions", r.sessions)
        % {"count": r.sessions}
        + ", "
        + ngettext("%(count)s participant", "%(count)s participants", r.participants)
        % {"count": r.participants}
        for action_id, r in action_reach(action_ids).items()
    }


# --- The communication calendar --------------------------------------------------------------


@dataclass(frozen=True)
class CalendarFilters:
    kind: str = ""  # an ItemKind, or every kind
    target_group: str = ""  # a group's code: the items for it (deadlines are for no group)
    organisation: int | None = None  # the items it takes part in, and the deadlines

    @property
    def active(self) -> bool:
        return bool(self.kind or self.target_group or self.organisation)


def calendar_items(
    user: Any,
    partnerships: Sequence[Partnership],
    start: datetime.date,
    end: datetime.date,
    filters: CalendarFilters | None = None,
) -> list[CalendarItem]:
    """What lies on the calendars of these partnerships (those the user sees among them) from
    `start` to `end`: the sessions of activities, campaigns, the deadlines of scan and progress
    rounds, and what was called off (while no group or organisation is chosen). Never a
    meldpunt or Bibob item. Seven queries, whatever the number of items."""
    filters = filters or CalendarFilters()
    access = access_for(user)
    ids = [p.pk for p in partnerships if access.is_admin or p.pk in access.partnership_ids]
    names = {p.pk: p.name for p in partnerships}
    items: list[CalendarItem] = []
    wants = {filters.kind} if filters.kind else set(ItemKind.values)
    if ItemKind.SESSION in wants:
        items += _session_items(ids, names, start, end, filters)
    if ItemKind.CAMPAIGN in wants:
        items += _campaign_items(ids, names, start, end, filters)
    if ItemKind.DEADLINE in wants and not filters.target_group:
        items += _deadline_items(access, ids, names, start, end)
    if ItemKind.NEWSLETTER in wants and not (filters.target_group or filters.organisation):
        for source in calendar_sources():  # the newsletters' issues
            items += source(ids, names, start, end)
    if not (filters.target_group or filters.organisation):
        items += _cancelled_items(ids, names, start, end, wants)
    return sorted(items, key=_in_order)


def _in_order(item: CalendarItem) -> tuple[Any, ...]:
    at = item.starts if isinstance(item.starts, datetime.datetime) else None
    return (item.first_day, at is not None, at or item.first_day, item.title, item.uid)


def _session_items(
    ids: list[int],
    names: dict[int, str],
    start: datetime.date,
    end: datetime.date,
    filters: CalendarFilters,
) -> list[CalendarItem]:
    low, high = _bounds(start, end)
    activities = Activity.objects.filter(partnership_id__in=ids)
    if filters.target_group:
        activities = activities.filter(target_groups__code=filters.target_group)
    if filters.organisation:
        activities = activities.filter(
            Q(organiser_id=filters.organisation) | Q(organisations__pk=filters.organisation)
        )
    sessions = (
        Session.objects.filter(
            activity__in=activities.values("pk"), starts_at__gte=low, starts_at__lt=high
        )
        .select_related("activity__kind", "activity__organiser")
        .prefetch_related("activity__target_groups")
        .order_by("starts_at", "pk")
    )
    return [
        CalendarItem(
            uid=calendar.uid("session", s.pk),
            kind=ItemKind.SESSION,
            title=s.activity.title,
            starts=s.starts_at,
            ends=s.ends_at,
            changed_at=max(s.updated_at, s.activity.updated_at),
            partnership=names.get(s.activity.partnership_id, ""),
            place=s.activity.place or s.activity.online_url,
            description=s.activity.description,
            path=reverse("awareness:session_detail", args=[s.pk]),
            organiser=s.activity.organiser.name,
            groups=tuple(g.name for g in s.activity.target_groups.all()),
            label=s.activity.kind.name,
        )
        for s in sessions
    ]


def _campaign_items(
    ids: list[int],
    names: dict[int, str],
    start: datetime.date,
    end: datetime.date,
    filters: CalendarFilters,
) -> list[CalendarItem]:
    campaigns = Campaign.objects.filter(
        partnership_id__in=ids, starts_on__lte=end, ends_on__gte=start
    )
    if filters.target_group:
        campaigns = campaigns.filter(target_groups__code=filters.target_group)
    if filters.organisation:
        campaigns = campaigns.filter(
            Q(organiser_id=filters.organisation) | Q(organisations__pk=filters.organisation)
        )
    rows = (
        Campaign.objects.filter(pk__in=campaigns.values("pk"))
        .select_related("organiser")
        .prefetch_related("target_groups")
    )
    return [
        CalendarItem(
            uid=calendar.uid("campaign", c.pk),
            kind=ItemKind.CAMPAIGN,
            title=c.title,
            starts=c.starts_on,
            ends=c.ends_on,
            changed_at=c.updated_at,
            partnership=names.get(c.partnership_id, ""),
            description=c.description,
            path=reverse("awareness:campaign_detail", args=[c.pk]),
            organiser=c.organiser.name,
            groups=tuple(g.name for g in c.target_groups.all()),
            label=str(ItemKind.CAMPAIGN.label),
        )
        for c in rows
    ]


def _deadline_items(
    access: Any,
    ids: list[int],
    names: dict[int, str],
    start: datetime.date,
    end: datetime.date,
) -> list[CalendarItem]:
    scan_rounds = ScanRound.objects.visible_to(access).filter(
        partnership_id__in=ids, deadline__gte=start, deadline__lte=end
    )
    progress_rounds = (
        ProgressRound.objects.visible_to(access)
        .filter(programme__partnership_id__in=ids, deadline__gte=start, deadline__lte=end)
        .select_related("programme")
    )
    return [
        *(
            CalendarItem(
                uid=calendar.uid("scanround", r.pk),
                kind=ItemKind.DEADLINE,
                title=_("Deadline: %(round)s") % {"round": r.title},
                starts=r.deadline,
                ends=None,
                changed_at=r.updated_at,
                partnership=names.get(r.partnership_id, ""),
                path=reverse("scans:round_detail", args=[r.pk]),
                label=_("Scan round"),
            )
            for r in scan_rounds
        ),
        *(
            CalendarItem(
                uid=calendar.uid("progressround", r.pk),
                kind=ItemKind.DEADLINE,
                title=_("Deadline: %(round)s") % {"round": f"{r.programme.name}, {r.title}"},
                starts=r.deadline,
                ends=None,
                changed_at=max(r.opened_at, r.closed_at or r.opened_at),
                partnership=names.get(r.programme.partnership_id, ""),
                path=reverse("programmes:round_detail", args=[r.programme_id, r.pk]),
                label=_("Progress round"),
            )
            for r in progress_rounds
        ),
    ]


def _cancelled_items(
    ids: list[int],
    names: dict[int, str],
    start: datetime.date,
    end: datetime.date,
    wants: set[str],
) -> list[CalendarItem]:
    low, high = _bounds(start, end)
    kinds = {
        "session": ItemKind.SESSION,
        "campaign": ItemKind.CAMPAIGN,
        "newsletter": ItemKind.NEWSLETTER,
    }
    items = []
    # Overlapping the period, as a running campaign does.
    overlapping = Q(ends_at__isnull=True, starts_at__gte=low) | Q(ends_at__gte=low)
    for c in CancelledItem.objects.filter(overlapping, partnership_id__in=ids, starts_at__lt=high):
        kind = kinds.get(c.uid.split("-", 1)[0])
        if kind is None or kind not in wants:
            continue
        starts: datetime.datetime | datetime.date = c.starts_at
        ends: datetime.datetime | datetime.date | None = c.ends_at
        if c.all_day:
            starts = timezone.localtime(c.starts_at).date()
            ends = timezone.localtime(c.ends_at).date() if c.ends_at else None
        items.append(
            CalendarItem(
                uid=c.uid,
                kind=kind,
                title=c.title,
                starts=starts,
                ends=ends,
                changed_at=c.cancelled_at,
                partnership=names.get(c.partnership_id, ""),
                label=str(kind.label),
                cancelled=True,
                fixed_sequence=c.sequence,
            )
        )
    return items


def calendar_link_for_key(key: str) -> CalendarLink | None:
    """The link whose key this is (compared by hash), with its person."""
    if not key.startswith(CalendarLink.PREFIX) or len(key) > 100:
        return None
    return (
        CalendarLink.objects.select_related("user", "partnership")
        .filter(key_hash=hash_token(key), user__is_active=True)
        .first()
    )


def calendar_links_of(user: Any) -> QuerySet[CalendarLink]:
    return CalendarLink.objects.filter(user=user).select_related("partnership")


def get_calendar_link_for(user: Any, pk: Any) -> CalendarLink:
    return get_visible_or_404(CalendarLink.objects.filter(user=user), pk=pk)


# --- Campaigns -------------------------------------------------------------------------------


def campaigns_of(user: Any, partnership: Partnership) -> QuerySet[Campaign]:
    """The partnership's campaigns, the latest first."""
    return (
        Campaign.objects.visible_to(access_for(user))
        .filter(partnership=partnership)
        .select_related("organiser", "previous")
        .prefetch_related("target_groups")
    )


def get_campaign_for(user: Any, pk: Any) -> Campaign:
    return get_visible_or_404(
        Campaign.objects.visible_to(access_for(user)).select_related(
            "partnership", "organiser", "previous"
        ),
        pk=pk,
    )


def campaign_groups(campaign: Campaign | None) -> QuerySet[TargetGroup]:
    """The groups a campaign may be for: those in use, and the ones it has (retired since)."""
    groups = Q(active=True)
    if campaign is not None:
        groups |= Q(pk__in=campaign.target_groups.values("pk"))
    return TargetGroup.objects.filter(groups)


def earlier_campaigns(partnership: Partnership, campaign: Campaign | None) -> QuerySet[Campaign]:
    """The campaigns a campaign may be compared with: the partnership's others that started
    before it (any, for a new one: its dates are still to be chosen)."""
    rows = Campaign.objects.filter(partnership=partnership)
    if campaign is not None:
        rows = rows.exclude(pk=campaign.pk).filter(starts_on__lt=campaign.starts_on)
    return rows


def latest_campaign(partnership: Partnership) -> Campaign | None:
    """What a new campaign is compared with unless the editor chooses otherwise: the latest
    that has begun."""
    return (
        Campaign.objects.filter(partnership=partnership, starts_on__lte=timezone.localdate())
        .order_by("-starts_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Figure:
    """One figure of a campaign beside the campaign before it. A value None is not known; a
    count from the meldpunt may read "<5" or "×" instead (`value_mark`, `previous_mark`)."""

    label: str
    value: int | None
    previous: int | None
    counted: bool = False  # counted in the meldpunt, not entered
    value_mark: str = ""
    previous_mark: str = ""

    @property
    def change(self) -> int | None:
        if self.value_mark or self.previous_mark:
            return None
        return change_percent(self.value, self.previous)


def quarters_of(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    """The quarters a period touches, in order."""
    first = start.year * 4 + (start.month - 1) // 3
    last = end.year * 4 + (end.month - 1) // 3
    return [(i // 4, i % 4 + 1) for i in range(first, last + 1)]


def quarters_before(quarters: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """As many quarters as `quarters`, just before the first of them."""
    year, quarter = quarters[0]
    first = year * 4 + quarter - 1 - len(quarters)
    return [((first + i) // 4, (first + i) % 4 + 1) for i in range(len(quarters))]


def _counted(value: int | Withheld | None) -> tuple[int | None, str]:
    if isinstance(value, Withheld):
        return None, shown(value)
    if value is None:
        return None, shown(None)
    return value, ""


def campaign_figures(campaign: Campaign) -> list[Figure]:
    """The campaign's figures beside its previous campaign's: people reached, page visits and
    the reports received elsewhere (Meld Misdaad Anoniem) as entered; and, where a member
    taking part runs its meldpunt in Dijkwacht, its reports in the quarters of the campaign
    and in as many quarters before, counted as the meldpunt figures page counts them (per
    quarter, so no choice of dates tells more than that page)."""
    previous = campaign.previous
    rows = [
        Figure(
            _("People reached"),
            campaign.people_reached,
            previous.people_reached if previous else None,
        ),
        Figure(_("Page visits"), campaign.page_visits, previous.page_visits if previous else None),
        Figure(
            _("Reports elsewhere, as many days before"),
            campaign.reports_before,
            previous.reports_before if previous else None,
        ),
        Figure(
            _("Reports elsewhere, during"),
            campaign.reports_during,
            previous.reports_during if previous else None,
        ),
    ]
    counted = _meldpunt_reports(campaign)
    if counted is not None:
        earlier = _meldpunt_reports(previous) if previous else None
        for i, label in enumerate(
            (
                _("Reports to the meldpunt, in the quarters before"),
                _("Reports to the meldpunt, in the campaign's quarters"),
            )
        ):
            value, mark = _counted(counted[i])
            before, before_mark = _counted(earlier[i]) if earlier else (None, "")
            rows.append(Figure(label, value, before, True, mark, before_mark))
    return rows


def _meldpunt_reports(
    campaign: Campaign,
) -> tuple[int | Withheld | None, int | Withheld | None] | None:
    """Reports in the quarters before the campaign (as many as it touches) and in its own, in
    the meldpunten of the members taking part (None where none runs one)."""
    runs = meldpunt_selectors.with_meldpunt(campaign.organisations.values_list("pk", flat=True))
    if not runs:
        return None
    during = quarters_of(campaign.starts_on, campaign.ends_on)
    before = quarters_before(during)
    return (
        meldpunt_selectors.reports_in_quarters(runs, before),
        meldpunt_selectors.reports_in_quarters(runs, during),
    )


# --- The learning module ---------------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    course: Course
    completion: CourseCompletion | None  # the person's latest


def courses_for(user: Any) -> list[CourseRow]:
    """The courses in use, each with the person's latest completion. Two queries."""
    courses = active_courses()
    latest: dict[int, CourseCompletion] = {}
    for completion in CourseCompletion.objects.filter(user=user, course__in=courses).order_by(
        "course_id", "-completed_on", "-pk"
    ):
        latest.setdefault(completion.course_id, completion)
    return [CourseRow(c, latest.get(c.pk)) for c in courses]


def active_courses() -> list[Course]:
    """The courses in use that can be taken: with a page and a question."""
    return list(
        Course.objects.filter(active=True, pages__isnull=False, questions__isnull=False)
        .distinct()
        .select_related("target_group")
    )


def get_course_for(user: Any, pk: Any) -> Course:
    """A course in use: every person with an account may take it."""
    return get_visible_or_404(Course.objects.filter(pk__in=[c.pk for c in active_courses()]), pk=pk)


def course_page(course: Course, number: int) -> tuple[CoursePage, int]:
    """The course's page `number` (from 1) and how many it has; 404 past the last."""
    pages = list(course.pages.all())
    if not 1 <= number <= len(pages):
        raise Http404("CoursePage")
    return pages[number - 1], len(pages)


def course_questions(course: Course) -> list[CourseQuestion]:
    return list(course.questions.all())


def get_completion_for(user: Any, pk: Any) -> CourseCompletion:
    return get_visible_or_404(
        CourseCompletion.objects.visible_to(access_for(user)).select_related(
            "course", "organisation", "user"
        ),
        pk=pk,
    )


def own_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations a person's completion may count for: their own."""
    return Organisation.objects.filter(pk__in=access_for(user).organisation_ids).order_by("name")


@dataclass(frozen=True)
class CourseCell:
    """A member's completions of a course against its group's size. A completion is a
    person's record: for a reader who does not coordinate the member, 1–4 is suppressed, and
    the share with it (share × size would give it back)."""

    reach: Reach
    suppressed: bool = False


@dataclass(frozen=True)
class CourseReach:
    course: Course
    rows: list[tuple[Organisation, CourseCell]]


def course_reach(
    courses: Sequence[Course],
    members: Sequence[Organisation],
    day: datetime.date,
    *,
    sees: Iterable[int] | None = None,
) -> list[CourseReach]:
    """Per course and member: the people whose completion counts on `day` (each once),
    against the size of the course's target group that holds then. `sees`: the members whose
    small counts the reader may see (None: all — the system, or one's own report). Two
    queries, whatever the number of courses."""
    if not courses:
        return []
    counted: dict[tuple[int, int], int] = {
        (course_id, organisation_id): people
        for course_id, organisation_id, people in CourseCompletion.objects.filter(
            course__in=list(courses),
            organisation__in=list(members),
            completed_on__lte=day,
            valid_until__gte=day,
        )
        .order_by()
        .values("course_id", "organisation_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("course_id", "organisation_id", "people")
    }
    groups = list({c.target_group_id: c.target_group for c in courses}.values())
    sizes = size_table(list(members), groups, day)
    column = {g.pk: i for i, g in enumerate(groups)}
    full = None if sees is None else set(sees)

    def cell(course: Course, row: SizeRow) -> CourseCell:
        n = counted.get((course.pk, row.organisation.pk), 0)
        size = row.cells[column[course.target_group_id]][0]
        hidden = full is not None and row.organisation.pk not in full and suppress(n) is None
        return CourseCell(Reach(0 if hidden else n, None if hidden else size), hidden)

    return [CourseReach(c, [(row.organisation, cell(c, row)) for row in sizes]) for c in courses]


def completion_total(cells: Iterable[CourseCell]) -> int | Withheld | None:
    """The members' completions together (cells read in full), for readers who do not see
    them one by one: shown only where every member's part shows, as each member knows its
    own; 1–4 reads "<5"."""
    return protected_total([c.reach.reached for c in cells], members=True)


# --- For the dashboard and the annual report -------------------------------------------------


@dataclass(frozen=True)
class CampaignLine:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    people_reached: int | None


@dataclass(frozen=True)
class CourseLine:
    """The members' completions of a course together, as a reader outside the members'
    coordinators may read them: 1–4 is None ("<5"), and a total that would give a member's
    small count away is withheld; the share only beside a total that shows."""

    title: str
    group: str
    completed: int | Withheld | None
    share: int | None


@dataclass(frozen=True)
class AwarenessSummary:
    """What a partnership's awareness work did in a period: its activities and sessions held
    with their participants, reach per target group over the members, its campaigns, and the
    learning module's completions that hold on the last day."""

    start: datetime.date
    end: datetime.date
    activities: int
    sessions: int
    participants: int
    matrix: ReachMatrix
    campaigns: list[CampaignLine]
    courses: list[CourseLine]

    @property
    def empty(self) -> bool:
        return not (self.sessions or self.campaigns or any(c.completed != 0 for c in self.courses))


@dataclass(frozen=True)
class HeldActivity:
    """An activity with sessions held in a period: what a newsletter tells of it."""

    title: str
    first: datetime.date
    last: datetime.date
    sessions: int
    participants: int
    groups: tuple[str, ...]


def activities_held(
    partnership: Partnership, start: datetime.date, end: datetime.date
) -> list[HeldActivity]:
    """The partnership's activities with sessions held from `start` to `end` (not after
    now), in the order of their first session: their days, sessions and participants (of
    every organisation) and target groups. Three queries."""
    low, high = _bounds(start, end)
    held = Session.objects.filter(
        activity__partnership=partnership, starts_at__gte=low, starts_at__lt=high
    ).filter(starts_at__lte=timezone.now())
    rows = list(
        held.values("activity_id")
        .annotate(first=Min("starts_at"), last=Max("starts_at"), sessions=Count("pk"))
        .order_by("first", "activity_id")
    )
    if not rows:
        return []
    ids = [r["activity_id"] for r in rows]
    participants = dict(
        Participation.objects.filter(session__in=held.values("pk"))
        .values("session__activity_id")
        .annotate(n=Sum("count"))
        .values_list("session__activity_id", "n")
    )
    activities = {
        a.pk: a for a in Activity.objects.filter(pk__in=ids).prefetch_related("target_groups")
    }
    return [
        HeldActivity(
            activities[r["activity_id"]].title,
            timezone.localdate(r["first"]),
            timezone.localdate(r["last"]),
            r["sessions"],
            participants.get(r["activity_id"]) or 0,
            tuple(g.name for g in activities[r["activity_id"]].target_groups.all()),
        )
        for r in rows
    ]


def awareness_summary(
    partnership: Partnership,
    members: Sequence[Organisation],
    start: datetime.date,
    end: datetime.date,
) -> AwarenessSummary:
    """Counts of people, never names: reach is not secret (ADR 0014). The partnership's own
    activities and campaigns; reach and completions of `members` (all of the partnership's,
    or one organisation's for its own report). A fixed number of queries."""
    low, high = _bounds(start, end)
    held = Session.objects.filter(
        activity__partnership=partnership, starts_at__gte=low, starts_at__lt=high
    ).filter(starts_at__lte=timezone.now())
    member_ids = [m.pk for m in members]
    if len(member_ids) == 1:
        held = held.filter(
            Q(activity__organiser_id=member_ids[0]) | Q(activity__organisations__pk=member_ids[0])
        ).distinct()
    counts = held.aggregate(
        activities=Count("activity", distinct=True), sessions=Count("pk", distinct=True)
    )
    participants = (
        Participation.objects.filter(
            session__in=held.values("pk"), organisation_id__in=member_ids
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    campaigns = Campaign.objects.filter(
        partnership=partnership, starts_on__lte=end, ends_on__gte=start
    ).order_by("starts_on", "pk")
    if len(member_ids) == 1:
        campaigns = campaigns.filter(organisations__pk=member_ids[0])
    courses = []
    for found in course_reach(active_courses(), list(members), end):
        cells = [cell for _organisation, cell in found.rows]
        completed = completion_total(cells)
        together, _unknown = combined(cell.reach for cell in cells)
        courses.append(
            CourseLine(
                found.course.title,
                found.course.target_group.name,
                completed,
                together.share if isinstance(completed, int) else None,
            )
        )
    return AwarenessSummary(
        start=start,
        end=end,
        activities=counts["activities"],
        sessions=counts["sessions"],
        participants=participants,
        matrix=reach_matrix(list(members), start, end),
        campaigns=[
            CampaignLine(c.title, c.starts_on, c.ends_on, c.people_reached) for c in campaigns
        ],
        courses=courses,
    )
