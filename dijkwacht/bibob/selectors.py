"""Reads of the Bibob register. A screening's content (the subject, the decision, notes) is
loaded only by `open_screening`, which logs the read with its purpose; lists and clocks read
the clear fields alone. Counts for anyone outside the team suppress 1–4, and what a member
could subtract its own part from (`figures`)."""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dijkwacht.bibob import clock, policies
from dijkwacht.bibob.defaults import LETTERS
from dijkwacht.bibob.models import (
    AccessLog,
    AdviceConclusion,
    Category,
    Disclosure,
    Domain,
    LegalTerms,
    LetterKind,
    LetterTemplate,
    Outcome,
    Policy,
    PolicyRule,
    Purpose,
    Screening,
    Status,
    Step,
)
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.suppression import (
    WITHHELD,
    WITHHELD_MARK,
    Withheld,
    member_count,
    rounded_share,
)
from dijkwacht.organisations.models import Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.permissions import access_for

# The encrypted fields: never loaded by a list, a clock or a count.
CONTENT_FIELDS = ("decision_subject", "subject_name", "subject_kvk", "trigger_note")

# What the clock reads of a screening.
CLOCK_FIELDS = (
    "questionnaire_sent_on",
    "questionnaire_due_on",
    "questionnaire_received_on",
    "decision_due_on",
    "decided_on",
    "lbb_requested_on",
    "lbb_advice_on",
    "lbb_extension_weeks",
    "lbb_paused_days",
    "lbb_paused_since",
    "opened_on",
    "questionnaire_complete",
)

TERM_LABELS = {
    clock.QUESTIONNAIRE: _("the questionnaire's return date"),
    clock.ADVICE: _("the LBB's term for its advice"),
    clock.DECISION: _("the decision term"),
}


@dataclass(frozen=True)
class TermsTable:
    """The legal terms by the date they took effect; a date before the first row uses the
    first row (and no row at all: the law's terms as `clock.Terms` knows them)."""

    starts: tuple[datetime.date, ...] = ()
    rows: tuple[clock.Terms, ...] = ()

    def on(self, date: datetime.date) -> clock.Terms:
        if not self.rows:
            return clock.Terms()
        index = bisect.bisect_right(self.starts, date) - 1
        return self.rows[max(index, 0)]


def legal_terms() -> TermsTable:
    rows = list(LegalTerms.objects.order_by("valid_from"))
    return TermsTable(
        starts=tuple(r.valid_from for r in rows),
        rows=tuple(
            clock.Terms(
                advice_weeks=r.advice_weeks,
                extension_weeks=r.extension_weeks,
                suspension_weeks=r.suspension_weeks,
                questionnaire_days=r.questionnaire_days,
                warn_days=r.warn_days,
            )
            for r in rows
        ),
    )


def lbb_of(screening: Screening) -> clock.Lbb | None:
    if screening.lbb_requested_on is None:
        return None
    return clock.Lbb(
        requested_on=screening.lbb_requested_on,
        advice_on=screening.lbb_advice_on,
        extension_weeks=screening.lbb_extension_weeks,
        paused_days=screening.lbb_paused_days,
        paused_since=screening.lbb_paused_since,
    )


def clock_of(
    screening: Screening, today: datetime.date, table: TermsTable
) -> dict[str, clock.Term]:
    """The screening's running terms by key (questionnaire, LBB advice, decision)."""
    if screening.decided_on is not None:
        return {}
    lbb = lbb_of(screening)
    terms = table.on(screening.lbb_requested_on or screening.opened_on)
    found = (
        clock.questionnaire_term(
            sent_on=screening.questionnaire_sent_on,
            due_on=screening.questionnaire_due_on,
            received_on=screening.questionnaire_received_on,
            today=today,
            terms=terms,
            given_up=screening.questionnaire_complete is False,
        ),
        clock.advice_term(lbb, today=today, terms=terms),
        clock.decision_term(
            due_on=screening.decision_due_on, lbb=lbb, decided_on=None, today=today, terms=terms
        ),
    )
    return {term.key: term for term in found if term is not None}


def worst_state(terms: dict[str, clock.Term]) -> str:
    states = {term.state for term in terms.values()}
    for state in ("overdue", "soon", "paused", "running"):
        if state in states:
            return state
    return "none"


