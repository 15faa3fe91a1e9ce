from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.core.charts import Series
from dijkwacht.core.problems import Problems
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes import progress
from dijkwacht.programmes.extensions import action_notes
from dijkwacht.programmes.models import (
    Action,
    Commitment,
    Programme,
    ProgressRound,
    RoundCell,
    Status,
    StatusUpdate,
    Theme,
)
from dijkwacht.programmes.permissions import editable_organisation_ids
from dijkwacht.programmes.plan_text import ParsedPlan
from dijkwacht.programmes.workbook import WorkbookProblem

# Counting a programme's actions through the relation passes the manager by: say it.
CURRENT_ACTIONS = Q(actions__removed_at__isnull=True)


def programme_list_for(user: Any) -> QuerySet[Programme]:
    return (
        Programme.objects.visible_to(access_for(user))
        .select_related("partnership")
        .annotate(action_count=Count("actions", filter=CURRENT_ACTIONS, distinct=True))
        .order_by("partnership__name", "-period_start", "name", "pk")
    )


def programmes_of_partnership(partnership: Any) -> QuerySet[Programme]:
    """For the home page: a partnership's programmes, newest first (the caller may see the
    partnership, and so its programmes)."""
    return partnership.programmes.annotate(
        action_count=Count("actions", filter=CURRENT_ACTIONS)
    ).order_by("-period_start", "name")


def programmes_open_for_actions(partnership: Any) -> QuerySet[Programme]:
    """A partnership's programmes that take new actions (not closed), with their themes: where
    a joint action from a rode draad or a Bibob gap can go."""
    return (
        partnership.programmes.filter(closed_on__isnull=True)
        .prefetch_related("themes")
        .order_by("-period_start", "name")
    )


def programme_states(partnership: Any) -> list[tuple[Programme, progress.Progress]]:
    """For the home page: a partnership's programmes, newest first, each with its action count
    and its cells counted by status; one query (the caller may see the partnership)."""

    def counted(rows: QuerySet[Any]) -> Coalesce:
        subquery = rows.order_by().values("programme").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)

    cells = Commitment.objects.filter(programme=OuterRef("pk"))
    programmes = partnership.programmes.annotate(
        action_count=counted(Action.objects.filter(programme=OuterRef("pk"))),
        **{f"cells_{status}": counted(cells.filter(status=status)) for status in Status.values},
    ).order_by("-period_start", "name")
    return [
        (p, progress.progress({s: getattr(p, f"cells_{s}") for s in Status.values}))
        for p in programmes
    ]


def actions_of_partnership(partnership: Any) -> list[Action]:
    """The current actions of a partnership's programmes, by programme and position: what a
    record elsewhere (a completed checklist) may name."""
    return list(
        Action.objects.filter(programme__partnership=partnership, removed_at__isnull=True)
        .select_related("programme")
        .order_by("programme__name", "position", "pk")
    )


def actions_for(user: Any) -> QuerySet[Action]:
    """The current actions the user sees, by programme and position: what a record elsewhere
    (an area on the map) may link to."""
    return (
        Action.objects.visible_to(access_for(user))
        .filter(removed_at__isnull=True)
        .select_related("programme")
        .order_by("programme__name", "position", "pk")
    )


def open_actions_of_partnership(
    partnership: Any, *, include: int | None = None
) -> QuerySet[Action]:
    """The current actions of a partnership's programmes that are not closed: what an
    activity of the partnership may carry out (the caller may see the partnership), and the
    one named in `include` (the action an activity carries out already, closed since)."""
    return (
        Action.with_removed.filter(
            Q(removed_at__isnull=True, programme__closed_on__isnull=True) | Q(pk=include),
            programme__partnership=partnership,
        )
        .select_related("programme")
        .order_by("programme__name", "position", "pk")
    )


def get_programme_for(user: Any, pk: Any) -> Programme:
    return get_visible_or_404(
        Programme.objects.visible_to(access_for(user)).select_related("partnership"), pk=pk
    )


def get_action_for(user: Any, pk: Any, *, with_removed: bool = False) -> Action:
    """An action in the plan; `with_removed` also finds one taken out of it (to put back)."""
    manager = Action.with_removed if with_removed else Action.objects
    return get_visible_or_404(
        manager.visible_to(access_for(user)).select_related(
            "programme__partnership", "theme", "lead_organisation", "owner", "parent"
        ),
        pk=pk,
    )


def get_theme_of(programme: Programme, pk: Any) -> Theme:
    """A theme of a programme the caller may see."""
    return get_visible_or_404(programme.themes.all(), pk=pk)


def copyable_programmes(partnerships: QuerySet[Partnership]) -> QuerySet[Programme]:
    """The programmes a coordinator may start a new one from: those of their partnerships,
    newest first."""
    return (
        Programme.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("partnership__name", "-period_start", "name")
    )


def removed_actions(programme: Programme) -> list[Action]:
    """The actions taken out of the plan, last removed first, each with its cell count;
    the sub-actions removed along with their action are not listed apart."""
    return list(
        Action.with_removed.filter(programme=programme, removed_at__isnull=False)
        .exclude(parent__removed_at=F("removed_at"))
        .annotate(cell_count=Count("commitments"))
        .order_by("-removed_at", "position")
    )


