"""Programmes owns the action plans of partnerships: themes, actions, the action ×
organisation matrix and its append-only history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dijkwacht.accounts.types import Actor
from dijkwacht.core import bulk
from dijkwacht.core.services import acting_user, audit_record, changed_fields
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.permissions import can_coordinate
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import people_with_role
from dijkwacht.programmes import selectors
from dijkwacht.programmes.models import (
    Action,
    Commitment,
    Programme,
    ProgressRound,
    RoundCell,
    RoundReminder,
    Status,
    StatusUpdate,
    Theme,
)
from dijkwacht.programmes.notifications import ROUND_OPENED, ROUND_REMINDER
from dijkwacht.programmes.permissions import can_edit_commitment, can_manage_programme
from dijkwacht.programmes.plan_text import ParsedPlan


def _touch(programme_id: int) -> None:
    """The matrix of this programme changed: a cached rendering of it is out of date."""
    Programme.objects.filter(pk=programme_id).update(matrix_version=F("matrix_version") + 1)


def matrix_changed(*, programme_id: int) -> None:
    """Something another module shows in this programme's matrix changed (the sessions held
    for an action): the cached rendering is out of date."""
    _touch(programme_id)


CLOSED = gettext_lazy(
    "This programme is closed: its plan and matrix stay as they were. Reopen it first."
)


def _require_open(programme: Programme) -> None:
    """A closed programme keeps its final state: no new actions, participants or imports."""
    if programme.is_closed:
        raise ValidationError(CLOSED)


def _require_manager(actor: Actor, programme: Programme) -> None:
    if actor is not None and not can_manage_programme(actor, programme):
        raise PermissionDenied(_("Only the partnership's coordinators can change the plan."))


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    description: str = "",
    steering_body: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    reporting_cadence: str = "",
    total_budget: Decimal | None = None,
    execution_budget: Decimal | None = None,
    stale_after_days: int = 90,
    is_draft: bool = False,
) -> Programme:
    """`actor=None` is the system (demo data, imports run by a command)."""
    if actor is not None and not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators can start a programme."))
    programme = Programme(
        partnership=partnership,
        name=name.strip(),
        description=description,
        steering_body=steering_body,
        period_start=period_start,
        period_end=period_end,
        reporting_cadence=reporting_cadence,
        total_budget=total_budget,
        execution_budget=execution_budget,
        stale_after_days=stale_after_days,
        is_draft=is_draft,
    )
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        action="programmes.programme_create",
        obj=programme,
        changes={"name": (None, programme.name)},
        partnership=partnership,
    )
    return programme


@transaction.atomic
def theme_create(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    ambition: str = "",
    position: int | None = None,
) -> Theme:
    _require_manager(actor, programme)
    _require_open(programme)
    if position is None:
        position = _next_position(Theme.objects.filter(programme=programme))
    theme = Theme(
        programme=programme, title=title.strip(), ambition=ambition.strip(), position=position
    )
    theme.full_clean()
    theme.save()
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.theme_create",
        obj=theme,
        changes={"title": (None, theme.title)},
        partnership=programme.partnership,
    )
    return theme


def _next_position(rows: QuerySet[Any]) -> int:
    """After the last, removed actions included: a count would reuse a place a removed
    action keeps and put the new one beside it."""
    last = rows.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _check_members(
    programme: Programme, organisations: Iterable[Organisation]
) -> list[Organisation]:
    organisations = list(organisations)
    member_ids = set(
        programme.partnership.members.filter(pk__in=[o.pk for o in organisations]).values_list(
            "pk", flat=True
        )
    )
    outsiders = [o.name for o in organisations if o.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            {
                "organisations": _("Not a member of the partnership: %(names)s")
                % {"names": ", ".join(outsiders)}
            }
        )
    return organisations


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    programme: Programme,
    title: str,
    theme: Theme | None = None,
    parent: Action | None = None,
    organisations: Iterable[Organisation] = (),
    planned_periods: dict[int, str] | None = None,
    status: str = Status.UNDETERMINED,
    position: int | None = None,
    **fields: Any,
) -> Action:
    """An action with a matrix cell for each participating organisation.

    `planned_periods` maps organisation ids to the plan's own wording ("Herhaling in 2019").
    """
    _require_manager(actor, programme)
    _require_open(programme)
    organisations = _check_members(programme, organisations)
    if position is None:
        position = _next_position(Action.with_removed.filter(programme=programme))
    action = Action(
        programme=programme,
        theme=theme,
        parent=parent,
        title=title.strip(),
        position=position,
        **fields,
    )
    action.full_clean()
    action.save()
    now = timezone.now()
    planned_periods = planned_periods or {}
    cells = [
        Commitment(
            programme=programme,
            action=action,
            organisation=organisation,
            status=status,
            planned_period=planned_periods.get(organisation.pk, ""),
            updated_at=now,
            updated_by=acting_user(actor),
        )
        for organisation in organisations
    ]
    for cell in cells:
        cell.full_clean(validate_unique=False, validate_constraints=False)
    Commitment.objects.bulk_create(cells)
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.action_create",
        obj=action,
        changes={
            "title": (None, action.title),
            "organisations": (None, sorted(o.slug for o in organisations)),
        },
        partnership=programme.partnership,
    )
    return action


def commitment_update(
    *,
    actor: Actor,
    commitment: Commitment,
    status: str,
    note: str = "",
    planned_period: str | None = None,
    at: datetime.datetime | None = None,
) -> Commitment:
    """Change a matrix cell, locking it first. The screen and the API read, scope and lock the
    cell in one query (`selectors.get_commitment_for_update`) and call `commitment_change`."""
    with transaction.atomic():
        locked = (
            Commitment.objects.select_for_update(of=("self",))
            .select_related("programme__partnership", "action", "organisation")
            .get(pk=commitment.pk)
        )
        return commitment_change(
            actor=actor,
            locked=locked,
            status=status,
            note=note,
            planned_period=planned_period,
            at=at,
        )


@transaction.atomic
def commitment_change(
    *,
    actor: Actor,
    locked: Commitment,
    status: str,
    note: str = "",
    planned_period: str | None = None,
    at: datetime.datetime | None = None,
) -> Commitment:
    """Change a matrix cell and append its history.

    `locked` is the cell read under its row lock in the caller's transaction, with its
    programme (and its partnership), action and organisation. Contributors change their own
    organisation's cells, coordinators every cell. Saving the same status again still counts
    as input: it resets the cell's "no input" clock. Four writes: the cell, its history line,
    the programme's matrix version (the cached renderings are out of date) and the audit line.
    """
    if actor is not None and not can_edit_commitment(actor, locked):
        raise PermissionDenied(_("You may only update your own organisation's actions."))
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    new_period = locked.planned_period if planned_period is None else planned_period.strip()
    when = at or timezone.now()
    update = StatusUpdate(
        commitment=locked,
        occurred_at=when,
        actor=acting_user(actor),
        actor_label=str(actor) if acting_user(actor) else "",
        old_status=locked.status,
        new_status=status,
        old_planned_period=locked.planned_period,
        new_planned_period=new_period,
        note=note.strip(),
    )
    # The relations are the locked cell's own and the acting user: no query per key.
    update.full_clean(exclude=["commitment", "actor"])
    changes = {}
    if locked.status != status:
        changes["status"] = (locked.status, status)
    if locked.planned_period != new_period:
        changes["planned_period"] = (locked.planned_period, new_period)
    before = (locked.status, locked.planned_period, locked.note, locked.updated_at)
    locked.status = status
    locked.planned_period = new_period
    locked.note = update.note or locked.note
    locked.updated_at = when
    try:
        locked.full_clean(
            exclude=["programme", "action", "organisation", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError:
        # Shown again as it is stored, not as it would have been.
        locked.status, locked.planned_period, locked.note, locked.updated_at = before
        raise
    locked.updated_by = update.actor
    locked.save(update_fields=["status", "planned_period", "note", "updated_at", "updated_by"])
    update.save(force_insert=True)
    _touch(locked.programme_id)
    audit_record(
        actor=actor,
        action="programmes.commitment_update",
        obj=locked,
        changes=changes,
        reason=update.note,
        organisation=locked.organisation,
    )
    return locked


@dataclass(frozen=True)
class PlanImportResult:
    programme: Programme
    actions: int
    unmatched_columns: tuple[str, ...]


def programme_import_plan(
    *, actor: Actor, partnership: Partnership, plan: ParsedPlan, name: str
) -> PlanImportResult:
    """A new draft programme from a parsed plan: themes, actions, their items as sub-actions,
    and for table rows a cell per column that names a member organisation (with the cell's
    text as planned period). Nothing is written when anything fails.

    Everything is built and checked in memory first; the database is then written in one
    short transaction of bulk inserts. A plan of the largest accepted size so holds the
    database's write lock for a fraction of a second, and other people's writes (a public
    report above all) go on while it is read."""
    if actor is not None and not can_coordinate(actor, partnership):
        raise PermissionDenied(_("Only the partnership's coordinators can start a programme."))
    by_column = selectors.organisation_by_column(partnership)
    unmatched: set[str] = set()
    now = timezone.now()
    themes: list[Theme] = []
    # Per action: the action, its theme's index (or None), its cells and its items.
    actions: list[tuple[Action, int | None, list[Commitment], list[Action]]] = []
    position = 0
    for theme_position, parsed_theme in enumerate(plan.themes):
        theme_index = None
        if parsed_theme.title:
            themes.append(
                Theme(
                    title=parsed_theme.title[:300].strip(),
                    ambition=parsed_theme.ambition.strip(),
                    position=theme_position,
                )
            )
            theme_index = len(themes) - 1
        for parsed in parsed_theme.actions:
            by_organisation: dict[int, Commitment] = {}
            for column, text in parsed.columns:
                organisation = by_column.get(column.strip().casefold())
                if organisation is None:
                    unmatched.add(column)
                    continue
                by_organisation[organisation.pk] = Commitment(
                    organisation=organisation,
                    status=Status.UNDETERMINED,
                    planned_period=text[:100],
                    updated_at=now,
                    updated_by=acting_user(actor),
                )
            action = Action(
                title=parsed.title[:500].strip(), number=parsed.number[:20], position=position
            )
            position += 1
            items = []
            for item in parsed.items:
                items.append(Action(title=item[:500].strip(), position=position))
                position += 1
            actions.append((action, theme_index, list(by_organisation.values()), items))
    _check_import(themes, actions)
    top = [action for action, *_rest in actions]
    sub = [(i, item) for i, (_a, _t, _c, items) in enumerate(actions) for item in items]
    cells = [
        (i, cell) for i, (_a, _t, action_cells, _i) in enumerate(actions) for cell in action_cells
    ]
    theme_rows = bulk.prepare_insert(Theme, themes)
    top_rows = bulk.prepare_insert(Action, top)
    sub_rows = bulk.prepare_insert(Action, [item for _i, item in sub])
    cell_rows = bulk.prepare_insert(Commitment, [cell for _i, cell in cells])
    count = len(top) + len(sub)
    with transaction.atomic():
        programme = programme_create(actor=actor, partnership=partnership, name=name, is_draft=True)
        for row in range(len(themes)):
            theme_rows.set(row, "programme_id", programme.pk)
        theme_rows.execute()
        theme_ids = bulk.ids_by(Theme, "position", programme=programme)
        for row, (_action, theme_index, _cells, _items) in enumerate(actions):
            top_rows.set(row, "programme_id", programme.pk)
            if theme_index is not None:
                top_rows.set(row, "theme_id", theme_ids[themes[theme_index].position])
        top_rows.execute()
        action_ids = bulk.ids_by(Action, "position", programme=programme)
        for row, (index, _item) in enumerate(sub):
            parent = top_rows.rows[index]
            sub_rows.set(row, "programme_id", programme.pk)
            sub_rows.set(row, "theme_id", parent[top_rows.columns["theme_id"]])
            sub_rows.set(row, "parent_id", action_ids[top[index].position])
        sub_rows.execute()
        for row, (index, _cell) in enumerate(cells):
            cell_rows.set(row, "programme_id", programme.pk)
            cell_rows.set(row, "action_id", action_ids[top[index].position])
        cell_rows.execute()
        audit_record(
            actor=actor,
            action="programmes.programme_import_plan",
            obj=programme,
            changes={"themes": (None, len(themes)), "actions": (None, count)},
            partnership=partnership,
        )
    return PlanImportResult(programme, count, tuple(sorted(unmatched)))


def _check_import(
    themes: list[Theme], actions: list[tuple[Action, int | None, list[Commitment], list[Action]]]
) -> None:
    """Validate every object of an import before anything is written (their programme,
    theme and parent are set only then)."""
    links = ["programme", "theme", "parent", "action", "organisation"]
    for theme in themes:
        theme.full_clean(exclude=links, validate_constraints=False)
    for action, _theme_index, cells, items in actions:
        for one in (action, *items):
            one.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
        for cell in cells:
            cell.full_clean(exclude=links, validate_unique=False, validate_constraints=False)


# --- Progress rounds ------------------------------------------------------------------------

# Reminders go out this many days before the deadline (0: on the day itself).
REMINDER_DAYS = (7, 2, 0)


@transaction.atomic
def round_open(
    *, actor: Actor, programme: Programme, title: str, deadline: datetime.date
) -> ProgressRound:
    _require_manager(actor, programme)
    errors: dict[str, list[str]] = {}
    if programme.is_draft:
        errors.setdefault("__all__", []).append(_("A draft programme has no progress rounds."))
    if programme.is_closed:
        errors.setdefault("__all__", []).append(_("A closed programme has no new rounds."))
    if deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("The deadline lies in the past."))
    if ProgressRound.objects.open().filter(programme=programme).exists():
        errors.setdefault("__all__", []).append(
            _("This programme already has an open round: close it first.")
        )
    if errors:
        raise ValidationError(errors)
    progress_round = ProgressRound(
        programme=programme,
        title=title.strip(),
        deadline=deadline,
        opened_at=timezone.now(),
        opened_by=acting_user(actor),
    )
    progress_round.full_clean()
    progress_round.save()
    audit_record(
        actor=actor,
        action="programmes.round_open",
        obj=progress_round,
        changes={"title": (None, progress_round.title), "deadline": (None, deadline)},
        partnership=programme.partnership,
    )
    notify(
        people_with_role(Role.CONTRIBUTOR, organisation_ids=selectors.participant_ids(programme)),
        ROUND_OPENED,
        {
            "round": progress_round.title,
            "programme": programme.name,
            "deadline": date_format(deadline),
        },
        link=reverse("programmes:my_actions"),
    )
    return progress_round


@transaction.atomic
def round_close(*, actor: Actor, progress_round: ProgressRound) -> ProgressRound:
    """Freeze every cell as it stands now; the round's figures never change afterwards."""
    _require_manager(actor, progress_round.programme)
    locked = ProgressRound.objects.select_for_update().get(pk=progress_round.pk)
    if locked.closed_at is not None:
        raise ValidationError(_("This round is already closed."))
    now = timezone.now()
    cells = Commitment.objects.filter(programme_id=locked.programme_id).values_list(
        "action_id", "action__theme_id", "organisation_id", "status", "planned_period", "updated_at"
    )
    RoundCell.objects.bulk_create(
        [
            RoundCell(
                round=locked,
                action_id=action_id,
                theme_id=theme_id,
                organisation_id=organisation_id,
                status=status,
                planned_period=period,
                updated_at=updated_at,
                updated_in_round=updated_at is not None and updated_at >= locked.opened_at,
            )
            for action_id, theme_id, organisation_id, status, period, updated_at in cells
        ],
        batch_size=1000,
    )
    locked.closed_at = now
    locked.closed_by = acting_user(actor)
    locked.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="programmes.round_close",
        obj=locked,
        changes={"closed_at": (None, now)},
        partnership=locked.programme.partnership,
    )
    return locked