# --- The team's register -------------------------------------------------------------------


def _screenings(user: Any) -> QuerySet[Screening]:
    return Screening.objects.visible_to(access_for(user))


@dataclass(frozen=True)
class ListRow:
    screening: Screening
    terms: dict[str, clock.Term]

    @property
    def state(self) -> str:
        return worst_state(self.terms)


@dataclass(frozen=True)
class Filters:
    status: str = ""  # a status, or "lopend" for every running one
    domain: str = ""
    year: int | None = None
    term: str = ""  # "te_laat" (a term passed) or "binnenkort" (one runs out soon)
    organisation: int | None = None


def screening_list_for(
    user: Any, filters: Filters, *, today: datetime.date | None = None
) -> list[ListRow]:
    """The team's screenings with their running terms; without their content (the list names
    references, categories and dates). Two queries, whatever the number of screenings."""
    today = today or timezone.localdate()
    screenings = (
        _screenings(user)
        .defer(*CONTENT_FIELDS)
        .select_related("category", "organisation")
        .order_by("-opened_on", "-pk")
    )
    if filters.status == "lopend":
        screenings = screenings.exclude(status=Status.DECIDED)
    elif filters.status:
        screenings = screenings.filter(status=filters.status)
    if filters.domain:
        screenings = screenings.filter(domain=filters.domain)
    if filters.year:
        screenings = screenings.filter(opened_on__year=filters.year)
    if filters.organisation:
        screenings = screenings.filter(organisation_id=filters.organisation)
    table = legal_terms()
    rows = [ListRow(s, clock_of(s, today, table)) for s in screenings]
    if filters.term == "te_laat":
        rows = [r for r in rows if r.state == "overdue"]
    elif filters.term == "binnenkort":
        rows = [r for r in rows if r.state in ("overdue", "soon")]
    return rows


def get_screening_for(user: Any, pk: Any) -> Screening:
    """The screening without its content, 404 alike for "missing" and "not yours"."""
    screenings = _screenings(user).defer(*CONTENT_FIELDS).select_related("category", "organisation")
    return get_visible_or_404(screenings, pk=pk)


def open_screening(user: Any, pk: Any, purpose: str) -> Screening:
    """The screening with its content, for an officer of its team; the read is logged with
    its purpose. Anyone else gets 404, as for a screening that does not exist."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}")
    screening = get_visible_or_404(
        _screenings(user).select_related("category", "organisation"), pk=pk
    )
    AccessLog.objects.create(
        at=timezone.now(),
        user=user,
        organisation_id=screening.organisation_id,
        reference=screening.reference,
        purpose=purpose,
    )
    return screening


def screening_steps(screening: Screening) -> list[Step]:
    return list(screening.steps.select_related("by").order_by("at", "pk"))


def screening_disclosures(screening: Screening) -> list[Disclosure]:
    return list(screening.disclosures.select_related("by").order_by("date", "pk"))


def categories(*, including: Category | None = None) -> list[Category]:
    """The categories in use, and the one a screening already has (also when no longer in
    use, so its facts can still be corrected)."""
    chosen = Q(active=True) | Q(pk=including.pk) if including is not None else Q(active=True)
    return list(Category.objects.filter(chosen).order_by("position", "name"))


def opened_years(user: Any) -> list[int]:
    return sorted(
        {d.year for d in _screenings(user).dates("opened_on", "year")},
        reverse=True,
    )


# --- Counts for everyone ---------------------------------------------------------------------


Shown = int | Withheld | None  # a count as a reader sees it: "<5" (None) or "×" (withheld)


@dataclass
class Figures:
    """A year's counts of screenings over some organisations: per domain and quarter (opened),
    per decision (and for the team per domain), per LBB conclusion, and how often the terms
    were met. For a reader outside the teams a count of 1–4 is None ("<5"), and a count a
    member could take its own part from to learn another's small one is WITHHELD ("×")."""

    year: int
    suppressed: bool
    opened: dict[str, dict[int, Shown]] = field(default_factory=dict)  # domain → quarter
    opened_total: dict[str, Shown] = field(default_factory=dict)
    decisions: dict[str, Shown] = field(default_factory=dict)
    # domain → decision, for the team only (empty outside it)
    decided: dict[str, dict[str, Shown]] = field(default_factory=dict)
    decided_total: dict[str, Shown] = field(default_factory=dict)
    lbb_requests: Shown = 0
    lbb_conclusions: dict[str, Shown] = field(default_factory=dict)
    running: Shown = 0
    registered: Shown = 0
    total: Shown = 0
    terms: TermsMet | None = None


