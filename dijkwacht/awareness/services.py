"""Awareness owns a partnership's bewustwording: the activities its members organise, their
sessions and how many people of each organisation's target groups took part, and the sizes of
those groups that turn attendance into reach (ADR 0014).

Every write checks permission first, validates everything, then writes in one short
transaction with an audit line. What an activity reached is counts, never people; an activity
that carries out a programme action tells the programme's matrix it changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.accounts.types import Actor
from dijkwacht.awareness import recurrence
from dijkwacht.awareness.models import (
    MAX_COUNT,
    Activity,
    ActivityType,
    Participation,
    Session,
    TargetGroup,
    TargetGroupSize,
)
from dijkwacht.awareness.permissions import can_edit_activity, organiser_ids, size_keeper_ids
from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Action

ACTIVITY_FIELDS = ["title", "description", "place", "online_url", "capacity"]


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Only the organiser and the partnership's coordinators do this."))


def _matrix_changed(*actions: Action | None) -> None:
    for programme_id in {a.programme_id for a in actions if a is not None}:
        programme_services.matrix_changed(programme_id=programme_id)


def _day(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%Y-%m-%d}"


def _members(partnership: Partnership) -> set[int]:
    return set(partnership.members.values_list("pk", flat=True))


def _counted_pairs(activity: Activity) -> tuple[set[int], set[int]]:
    """The organisations and target groups the activity's sessions have counts for."""
    rows = Participation.objects.filter(session__activity=activity).values_list(
        "organisation_id", "target_group_id"
    )
    return {o for o, _g in rows}, {g for _o, g in rows}


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
    members = _members(partnership)
    if activity is not None:
        _refuse_unless(actor is None or can_edit_activity(actor, activity))
    keeps_organiser = activity is not None and organiser.pk == activity.organiser_id
    if (
        actor is not None
        and not keeps_organiser
        and organiser.pk not in organiser_ids(actor, partnership.pk, members)
    ):
        raise ValidationError(
            {"organiser": _("You organise activities for your own organisation only.")}
        )
    groups = list(target_groups)
    taking_part = {o.pk: o for o in organisations}
    taking_part.setdefault(organiser.pk, organiser)
    errors: dict[str, str] = {}
    if organiser.pk not in members:
        errors["organiser"] = _("The organiser is not a member of the partnership.")
    if not groups:
        errors["target_groups"] = _("Choose at least one target group.")
    if set(taking_part) - members:
        errors["organisations"] = _("Every organisation taking part is a member.")
    if action is not None and (
        action.programme.partnership_id != partnership.pk or action.removed_at is not None
    ):
        errors["action"] = _("Choose an action of one of the partnership's programmes.")
    if activity is not None:
        counted_organisations, counted_groups = _counted_pairs(activity)
        if counted_organisations - set(taking_part):
            errors["organisations"] = _(
                "An organisation with participants counted at a session stays; "
                "take its counts out first."
            )
        if counted_groups - {g.pk for g in groups}:
            errors["target_groups"] = _(
                "A target group with participants counted at a session stays; "
                "take its counts out first."
            )
    if errors:
        raise ValidationError(errors)
    values = {name: fields.get(name) for name in ACTIVITY_FIELDS}
    for name in ("title", "description", "place", "online_url"):
        values[name] = str(values[name] or "").strip()
    with transaction.atomic():
        if activity is None:
            entry = Activity(partnership=partnership, created_by=actor, **values)
            changes: dict[str, tuple[Any, Any]] = {}
            old_action = None
        else:
            entry = Activity.objects.select_for_update().get(pk=activity.pk)
            changes = changed_fields(entry, ACTIVITY_FIELDS, values)
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
        audit_record(
            actor=actor,
            action="awareness.activity_remove",
            reason=f"activity {activity.pk}: {activity.title}",
            partnership=activity.partnership,
            organisation=activity.organiser,
        )
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
    zone = timezone.get_current_timezone()
    sessions = [
        Session(
            activity=activity,
            starts_at=datetime.datetime.combine(day, starts, zone),
            ends_at=datetime.datetime.combine(day, ends, zone) if ends else None,
        )
        for day in recurrence.dates(first, repeat, count if repeat != "once" else 1)
    ]
    for session in sessions:
        session.full_clean()
    with transaction.atomic():
        Session.objects.bulk_create(sessions)
        audit_record(
            actor=actor,
            action="awareness.sessions_plan",
            reason=f"activity {activity.pk}: {len(sessions)}",
            partnership=activity.partnership,
            organisation=activity.organiser,
        )
        _matrix_changed(activity.action)
    return sessions


def session_remove(*, actor: Actor, session: Session) -> None:
    activity = session.activity
    _refuse_unless(actor is None or can_edit_activity(actor, activity))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="awareness.session_remove",
            reason=f"activity {activity.pk}: session of {_day(session)}",
            partnership=activity.partnership,
            organisation=activity.organiser,
        )
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
    organisations = set(activity.organisations.values_list("pk", flat=True))
    groups = set(activity.target_groups.values_list("pk", flat=True))
    rows = []
    for (organisation_id, group_id), count in counts.items():
        if organisation_id not in organisations or group_id not in groups:
            raise ValidationError(_("Count only the organisations and groups of the activity."))
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
        Session.objects.select_for_update().filter(pk=session.pk).first()
        Participation.objects.filter(session=session).delete()
        Participation.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="awareness.participation_save",
            reason=f"activity {activity.pk}, session of {_day(session)}: {total}",
            partnership=activity.partnership,
            organisation=activity.organiser,
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