def round_send_reminders(
    *,
    progress_round: ProgressRound,
    today: datetime.date | None = None,
    force: bool = False,
    actor: Actor = None,
) -> int:
    """Remind the contributors of every organisation that still has cells to update, on the
    reminder days before the deadline, or any day with `force` (the coordinator's button); at
    most once a day per organisation. Returns the number of organisations reminded."""
    if actor is not None:
        _require_manager(actor, progress_round.programme)
    today = today or timezone.localdate()
    if not progress_round.is_open:
        return 0
    if not force and (progress_round.deadline - today).days not in REMINDER_DAYS:
        return 0
    reminded = 0
    for outstanding in selectors.round_outstanding_by_organisation(progress_round):
        if not outstanding.cells or not outstanding.recipients:
            continue
        with transaction.atomic():
            reminder, created = RoundReminder.objects.get_or_create(
                round=progress_round,
                organisation=outstanding.organisation,
                sent_on=today,
                defaults={
                    "recipients": len(outstanding.recipients),
                    "outstanding": len(outstanding.cells),
                },
            )
            if not created:
                continue
            notify(
                outstanding.recipients,
                ROUND_REMINDER,
                {
                    "count": len(outstanding.cells),
                    "organisation": outstanding.organisation.name,
                    "deadline": date_format(progress_round.deadline),
                    "round": progress_round,
                    "outstanding": outstanding,
                },
                link=reverse("programmes:my_actions"),
                once=f"{progress_round.pk}:{outstanding.organisation.pk}:{today.isoformat()}",
            )
            audit_record(
                actor=actor,
                action="programmes.round_reminder",
                obj=progress_round,
                changes={"outstanding": (None, reminder.outstanding)},
                organisation=outstanding.organisation,
            )
            reminded += 1
    return reminded