@dataclass(frozen=True)
class TermsMet:
    """Of the decisions taken in the year that had a legal term, how many came in time (the
    term moved by the LBB's suspension); of the LBB's advice received, how many in its term.
    The counts are the team's only (None outside it): beside the decisions and the LBB's
    conclusions they would add up to give a hidden count away (the advice received is the sum
    of the conclusions, the late ones the difference of two shown counts). Everyone reads the
    shares in time, rounded down to 10 % and only from 20 (`rounded_share`)."""

    decisions: int | None
    decisions_in_time: int | None
    advice: int | None
    advice_in_time: int | None
    decisions_share: int | Withheld | None  # None: fewer than 20; WITHHELD: see `figures`
    advice_share: int | Withheld | None

    @property
    def counted(self) -> bool:
        return self.decisions is not None


def terms_lines(terms: TermsMet) -> list[tuple[str, int | str]]:
    """The terms met as lines of a table, for the page, the Excel and the annual report: the
    counts for the team, the shares for everyone else."""

    def share(value: int | Withheld | None) -> str:
        if isinstance(value, Withheld):
            return WITHHELD_MARK
        return gettext("too few to say") if value is None else f"{value}%"

    if terms.counted:
        return [
            (gettext("Decisions with a legal term"), terms.decisions or 0),
            (gettext("… of which taken within the term"), terms.decisions_in_time or 0),
            (gettext("LBB advice received"), terms.advice or 0),
            (gettext("… of which within the LBB's term"), terms.advice_in_time or 0),
        ]
    return [
        (gettext("Decisions taken within the term"), share(terms.decisions_share)),
        (gettext("LBB advice within the LBB's term"), share(terms.advice_share)),
    ]


Parts = list[int]  # one count per organisation


def table_shown(
    rows: dict[str, dict[Any, Parts]], suppressed: bool
) -> tuple[dict[str, dict[Any, Shown]], dict[str, Shown], Shown]:
    """A table of counts (each as its organisations' parts) with a total per row and a grand
    total, as shown to someone who may or may not see the records. Suppressed: a cell reads
    "<5" when small and "×" when a member could subtract its own part (`member_count`); a
    row's total shows only beside cells that all show as numbers, and the grand total only
    beside row totals that all show. Anything less gives something away: a total beside one
    hidden cell is that cell plus what shows, and whether a total reads "<5" or "×" tells a
    member who knows its own parts what the others' are (its 3 and a total below 5 leave the
    other 1)."""
    if not suppressed:
        totals: dict[str, Shown] = {
            key: sum(sum(p) for p in cells.values()) for key, cells in rows.items()
        }
        return (
            {key: {c: sum(p) for c, p in cells.items()} for key, cells in rows.items()},
            totals,
            sum(sum(sum(p) for p in cells.values()) for cells in rows.values()),
        )
    shown_cells = {
        key: {c: member_count(p) for c, p in cells.items()} for key, cells in rows.items()
    }
    shown_totals: dict[str, Shown] = {}
    for key, cells in shown_cells.items():
        numbers = [v for v in cells.values() if isinstance(v, int)]
        shown_totals[key] = sum(numbers) if len(numbers) == len(cells) else WITHHELD
    grand: Shown = (
        sum(shown_totals.values())  # type: ignore[arg-type]
        if all(isinstance(t, int) for t in shown_totals.values())
        else WITHHELD
    )
    return shown_cells, shown_totals, grand


