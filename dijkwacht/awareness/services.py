"""Awareness owns a partnership's bewustwording: the activities its members organise, their
sessions and how many people of each organisation's target groups took part, and the sizes of
those groups that turn attendance into reach (ADR 0014).

Every write checks permission first, validates everything, then writes in one short
transaction with an audit line. What an activity reached is counts, never people; an activity
that carries out a programme action tells the programme's matrix it changed.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dijkwacht.accounts.models import User, hash_token
from dijkwacht.accounts.types import Actor
from dijkwacht.awareness import calendar, learning, recurrence
from dijkwacht.awareness.models import (
    MAX_COUNT,
    Activity,
    ActivityType,
    CalendarLink,
    Campaign,
    CancelledItem,
    Course,
    CourseCompletion,
    DeletionLog,
    Participation,
    Registration,
    RegistrationStatus,
    Session,
    TargetGroup,
    TargetGroupSize,
)
from dijkwacht.awareness.notifications import (
    CANCELLED,
    INVITED,
    MOVED_UP,
    REGISTERED,
    REMINDER,
)
from dijkwacht.awareness.permissions import (
    can_edit_activity,
    can_edit_campaign,
    organiser_ids,
    size_keeper_ids,
)
from dijkwacht.awareness.recurrence import add_months
from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.selectors import people_at
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Action

ACTIVITY_FIELDS = [
    "title",
    "description",
    "place",
    "online_url",
    "capacity",
    "registration",
    "questions",
    "retention_months",
]
MAX_QUESTIONS = 3


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Only the organiser and the partnership's coordinators do this."))


def _audit(
    actor: Actor,
    what: str,
    activity: Activity,
    reason: str,
    organisation: Organisation | None = None,
) -> None:
    """An audit line of the activity's partnership, for its organiser (or `organisation`: the
    person's, for what a person did)."""
    audit_record(
        actor=actor,
        action=f"awareness.{what}",
        reason=reason,
        partnership=activity.partnership,
        organisation=organisation or activity.organiser,
    )


def _matrix_changed(*actions: Action | None) -> None:
    for programme_id in {a.programme_id for a in actions if a is not None}:
        programme_services.matrix_changed(programme_id=programme_id)


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime | None:
    """`at` on `day` in the Dutch time zone; None for a time the clocks skip (02:30 on the
    last Sunday of March)."""
    moment = datetime.datetime.combine(day, at, timezone.get_current_timezone())
    return moment if timezone.localtime(moment).time() == at else None


def _lock(session: Session) -> Session:
    """Lock the session's activity, then the session (always in this order, so two writes at
    the door never wait for each other), and return the session fresh, with its activity."""
    Activity.objects.select_for_update().filter(pk=session.activity_id).first()
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("activity")
        .get(pk=session.pk)
    )


def _day(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%Y-%m-%d}"


def _members(partnership: Partnership) -> set[int]:
    return set(partnership.members.values_list("pk", flat=True))


def _who_takes_part(
    actor: Actor,
    partnership: Partnership,
    organiser: Organisation,
    target_groups: Iterable[TargetGroup],
    organisations: Iterable[Organisation],
    existing: Activity | Campaign | None,
    not_yours: str,
) -> tuple[list[TargetGroup], dict[int, Organisation], dict[str, str]]:
    """The target groups and the organisations taking part in an activity or a campaign (the
    organiser always), with what is wrong next to its field. A person organises for their own
    organisation (a coordinator of the partnership for every member): the organiser they may
    not choose is refused at once. An organisation already taking part stays, member or not."""
    members = _members(partnership)
    keeps_organiser = existing is not None and organiser.pk == existing.organiser_id
    if (
        actor is not None
        and not keeps_organiser
        and organiser.pk not in organiser_ids(actor, partnership.pk, members)
    ):
        raise ValidationError({"organiser": not_yours})
    groups = list(target_groups)
    taking_part = {o.pk: o for o in organisations}
    taking_part.setdefault(organiser.pk, organiser)
    errors: dict[str, str] = {}
    if organiser.pk not in members:
        errors["organiser"] = _("The organiser is not a member of the partnership.")
    if not groups:
        errors["target_groups"] = _("Choose at least one target group.")
    already = set(existing.organisations.values_list("pk", flat=True)) if existing else set()
    if set(taking_part) - members - already:
        errors["organisations"] = _("Every organisation taking part is a member.")
    return groups, taking_part, errors


def _counted_pairs(activity: Activity) -> tuple[set[int], set[int]]:
    """The organisations and target groups the activity's sessions have counts or people
    registered for."""
    rows = [
        *Participation.objects.filter(session__activity=activity).values_list(
            "organisation_id", "target_group_id"
        ),
        *Registration.objects.filter(
            session__activity=activity,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        ).values_list("organisation_id", "target_group_id"),
    ]
    return {o for o, _g in rows}, {g for _o, g in rows}