# --- Excel round trip -----------------------------------------------------------------------

ACTION_FIELDS = [
    "number",
    "title",
    "description",
    "lead_organisation",
    "cadence",
    "planned_period",
    "budget_planned",
    "budget_spent",
    "expected_result",
]


@transaction.atomic
def action_update(
    *, actor: Actor, action: Action, theme: Theme | str | None = "", **fields: Any
) -> Action:
    """Change an action's plan fields; `theme=""` leaves the theme as it is. Its
    sub-actions follow it to another theme."""
    _require_manager(actor, action.programme)
    _require_open(action.programme)
    changes = {
        k: (getattr(action, k), v)
        for k, v in fields.items()
        if k in ACTION_FIELDS and getattr(action, k) != v
    }
    for name, (_old, new) in changes.items():
        setattr(action, name, new)
    if theme != "" and theme != action.theme:
        changes["theme"] = (action.theme, theme)
        action.theme = theme  # type: ignore[assignment]
    if changes:
        action.full_clean()
        action.save()
        if "theme" in changes:
            Action.with_removed.filter(parent=action).update(theme=action.theme)
        _touch(action.programme_id)
        audit_record(
            actor=actor,
            action="programmes.action_update",
            obj=action,
            changes=changes,
            partnership=action.programme.partnership,
        )
    return action