def _terms_met(
    screenings: QuerySet[Screening],
    year: int,
    *,
    suppressed: bool,
    known: dict[str, bool] | None = None,
) -> TermsMet:
    """Read from the clock fields of the year's decisions and advice (no content), compared
    with the clock in Python: the terms are pure functions."""
    table = legal_terms()
    decisions = decisions_in_time = advice = advice_in_time = 0
    for screening in screenings.filter(Q(decided_on__year=year) | Q(lbb_advice_on__year=year)).only(
        *CLOCK_FIELDS
    ):
        lbb = lbb_of(screening)
        terms = table.on(screening.lbb_requested_on or screening.opened_on)
        if screening.decided_on and screening.decided_on.year == year:
            in_time = clock.decided_in_time(
                due_on=screening.decision_due_on,
                lbb=lbb,
                decided_on=screening.decided_on,
                terms=terms,
            )
            if in_time is not None:
                decisions += 1
                decisions_in_time += in_time
        if lbb is not None and screening.lbb_advice_on and screening.lbb_advice_on.year == year:
            advice += 1
            advice_in_time += clock.advice_in_time(lbb, terms)
    known = known or {"decisions": True, "advice": True}
    shares: dict[str, int | Withheld | None] = {
        "decisions_share": rounded_share(decisions_in_time, decisions)
        if known["decisions"] or not suppressed
        else WITHHELD,
        "advice_share": rounded_share(advice_in_time, advice)
        if known["advice"] or not suppressed
        else WITHHELD,
    }
    if suppressed:
        return TermsMet(None, None, None, None, **shares)
    return TermsMet(decisions, decisions_in_time, advice, advice_in_time, **shares)


def figures(
    organisation_ids: list[int] | None, year: int, *, suppressed: bool, terms: bool = False
) -> Figures:
    """The year's counts for the organisations, counted in the database in one query grouped
    by organisation and what the figures tell apart (a reader outside the teams gets the n−1
    rule: `member_count`), and with `terms` how often the terms were met (two more).
    `suppressed` for anyone who may not see the screenings themselves; no organisations
    (None) counts every organisation's."""
    keep = member_count if suppressed else sum
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    screenings = Screening.objects.order_by()
    if organisation_ids is not None:
        screenings = screenings.filter(organisation_id__in=organisation_ids)
    result = Figures(year=year, suppressed=suppressed)
    quarters = {
        q: (
            datetime.date(year, 3 * q - 2, 1),
            datetime.date(year, 3 * q, 31 if q in (1, 4) else 30),
        )
        for q in range(1, 5)
    }
    opened = {q: Q(opened_on__range=days) for q, days in quarters.items()}
    decided = Q(decided_on__range=(start, end))
    requested = Q(lbb_requested_on__range=(start, end))
    advised = Q(lbb_advice_on__range=(start, end))
    registered = Q(registered_on__range=(start, end))
    running = ~Q(status=Status.DECIDED)
    # Grouped by what the figures tell apart, with a count per period: a few counts for Django
    # to build rather than one per domain × quarter × outcome (it spent 8 ms on those 80).
    grouped = (
        screenings.filter(
            Q(opened_on__range=(start, end)) | decided | requested | advised | registered | running
        )
        .values("organisation_id", "domain", "outcome", "lbb_conclusion", "status")
        .annotate(
            **{f"opened_{q}": Count("pk", filter=days) for q, days in opened.items()},
            decided=Count("pk", filter=decided),
            requests=Count("pk", filter=requested),
            advice=Count("pk", filter=advised),
            registered=Count("pk", filter=registered),
            screenings=Count("pk"),
        )
    )
    counts: dict[int, dict[str, int]] = {}
    rows: list[Mapping[str, Any]] = list(grouped)
    for group in rows:
        mine = counts.setdefault(group["organisation_id"], {})
        named = {f"opened_{group['domain']}_{q}": group[f"opened_{q}"] for q in quarters}
        named |= {
            f"decided_{group['domain']}_{group['outcome']}": group["decided"],
            f"advice_{group['lbb_conclusion']}": group["advice"],
            "requests": group["requests"],
            "registered": group["registered"],
            "running": group["screenings"] if group["status"] != Status.DECIDED else 0,
        }
        for name, n in named.items():
            mine[name] = mine.get(name, 0) + n

    def parts(name: str) -> Parts:
        return [mine.get(name, 0) for mine in counts.values()]

    def added(*names: str) -> Parts:
        return [sum(mine.get(name, 0) for name in names) for mine in counts.values()]

    by_quarter = {d: {q: parts(f"opened_{d}_{q}") for q in quarters} for d in Domain.values}
    result.opened, result.opened_total, result.total = table_shown(by_quarter, suppressed)
    if not suppressed:
        # Only for the team: outside it, totals per domain beside totals per decision would be
        # two margins of one hidden table, and one of them would give a hidden other away.
        for d in Domain.values:
            result.decided[d] = {o: sum(parts(f"decided_{d}_{o}")) for o in Outcome.values}
            result.decided_total[d] = sum(result.decided[d].values())  # type: ignore[arg-type]
    result.decisions = {
        o: keep(added(*(f"decided_{d}_{o}" for d in Domain.values))) for o in Outcome.values
    }
    result.lbb_requests = keep(parts("requests"))
    result.lbb_conclusions = {c: keep(parts(f"advice_{c}")) for c in AdviceConclusion.values}
    result.running = keep(parts("running"))
    result.registered = keep(parts("registered"))
    if terms:
        # A share's "too few to say" tells whether its whole is below 20: that whole must be
        # one the reader can add up from counts that all show (the advice received is the sum
        # of the conclusions; the decisions with a term are among the decisions).
        known = {
            "decisions": all(isinstance(v, int) for v in result.decisions.values()),
            "advice": all(isinstance(v, int) for v in result.lbb_conclusions.values()),
        }
        result.terms = _terms_met(screenings, year, suppressed=suppressed, known=known)
    return result