def _check_still_counted(
    activity: Activity, organisations: set[int], groups: set[int], values: dict[str, Any]
) -> None:
    """What has counts or registrations stays (the caller holds the activity's lock)."""
    errors = {}
    counted_organisations, counted_groups = _counted_pairs(activity)
    if counted_organisations - organisations:
        errors["organisations"] = _(
            "An organisation with participants counted or registered at a session stays; "
            "take its counts or registrations out first."
        )
    if counted_groups - groups:
        errors["target_groups"] = _(
            "A target group with participants counted or registered at a session stays; "
            "take its counts or registrations out first."
        )
    if (
        activity.registration
        and not values["registration"]
        and Registration.objects.filter(session__activity=activity).exists()
    ):
        errors["registration"] = _(
            "People have registered: registration stays on for this activity."
        )
    if errors:
        raise ValidationError(errors)


def _changed_links(entry: Activity | Campaign, **after: Any) -> dict[str, tuple[Any, Any]]:
    """Old → new for what an activity or a campaign points at, by id, for the audit trail: a
    link by its id, a set (`organisations`, `target_groups`) by its sorted ids."""
    changes = {}
    for name, new in after.items():
        if name in ("organisations", "target_groups"):
            old = sorted(getattr(entry, name).values_list("pk", flat=True))
            new = sorted(new)
        else:
            old = getattr(entry, f"{name}_id")
        if old != new:
            changes[name] = (old, new)
    return changes


def activity_save(
    *,
    actor: Actor,
    partnership: Partnership,
    organiser: Organisation,
    kind: ActivityType,
    target_groups: Iterable[TargetGroup],
    organisations: Iterable[Organisation],
    action: Action | None = None,
    activity: Activity | None = None,
    **fields: Any,
) -> Activity:
    """Create or change an activity. The organiser takes part; every organisation taking part
    is a member; the action is one of the partnership's programmes. An organisation or group
    that has participants counted stays until its counts are taken out."""
    if activity is not None:
        _refuse_unless(actor is None or can_edit_activity(actor, activity))
    groups, taking_part, errors = _who_takes_part(
        actor,
        partnership,
        organiser,
        target_groups,
        organisations,
        activity,
        _("You organise activities for your own organisation only."),
    )
    keeps_action = activity is not None and action is not None and action.pk == activity.action_id
    if action is not None and (
        action.programme.partnership_id != partnership.pk
        or (not keeps_action and (action.removed_at or action.programme.closed_on))
    ):
        errors["action"] = _("Choose an action of one of the partnership's programmes.")
    # A field not given keeps what the activity has (a new one: the default).
    values = {
        name: fields[name] if name in fields else getattr(activity, name, None)
        for name in ACTIVITY_FIELDS
    }
    for name in ("title", "description", "place", "online_url", "questions"):
        values[name] = str(values[name] or "").strip()
    values["registration"] = bool(values["registration"])
    if values["retention_months"] is None:
        values["retention_months"] = 12
    questions = [q.strip() for q in str(values["questions"]).splitlines() if q.strip()]
    if len(questions) > MAX_QUESTIONS or any(len(q) > 200 for q in questions):
        errors["questions"] = _("At most three questions, one per line, of 200 characters each.")
    values["questions"] = "\n".join(questions)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if activity is None:
            entry = Activity(partnership=partnership, created_by=actor, **values)
            changes: dict[str, tuple[Any, Any]] = {}
            old_action = None
        else:
            # Locked first: counts for an organisation or group are written under this lock
            # too (`participation_save`, the check-in), so none slips in after the check.
            entry = Activity.objects.select_for_update().get(pk=activity.pk)
            _check_still_counted(entry, set(taking_part), {g.pk for g in groups}, values)
            changes = changed_fields(entry, ACTIVITY_FIELDS, values)
            changes.update(
                _changed_links(
                    entry,
                    organiser=organiser.pk,
                    kind=kind.pk,
                    action=action.pk if action else None,
                    organisations=list(taking_part),
                    target_groups=[g.pk for g in groups],
                )
            )
            old_action = entry.action
            for name, value in values.items():
                setattr(entry, name, value)
        entry.organiser = organiser
        entry.kind = kind
        entry.action = action
        entry.full_clean()
        entry.save()
        entry.target_groups.set(groups)
        entry.organisations.set(list(taking_part.values()))
        if activity is not None and activity.capacity != entry.capacity:
            # More places (or none counted): the waiting lists move up, first come first served.
            for session in entry.sessions.filter(starts_at__gt=timezone.now()).order_by("pk"):
                locked = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
                locked.activity = entry
                _move_up(locked)
        audit_record(
            actor=actor,
            action="awareness.activity_create" if activity is None else "awareness.activity_update",
            obj=entry,
            changes=changes or None,
            partnership=partnership,
            organisation=organiser,
        )
        _matrix_changed(old_action, action)
    return entry