@dataclass(frozen=True)
class WorkbookResult:
    cells: int
    actions_changed: int
    actions_added: int


@transaction.atomic
def programme_apply_workbook(*, actor: Actor, programme: Programme, changes: Any) -> WorkbookResult:
    """Apply the previewed changes of an Excel round trip, all or nothing. Refuses when the
    preview has problems: a person fixes the file first."""
    _require_manager(actor, programme)
    _require_open(programme)
    if changes.problems:
        raise ValidationError(_("The file has problems; fix them and import it again."))
    themes = {t.title: t for t in programme.themes.all()}
    changed = added = 0
    for plan in changes.actions:
        fields = {k: new for k, (_old, new) in plan.fields.items()}
        theme_title = fields.pop("theme", None)
        theme = themes.get(theme_title) if theme_title else None
        if plan.action_id is None:
            action_create(actor=actor, programme=programme, theme=theme, **fields)
            added += 1
        else:
            action = Action.objects.get(pk=plan.action_id, programme=programme)
            action_update(
                actor=actor, action=action, theme=theme if theme_title is not None else "", **fields
            )
            changed += 1
    for cell in changes.cells:
        commitment = Commitment.objects.select_related("programme__partnership").get(
            pk=cell.commitment_id, programme=programme
        )
        commitment_update(
            actor=actor,
            commitment=commitment,
            status=cell.new_status,
            note=_("Imported from Excel"),
        )
    return WorkbookResult(len(changes.cells), changed, added)