# --- The Bibob policies -----------------------------------------------------------------------


def _rule(rule: PolicyRule | None) -> policies.Rule | None:
    if rule is None:
        return None
    return policies.Rule(rule.application, rule.threshold)


@dataclass(frozen=True)
class MatrixCell:
    rule: PolicyRule | None
    gap: bool  # weaker than the reference


@dataclass(frozen=True)
class MatrixRow:
    organisation: Organisation
    policy: Policy | None
    cells: list[MatrixCell]

    @property
    def gaps(self) -> int:
        return sum(cell.gap for cell in self.cells)


@dataclass(frozen=True)
class PolicyMatrix:
    """The partnership's Bibob policies side by side: organisations × categories, with the
    reference the partnership agreed on and, per category, who falls short of it."""

    partnership: Partnership
    categories: list[Category]
    reference: Policy | None
    reference_rules: list[PolicyRule | None]
    rows: list[MatrixRow]
    differs: list[bool]  # per category: the members' rules are not all the same
    behind: list[list[Organisation]]  # per category: the members weaker than the reference


def policy_members(partnership: Partnership) -> list[Organisation]:
    """The members whose Bibob policy the matrix compares: the municipalities and provinces
    (the bodies that take Bibob decisions), and any other member that recorded a policy."""
    return list(
        partnership.members.filter(
            Q(kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.PROVINCE])
            | Q(bibob_policy__isnull=False)
        )
        .distinct()
        .order_by("name")
    )


def policy_matrix(partnership: Partnership) -> PolicyMatrix:
    """Four queries, whatever the number of members and categories: members, categories, the
    policies with their rules, the reference with its rules."""
    members = policy_members(partnership)
    columns = categories()
    by_organisation = {
        p.organisation_id: p
        for p in Policy.objects.filter(organisation__in=members).prefetch_related("rules")
    }
    reference = Policy.objects.filter(partnership=partnership).prefetch_related("rules").first()
    reference_by_category = {r.category_id: r for r in reference.rules.all()} if reference else {}
    reference_rules = [reference_by_category.get(c.pk) for c in columns]
    rows = []
    for organisation in members:
        policy = by_organisation.get(organisation.pk)
        rules = {r.category_id: r for r in policy.rules.all()} if policy else {}
        cells = [
            MatrixCell(
                rules.get(c.pk),
                policies.weaker(_rule(rules.get(c.pk)), _rule(reference_rules[i])),
            )
            for i, c in enumerate(columns)
        ]
        rows.append(MatrixRow(organisation, policy, cells))
    differs = [
        policies.differs([_rule(row.cells[i].rule) for row in rows if row.policy])
        for i in range(len(columns))
    ]
    behind = [[row.organisation for row in rows if row.cells[i].gap] for i in range(len(columns))]
    return PolicyMatrix(partnership, columns, reference, reference_rules, rows, differs, behind)


def get_policy(
    *, organisation: Organisation | None = None, partnership: Partnership | None = None
) -> Policy | None:
    owner = (
        {"organisation": organisation} if organisation is not None else {"partnership": partnership}
    )
    return Policy.objects.filter(**owner).prefetch_related("rules").first()