def activity_remove(*, actor: Actor, activity: Activity) -> None:
    """Take an activity out with its sessions and counts (a mistake, a duplicate)."""
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    action = activity.action
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        counted = Participation.objects.filter(session__activity=activity).aggregate(
            n=models.Sum("count")
        )["n"]
        _audit(
            actor,
            "activity_remove",
            activity,
            f"activity {activity.pk}: {activity.title}; "
            f"{activity.sessions.count()} sessions, {counted or 0} participants",
        )
        coming = list(activity.sessions.filter(starts_at__gt=timezone.now()))
        for session in coming:
            _keep_cancelled_session(session, activity)
        _tell_cancelled(activity, coming)
        activity.delete()
        _matrix_changed(action)


def sessions_plan(
    *,
    actor: Actor,
    activity: Activity,
    first: datetime.date,
    starts: datetime.time,
    ends: datetime.time | None,
    repeat: recurrence.Repeat,
    count: int,
) -> list[Session]:
    """Plan one session or a series (monthly, every six weeks, …) from `first` on, each from
    `starts` to `ends` on its day."""
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    errors: dict[str, str] = {}
    if ends is not None and ends <= starts:
        errors["ends"] = _("A session ends after it starts.")
    if not 1 <= count <= recurrence.MAX_SESSIONS:
        errors["count"] = _("Plan between 1 and %(most)s sessions at once.") % {
            "most": recurrence.MAX_SESSIONS
        }
    if errors:
        raise ValidationError(errors)
    days = recurrence.dates(first, repeat, count if repeat != "once" else 1)
    for name, at in (("starts", starts), ("ends", ends)):
        missing = [day for day in days if at is not None and _local(day, at) is None]
        if missing:
            raise ValidationError(
                {
                    name: _("%(time)s does not exist on %(day)s: the clocks go forward that night.")
                    % {"time": f"{at:%H:%M}", "day": formats.date_format(missing[0], "j F Y")}
                }
            )
    sessions = [
        Session(
            activity=activity,
            starts_at=cast(datetime.datetime, _local(day, starts)),  # checked above
            ends_at=_local(day, ends) if ends else None,
        )
        for day in days
    ]
    for session in sessions:
        session.full_clean()
    with transaction.atomic():
        Session.objects.bulk_create(sessions)
        _audit(
            actor,
            "sessions_plan",
            activity,
            f"activity {activity.pk}: {len(sessions)}",
        )
        _matrix_changed(activity.action)
    return sessions


def _keep_cancelled_session(session: Session, activity: Activity) -> None:
    keep_cancelled(
        activity.partnership_id,
        calendar.uid("session", session.pk),
        activity.title,
        session.starts_at,
        session.ends_at,
        last_change=max(session.updated_at, activity.updated_at),
    )


def _tell_cancelled(activity: Activity, sessions: list[Session]) -> None:
    """The people registered or waiting for these sessions hear that they are called off:
    once each, with their days."""
    days: dict[int, list[str]] = {}
    for user_id, session_id in Registration.objects.filter(
        session__in=sessions,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        user__isnull=False,
    ).values_list("user_id", "session_id"):
        days.setdefault(user_id, []).append(
            _session_day(next(s for s in sessions if s.pk == session_id))
        )
    if not days:
        return
    people = {u.pk: u for u in User.objects.filter(pk__in=list(days))}
    link = reverse("awareness:activity_list", args=[activity.partnership_id])
    title = activity.title

    def send() -> None:
        for user_id, person in people.items():
            context = {"activity": title, "day": ", ".join(days[user_id])}
            notify([person], CANCELLED, context, link=link)

    transaction.on_commit(send)


def session_remove(*, actor: Actor, session: Session) -> None:
    """Take a session out: one held by mistake, or one to come that is called off (then it
    stays in the calendar feeds as cancelled and the people registered are told)."""
    activity = session.activity
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    with transaction.atomic():
        _lock(session)
        _audit(
            actor,
            "session_remove",
            activity,
            f"activity {activity.pk}: session of {_day(session)}, "
            f"{session.participations.aggregate(n=models.Sum('count'))['n'] or 0} participants",
        )
        if session.starts_at > timezone.now():
            _keep_cancelled_session(session, activity)
            _tell_cancelled(activity, [session])
        session.delete()
        _matrix_changed(activity.action)