# --- Keeping the plan -----------------------------------------------------------------------

PROGRAMME_FIELDS = [
    "name",
    "description",
    "period_start",
    "period_end",
    "steering_body",
    "reporting_cadence",
    "total_budget",
    "execution_budget",
    "stale_after_days",
    "is_draft",
    "closed_on",
]


@transaction.atomic
def programme_update(*, actor: Actor, programme: Programme, **fields: Any) -> Programme:
    """Change a programme's basics; publishing a draft is `is_draft=False`."""
    _require_manager(actor, programme)
    changes = {
        k: (getattr(programme, k), v)
        for k, v in fields.items()
        if k in PROGRAMME_FIELDS and getattr(programme, k) != v
    }
    closing = "closed_on" in changes and changes["closed_on"][1] is not None
    if closing and ProgressRound.objects.open().filter(programme=programme).exists():
        raise ValidationError({"closed_on": _("Close the open progress round first.")})
    for name, (_old, new) in changes.items():
        setattr(programme, name, new)
    if changes:
        programme.full_clean()
        programme.save(update_fields=[*changes, "updated_at"])
        _touch(programme.pk)
        audit_record(
            actor=actor,
            action="programmes.programme_update",
            obj=programme,
            changes=changes,
            partnership=programme.partnership,
        )
    return programme