def policies_for(user: Any, *, partnership: Partnership | None = None) -> QuerySet[Policy]:
    """The policies the user reads (`Policy.objects.visible_to`), or those of one partnership's
    members and its reference, with their rules and categories. Two queries."""
    policies = Policy.objects.visible_to(access_for(user))
    if partnership is not None:
        policies = policies.filter(
            Q(organisation__partnerships=partnership) | Q(partnership=partnership)
        ).distinct()
    return (
        policies.select_related("organisation", "partnership")
        .prefetch_related(Prefetch("rules", PolicyRule.objects.select_related("category")))
        .order_by("partnership__name", "organisation__name", "pk")
    )


def partnerships_of(user: Any, organisation: Organisation) -> list[Partnership]:
    """The partnerships of `organisation` that the user takes part in: where its policy is
    compared."""
    return list(
        Partnership.objects.visible_to(access_for(user))
        .filter(members=organisation)
        .order_by("name")
    )


def get_category(pk: Any) -> Category:
    """A decision category (reference data, the same for everyone), 404 when missing."""
    return get_visible_or_404(Category.objects.all(), pk=pk)


def categories_by_code() -> dict[str, Category]:
    """The categories in use, by code."""
    return {c.code: c for c in Category.objects.filter(active=True)}


@dataclass(frozen=True)
class PolicyStanding:
    members: int  # the members whose policy the matrix compares
    with_policy: int
    below: int | None  # members below the reference somewhere; None without a reference


def policy_standing(partnership: Partnership, members: list[Organisation]) -> PolicyStanding:
    """How the members' policies stand against the reference, for the dashboard and the annual
    report: the members' policies and the reference with their rules in two queries, compared
    in Python (`policies.weaker`) over the categories in use."""
    compared = [
        m for m in members if m.kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.PROVINCE)
    ]
    rows = list(
        Policy.objects.filter(
            Q(organisation__in=[m.pk for m in members]) | Q(partnership=partnership)
        ).prefetch_related(Prefetch("rules", PolicyRule.objects.select_related("category")))
    )
    reference = next((p for p in rows if p.partnership_id == partnership.pk), None)
    by_organisation = {p.organisation_id: p for p in rows if p.organisation_id is not None}
    compared += [m for m in members if m.pk in by_organisation and m not in compared]
    asked = (
        {r.category_id: r for r in reference.rules.all() if r.category.active} if reference else {}
    )
    below = 0
    for member in compared:
        policy = by_organisation.get(member.pk)
        rules = {r.category_id: r for r in policy.rules.all()} if policy else {}
        if any(policies.weaker(_rule(rules.get(pk)), _rule(ref)) for pk, ref in asked.items()):
            below += 1
    return PolicyStanding(
        members=len(compared),
        with_policy=sum(1 for m in compared if m.pk in by_organisation),
        below=below if reference is not None else None,
    )


# --- The letters to the applicant -------------------------------------------------------------


@dataclass(frozen=True)
class LetterTexts:
    """The texts a team writes a letter from: its own template, or the default."""

    organisation: Organisation
    kind: str
    subject: str
    body: str
    closing: str
    own: LetterTemplate | None

    @property
    def label(self) -> str:
        return str(LetterKind(self.kind).label)


def letter_texts(organisations: list[Organisation]) -> list[LetterTexts]:
    """Every letter of each organisation, its own text where it wrote one: one query."""
    own = {
        (t.organisation_id, t.kind): t
        for t in LetterTemplate.objects.filter(organisation__in=organisations).select_related(
            "updated_by"
        )
    }
    found = []
    for organisation in organisations:
        for kind in LetterKind.values:
            template = own.get((organisation.pk, kind))
            texts = (
                {"subject": template.subject, "body": template.body, "closing": template.closing}
                if template
                else LETTERS[kind]
            )
            found.append(LetterTexts(organisation, kind, own=template, **texts))
    return found


def letter_text(organisation: Organisation, kind: str) -> LetterTexts:
    if kind not in LetterKind.values:
        raise ValueError(f"unknown letter {kind!r}")
    return next(t for t in letter_texts([organisation]) if t.kind == kind)