def participation_save(
    *, actor: Actor, session: Session, counts: Mapping[tuple[int, int], int | None]
) -> int:
    """The participants of a session per (organisation, target group), all at once: what is
    entered replaces what was, an empty or 0 count is none. Returns the total."""
    activity = session.activity
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    if session.starts_at > timezone.now():
        raise ValidationError(_("A session is counted once it has been held."))
    if activity.registration:
        raise ValidationError(_("This activity is counted at the check-in."))
    rows = []
    for (organisation_id, group_id), count in counts.items():
        if count is None or count == 0:
            continue
        if not 0 < count <= MAX_COUNT:
            raise ValidationError(
                _("A count is a whole number from 0 to %(most)s.") % {"most": MAX_COUNT}
            )
        rows.append(
            Participation(
                session=session,
                organisation_id=organisation_id,
                target_group_id=group_id,
                count=count,
            )
        )
    total = sum(row.count for row in rows)
    with transaction.atomic():
        # The activity's lock: its organisations and groups cannot change meanwhile.
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        organisations = set(activity.organisations.values_list("pk", flat=True))
        groups = set(activity.target_groups.values_list("pk", flat=True))
        if any(o not in organisations or g not in groups for o, g in counts):
            raise ValidationError(_("Count only the organisations and groups of the activity."))
        Participation.objects.filter(session=session).delete()
        Participation.objects.bulk_create(rows)
        _audit(
            actor,
            "participation_save",
            activity,
            f"activity {activity.pk}, session of {_day(session)}: {total}",
        )
        _matrix_changed(activity.action)
    return total


def sizes_save(
    *,
    actor: Actor,
    partnership: Partnership,
    organisation: Organisation,
    valid_from: datetime.date,
    sizes: Mapping[int, int | None],
) -> int:
    """The sizes of an organisation's target groups from `valid_from` on; a group left empty
    keeps what it had. Returns how many sizes were entered."""
    members = _members(partnership)
    if actor is not None and organisation.pk not in size_keeper_ids(actor, partnership.pk, members):
        raise PermissionDenied(_("Only the organisation and the coordinators enter its sizes."))
    if organisation.pk not in members:
        raise ValidationError({"organisation": _("The organisation is not a member.")})
    groups = set(TargetGroup.objects.filter(pk__in=list(sizes)).values_list("pk", flat=True))
    entered = {g: s for g, s in sizes.items() if s is not None}
    if set(entered) - groups:
        raise ValidationError(_("Choose a target group from the list."))
    for size in entered.values():
        if not 0 <= size <= MAX_COUNT:
            raise ValidationError(
                _("A size is a whole number from 0 to %(most)s.") % {"most": MAX_COUNT}
            )
    with transaction.atomic():
        for group_id, size in entered.items():
            TargetGroupSize.objects.update_or_create(
                organisation=organisation,
                target_group_id=group_id,
                valid_from=valid_from,
                defaults={"size": size, "entered_by": actor},
            )
        audit_record(
            actor=actor,
            action="awareness.sizes_save",
            reason=f"{len(entered)} from {valid_from:%Y-%m-%d}",
            partnership=partnership,
            organisation=organisation,
        )
    return len(entered)


# --- Registration, the waiting list and attendance -------------------------------------------


def _session_day(session: Session) -> str:
    return formats.date_format(timezone.localtime(session.starts_at), "j F Y")


def _notify_status(registration: Registration, event: Any) -> None:
    if registration.user is None:
        return
    session = registration.session
    context = {
        "activity": session.activity.title,
        "day": _session_day(session),
        "status": registration.get_status_display(),
    }
    link = reverse("awareness:session_detail", args=[session.pk])
    transaction.on_commit(lambda: notify([registration.user], event, context, link=link))


def _check_choice(activity: Activity, organisation: Organisation, group: TargetGroup) -> None:
    errors = {}
    if not activity.organisations.filter(pk=organisation.pk).exists():
        errors["organisation"] = _("This organisation does not take part in the activity.")
    if not activity.target_groups.filter(pk=group.pk).exists():
        errors["target_group"] = _("The activity is not for this target group.")
    if errors:
        raise ValidationError(errors)


def _check_answers(activity: Activity, answers: list[str]) -> list[str]:
    questions = activity.question_list
    given = [str(a or "").strip()[:500] for a in answers][: len(questions)]
    return given + [""] * (len(questions) - len(given))


def _place_for(session: Session) -> str:
    """Registered while the session has room, else on the waiting list. The caller holds the
    session's row lock, so two people never take the last place together."""
    capacity = session.activity.capacity
    if capacity is None:
        return RegistrationStatus.REGISTERED
    taken = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return RegistrationStatus.REGISTERED if taken < capacity else RegistrationStatus.WAITING