@dataclass(frozen=True)
class RemovalEffect:
    sub_actions: int
    cells: int
    updates: int


def removal_effect(action: Action) -> RemovalEffect:
    """What leaves the plan with an action: its sub-actions, and their cells and history
    (kept, and back when the action is put back)."""
    family = Q(action=action) | Q(action__parent=action)
    counts = Commitment.objects.filter(family).aggregate(
        cells=Count("pk", distinct=True), updates=Count("updates")
    )
    return RemovalEffect(action.sub_actions.count(), counts["cells"], counts["updates"])


def get_commitment_for(
    user: Any, *, programme: Programme, action_id: Any, organisation_id: Any
) -> Commitment:
    return get_visible_or_404(
        Commitment.objects.visible_to(access_for(user)).select_related(
            "programme__partnership", "action__theme", "organisation", "updated_by"
        ),
        programme=programme,
        action_id=action_id,
        organisation_id=organisation_id,
    )


def get_commitment_for_update(
    user: Any, *, programme_id: Any, action_id: Any, organisation_id: Any
) -> Commitment:
    """The cell with its programme, action and organisation, read, scoped and locked in one
    query (its row only, until the transaction ends), for a change of it."""
    return get_visible_or_404(
        Commitment.objects.visible_to(access_for(user))
        .select_for_update(of=("self",))
        .select_related("programme__partnership", "action", "organisation"),
        programme_id=programme_id,
        action_id=action_id,
        organisation_id=organisation_id,
    )


def action_history(action: Action, limit: int = 50) -> list[StatusUpdate]:
    """The latest changes of every cell of an action, newest first."""
    return list(
        StatusUpdate.objects.filter(commitment__action=action)
        .select_related("commitment__organisation")
        .order_by("-occurred_at", "-id")[:limit]
    )


def cell_history(commitment: Commitment) -> QuerySet[StatusUpdate]:
    return commitment.updates.order_by("-occurred_at", "-id")


# --- Programme overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeOverview:
    theme: Theme | None
    actions: list[Action]
    # What the theme's actions plan and spent; "remaining" is against what they plan.
    budget: progress.BudgetSummary
    progress: progress.Progress


@dataclass(frozen=True)
class OrganisationProgress:
    organisation: Organisation
    progress: progress.Progress


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    themes: list[ThemeOverview]
    organisations: list[OrganisationProgress]
    budget: progress.BudgetSummary
    overall: progress.Progress


def _counts(rows, key: str) -> dict[Any, dict[str, int]]:
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row[key]][row["status"]] = row["n"]
    return counts


def programme_overview(programme: Programme) -> ProgrammeOverview:
    """Themes with their actions, progress per theme and organisation, budget use.

    Five queries whatever the size: the counting happens in the database.
    """
    themes = list(programme.themes.all())
    actions = list(
        programme.actions.select_related("lead_organisation", "owner").order_by("position", "id")
    )
    cells = Commitment.objects.filter(programme=programme)
    by_theme = _counts(
        cells.values("action__theme_id", "status").annotate(n=Count("id")), "action__theme_id"
    )
    by_organisation = _counts(
        cells.values("organisation_id", "status").annotate(n=Count("id")), "organisation_id"
    )
    organisations = Organisation.objects.filter(pk__in=list(by_organisation)).order_by("name")
    budgets: dict[int | None, Any] = {
        row["theme_id"]: row
        for row in programme.actions.order_by()
        .values("theme_id")
        .annotate(planned=Sum("budget_planned"), spent=Sum("budget_spent"))
    }

    def group(theme: Theme | None, members: list[Action]) -> ThemeOverview:
        theme_id = theme.pk if theme else None
        money = budgets.get(theme_id, {})
        return ThemeOverview(
            theme,
            members,
            progress.budget_summary(money.get("planned"), money.get("planned"), money.get("spent")),
            progress.progress(by_theme.get(theme_id, {})),
        )

    groups: list[ThemeOverview] = []
    loose = [a for a in actions if a.theme_id is None]
    if loose:
        groups.append(group(None, loose))
    for theme in themes:
        groups.append(group(theme, [a for a in actions if a.theme_id == theme.pk]))
    planned: Decimal = sum((row["planned"] or Decimal(0) for row in budgets.values()), Decimal(0))
    spent: Decimal = sum((row["spent"] or Decimal(0) for row in budgets.values()), Decimal(0))
    overall: dict[str, int] = defaultdict(int)
    for counts in by_theme.values():
        for status, n in counts.items():
            overall[status] += n
    return ProgrammeOverview(
        programme=programme,
        themes=groups,
        organisations=[
            OrganisationProgress(o, progress.progress(by_organisation[o.pk])) for o in organisations
        ],
        budget=progress.budget_summary(programme.execution_budget, planned, spent),
        overall=progress.progress(overall),
    )


# --- The partnership's dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class NamedProgress:
    name: str
    progress: progress.Progress