@transaction.atomic
def commitments_add(
    *, actor: Actor, programme: Programme, organisations: list[Organisation]
) -> int:
    """Let organisations take part in every action of the programme that has no sub-actions
    (a subproject's cells are its sub-actions'). Existing cells stay as they are; returns the
    number of cells added."""
    _require_manager(actor, programme)
    _require_open(programme)
    organisations = _check_members(programme, organisations)
    leaves = list(
        programme.actions.exclude(Exists(Action.objects.filter(parent=OuterRef("pk")))).values_list(
            "pk", flat=True
        )
    )
    existing = set(
        Commitment.objects.filter(programme=programme, organisation__in=organisations).values_list(
            "action_id", "organisation_id"
        )
    )
    now = timezone.now()
    cells = [
        Commitment(
            programme=programme,
            action_id=action_id,
            organisation=organisation,
            updated_at=now,
            updated_by=acting_user(actor),
        )
        for action_id in leaves
        for organisation in organisations
        if (action_id, organisation.pk) not in existing
    ]
    Commitment.objects.bulk_create(cells, batch_size=1000)
    _touch(programme.pk)
    if cells:
        audit_record(
            actor=actor,
            action="programmes.commitments_add",
            obj=programme,
            changes={
                "organisations": (None, sorted(o.slug for o in organisations)),
                "cells": (None, len(cells)),
            },
            partnership=programme.partnership,
        )
    return len(cells)


@transaction.atomic
def theme_update(*, actor: Actor, theme: Theme, title: str, ambition: str = "") -> Theme:
    _require_manager(actor, theme.programme)
    _require_open(theme.programme)
    changes = changed_fields(
        theme, ["title", "ambition"], {"title": title.strip(), "ambition": ambition.strip()}
    )
    if changes:
        for name, (_old, new) in changes.items():
            setattr(theme, name, new)
        theme.full_clean()
        theme.save()
        _touch(theme.programme_id)
        audit_record(
            actor=actor,
            action="programmes.theme_update",
            obj=theme,
            changes=changes,
            partnership=theme.programme.partnership,
        )
    return theme