def registration_register(
    *,
    actor: User,
    session: Session,
    organisation: Organisation,
    target_group: TargetGroup,
    answers: list[str] | None = None,
    coming: bool = True,
) -> Registration:
    """The person registers themself for a session to come (or says they cannot come): for
    their own organisation, one of the activity's groups. A full session puts them on the
    waiting list; registering again after cancelling takes a new place at the end."""
    activity = session.activity
    if not activity.registration:
        raise ValidationError(_("This activity has no registration in Dijkwacht."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("Registration closes when the session starts."))
    if organisation.pk not in access_for(actor).organisation_ids:
        raise ValidationError({"organisation": _("Register for your own organisation.")})
    with transaction.atomic():
        locked = _lock(session)
        _check_choice(activity, organisation, target_group)
        existing = Registration.objects.filter(session=locked, user=actor).first()
        active = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
        if existing is not None and existing.status in active and coming:
            raise ValidationError(_("You are already registered for this session."))
        was_registered = existing is not None and existing.status == RegistrationStatus.REGISTERED
        entry = existing or Registration(session=locked, user=actor, registered_by=actor)
        entry.name = actor.full_name or actor.email
        entry.email = actor.email
        entry.organisation = organisation
        entry.target_group = target_group
        entry.answers = _check_answers(activity, answers or [])
        entry.attended_at = None
        entry.status = _place_for(locked) if coming else RegistrationStatus.DECLINED
        if existing is not None and coming:
            entry.created_at = timezone.now()  # the back of the queue
        entry.full_clean()
        entry.save()
        if was_registered:
            _move_up(locked)  # after "cannot come" the place is someone else's
        _audit(
            actor,
            "registration_register",
            activity,
            f"session {locked.pk}: {entry.status}",
            organisation=organisation,
        )
        _notify_status(entry, REGISTERED)
    return entry


def _move_up(session: Session) -> None:
    """Fill the free places from the waiting list, first come first served (the caller holds
    the session's row lock)."""
    capacity = session.activity.capacity
    waiting = session.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    taken = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    free = len(waiting) if capacity is None else max(0, capacity - taken)
    for entry in list(waiting[:free]):
        entry.status = RegistrationStatus.REGISTERED
        entry.save(update_fields=["status", "updated_at"])
        _notify_status(entry, MOVED_UP)


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """The person (or the organiser) cancels: a registered place goes to the first on the
    waiting list."""
    session = registration.session
    if registration.user_id != actor.pk and not can_edit_activity(actor, session.activity):
        raise PermissionDenied(_("Only the person and the organiser cancel a registration."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("The session has started: the organiser takes attendance."))
    with transaction.atomic():
        locked = _lock(session)
        entry = Registration.objects.select_for_update().get(pk=registration.pk)
        if entry.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
            return entry
        if entry.attended_at is not None:
            raise ValidationError(_("You were checked in as present: ask the organiser."))
        was_registered = entry.status == RegistrationStatus.REGISTERED
        entry.status = RegistrationStatus.CANCELLED
        entry.save(update_fields=["status", "updated_at"])
        if was_registered:
            _move_up(locked)
        _audit(
            actor,
            "registration_cancel",
            locked.activity,
            f"session {locked.pk}",
            organisation=entry.organisation,
        )
    return entry


def _recount(session: Session) -> None:
    """The session's counts from its check-in: who was present, per organisation and group."""
    present = (
        session.registrations.filter(attended_at__isnull=False)
        .order_by()
        .values("organisation_id", "target_group_id")
        .annotate(n=models.Count("pk"))
    )
    Participation.objects.filter(session=session).delete()
    Participation.objects.bulk_create(
        Participation(
            session=session,
            organisation_id=row["organisation_id"],
            target_group_id=row["target_group_id"],
            count=row["n"],
        )
        for row in present
    )


# How long after a session its attendance may still be put right.
CHECK_IN_DAYS_AFTER = 14


def check_in_open(session: Session, today: datetime.date | None = None) -> bool:
    """From the session's day until two weeks after it; only with registration."""
    today = today or timezone.localdate()
    day = timezone.localtime(session.starts_at).date()
    return session.activity.registration and day <= today <= day + datetime.timedelta(
        days=CHECK_IN_DAYS_AFTER
    )


def _check_in_open(session: Session) -> None:
    if not session.activity.registration:
        raise ValidationError(_("This activity has no registration in Dijkwacht."))
    if timezone.localtime(session.starts_at).date() > timezone.localdate():
        raise ValidationError(_("Attendance is taken from the day of the session."))
    if not check_in_open(session):
        raise ValidationError(
            _("Attendance is closed %(days)s days after the session.")
            % {"days": CHECK_IN_DAYS_AFTER}
        )


def attendance_set(*, actor: Actor, registration: Registration, present: bool) -> Registration:
    """Check someone in (or out again) on the day; the session's counts follow."""
    session = registration.session
    _refuse_unless(actor is None or can_edit_activity(actor, session.activity))
    _check_in_open(session)
    with transaction.atomic():
        locked = _lock(session)
        entry = Registration.objects.select_for_update().get(pk=registration.pk)
        if present:
            _check_choice(locked.activity, entry.organisation, entry.target_group)
        if present and entry.status != RegistrationStatus.REGISTERED:
            # Someone from the waiting list (or who cancelled) came after all.
            entry.status = RegistrationStatus.REGISTERED
        entry.attended_at = (entry.attended_at or timezone.now()) if present else None
        entry.save(update_fields=["status", "attended_at", "updated_at"])
        _recount(locked)
        _audit(
            actor,
            "attendance_set",
            locked.activity,
            f"session {locked.pk}: {'present' if present else 'absent'}",
            organisation=entry.organisation,
        )
        _matrix_changed(locked.activity.action)
    return entry


def walk_in_add(
    *,
    actor: Actor,
    session: Session,
    name: str,
    email: str,
    organisation: Organisation,
    target_group: TargetGroup,
) -> Registration:
    """Someone came who did not register (or has no account): the organiser writes them in,
    present. A place for them is not taken from anyone: they are in the room."""
    activity = session.activity
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    _check_in_open(session)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the name.")})
    with transaction.atomic():
        locked = _lock(session)
        _check_choice(activity, organisation, target_group)
        entry = Registration(
            session=locked,
            name=name,
            email=email.strip(),
            organisation=organisation,
            target_group=target_group,
            status=RegistrationStatus.REGISTERED,
            answers=[],
            attended_at=timezone.now(),
            registered_by=actor,
        )
        entry.full_clean()
        entry.save()
        _recount(locked)
        _audit(
            actor,
            "walk_in_add",
            activity,
            f"session {locked.pk}",
            organisation=organisation,
        )
        _matrix_changed(activity.action)
    return entry


def session_invite(
    *,
    actor: User,
    session: Session,
    organisations: Iterable[Organisation],
    target_group: TargetGroup,
) -> int:
    """Invite the people of the chosen organisations (those with an account) to a session for
    a target group, by notification and mail; each person once per session and group.
    Returns how many were invited."""
    activity = session.activity
    _refuse_unless(can_edit_activity(actor, activity))
    if not activity.registration:
        raise ValidationError(_("This activity has no registration in Dijkwacht."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("Invite for a session still to come."))
    chosen = list(organisations)
    if not chosen:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    for organisation in chosen:
        _check_choice(activity, organisation, target_group)
    people = people_at([o.pk for o in chosen])
    context = {
        "activity": activity.title,
        "day": _session_day(session),
        "group": target_group.name,
    }
    link = reverse("awareness:session_detail", args=[session.pk])
    with transaction.atomic():
        sent = notify(
            people, INVITED, context, link=link, once=f"session-{session.pk}-{target_group.pk}"
        )
        _audit(
            actor,
            "session_invite",
            activity,
            f"session {session.pk}: {len(sent)}",
        )
    return len(sent)


def registrations_remind(*, now: datetime.datetime) -> int:
    """The day before: everyone registered with an account hears of it once."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, zone)
    end = start + datetime.timedelta(days=1)
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            user__isnull=False,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .select_related("user", "session__activity")
        .order_by("session_id", "pk")
    )
    reminded = 0
    for entry in due:
        session = entry.session
        context = {
            "activity": session.activity.title,
            "time": formats.time_format(timezone.localtime(session.starts_at), "H:i"),
            "place": session.activity.place or session.activity.online_url or "—",
        }
        link = reverse("awareness:session_detail", args=[session.pk])
        with transaction.atomic():
            notify([entry.user], REMINDER, context, link=link, once=f"session-{session.pk}")
            Registration.objects.filter(pk=entry.pk).update(reminded_at=now)
        reminded += 1
    return reminded


def registrations_reduce(*, now: datetime.datetime) -> int:
    """Retention: once a session lies its activity's months behind, its registrations go and
    only the counts stay (they were kept by the check-in all along). A deletion log keeps what
    was deleted by which rule, never a name. Returns how many registrations were deleted."""
    deleted = 0
    # The shortest retention is a month: younger sessions are not even read.
    sessions = (
        Session.objects.filter(
            registrations__isnull=False, starts_at__lt=now - datetime.timedelta(days=28)
        )
        .select_related("activity")
        .distinct()
    )
    for session in sessions:
        months = session.activity.retention_months
        day = timezone.localtime(session.starts_at).date()
        if add_months(day, months) > timezone.localtime(now).date():
            continue
        with transaction.atomic():
            locked = _lock(session)
            if session.activity.registration:
                _recount(locked)
            count, _rows = Registration.objects.filter(session=locked).delete()
            DeletionLog.objects.create(
                at=now,
                activity=session.activity,
                activity_title=session.activity.title,
                session_on=day,
                deleted=count,
                rule=f"{months} months after the session",
            )
        deleted += count
    return deleted


# --- The calendar: cancelled items and the secret links of the feeds ------------------------

# A person's links, at most: one per partnership and one for all, with room to spare.
MAX_CALENDAR_LINKS = 20


def keep_cancelled(
    partnership_id: int,
    uid: str,
    title: str,
    starts: datetime.datetime,
    ends: datetime.datetime | None,
    *,
    last_change: datetime.datetime,
    all_day: bool = False,
) -> None:
    """The feeds keep the item as cancelled, with a SEQUENCE above its last one (newsletters
    call it too, for an issue's draft thrown away)."""
    now = timezone.now()
    CancelledItem.objects.update_or_create(
        uid=uid,
        defaults={
            "partnership_id": partnership_id,
            "title": title[:250],
            "starts_at": starts,
            "ends_at": ends,
            "all_day": all_day,
            "cancelled_at": now,
            "sequence": max(calendar.sequence(now), calendar.sequence(last_change) + 1),
        },
    )


def cancelled_items_reduce(*, now: datetime.datetime) -> int:
    """A cancelled item stays in the feeds until a month after its (last) day, then goes."""
    deleted, _ = CancelledItem.objects.filter(
        models.Q(ends_at__lt=now - calendar.CANCELLED_KEPT)
        | models.Q(ends_at__isnull=True, starts_at__lt=now - calendar.CANCELLED_KEPT)
    ).delete()
    return deleted


def calendar_link_create(
    *, actor: User, partnership: Partnership | None
) -> tuple[CalendarLink, str]:
    """A new secret link to a feed of one partnership the person takes part in (or of all
    theirs). Returns the link and its key: shown once, only its hash is kept."""
    access = access_for(actor)
    if partnership is not None and not (
        access.is_admin or partnership.pk in access.partnership_ids
    ):
        raise PermissionDenied(_("You do not take part in this partnership."))
    with transaction.atomic():
        # One person's links are counted under a lock on their row: two clicks make no 21st.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if CalendarLink.objects.filter(user=actor).count() >= MAX_CALENDAR_LINKS:
            raise ValidationError(
                _("You have %(most)s calendar links; revoke one you no longer use first.")
                % {"most": MAX_CALENDAR_LINKS}
            )
        key = CalendarLink.PREFIX + secrets.token_urlsafe(32)
        link = CalendarLink.objects.create(
            user=actor, partnership=partnership, key_hash=hash_token(key)
        )
        audit_record(
            actor=actor,
            action="awareness.calendar_link_create",
            reason=f"link {link.pk}: {partnership.name if partnership else 'all partnerships'}",
            partnership=partnership,
        )
    return link, key


def calendar_link_revoke(*, actor: User, link: CalendarLink) -> None:
    if link.user_id != actor.pk:
        raise PermissionDenied(_("You revoke your own calendar links only."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="awareness.calendar_link_revoke",
            reason=f"link {link.pk}",
            partnership=link.partnership,
        )
        link.delete()


def calendar_link_used(*, link: CalendarLink, now: datetime.datetime) -> None:
    """Note when a feed was last read, at most once an hour: a calendar asks every hour."""
    CalendarLink.objects.filter(
        models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=now - calendar.REFRESH),
        pk=link.pk,
    ).update(last_used_at=now)


# --- Campaigns -------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ["title", "description", "starts_on", "ends_on", "channels", "materials"]
FIGURE_FIELDS = ["people_reached", "page_visits", "reports_before", "reports_during"]


def _refuse_campaign(actor: Actor, campaign: Campaign) -> None:
    _refuse_unless(actor is None or can_edit_campaign(actor, campaign))


def campaign_save(
    *,
    actor: Actor,
    partnership: Partnership,
    organiser: Organisation,
    target_groups: Iterable[TargetGroup],
    organisations: Iterable[Organisation],
    previous: Campaign | None = None,
    campaign: Campaign | None = None,
    **fields: Any,
) -> Campaign:
    """Plan or change a campaign: its period, channels and materials, its target groups and
    the members taking part, and the earlier campaign it is compared with."""
    if campaign is not None:
        _refuse_campaign(actor, campaign)
        if campaign.partnership_id != partnership.pk:
            raise PermissionDenied(_("A campaign stays in its partnership."))
    groups, taking_part, errors = _who_takes_part(
        actor,
        partnership,
        organiser,
        target_groups,
        organisations,
        campaign,
        _("You organise campaigns for your own organisation only."),
    )
    values = {
        name: fields[name] if name in fields else getattr(campaign, name, None)
        for name in CAMPAIGN_FIELDS
    }
    for name in ("title", "description", "channels", "materials"):
        values[name] = str(values[name] or "").strip()
    starts, ends = values["starts_on"], values["ends_on"]
    if starts is not None and ends is not None and ends < starts:
        errors["ends_on"] = _("A campaign ends on or after its first day.")
    if previous is not None:
        if previous.partnership_id != partnership.pk:
            errors["previous"] = _("Compare with a campaign of the same partnership.")
        elif campaign is not None and previous.pk == campaign.pk:
            errors["previous"] = _("A campaign is not compared with itself.")
        elif starts is not None and previous.starts_on >= starts:
            errors["previous"] = _("Compare with a campaign that started earlier.")
    if (
        campaign is not None
        and starts is not None
        and Campaign.objects.filter(previous=campaign, starts_on__lte=starts).exists()
    ):
        errors["starts_on"] = _(
            "A later campaign is compared with this one: it starts before that campaign."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if campaign is None:
            entry = Campaign(partnership=partnership, created_by=actor, **values)
            changes: dict[str, tuple[Any, Any]] = {}
        else:
            entry = Campaign.objects.select_for_update().get(pk=campaign.pk)
            changes = changed_fields(entry, CAMPAIGN_FIELDS, values)
            for name, value in values.items():
                setattr(entry, name, value)
        if campaign is not None:
            changes.update(
                _changed_links(
                    entry,
                    organiser=organiser.pk,
                    previous=previous.pk if previous else None,
                    organisations=list(taking_part),
                    target_groups=[g.pk for g in groups],
                )
            )
        entry.organiser = organiser
        entry.previous = previous
        entry.full_clean()
        entry.save()
        entry.target_groups.set(groups)
        entry.organisations.set(list(taking_part.values()))
        audit_record(
            actor=actor,
            action="awareness.campaign_create" if campaign is None else "awareness.campaign_update",
            obj=entry,
            changes=changes or None,
            partnership=partnership,
            organisation=organiser,
        )
    return entry


def campaign_figures_save(
    *, actor: Actor, campaign: Campaign, figures: Mapping[str, int | None]
) -> Campaign:
    """What the campaign reached, entered once it has begun: empty is not known."""
    _refuse_campaign(actor, campaign)
    if campaign.starts_on > timezone.localdate():
        raise ValidationError(_("A campaign's figures are entered once it has begun."))
    values = {name: figures.get(name) for name in FIGURE_FIELDS}
    with transaction.atomic():
        entry = Campaign.objects.select_for_update().get(pk=campaign.pk)
        changes = changed_fields(entry, FIGURE_FIELDS, values)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        audit_record(
            actor=actor,
            action="awareness.campaign_figures",
            obj=entry,
            changes=changes or None,
            partnership=entry.partnership,
            organisation=entry.organiser,
        )
    return entry


def campaign_remove(*, actor: Actor, campaign: Campaign) -> None:
    """Take a campaign out; one still to end stays in the feeds as cancelled."""
    _refuse_campaign(actor, campaign)
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        if campaign.ends_on >= timezone.localdate():
            keep_cancelled(
                campaign.partnership_id,
                calendar.uid("campaign", campaign.pk),
                campaign.title,
                datetime.datetime.combine(campaign.starts_on, datetime.time.min, zone),
                datetime.datetime.combine(campaign.ends_on, datetime.time.min, zone),
                last_change=campaign.updated_at,
                all_day=True,
            )
        audit_record(
            actor=actor,
            action="awareness.campaign_remove",
            reason=f"campaign {campaign.pk}: {campaign.title}",
            partnership=campaign.partnership,
            organisation=campaign.organiser,
        )
        campaign.delete()


# --- The learning module ---------------------------------------------------------------------


def course_complete(
    *,
    actor: User,
    course: Course,
    organisation: Organisation | None,
    answers: Sequence[int | None],
) -> tuple[learning.Outcome, CourseCompletion | None]:
    """Check a person's answers; enough right records a completion for their own
    organisation until the renewal comes due. Too few record nothing: the person reads the
    explanations and tries again. Every answer must be one of its question's."""
    own = access_for(actor).organisation_ids
    if not course.active:
        raise PermissionDenied(_("This course is not in use."))
    if not own:
        raise PermissionDenied(_("The learning module counts for an organisation: you have none."))
    if organisation is None or organisation.pk not in own:
        raise ValidationError({"organisation": _("Choose your own organisation.")})
    questions = list(course.questions.all())
    if len(answers) != len(questions):
        raise ValidationError(_("Answer every question."))
    errors = {
        f"q-{q.pk}": _("Choose one of the answers.")
        for q, given in zip(questions, answers, strict=True)
        if given is None or not 1 <= given <= len(q.choice_list)
    }
    if errors:
        raise ValidationError(errors)
    result = learning.outcome(answers, [q.correct for q in questions], course.pass_mark)
    if not result.passed:
        return result, None
    today = timezone.localdate()
    with transaction.atomic():
        completion = CourseCompletion(
            course=course,
            user=actor,
            organisation=organisation,
            completed_on=today,
            valid_until=learning.valid_until(today, course.renewal_months),
            right=result.right,
            total=result.total,
        )
        completion.full_clean()
        completion.save()
        audit_record(
            actor=actor,
            action="awareness.course_complete",
            obj=completion,
            reason=f"{course.code}: {result.right}/{result.total}",
            organisation=organisation,
        )
    return result, completion