@dataclass(frozen=True)
class ProgrammeFigures:
    """A running programme at a glance: the share of cells done per theme and organisation,
    the cells without recent input, what changed since the last closed round, and the rounds
    still open."""

    programme: Programme
    overall: progress.Progress
    themes: list[NamedProgress]
    organisations: list[NamedProgress]
    stale: int
    since: ProgressRound | None  # the last closed round
    changed: int  # cells whose status differs from that round's
    newly_done: int  # of which now completed or structural, and not then
    open_rounds: list[ProgressRound]  # by deadline


def running_programme_figures(
    partnership: Partnership, now: datetime.datetime | None = None
) -> list[ProgrammeFigures]:
    """The partnership's published programmes that are not closed. Seven queries, however
    many programmes, actions and organisations: every count is grouped in the database."""
    now = now or timezone.now()
    programmes = list(
        Programme.objects.filter(
            partnership=partnership, is_draft=False, closed_on__isnull=True
        ).order_by(F("period_start").desc(nulls_last=True), "name", "pk")
    )
    if not programmes:
        return []
    ids = [p.pk for p in programmes]
    cells = Commitment.objects.filter(programme_id__in=ids).order_by()
    by_theme: dict[tuple[int, int | None], dict[str, int]] = defaultdict(dict)
    for row in cells.values("programme_id", "action__theme_id", "status").annotate(n=Count("id")):
        by_theme[row["programme_id"], row["action__theme_id"]][row["status"]] = row["n"]
    # By name and id: two organisations may share a name.
    by_organisation: dict[int, dict[tuple[str, int], dict[str, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in cells.values(
        "programme_id", "organisation_id", "organisation__name", "status"
    ).annotate(n=Count("id")):
        name = (row["organisation__name"], row["organisation_id"])
        by_organisation[row["programme_id"]][name][row["status"]] = row["n"]
    themes: dict[int, list[Theme]] = defaultdict(list)
    for theme in Theme.objects.filter(programme_id__in=ids).order_by("position", "id"):
        themes[theme.programme_id].append(theme)
    stale = Q(updated_at__isnull=True)
    for programme in programmes:
        stale |= Q(
            programme_id=programme.pk,
            updated_at__lt=progress.stale_before(now, programme.stale_after_days),
        )
    stale_counts = dict(
        cells.filter(stale)
        .values("programme_id")
        .annotate(n=Count("id"))
        .values_list("programme_id", "n")
    )
    last_round: dict[int, ProgressRound] = {}
    open_rounds: dict[int, list[ProgressRound]] = defaultdict(list)
    for found in ProgressRound.objects.filter(programme_id__in=ids).order_by(
        "programme_id", "-closed_at", "-id"
    ):
        if found.closed_at is None:
            open_rounds[found.programme_id].append(found)
        else:
            last_round.setdefault(found.programme_id, found)
    changed: dict[int, int] = defaultdict(int)
    newly_done: dict[int, int] = defaultdict(int)
    # With no round closed there is nothing to compare with (and no statement to build). A
    # cell has one frozen copy per round (its action is of one programme): no order needed,
    # which spares the statement the joins of RoundCell's default ordering.
    if last_round:
        then = (
            RoundCell.objects.filter(
                round_id__in=[r.pk for r in last_round.values()],
                action_id=OuterRef("action_id"),
                organisation_id=OuterRef("organisation_id"),
            )
            .order_by()
            .values("status")[:1]
        )
        for row in (
            cells.annotate(then=Subquery(then))
            .filter(then__isnull=False)
            .exclude(then=F("status"))
            .values("programme_id", "then", "status")
            .annotate(n=Count("id"))
        ):
            changed[row["programme_id"]] += row["n"]
            if row["status"] in progress.DONE and row["then"] not in progress.DONE:
                newly_done[row["programme_id"]] += row["n"]

    figures = []
    for programme in programmes:
        named = [
            NamedProgress(str(_("Actions without a theme")), progress.progress(counts))
            for (programme_id, theme_id), counts in by_theme.items()
            if programme_id == programme.pk and theme_id is None
        ]
        named += [
            NamedProgress(
                theme.title or str(theme), progress.progress(by_theme[programme.pk, theme.pk])
            )
            for theme in themes[programme.pk]
            if (programme.pk, theme.pk) in by_theme
        ]
        overall: dict[str, int] = defaultdict(int)
        for line in by_organisation[programme.pk].values():
            for status, n in line.items():
                overall[status] += n
        figures.append(
            ProgrammeFigures(
                programme=programme,
                overall=progress.progress(overall),
                themes=named,
                organisations=[
                    NamedProgress(name, progress.progress(counts))
                    for (name, _pk), counts in sorted(by_organisation[programme.pk].items())
                ],
                stale=stale_counts.get(programme.pk, 0),
                since=last_round.get(programme.pk),
                changed=changed[programme.pk],
                newly_done=newly_done[programme.pk],
                open_rounds=sorted(open_rounds[programme.pk], key=lambda r: (r.deadline, r.pk)),
            )
        )
    return figures


@dataclass(frozen=True)
class ActionInPeriod:
    action: Action
    counts: dict[str, int]  # its cells per status


@dataclass(frozen=True)
class ThemeInPeriod:
    theme: Theme | None
    actions: list[ActionInPeriod]
    progress: progress.Progress
    budget_planned: Decimal
    budget_spent: Decimal


@dataclass(frozen=True)
class ProgrammeInPeriod:
    programme: Programme
    themes: list[ThemeInPeriod]
    overall: progress.Progress


def programmes_in_period(
    partnership: Partnership,
    start: datetime.date,
    end: datetime.date,
    organisation: Organisation | None = None,
) -> list[ProgrammeInPeriod]:
    """The partnership's published programmes that ran in the period, for its annual report:
    per theme its actions with their cells per status (as they stand now) and what they plan
    and spent. With an organisation, only its cells, the actions it takes part in and the
    programmes it has a cell in. Four queries, however many programmes, actions and
    organisations."""
    programmes = list(
        Programme.objects.filter(partnership=partnership, is_draft=False)
        .filter(Q(period_start__isnull=True) | Q(period_start__lte=end))
        .filter(Q(period_end__isnull=True) | Q(period_end__gte=start))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by(F("period_start").asc(nulls_first=True), "name", "pk")
    )
    if not programmes:
        return []
    ids = [p.pk for p in programmes]
    cells = Commitment.objects.filter(programme_id__in=ids).order_by()
    if organisation is not None:
        cells = cells.filter(organisation=organisation)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for action_id, status, n in (
        cells.values("action_id", "status")
        .annotate(n=Count("id"))
        .values_list("action_id", "status", "n")
    ):
        counts[action_id][status] = n
    actions: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(programme_id__in=ids, pk__in=list(counts))
        .select_related("lead_organisation", "owner")
        .order_by("position", "id")
    ):
        actions[action.programme_id].append(action)
    themes: dict[int, list[Theme]] = defaultdict(list)
    for each in Theme.objects.filter(programme_id__in=ids).order_by("position", "id"):
        themes[each.programme_id].append(each)

    found = []
    for programme in programmes:
        if organisation is not None and not actions[programme.pk]:
            continue  # the organisation has no cell in it: not part of its year
        groups = []
        in_order: list[Theme | None] = [None, *themes[programme.pk]]
        for theme in in_order:
            theme_id = theme.pk if theme else None
            members = [a for a in actions[programme.pk] if a.theme_id == theme_id]
            if theme is None and not members:
                continue
            total: dict[str, int] = defaultdict(int)
            for action in members:
                for status, n in counts[action.pk].items():
                    total[status] += n
            groups.append(
                ThemeInPeriod(
                    theme=theme,
                    actions=[ActionInPeriod(a, counts[a.pk]) for a in members],
                    progress=progress.progress(total),
                    budget_planned=sum(
                        (a.budget_planned or Decimal(0) for a in members), Decimal(0)
                    ),
                    budget_spent=sum((a.budget_spent or Decimal(0) for a in members), Decimal(0)),
                )
            )
        overall: dict[str, int] = defaultdict(int)
        for action in actions[programme.pk]:
            for status, n in counts[action.pk].items():
                overall[status] += n
        found.append(ProgrammeInPeriod(programme, groups, progress.progress(overall)))
    return found


def done_by_organisation(partnership: Partnership | None) -> dict[int, progress.Progress]:
    """Per organisation its cells in the running programmes (published, not closed) of the
    partnership, or of every partnership (None: the national map). One grouped query."""
    cells = Commitment.objects.filter(
        programme__is_draft=False, programme__closed_on__isnull=True
    ).order_by()
    if partnership is not None:
        cells = cells.filter(programme__partnership=partnership)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in cells.values("organisation_id", "status").annotate(n=Count("id")):
        counts[row["organisation_id"]][row["status"]] = row["n"]
    return {pk: progress.progress(c) for pk, c in counts.items()}


# --- Progress over the rounds ---------------------------------------------------------------

ROUNDS_IN_CHARTS = 8


@dataclass(frozen=True)
class RoundProgress:
    """The share of cells done per theme and per organisation at each closed round (as it
    froze them), then now: the lines of the progress charts and the rows of their tables."""

    labels: list[str]
    themes: list[Series]
    organisations: list[Series]

    @property
    def has_history(self) -> bool:
        return len(self.labels) > 1


def progress_over_rounds(programme: Programme, overview: ProgrammeOverview) -> RoundProgress:
    """The last closed rounds (at most ROUNDS_IN_CHARTS) and now. Three queries, counted in
    the database; `overview` gives the present."""
    rounds = list(
        programme.rounds.filter(closed_at__isnull=False).order_by("-closed_at", "-id")[
            :ROUNDS_IN_CHARTS
        ]
    )[::-1]
    ids = [r.pk for r in rounds]
    frozen = RoundCell.objects.filter(round_id__in=ids).order_by()
    by_theme: dict[Any, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in frozen.values("round_id", "theme_id", "status").annotate(n=Count("id")):
        by_theme[row["theme_id"]][row["round_id"]][row["status"]] = row["n"]
    by_organisation: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for cell in frozen.values("round_id", "organisation_id", "status").annotate(n=Count("id")):
        by_organisation[cell["organisation_id"]][cell["round_id"]][cell["status"]] = cell["n"]

    def history(counts: dict[int, dict[str, int]]) -> list[int | None]:
        return [progress.progress(counts.get(i, {})).percent_done for i in ids]

    themes = [
        Series(
            theme.theme.title if theme.theme else _("Actions without a theme"),
            [
                *history(by_theme.get(theme.theme.pk if theme.theme else None, {})),
                theme.progress.percent_done,
            ],
        )
        for theme in overview.themes
    ]
    organisations = [
        Series(
            line.organisation.name,
            [*history(by_organisation.get(line.organisation.pk, {})), line.progress.percent_done],
        )
        for line in overview.organisations
    ]
    return RoundProgress([r.title for r in rounds] + [_("Now")], themes, organisations)


# --- The matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixFilters:
    theme: int | None = None
    status: str | None = None
    organisation: int | None = None
    stale_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.theme or self.status or self.organisation or self.stale_only)


class Cell(NamedTuple):
    """One cell of the matrix as shown. A tuple, not a dataclass: a matrix builds thousands
    of them on every view after a change."""

    action_id: int
    organisation_id: int
    status: str
    planned_period: str
    note: str
    stale: bool
    editable: bool

    @property
    def style(self) -> progress.StatusStyle:
        return progress.STYLES[self.status]

    @property
    def label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class MatrixRow:
    action: Action
    cells: list[Cell | None]  # one per matrix organisation, None where it takes no part
    notes: tuple[str, ...] = ()  # what other modules tell of the action (`extensions`)


@dataclass(frozen=True)
class MatrixGroup:
    theme: Theme | None
    rows: list[MatrixRow]


@dataclass
class Matrix:
    programme: Programme
    organisations: list[Organisation]
    groups: list[MatrixGroup]
    filters: MatrixFilters
    themes: list[Theme] = field(default_factory=list)
    all_organisations: list[Organisation] = field(default_factory=list)

    @property
    def cell_count(self) -> int:
        return sum(1 for g in self.groups for r in g.rows for c in r.cells if c is not None)


@dataclass(frozen=True)
class MatrixDimensions:
    """The themes and participating organisations of a programme: the matrix's axes."""

    themes: list[Theme]
    organisations: list[Organisation]


def matrix_dimensions(programme: Programme) -> MatrixDimensions:
    participating = Commitment.objects.filter(programme=programme).values("organisation_id")
    return MatrixDimensions(
        themes=list(programme.themes.all()),
        organisations=list(Organisation.objects.filter(pk__in=participating).order_by("name")),
    )


def _cell_queryset(programme: Programme, filters: MatrixFilters, now: datetime.datetime):
    cells = Commitment.objects.filter(programme=programme)
    if filters.theme:
        cells = cells.filter(action__theme_id=filters.theme)
    if filters.status:
        cells = cells.filter(status=filters.status)
    if filters.organisation:
        cells = cells.filter(organisation_id=filters.organisation)
    stale = _stale_condition(programme, now)
    if filters.stale_only and not programme.is_closed:
        cells = cells.filter(stale)
    # 1 or 0 rather than a boolean: integers need no conversion per row on any database.
    return cells.annotate(
        stale=Case(When(stale, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def _stale_condition(programme: Programme, now: datetime.datetime) -> Q:
    """`progress.is_stale`, as a database condition (the tests hold the two to each other).
    A closed programme shows its final state: no cell of it lacks input."""
    if programme.is_closed:
        return Q(pk__in=[])
    return Q(updated_at__isnull=True) | Q(
        updated_at__lt=progress.stale_before(now, programme.stale_after_days)
    )


def matrix(
    programme: Programme,
    user: Any,
    filters: MatrixFilters | None = None,
    now: datetime.datetime | None = None,
    dimensions: MatrixDimensions | None = None,
) -> Matrix:
    """Actions grouped by theme × organisations, filtered; four queries whatever the size,
    and one per module that tells about actions (plus the user's grants, once per request)."""
    filters = filters or MatrixFilters()
    now = now or timezone.now()
    dimensions = dimensions or matrix_dimensions(programme)
    editable = editable_organisation_ids(user, programme)
    themes = dimensions.themes
    actions = list(programme.actions.order_by("position", "id"))
    raw = list(
        _cell_queryset(programme, filters, now).values_list(
            "action_id", "organisation_id", "status", "planned_period", "note", "stale"
        )
    )
    all_organisations = dimensions.organisations
    shown_ids = {row[1] for row in raw}
    organisations = (
        [o for o in all_organisations if o.pk in shown_ids] if filters.active else all_organisations
    )
    column = {o.pk: i for i, o in enumerate(organisations)}
    by_action: dict[int, list[Cell | None]] = {}
    for action_id, organisation_id, status, period, note, stale in raw:
        if organisation_id not in column:
            continue
        row = by_action.setdefault(action_id, [None] * len(organisations))
        row[column[organisation_id]] = Cell(
            action_id,
            organisation_id,
            status,
            period,
            note,
            stale == 1,
            editable is None or organisation_id in editable,
        )
    notes = action_notes([a.pk for a in actions])
    groups: list[MatrixGroup] = []
    for theme in [None, *themes]:
        theme_id = theme.pk if theme else None
        rows = [
            MatrixRow(a, by_action.get(a.pk) or [None] * len(organisations), notes.get(a.pk, ()))
            for a in actions
            if a.theme_id == theme_id and (not filters.active or a.pk in by_action)
        ]
        if rows:
            groups.append(MatrixGroup(theme, rows))
    return Matrix(
        programme=programme,
        organisations=organisations,
        groups=groups,
        filters=filters,
        themes=themes,
        all_organisations=all_organisations,
    )


# --- My actions -----------------------------------------------------------------------------


def my_commitments(user: Any, now: datetime.datetime | None = None) -> QuerySet[Commitment]:
    """Every cell of the organisations the user contributes for, in visible programmes, the
    ones that need input first (no input within the period, or undetermined)."""
    now = now or timezone.now()
    organisation_ids = [
        g.organisation_id
        for g in access_for(user).grants
        if g.role in (Role.CONTRIBUTOR, Role.COORDINATOR) and g.organisation_id is not None
    ]
    return (
        Commitment.objects.visible_to(access_for(user))
        .filter(
            organisation_id__in=organisation_ids,
            programme__is_draft=False,
            programme__closed_on__isnull=True,
        )
        .select_related("programme", "action__theme", "organisation")
        .order_by("programme__name", "action__position", "action_id", "organisation__name")
    )


# --- Plan import ----------------------------------------------------------------------------


def organisation_by_column(partnership: Partnership) -> dict[str, Organisation]:
    """Table columns name municipalities ("Boxmeer", "Gemeente Uden"); match on name."""
    index: dict[str, Organisation] = {}
    for organisation in partnership.members.all():
        name = organisation.name.casefold()
        index[name] = organisation
        index[f"gemeente {name}"] = organisation
        index[name.split(" (")[0]] = organisation  # "Hengelo (O.)" is "Hengelo" in a plan
    return index


@dataclass(frozen=True)
class PlanPreview:
    plan: ParsedPlan
    matched_columns: list[str]
    unmatched_columns: list[str]
    action_count: int
    problems: Problems[Any]  # the plan's passages not imported, at most a page of them


def plan_preview(plan: ParsedPlan, partnership: Partnership) -> PlanPreview:
    """What an import would make, without writing anything."""

    by_column = organisation_by_column(partnership)
    columns = sorted({c for t in plan.themes for a in t.actions for c, _text in a.columns})
    return PlanPreview(
        plan=plan,
        matched_columns=[c for c in columns if c.strip().casefold() in by_column],
        unmatched_columns=[c for c in columns if c.strip().casefold() not in by_column],
        action_count=sum(1 + len(a.items) for t in plan.themes for a in t.actions),
        problems=Problems(plan.problems),
    )


# --- Progress rounds ------------------------------------------------------------------------


def rounds_of(programme: Programme) -> QuerySet[ProgressRound]:
    return programme.rounds.select_related("opened_by", "closed_by").order_by("-opened_at")


def get_round_for(user: Any, programme: Programme, pk: Any) -> ProgressRound:
    return get_visible_or_404(
        ProgressRound.objects.visible_to(access_for(user)).select_related("programme__partnership"),
        programme=programme,
        pk=pk,
    )


@dataclass(frozen=True)
class OrganisationRoundProgress:
    organisation: Organisation
    total: int
    updated: int

    @property
    def outstanding(self) -> int:
        return self.total - self.updated

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else (100 * self.updated) // self.total


def round_progress(progress_round: ProgressRound) -> list[OrganisationRoundProgress]:
    """Per organisation: its cells, and how many were updated since the round opened (or, for
    a closed round, in the round). Counted in the database; two queries."""
    rows: QuerySet[Any, Any]
    if progress_round.is_open:
        rows = (
            Commitment.objects.filter(programme_id=progress_round.programme_id)
            .values("organisation_id")
            .annotate(
                total=Count("id"),
                updated=Count("id", filter=Q(updated_at__gte=progress_round.opened_at)),
            )
        )
    else:
        rows = (
            RoundCell.objects.filter(round=progress_round)
            .values("organisation_id")
            .annotate(total=Count("id"), updated=Count("id", filter=Q(updated_in_round=True)))
        )
    counts = {r["organisation_id"]: (r["total"], r["updated"]) for r in rows}
    organisations = Organisation.objects.filter(pk__in=list(counts)).order_by("name")
    result = [OrganisationRoundProgress(o, *counts[o.pk]) for o in organisations]
    return sorted(result, key=lambda r: (-r.outstanding, r.organisation.name))


def participant_ids(programme: Programme) -> list[int]:
    """The organisations that take part in the programme (have a cell in its matrix)."""
    return list(
        Commitment.objects.filter(programme=programme)
        .values_list("organisation_id", flat=True)
        .distinct()
        .order_by()
    )


def round_participant(progress_round: ProgressRound, organisation_id: Any) -> Organisation:
    """An organisation that takes part in the round's programme, or 404 (the round itself
    was read through `get_round_for`, so the user sees the programme)."""
    return get_visible_or_404(
        Organisation.objects.filter(
            pk__in=Commitment.objects.filter(programme_id=progress_round.programme_id).values(
                "organisation_id"
            )
        ),
        pk=organisation_id,
    )


def round_updates(
    progress_round: ProgressRound, organisation: Organisation
) -> QuerySet[StatusUpdate]:
    """What one organisation wrote in a round: its cell updates between the round's opening
    and closing (or now), action by action. One query."""
    updates = StatusUpdate.objects.filter(
        commitment__programme_id=progress_round.programme_id,
        commitment__organisation=organisation,
        occurred_at__gte=progress_round.opened_at,
    )
    if progress_round.closed_at is not None:
        updates = updates.filter(occurred_at__lte=progress_round.closed_at)
    else:  # a closed round keeps what was written, an open one shows the plan as it is now
        updates = updates.filter(commitment__action__removed_at__isnull=True)
    return updates.select_related("commitment__action").order_by(
        "commitment__action__position", "commitment__action_id", "occurred_at", "id"
    )


@dataclass(frozen=True)
class Outstanding:
    organisation: Organisation
    cells: list[str]  # action titles
    recipients: list[Any]  # the organisation's active contributors (users)


def round_outstanding_by_organisation(progress_round: ProgressRound) -> list[Outstanding]:
    """For reminders: per organisation the actions not updated since the round opened, and
    who to tell. Three queries."""
    pending = (
        Commitment.objects.filter(programme_id=progress_round.programme_id)
        .filter(Q(updated_at__isnull=True) | Q(updated_at__lt=progress_round.opened_at))
        .values_list("organisation_id", "action__title")
        .order_by("organisation_id", "action__position", "action_id")
    )
    by_organisation: dict[int, list[str]] = defaultdict(list)
    for organisation_id, title in pending:
        by_organisation[organisation_id].append(title)
    contributors: dict[int, list[Any]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            organisation_id__in=list(by_organisation),
            role=Role.CONTRIBUTOR,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    ):
        contributors[membership.organisation_id or 0].append(membership.user)
    organisations = Organisation.objects.filter(pk__in=list(by_organisation)).order_by("name")
    return [Outstanding(o, by_organisation[o.pk], contributors[o.pk]) for o in organisations]


@dataclass(frozen=True)
class CellChange:
    action: str
    organisation: str
    old_status: str | None
    new_status: str

    @property
    def old_label(self) -> str:
        return str(Status(self.old_status).label) if self.old_status else "—"

    @property
    def new_label(self) -> str:
        return str(Status(self.new_status).label)


def round_changes(progress_round: ProgressRound) -> tuple[ProgressRound | None, list[CellChange]]:
    """What changed since the previous closed round: for a closed round its frozen cells
    against the previous round's, for an open round the live cells. The comparison is one
    query with a subquery for the earlier status."""
    previous = (
        ProgressRound.objects.filter(
            programme_id=progress_round.programme_id,
            closed_at__isnull=False,
            opened_at__lt=progress_round.opened_at,
        )
        .order_by("-opened_at")
        .first()
    )
    if previous is None:
        return None, []
    earlier = RoundCell.objects.filter(
        round=previous, action_id=OuterRef("action_id"), organisation_id=OuterRef("organisation_id")
    ).values("status")[:1]
    cells: QuerySet[Any, Any]
    if progress_round.is_open:
        cells = Commitment.objects.filter(programme_id=progress_round.programme_id)
    else:
        cells = RoundCell.objects.filter(round=progress_round)
    rows = (
        cells.annotate(old=Subquery(earlier))
        .exclude(old=F("status"))
        .values_list("action__title", "organisation__name", "old", "status")
        .order_by("action__position", "action_id", "organisation__name")
    )
    return previous, [CellChange(*row) for row in rows]


def open_rounds_for(user: Any) -> list[ProgressRound]:
    """Open rounds of the programmes the user can see, soonest deadline first."""
    return list(
        ProgressRound.objects.visible_to(access_for(user))
        .open()
        .select_related("programme")
        .order_by("deadline", "programme__name")
    )


# --- Excel round trip -----------------------------------------------------------------------


@dataclass(frozen=True)
class CellChangePlan:
    row: int
    commitment_id: int
    action: str
    organisation: str
    old_status: str
    new_status: str

    @property
    def old_label(self) -> str:
        return str(Status(self.old_status).label)

    @property
    def new_label(self) -> str:
        return str(Status(self.new_status).label)


@dataclass(frozen=True)
class ActionChangePlan:
    row: int
    action_id: int | None  # None: a new action
    title: str
    fields: dict[str, tuple[Any, Any]]  # name → (old, new)


@dataclass
class WorkbookChanges:
    cells: list[CellChangePlan] = field(default_factory=list)
    actions: list[ActionChangePlan] = field(default_factory=list)
    problems: Problems[Any] = field(default_factory=Problems)

    @property
    def count(self) -> int:
        return len(self.cells) + len(self.actions)


def workbook_changes(programme: Programme, parsed: Any) -> WorkbookChanges:
    """What applying the workbook would change, checked against the programme as it is now.
    Rows that name an action or cell of another programme are problems, not changes."""

    changes = WorkbookChanges(problems=Problems(parsed.problems))
    actions = {a.pk: a for a in programme.actions.select_related("theme")}
    themes = {t.title.casefold(): t for t in programme.themes.all()}
    for row in parsed.plan:
        theme = themes.get(row.theme.casefold()) if row.theme else None
        if row.theme and theme is None:
            changes.problems.append(
                WorkbookProblem(
                    "Plan",
                    row.row,
                    "Thema",
                    _("There is no theme “%(theme)s” in this programme.") % {"theme": row.theme},
                )
            )
            continue
        new = {
            "number": row.number,
            "title": row.title,
            "theme": theme.title if theme else "",
            "planned_period": row.planned_period,
            "budget_planned": row.budget_planned,
            "budget_spent": row.budget_spent,
        }
        if row.action_id is None:
            changes.actions.append(
                ActionChangePlan(
                    row.row,
                    None,
                    row.title,
                    {k: (None, v) for k, v in new.items() if v not in (None, "")},
                )
            )
            continue
        action = actions.get(row.action_id)
        if action is None:
            changes.problems.append(
                WorkbookProblem(
                    "Plan",
                    row.row,
                    "ID",
                    _("Action %(id)s is not part of this programme.") % {"id": row.action_id},
                )
            )
            continue
        old = {
            "number": action.number,
            "title": action.title,
            "theme": action.theme.title if action.theme else "",
            "planned_period": action.planned_period,
            "budget_planned": action.budget_planned,
            "budget_spent": action.budget_spent,
        }
        differing = {k: (old[k], v) for k, v in new.items() if old[k] != v}
        if differing:
            changes.actions.append(ActionChangePlan(row.row, action.pk, action.title, differing))
    cells = {
        (c["action_id"], c["organisation_id"]): c
        for c in Commitment.objects.filter(programme=programme).values(
            "id", "action_id", "organisation_id", "status", "action__title", "organisation__name"
        )
    }
    for value in parsed.cells:
        current = cells.get((value.action_id, value.organisation_id))
        if current is None:
            changes.problems.append(
                WorkbookProblem(
                    "Matrix",
                    value.row,
                    value.column,
                    _("This organisation takes no part in this action here."),
                )
            )
            continue
        if current["status"] != value.status:
            changes.cells.append(
                CellChangePlan(
                    row=value.row,
                    commitment_id=current["id"],
                    action=current["action__title"],
                    organisation=current["organisation__name"],
                    old_status=current["status"],
                    new_status=value.status,
                )
            )
    return changes


def _period_changes(cells: Q, start: datetime.date, end: datetime.date) -> QuerySet:
    """Per cell of `cells` that changed between two days (inclusive): its status before the
    period, at its end, its action, organisation and programme. One query."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end, datetime.time.max, tzinfo=tz)
    in_period = StatusUpdate.objects.filter(
        cells,
        commitment__action__removed_at__isnull=True,
        occurred_at__gte=since,
        occurred_at__lte=until,
    )
    first = in_period.filter(commitment=OuterRef("commitment")).order_by("occurred_at", "id")
    last = in_period.filter(commitment=OuterRef("commitment")).order_by("-occurred_at", "-id")
    return (
        in_period.values("commitment")
        .annotate(
            before=Subquery(first.values("old_status")[:1]),
            after=Subquery(last.values("new_status")[:1]),
            action=F("commitment__action__title"),
            organisation=F("commitment__organisation__name"),
            position=F("commitment__action__position"),
            programme=F("commitment__programme__name"),
            programme_id=F("commitment__programme_id"),
            programme_start=F("commitment__programme__period_start"),
        )
        .distinct()
    )


def period_changes(
    programme: Programme, start: datetime.date, end: datetime.date
) -> list[CellChange]:
    """Status changes of the programme's cells between two days (inclusive): per cell the
    status before the period against the status at its end, for cells that changed in it."""
    rows = _period_changes(Q(commitment__programme=programme), start, end).order_by(
        "position", "organisation"
    )
    return [
        CellChange(r["action"], r["organisation"], r["before"] or None, r["after"])
        for r in rows
        if r["before"] != r["after"]
    ]


def partnership_changes(
    partnership: Partnership, start: datetime.date, end: datetime.date
) -> list[tuple[str, list[CellChange]]]:
    """`period_changes` of every programme of the partnership that is no draft and was not
    closed before the period, per programme (the newest first): one query."""
    cells = Q(
        commitment__programme__partnership=partnership,
        commitment__programme__is_draft=False,
    ) & (
        Q(commitment__programme__closed_on__isnull=True)
        | Q(commitment__programme__closed_on__gte=start)
    )
    rows = _period_changes(cells, start, end).order_by(
        F("programme_start").desc(nulls_last=True), "programme", "programme_id", "position",
        "organisation",
    )  # fmt: skip
    found: dict[int, tuple[str, list[CellChange]]] = {}
    for r in rows:
        if r["before"] != r["after"]:
            found.setdefault(r["programme_id"], (r["programme"], []))[1].append(
                CellChange(r["action"], r["organisation"], r["before"] or None, r["after"])
            )
    return list(found.values())