@transaction.atomic
def theme_report_texts(*, actor: Actor, programme: Programme, texts: dict[int, str]) -> int:
    """The coordinator's text per theme for the next progress report (theme id → text);
    returns how many changed. Also for a closed programme: its final report is written after."""
    _require_manager(actor, programme)
    changed = []
    for theme in Theme.objects.select_for_update().filter(programme=programme, pk__in=texts):
        text = texts[theme.pk].strip()
        if text != theme.report_text:
            audit_record(
                actor=actor,
                action="programmes.theme_report_text",
                obj=theme,
                changes={"report_text": (theme.report_text, text)},
                partnership=programme.partnership,
            )
            theme.report_text = text
            theme.full_clean()
            changed.append(theme)
    Theme.objects.bulk_update(changed, ["report_text"])
    return len(changed)


def _moved(items: list[Any], item: Any, offset: int) -> list[Any] | None:
    """`items` with `item` swapped with its neighbour `offset` (-1 up, +1 down) away; None
    when it is already first or last."""
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(items):
        return None
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


@transaction.atomic
def theme_move(*, actor: Actor, theme: Theme, offset: int) -> bool:
    """Move a theme one place up (-1) or down (+1); False when it cannot move further."""
    programme = theme.programme
    _require_manager(actor, programme)
    _require_open(programme)
    themes = list(Theme.objects.select_for_update().filter(programme=programme))
    order = _moved(themes, theme, offset)
    if order is None:
        return False
    for position, item in enumerate(order):
        item.position = position
    Theme.objects.bulk_update(order, ["position"])
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.theme_move",
        obj=theme,
        changes={"place": (themes.index(theme), order.index(theme))},
        partnership=programme.partnership,
    )
    return True


@transaction.atomic
def theme_remove(*, actor: Actor, theme: Theme) -> int:
    """Remove a theme; its actions stay in the plan, without a theme. Returns how many."""
    programme = theme.programme
    _require_manager(actor, programme)
    _require_open(programme)
    moved = Action.with_removed.filter(theme=theme).update(theme=None)
    audit_record(
        actor=actor,
        action="programmes.theme_remove",
        obj=theme,
        changes={"title": (theme.title, None), "ambition": (theme.ambition, None)},
        partnership=programme.partnership,
    )
    theme.delete()
    _touch(programme.pk)
    return moved


@transaction.atomic
def action_move(*, actor: Actor, action: Action, offset: int) -> bool:
    """Move an action one place up (-1) or down (+1) among the actions of its theme (a
    sub-action among the parts of its action); its sub-actions move along. False when it
    cannot move further."""
    programme = action.programme
    _require_manager(actor, programme)
    _require_open(programme)
    actions = list(
        Action.objects.select_for_update().filter(programme=programme).order_by("position", "id")
    )
    tops = [a for a in actions if a.parent_id is None]
    parts: dict[int, list[Action]] = {}
    for item in actions:
        if item.parent_id is not None:
            parts.setdefault(item.parent_id, []).append(item)
    if action.parent_id is None:
        siblings = [a for a in tops if a.theme_id == action.theme_id]
    else:
        siblings = parts.get(action.parent_id, [])
    order = _moved(siblings, action, offset)
    if order is None:
        return False
    # Put the reordered siblings back in the slots the siblings held.
    if action.parent_id is None:
        slots = iter(order)
        tops = [next(slots) if a.theme_id == action.theme_id else a for a in tops]
    else:
        parts[action.parent_id] = order
    changed = []
    position = 0
    for top in tops:
        for item in [top, *parts.get(top.pk, [])]:
            if item.position != position:
                item.position = position
                changed.append(item)
            position += 1
    Action.objects.bulk_update(changed, ["position"])
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.action_move",
        obj=action,
        changes={"place": (siblings.index(action), order.index(action))},
        partnership=programme.partnership,
    )
    return True


@transaction.atomic
def action_remove(*, actor: Actor, action: Action) -> int:
    """Take an action (with its sub-actions) out of the plan. Its cells, their history and
    the closed rounds it was part of are kept: the coordinator can put it back. Returns the
    number of actions removed."""
    programme = action.programme
    _require_manager(actor, programme)
    _require_open(programme)
    now = timezone.now()
    removed = Action.objects.filter(Q(pk=action.pk) | Q(parent=action)).update(removed_at=now)
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.action_remove",
        obj=action,
        changes={"removed_at": (None, now.isoformat()), "actions": (None, removed)},
        partnership=programme.partnership,
    )
    return removed


@transaction.atomic
def action_restore(*, actor: Actor, action: Action) -> int:
    """Put a removed action back in the plan, with the sub-actions removed along with it
    and the cells as they were."""
    programme = action.programme
    _require_manager(actor, programme)
    _require_open(programme)
    action = Action.with_removed.select_for_update().get(pk=action.pk)  # as it is now
    if action.removed_at is None:
        return 0
    if action.parent is not None and action.parent.removed_at is not None:
        raise ValidationError(_("Put back the action this is part of first."))
    family = sorted(
        Action.with_removed.select_for_update().filter(
            Q(pk=action.pk) | Q(parent=action, removed_at=action.removed_at)
        ),
        key=lambda item: (item.pk != action.pk, item.position, item.pk),
    )
    # Back at the end of the plan: the place it had may since be held by another action.
    start = _next_position(Action.with_removed.filter(programme=programme))
    for offset, item in enumerate(family):
        item.removed_at = None
        item.position = start + offset
    Action.with_removed.bulk_update(family, ["removed_at", "position"])
    restored = len(family)
    _touch(programme.pk)
    audit_record(
        actor=actor,
        action="programmes.action_restore",
        obj=action,
        changes={"removed_at": (action.removed_at.isoformat(), None), "actions": (None, restored)},
        partnership=programme.partnership,
    )
    return restored


@transaction.atomic
def programme_copy(*, actor: Actor, source: Programme, name: str, **fields: Any) -> Programme:
    """A new programme with the themes, actions and participants of `source` (last year's
    plan). Every cell starts as planned, with last year's status kept beside it as a
    reference; what was spent starts at nothing. `fields` are the new programme's basics."""
    if actor is not None and not can_coordinate(actor, source.partnership):
        raise PermissionDenied(_("Only the partnership's coordinators can start a programme."))
    programme = programme_create(actor=actor, partnership=source.partnership, name=name, **fields)
    programme.copied_from = source
    programme.save(update_fields=["copied_from"])
    themes = {}
    for theme in source.themes.all():
        themes[theme.pk] = Theme(
            programme=programme, position=theme.position, title=theme.title, ambition=theme.ambition
        )
    Theme.objects.bulk_create(themes.values())
    # Organisations that have left the partnership since are not carried into the new year.
    members = set(source.partnership.members.values_list("pk", flat=True))
    copied: dict[int, Action] = {}
    originals = list(source.actions.order_by("parent_id", "position", "id"))
    for old in originals:
        if old.lead_organisation_id not in members:
            old.lead_organisation_id = None
    for parents_pass in (True, False):
        batch = []
        for old in originals:
            if (old.parent_id is None) != parents_pass:
                continue
            new = Action(
                programme=programme,
                theme=themes[old.theme_id] if old.theme_id else None,
                parent=copied.get(old.parent_id) if old.parent_id else None,
                budget_spent=None,
                **{name: getattr(old, name) for name in COPIED_ACTION_FIELDS},
            )
            copied[old.pk] = new
            batch.append(new)
        Action.objects.bulk_create(batch)
    now = timezone.now()
    cells = [
        Commitment(
            programme=programme,
            action=copied[cell.action_id],
            organisation_id=cell.organisation_id,
            status=Status.PLANNED,
            previous_status=cell.status,
            updated_at=now,
            updated_by=acting_user(actor),
        )
        for cell in Commitment.objects.filter(programme=source, organisation_id__in=members)
    ]
    Commitment.objects.bulk_create(cells, batch_size=1000)
    audit_record(
        actor=actor,
        action="programmes.programme_copy",
        obj=programme,
        changes={
            "copied_from": (None, source.name),
            "themes": (None, len(themes)),
            "actions": (None, len(copied)),
            "cells": (None, len(cells)),
        },
        partnership=programme.partnership,
    )
    return programme


COPIED_ACTION_FIELDS = [
    "number",
    "position",
    "title",
    "description",
    "lead_organisation_id",
    "owner_id",
    "cadence",
    "planned_period",
    "budget_planned",
    "expected_result",
]
