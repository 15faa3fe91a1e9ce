from __future__ import annotations

import datetime
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.ordering import natural_key
from dijkwacht.core.scoping import get_visible_or_404
from dijkwacht.core.suppression import suppress
from dijkwacht.organisations.access import Access
from dijkwacht.organisations.models import Membership, Organisation
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes.models import Commitment
from dijkwacht.programmes.progress import progress
from dijkwacht.scans import scoring
from dijkwacht.scans.models import (
    AgreedScore,
    Answer,
    Evidence,
    Framework,
    FrameworkTheme,
    Norm,
    Result,
    RoundKind,
    ScaleOption,
    Scan,
    ScanKind,
    ScanRound,
    ScanStatus,
    ThreadAction,
    open_review,
)


def framework_list() -> QuerySet[Framework]:
    """Frameworks are shared reference data: every logged-in user may read them."""
    return Framework.objects.annotate(norm_count=Count("norms")).order_by(
        "name", "-created_at", "-pk"
    )


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The framework in its file form (see frameworks.read_framework); three queries."""
    themes = list(framework.themes.prefetch_related("norms"))
    return {
        "name": framework.name,
        "version": framework.version,
        "description": framework.description,
        # Only when given, so a file without it reads back as it was.
        **({"meant_for": list(framework.meant_for)} if framework.meant_for else {}),
        "scale": [
            {
                "code": o.code,
                "label": o.label,
                "value": o.value,
                "counts_as_met": o.counts_as_met,
                "applicable": o.applicable,
            }
            for o in framework.scale.all()
        ],
        "themes": [
            {
                "code": t.code,
                "title": t.title,
                "description": t.description,
                "norms": [
                    {
                        "code": n.code,
                        "text": n.text,
                        "guidance": n.guidance,
                        "essential": n.essential,
                        "weight": n.weight,
                        **({"registers": list(n.registers)} if n.registers else {}),
                        **({"reach": list(n.reach)} if n.reach else {}),
                    }
                    for n in t.norms.all()
                ],
            }
            for t in themes
        ],
    }


def get_scan_for(user: Any, pk: Any) -> Scan:
    return get_visible_or_404(
        Scan.objects.visible_to(access_for(user)).select_related(
            "round__framework", "organisation"
        ),
        pk=pk,
    )


def get_scan_for_update(user: Any, pk: Any) -> Scan:
    """The scan as `get_scan_for` gives it, its row locked until the transaction ends: read,
    scoped and locked in one query, for the writes that must not cross its submission. Only the
    scan's row is locked (PostgreSQL would lock the joined rows too, and every organisation in
    the round would wait for the others)."""
    return get_visible_or_404(
        Scan.objects.visible_to(access_for(user))
        .select_for_update(of=("self",))
        .select_related("round__framework", "organisation"),
        pk=pk,
    )


def round_scans(user: Any, scan_round: ScanRound) -> QuerySet[Scan]:
    """The round's scans the user sees."""
    return (
        Scan.objects.visible_to(access_for(user))
        .filter(round=scan_round)
        .select_related("organisation")
        .order_by("organisation__name", "kind", "pk")
    )


def round_organisation_names(scan_round: ScanRound) -> dict[int, str]:
    """The names of the round's organisations, by number."""
    return dict(
        Organisation.objects.filter(scans__round=scan_round).distinct().values_list("pk", "name")
    )


def round_organisation(scan_round: ScanRound, pk: int) -> Organisation:
    """An organisation taking part in the round (404 otherwise)."""
    return get_visible_or_404(
        Organisation.objects.filter(scans__round=scan_round).distinct(), pk=pk
    )


def scan_results(scan: Scan) -> list[scoring.NormResult]:
    """Every norm of the scan's framework with the scan's answer (unanswered: not met);
    two queries."""
    answers = {
        norm_id: (met, applicable)
        for norm_id, met, applicable in scan.answers.values_list(
            "norm_id", "option__counts_as_met", "option__applicable"
        )
    }
    return [
        scoring.NormResult(
            norm=n.code,
            theme=n.theme.code,
            weight=n.weight,
            essential=n.essential,
            applicable=answers.get(n.pk, (False, True))[1],
            met=answers.get(n.pk, (False, True))[0],
        )
        for n in Norm.objects.filter(framework_id=scan.round.framework_id).select_related("theme")
    ]


def my_scans(user: Any):
    return (
        Scan.objects.visible_to(access_for(user))
        .select_related("round__partnership", "organisation")
        .order_by("-round__created_at", "organisation__name", "kind")
    )


def scan_sheet(scan: Scan) -> list[tuple[Any, list[tuple[Any, Any]]]]:
    """Per theme its norms with this scan's answer (or None): three queries."""
    answers = {a.norm_id: a for a in scan.answers.select_related("option")}
    themes = list(scan.round.framework.themes.prefetch_related("norms"))
    return [
        (theme, [(norm, answers.get(norm.pk)) for norm in theme.norms.all()]) for theme in themes
    ]


def answers_by_norm(scan: Scan, norm_ids: list[int]) -> dict[int, Answer]:
    """The scan's answers to these norms, by norm: one query."""
    return {
        a.norm_id: a for a in scan.answers.filter(norm_id__in=norm_ids).select_related("option")
    }


@dataclass(frozen=True)
class Gap:
    norm: Any
    self_answer: Any
    review_answer: Any

    @property
    def differs(self) -> bool:
        """The self-scan and the review disagree on whether the norm is met (or applies)."""

        def outcome(answer: Any) -> tuple[bool, bool] | None:
            return (
                None if answer is None else (answer.option.counts_as_met, answer.option.applicable)
            )

        return outcome(self.self_answer) != outcome(self.review_answer)


def _pair_visible_to(user: Any, scan: Scan) -> QuerySet[Scan]:
    """The organisation's scans in the round that the user may see."""
    return Scan.objects.visible_to(access_for(user)).filter(
        round_id=scan.round_id, organisation_id=scan.organisation_id
    )


def review_of(scan: Scan) -> Scan | None:
    """The review of the scan's organisation in its round (for the page of a pair the user
    has been shown through `scan_gaps`)."""
    return Scan.objects.filter(
        round_id=scan.round_id, organisation_id=scan.organisation_id, kind=ScanKind.REVIEW
    ).first()


def answered_count(scan: Scan) -> int:
    """How many norms of the scan have an answer (the scan page's counter)."""
    return Answer.objects.filter(scan=scan).count()


def sees_both_scans(user: Any, scan: Scan) -> bool:
    """Whether `scan_gaps` shows this user anything: the self-scan and the review. One query."""
    kinds = set(_pair_visible_to(user, scan).values_list("kind", flat=True))
    return kinds == {ScanKind.SELF, ScanKind.REVIEW}


def scan_gaps(user: Any, scan: Scan) -> list[Gap] | None:
    """Both scans of the organisation in the round side by side, or None when the user may not
    see both (which keeps the review blind). Four queries."""
    pair = list(_pair_visible_to(user, scan))
    by_kind = {s.kind: s for s in pair}
    if set(by_kind) != {ScanKind.SELF, ScanKind.REVIEW}:
        return None
    answers: dict[tuple[str, int], Any] = {
        (a.scan.kind, a.norm_id): a
        for a in Answer.objects.filter(scan__in=pair).select_related("option", "scan")
    }
    return [
        Gap(n, answers.get((ScanKind.SELF, n.pk)), answers.get((ScanKind.REVIEW, n.pk)))
        for n in Norm.objects.filter(framework_id=scan.round.framework_id).select_related("theme")
    ]


# --- Rounds ---------------------------------------------------------------------------------


def get_round_for(user: Any, pk: Any) -> ScanRound:
    return get_visible_or_404(
        ScanRound.objects.visible_to(access_for(user)).select_related(
            "partnership", "framework", "previous"
        ),
        pk=pk,
    )


def round_list(user: Any) -> QuerySet[ScanRound]:
    return (
        ScanRound.objects.visible_to(access_for(user))
        .select_related("partnership", "framework")
        .annotate(
            organisation_count=Count("scans__organisation", distinct=True),
            submitted_count=Count(
                "scans", filter=Q(scans__status=ScanStatus.SUBMITTED), distinct=True
            ),
            scan_count=Count("scans", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def rounds_due_between(
    partnership: Any, start: datetime.date, end: datetime.date
) -> QuerySet[ScanRound]:
    """The partnership's rounds whose deadline fell from `start` to `end`: the rounds a
    newsletter of that period reports the common threads of. One query."""
    return ScanRound.objects.filter(
        partnership=partnership, deadline__gte=start, deadline__lte=end
    ).order_by("deadline", "pk")


@dataclass(frozen=True)
class RoundCounts:
    round: ScanRound
    scans: int
    submitted: int
    open_self: int  # self-scans not submitted yet (of the organisations asked about)
    reviews_waiting: int  # independent reviews the assessors can do and have not submitted


def partnership_rounds(partnership: Any, own: list[int] | None = None) -> list[RoundCounts]:
    """For the dashboard: a partnership's scan rounds, newest first, each with its number of
    scans, of submitted scans, of self-scans still open (of the organisations `own`, or of all
    of them), and of reviews waiting for the assessors. One query for the newest rounds and
    for what asks for attention. The caller may see the partnership, and so its rounds; what
    each role sees of a round is `round_view`'s."""
    open_self = Q(scans__kind=ScanKind.SELF) & ~Q(scans__status=ScanStatus.SUBMITTED)
    if own is not None:
        open_self &= Q(scans__organisation_id__in=own)
    # A review waits once the organisation's self-scan is in; in a review-only round (no
    # self-scans) from the start.
    self_scan_in = Scan.objects.filter(
        round_id=models.OuterRef("pk"),
        organisation_id=models.OuterRef("scans__organisation_id"),
        kind=ScanKind.SELF,
        status=ScanStatus.SUBMITTED,
    )
    review_waits = (
        Q(scans__kind=ScanKind.REVIEW)
        & ~Q(scans__status=ScanStatus.SUBMITTED)
        & Q(Q(kind=RoundKind.REVIEW) | models.Exists(self_scan_in))
    )
    rounds = (
        ScanRound.objects.filter(partnership=partnership)
        .select_related("framework")
        .annotate(
            n_scans=Count("scans"),
            n_submitted=Count("scans", filter=Q(scans__status=ScanStatus.SUBMITTED)),
            n_open_self=Count("scans", filter=open_self),
            n_reviews_waiting=Count("scans", filter=review_waits),
        )
        .order_by("-created_at", "-pk")
    )
    return [
        RoundCounts(r, r.n_scans, r.n_submitted, r.n_open_self, r.n_reviews_waiting) for r in rounds
    ]


def participant_ids(scan_round: ScanRound) -> set[int]:
    return set(
        Scan.objects.filter(round=scan_round).values_list("organisation_id", flat=True).distinct()
    )


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    REVIEWED = "reviewed", _("reviewed")


@dataclass(frozen=True)
class ProgressRow:
    organisation: Any
    self_scan: Scan | None
    review: Scan | None
    total: int

    @property
    def state(self) -> Progress:
        """One word for the organisation: reviewed once the review is submitted, submitted
        once the self-scan is (or in a review-only round, never before the review)."""
        if self.review is not None and self.review.is_submitted:
            return Progress.REVIEWED
        if self.self_scan is not None and self.self_scan.is_submitted:
            return Progress.SUBMITTED
        scans = [s for s in (self.self_scan, self.review) if s is not None]
        if any(s.status != ScanStatus.NOT_STARTED for s in scans):
            return Progress.IN_PROGRESS
        return Progress.NOT_STARTED


def round_progress(scan_round: ScanRound) -> list[ProgressRow]:
    """Per organisation its scans with the number of answers: two queries."""
    total = Norm.objects.filter(framework_id=scan_round.framework_id).count()
    by_organisation: dict[int, dict[str, Any]] = {}
    for scan in (
        Scan.objects.filter(round=scan_round)
        .select_related("organisation")
        .annotate(answered=Count("answers"))
        .order_by("organisation__name", "kind")
    ):
        entry = by_organisation.setdefault(
            scan.organisation_id, {"organisation": scan.organisation}
        )
        entry[scan.kind] = scan
    return [
        ProgressRow(e["organisation"], e.get(ScanKind.SELF), e.get(ScanKind.REVIEW), total)
        for e in by_organisation.values()
    ]


@dataclass(frozen=True)
class Latecomer:
    organisation: Any
    answered: int
    recipients: tuple[Any, ...]  # the organisation's active contributors (users)


def round_latecomers(scan_round: ScanRound) -> list[Latecomer]:
    """Organisations whose self-scan is not submitted, with their contributors; two queries."""

    late = list(
        Scan.objects.filter(round=scan_round, kind=ScanKind.SELF)
        .exclude(status=ScanStatus.SUBMITTED)
        .select_related("organisation")
        .annotate(answered=Count("answers"))
        .order_by("organisation__name")
    )
    contributors: dict[int, list[Any]] = {}
    for membership in (
        Membership.objects.filter(
            organisation_id__in=[s.organisation_id for s in late],
            role=Role.CONTRIBUTOR,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    ):
        contributors.setdefault(membership.organisation_id or 0, []).append(membership.user)
    return [
        Latecomer(s.organisation, s.answered, tuple(contributors.get(s.organisation_id, ())))
        for s in late
    ]


# --- Results across organisations (all from the Result rows, aggregated in the database) -----

MET = Q(option__applicable=True, option__counts_as_met=True)
APPLIES = Q(option__applicable=True)
SHORT = Q(option__applicable=True, option__counts_as_met=False)


def _scores(results: QuerySet[Result], key: str) -> dict[Any, scoring.Score]:
    """Weighted scores grouped by `key`, summed in one query."""
    rows = results.values(key).annotate(
        met_weight=Coalesce(Sum("norm__weight", filter=MET), 0),
        applicable_weight=Coalesce(Sum("norm__weight", filter=APPLIES), 0),
        met=Count("pk", filter=MET),
        applicable=Count("pk", filter=APPLIES),
    )
    return {
        r[key]: scoring.Score(r["met_weight"], r["applicable_weight"], r["met"], r["applicable"])
        for r in rows
    }


def _figures(results: QuerySet[Result], *keys: str) -> QuerySet[Result, dict[str, Any]]:
    """Per group of `keys` the weighted score's parts and the number of essential norms that
    apply and are not met: one query."""
    return results.values(*keys).annotate(
        met_weight=Coalesce(Sum("norm__weight", filter=MET), 0),
        applicable_weight=Coalesce(Sum("norm__weight", filter=APPLIES), 0),
        met=Count("pk", filter=MET),
        applicable=Count("pk", filter=APPLIES),
        essential_short=Count("pk", filter=SHORT & Q(norm__essential=True)),
    )


def final_answers(access: Access, scan_round: ScanRound) -> QuerySet[Result]:
    """The round's final answers that the user's figures may draw on: the one read of a
    round's results, so that every page, document and API answer keeps the review blind
    (`ResultQuerySet.visible_to`)."""
    return Result.objects.visible_to(access).filter(round=scan_round)


def theme_scores_by_organisation(
    access: Access, scan_round: ScanRound
) -> dict[int, dict[int, scoring.Score]]:
    """Theme id → organisation id → weighted score in the round: one grouped query."""
    grouped: dict[int, dict[int, scoring.Score]] = {}
    rows = (
        final_answers(access, scan_round)
        .values("norm__theme_id", "organisation_id")
        .annotate(
            met_weight=Coalesce(Sum("norm__weight", filter=MET), 0),
            applicable_weight=Coalesce(Sum("norm__weight", filter=APPLIES), 0),
            met=Count("pk", filter=MET),
            applicable=Count("pk", filter=APPLIES),
        )
    )
    for r in rows:
        grouped.setdefault(r["norm__theme_id"], {})[r["organisation_id"]] = scoring.Score(
            r["met_weight"], r["applicable_weight"], r["met"], r["applicable"]
        )
    return grouped


def _total(scores: Iterable[scoring.Score]) -> scoring.Score:
    items = list(scores)
    return scoring.Score(
        sum(s.met_weight for s in items),
        sum(s.applicable_weight for s in items),
        sum(s.met for s in items),
        sum(s.applicable for s in items),
    )


@dataclass(frozen=True)
class Thread:
    norm: Norm
    below: int | None  # None: suppressed
    total: int | None
    rank: int


@dataclass(frozen=True)
class FrameworkParts:
    norms: list[Norm]  # in the framework's order, with their themes
    options: dict[int, ScaleOption]  # the scale, by id, in its order
    norms_by_code: dict[str, Norm]
    norms_by_id: dict[int, Norm]


_PARTS: OrderedDict[tuple[int, int, Any], FrameworkParts] = OrderedDict()
_PARTS_LOCK = threading.Lock()


def framework_parts(framework: Framework) -> FrameworkParts:
    """A framework's norms and scale, read once per process and revision. Every page about a
    round needs them; they change only when an admin edits the framework, which raises its
    revision (the creation time keeps a new framework that reuses an id apart). Callers must
    not change the returned objects."""
    key = (framework.pk, framework.revision, framework.created_at)
    with _PARTS_LOCK:
        parts = _PARTS.get(key)
        if parts is not None:
            _PARTS.move_to_end(key)
            return parts
    norms = list(
        Norm.objects.filter(framework_id=framework.pk)
        .select_related("theme")
        .order_by("theme__position", "position", "pk")
    )
    parts = FrameworkParts(
        norms=norms,
        options={
            o.pk: o
            for o in ScaleOption.objects.filter(framework_id=framework.pk).order_by(
                "position", "pk"
            )
        },
        norms_by_code={n.code: n for n in norms},
        norms_by_id={n.pk: n for n in norms},
    )
    with _PARTS_LOCK:
        _PARTS[key] = parts
        while len(_PARTS) > 32:
            _PARTS.popitem(last=False)
    return parts


def _round_norms(scan_round: ScanRound) -> list[Norm]:
    return framework_parts(scan_round.framework).norms


def _norm_counts(results: QuerySet[Result] | QuerySet[Answer]) -> dict[int, tuple[int, int, int]]:
    """Norm id → (organisations short, to whom it applies, who meet it): one aggregate query
    over a round's final answers (index result_round_norm), or over answers as they stand."""
    return {
        norm_id: (below, applies, met)
        for norm_id, below, applies, met in results.values("norm_id")
        .annotate(
            below=Count("pk", filter=SHORT),
            applies=Count("pk", filter=APPLIES),
            met=Count("pk", filter=MET),
        )
        .values_list("norm_id", "below", "applies", "met")
    }


def _threads(
    norms: list[Norm], counts: dict[int, tuple[int, int, int]], suppressed: bool
) -> list[Thread]:

    order = {n.pk: i for i, n in enumerate(norms)}
    threads: list[tuple[Norm, int | None, int | None]] = []
    for norm in norms:
        short, applies, _met = counts.get(norm.pk, (0, 0, 0))
        below: int | None = suppress(short) if suppressed else short
        total: int | None = suppress(applies) if suppressed else applies
        threads.append((norm, below, total))
    threads.sort(key=lambda t: (t[1] is None, -(t[1] or 0), order[t[0].pk]))
    return [Thread(norm, below, total, i + 1) for i, (norm, below, total) in enumerate(threads)]


def common_threads(
    access: Access, scan_round: ScanRound, *, suppressed: bool = False
) -> list[Thread]:
    """Per norm how many organisations fall short (of those to whom it applies), most first:
    one aggregate query and one for the norms. Suppressed counts (1–4) rank after the others,
    in the framework's order, so their order gives nothing away."""
    return _threads(
        _round_norms(scan_round), _norm_counts(final_answers(access, scan_round)), suppressed
    )


@dataclass(frozen=True)
class ProvisionalThreads:
    """The common threads so far, while the round runs, over the self-scans as they stand."""

    threads: list[Thread]
    organisations: int  # in the round
    answering: int  # with at least one answer
    submitted: int

    @property
    def running(self) -> bool:
        return self.submitted < self.organisations


def provisional_threads(scan_round: ScanRound) -> ProvisionalThreads:
    """Per norm how many organisations fall short so far: the self-scans' answers as they
    stand, submitted or not, in one aggregate query (and one for the scans' states). Not
    final, and made of answers nobody has submitted yet: only for those who steer the round
    (`permissions.can_steer`); an assessor must see no self-scan before their own review."""
    counts = _norm_counts(Answer.objects.filter(scan__round=scan_round, scan__kind=ScanKind.SELF))
    states = Scan.objects.filter(round=scan_round, kind=ScanKind.SELF).aggregate(
        organisations=Count("pk"),
        answering=Count("pk", filter=~Q(status=ScanStatus.NOT_STARTED)),
        submitted=Count("pk", filter=Q(status=ScanStatus.SUBMITTED)),
    )
    return ProvisionalThreads(
        threads=_threads(_round_norms(scan_round), counts, suppressed=False),
        organisations=states["organisations"],
        answering=states["answering"],
        submitted=states["submitted"],
    )


def rode_draden(
    access: Access, scan_round: ScanRound, *, suppressed: bool = False
) -> tuple[list[Thread], Picture]:
    """The common threads and the weerbaarheidsbeeld of a round together, from the same
    per-norm aggregate: four small queries (norms, per-norm counts, organisations, those
    short of an essential norm)."""
    norms = _round_norms(scan_round)
    results = final_answers(access, scan_round)
    counts = _norm_counts(results)
    return _threads(norms, counts, suppressed), _picture_from_counts(
        scan_round, results, norms, counts, suppressed
    )


@dataclass(frozen=True)
class ThemeFigure:
    theme: Any
    score: scoring.Score | None  # None: suppressed


@dataclass(frozen=True)
class Picture:
    """The weerbaarheidsbeeld: % met per theme and overall across organisations."""

    themes: list[ThemeFigure]
    overall: scoring.Score | None
    organisations: int | None
    basis_op_orde: int | None  # how many organisations have every essential norm met


def _picture(results: QuerySet[Result], framework_id: int, *, suppressed: bool) -> Picture:

    # One pass over the rows, per organisation and theme: the theme figures and each
    # organisation's essential shortfalls both follow from it.
    sums: dict[int, list[int]] = {}
    short: dict[int, int] = {}
    for r in _figures(results, "organisation_id", "norm__theme_id"):
        totals = sums.setdefault(r["norm__theme_id"], [0, 0, 0, 0])
        for i, key in enumerate(("met_weight", "applicable_weight", "met", "applicable")):
            totals[i] += r[key]
        short[r["organisation_id"]] = short.get(r["organisation_id"], 0) + r["essential_short"]
    by_theme = {theme_id: scoring.Score(*totals) for theme_id, totals in sums.items()}
    organisations = len(short)
    in_order = sum(1 for n in short.values() if n == 0)
    small = suppressed and organisations < 5
    themes = [
        ThemeFigure(t, None if small else by_theme.get(t.pk, scoring.Score(0, 0, 0, 0)))
        for t in FrameworkTheme.objects.filter(framework_id=framework_id).order_by("position")
    ]
    return Picture(
        themes=themes,
        overall=None if small else _total(by_theme.values()),
        organisations=suppress(organisations) if suppressed else organisations,
        basis_op_orde=suppress(in_order) if suppressed else in_order,
    )


def partnership_picture(
    access: Access, scan_round: ScanRound, *, suppressed: bool = False
) -> Picture:
    """Across the organisations of the round: four queries, aggregated in the database."""
    results = final_answers(access, scan_round)
    return _picture_from_counts(
        scan_round, results, _round_norms(scan_round), _norm_counts(results), suppressed
    )


def _picture_from_counts(
    scan_round: ScanRound,
    results: QuerySet[Result],
    norms: list[Norm],
    counts: dict[int, tuple[int, int, int]],
    suppressed: bool,
) -> Picture:
    """Weighted sums are linear: a theme's met weight is the sum over its norms of the norm's
    weight times the number of organisations that meet it. So the per-norm counts give the
    theme figures; one more query counts the organisations and those with basis op orde."""

    sums: dict[int, list[int]] = {}
    themes: dict[int, Any] = {}
    for norm in norms:
        themes.setdefault(norm.theme_id, norm.theme)
        _below, applies, met = counts.get(norm.pk, (0, 0, 0))
        totals = sums.setdefault(norm.theme_id, [0, 0, 0, 0])
        totals[0] += norm.weight * met
        totals[1] += norm.weight * applies
        totals[2] += met
        totals[3] += applies
    organisations = results.values("organisation_id").distinct().count()
    essential = [n.pk for n in norms if n.essential]
    short_options = [
        pk
        for pk, o in framework_parts(scan_round.framework).options.items()
        if o.applicable and not o.counts_as_met
    ]
    in_order = organisations - len(
        set(
            results.filter(norm_id__in=essential, option_id__in=short_options).values_list(
                "organisation_id", flat=True
            )
        )
    )
    small = suppressed and organisations < 5
    by_theme = {theme_id: scoring.Score(*totals) for theme_id, totals in sums.items()}
    return Picture(
        themes=[ThemeFigure(t, None if small else by_theme[pk]) for pk, t in themes.items()],
        overall=None if small else _total(by_theme.values()),
        organisations=suppress(organisations) if suppressed else organisations,
        basis_op_orde=suppress(in_order) if suppressed else in_order,
    )


def national_picture(access: Access, framework: Framework, *, suppressed: bool = False) -> Picture:
    """Across the country: every organisation once, with its most recent round on the
    framework (whichever partnership it scanned with). National, so not limited to the user's
    partnerships (pass `suppressed` for whoever may not see the rows), but never with what an
    assessor may not see yet."""
    return _picture(
        Result.objects.hide_open_reviews(access).filter(
            latest=True, norm__framework_id=framework.pk
        ),
        framework.pk,
        suppressed=suppressed,
    )


@dataclass(slots=True)
class Cell:
    """One heatmap cell (slotted and not frozen: a round has thousands of them)."""

    option: Any | None
    previous: Any | None  # the option in the previous round, matched by norm code
    short: str = "–"  # the answer in letters, distinct within the scale

    @property
    def tone(self) -> str:
        return scoring.tone(
            None if self.option is None else (self.option.applicable, self.option.counts_as_met),
            partial=self.option is not None and bool(self.option.value),
        )

    @property
    def change(self) -> int:
        """+1 better than the previous round, -1 worse, 0 the same or nothing to compare."""
        if self.option is None or self.previous is None:
            return 0
        return scoring.change(
            (self.previous.applicable, self.previous.counts_as_met, self.previous.value or 0),
            (self.option.applicable, self.option.counts_as_met, self.option.value or 0),
        )


@dataclass(frozen=True)
class HeatRow:
    organisation: Any
    label: str
    cells: list[Cell]
    score: scoring.Score
    basis_op_orde: bool


@dataclass(frozen=True)
class Heatmap:
    norms: list[Norm]
    rows: list[HeatRow]
    options: list[Any]
    short: dict[str, str]  # answer label → its letters in the cells and the legend

    @property
    def legend(self) -> list[tuple[Any, str]]:
        return [(o, self.short[o.label]) for o in self.options]


def heatmap(
    access: Access, scan_round: ScanRound, *, labels: dict[int, str] | None = None
) -> Heatmap:
    """Organisations × norms with each final answer and its change since the previous round.
    Three queries whatever the size: organisations, this round's final answers and the
    previous round's (plus that round's scale when its framework differs); the norms and the
    scale come from `framework_parts`.
    A row's score and basis op orde are summed from the row's own cells with the pure scoring
    rules (they are the row's totals, not an aggregate across organisations).
    `labels` replaces organisation names (anonymised rounds)."""

    framework = framework_parts(scan_round.framework)
    norms, options = framework.norms, framework.options
    short = scoring.abbreviations(o.label for o in options.values())
    results = final_answers(access, scan_round)
    answers: dict[int, dict[int, int]] = {}
    for organisation_id, norm_id, option_id in results.values_list(
        "organisation_id", "norm_id", "option_id"
    ):
        answers.setdefault(organisation_id, {})[norm_id] = option_id
    previous = (
        _previous_by_norm(access, scan_round, norms, answers, options)
        if scan_round.previous_id
        else {}
    )
    organisations = Organisation.objects.filter(pk__in=results.values("organisation_id")).order_by(
        "name"
    )
    letters = {pk: short[o.label] for pk, o in options.items()}
    rows = []
    for organisation in organisations:
        mine = answers.get(organisation.pk, {})
        before = previous.get(organisation.pk, {})
        cells = []
        parts = [0, 0, 0, 0]
        essential_short = 0
        for norm in norms:
            chosen = mine.get(norm.pk)
            option = options.get(chosen) if chosen is not None else None
            cells.append(Cell(option, before.get(norm.pk), letters[option.pk] if option else "–"))
            if option is None or not option.applicable:
                continue
            parts[1] += norm.weight
            parts[3] += 1
            if option.counts_as_met:
                parts[0] += norm.weight
                parts[2] += 1
            elif norm.essential:
                essential_short += 1
        rows.append(
            HeatRow(
                organisation=organisation,
                label=(labels or {}).get(organisation.pk) or organisation.name,
                cells=cells,
                score=scoring.Score(*parts),
                basis_op_orde=essential_short == 0,
            )
        )
    if labels:
        rows.sort(key=lambda r: natural_key(r.label))
    return Heatmap(norms=norms, rows=rows, options=list(options.values()), short=short)


def _previous_by_norm(
    access: Access,
    scan_round: ScanRound,
    norms: list[Norm],
    answers: dict[int, dict[int, int]],
    options: dict[int, Any],
) -> dict[int, dict[int, Any]]:
    """Organisation → this round's norm id → its option in the previous round. Norms match by
    code, so a previous round on an older framework version still compares."""
    results = Result.objects.visible_to(access).filter(
        round_id=scan_round.previous_id, organisation_id__in=answers
    )
    # The previous round is loaded with the round on the pages (get_round_for).
    same = scan_round.previous.framework_id == scan_round.framework_id  # type: ignore[union-attr]
    if not same:
        options = {
            o.pk: o for o in ScaleOption.objects.filter(framework__rounds=scan_round.previous_id)
        }
    previous: dict[int, dict[int, Any]] = {}
    if same:
        for organisation_id, norm_id, option_id in results.values_list(
            "organisation_id", "norm_id", "option_id"
        ):
            previous.setdefault(organisation_id, {})[norm_id] = options[option_id]
    else:
        code_to_id = {n.code: n.pk for n in norms}
        for organisation_id, code, option_id in results.values_list(
            "organisation_id", "norm__code", "option_id"
        ):
            if code in code_to_id:
                previous.setdefault(organisation_id, {})[code_to_id[code]] = options[option_id]
    return previous


def _previous_options(access: Access, previous_round_id: int, organisation_ids: Iterable[int]):
    """(organisation, norm code, option) of the previous round: two queries, the rows as plain
    values and the scale of that round's framework as objects."""
    rows = (
        Result.objects.visible_to(access)
        .filter(round_id=previous_round_id, organisation_id__in=list(organisation_ids))
        .values_list("organisation_id", "norm__code", "option_id")
    )
    options = {o.pk: o for o in ScaleOption.objects.filter(framework__rounds=previous_round_id)}
    for organisation_id, code, option_id in rows:
        yield organisation_id, code, options[option_id]


def anonymous_labels(scan_round: ScanRound, organisation_ids: Iterable[int], own: set[int]):
    """Stable labels "Deelnemer 1…n" in an order that does not follow the names, except the
    viewer's own organisations, which keep their name."""

    def key(pk: int) -> str:
        return hashlib.sha256(f"{scan_round.pk}:{pk}".encode()).hexdigest()

    ordered = sorted(organisation_ids, key=key)
    return {
        pk: (None if pk in own else gettext("Participant %(n)s") % {"n": i + 1})
        for i, pk in enumerate(ordered)
    }


@dataclass(frozen=True)
class Finding:
    organisation_id: int
    finding: str
    recommendation: str


def thread_findings(scan_round: ScanRound) -> dict[int, list[Finding]]:
    """Per norm the findings and recommendations of the submitted reviews; one query. Within a
    norm they come in organisation order; pages sort them by the name or label they show."""
    grouped: dict[int, list[Finding]] = {}
    for norm_id, organisation_id, finding, recommendation in (
        Answer.objects.filter(
            scan__round=scan_round, scan__kind=ScanKind.REVIEW, scan__status=ScanStatus.SUBMITTED
        )
        .exclude(finding="", recommendation="")
        .order_by("norm_id", "scan__organisation_id")
        .values_list("norm_id", "scan__organisation_id", "finding", "recommendation")
    ):
        grouped.setdefault(norm_id, []).append(Finding(organisation_id, finding, recommendation))
    return grouped


@dataclass(frozen=True)
class LinkedAction:
    action: Any
    counts: dict[str, int]  # status → number of commitments
    total: int

    @property
    def progress(self) -> Any:

        return progress(self.counts)


def thread_actions(scan_round: ScanRound) -> dict[int, list[LinkedAction]]:
    """Per norm the joint actions made from it, with their progress: two queries."""

    links = list(
        ThreadAction.objects.filter(
            round=scan_round, action__removed_at__isnull=True
        ).select_related("action__programme")
    )
    counts: dict[int, dict[str, int]] = {}
    for action_id, status, n in (
        Commitment.objects.filter(action_id__in=[link.action_id for link in links])
        .values("action_id", "status")
        .annotate(n=Count("pk"))
        .values_list("action_id", "status", "n")
    ):
        counts.setdefault(action_id, {})[status] = n
    grouped: dict[int, list[LinkedAction]] = {}
    for link in links:
        c = counts.get(link.action_id, {})
        grouped.setdefault(link.norm_id, []).append(LinkedAction(link.action, c, sum(c.values())))
    return grouped


def organisations_short_of(access: Access, scan_round: ScanRound, norm: Norm):
    """Who a joint action made from the norm is for: the organisations short of it, without
    those whose review is still open (services.thread_action_create says why)."""

    return Organisation.objects.filter(
        pk__in=final_answers(access, scan_round)
        .exclude(open_review())
        .filter(norm=norm)
        .filter(SHORT)
        .values("organisation_id")
    ).order_by("name")


# --- One organisation -----------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationResults:
    organisation: Any
    results: list[scoring.NormResult]
    norms: list[Norm]
    options: dict[str, Any]  # norm code → option of the final answer
    sources: dict[str, str]  # norm code → where the final answer came from
    previous: dict[str, Any]  # norm code → option in the previous round

    @property
    def overall(self) -> scoring.Score:
        return scoring.score(self.results)

    @property
    def per_theme(self) -> dict[str, scoring.Score]:
        return scoring.score_per_theme(self.results)

    @property
    def basis_op_orde(self) -> bool:
        return scoring.basis_op_orde(self.results)

    @property
    def shortfalls(self) -> list[str]:
        return scoring.shortfalls(self.results)

    @property
    def complete(self) -> bool:
        return bool(self.options)

    @property
    def rows(self) -> list[NormRow]:
        return [
            NormRow(
                norm=n,
                option=self.options.get(n.code),
                source=self.sources.get(n.code, ""),
                previous=self.previous.get(n.code),
            )
            for n in self.norms
        ]


@dataclass(frozen=True)
class NormRow:
    norm: Norm
    option: Any | None
    source: str
    previous: Any | None

    @property
    def tone(self) -> str:
        return Cell(self.option, None).tone

    @property
    def change(self) -> int:
        return Cell(self.option, self.previous).change


def organisation_results(
    access: Access, scan_round: ScanRound, organisation: Any
) -> OrganisationResults:
    """The organisation's final answers in the round, with the previous round's for change."""
    final = {
        r.norm_id: r
        for r in final_answers(access, scan_round)
        .filter(organisation=organisation)
        .select_related("option")
    }
    norms = list(
        Norm.objects.filter(framework_id=scan_round.framework_id)
        .select_related("theme")
        .order_by("theme__position", "position", "pk")
    )
    previous: dict[str, Any] = {}
    if scan_round.previous_id:
        previous = {
            code: option
            for _org, code, option in _previous_options(
                access, scan_round.previous_id, [organisation.pk]
            )
        }
    results = [
        scoring.NormResult(
            norm=n.code,
            theme=n.theme.code,
            weight=n.weight,
            essential=n.essential,
            applicable=final[n.pk].option.applicable if n.pk in final else True,
            met=final[n.pk].option.counts_as_met if n.pk in final else False,
        )
        for n in norms
    ]
    return OrganisationResults(
        organisation=organisation,
        results=results,
        norms=norms,
        options={n.code: final[n.pk].option for n in norms if n.pk in final},
        sources={n.code: final[n.pk].get_source_display() for n in norms if n.pk in final},
        previous=previous,
    )


@dataclass(frozen=True)
class TrendPoint:
    round: ScanRound
    score: scoring.Score
    basis_op_orde: bool


def organisation_trend(access: Access, partnership: Any, organisation: Any) -> list[TrendPoint]:
    """The organisation's overall score in every round of the partnership, oldest first; two
    queries, aggregated in the database."""
    results = Result.objects.visible_to(access).filter(
        round__partnership=partnership, organisation=organisation
    )
    scores = _scores(results, "round_id")
    short = set(
        results.filter(SHORT, norm__essential=True).values_list("round_id", flat=True).distinct()
    )
    rounds = ScanRound.objects.filter(pk__in=list(scores)).order_by("created_at", "pk")
    return [TrendPoint(r, scores[r.pk], r.pk not in short) for r in rounds]


def round_results(access: Access, scan_round: ScanRound):
    """Every final answer of the round as plain rows (organisation, norm code, norm text,
    option label, value, met, applicable): the API's results and the Excel export. One query."""
    return (
        final_answers(access, scan_round)
        .order_by(
            "organisation__name",
            "organisation_id",
            "norm__theme__position",
            "norm__position",
            "norm_id",
        )
        .values_list(
            "organisation__name",
            "norm__code",
            "norm__text",
            "option__label",
            "option__value",
            "option__counts_as_met",
            "option__applicable",
            "source",
        )
    )


def previous_answers(access: Access, scan: Scan) -> dict[str, Any]:
    """For a scan in a cloned round: norm code → the organisation's final option in the
    previous round, shown as reference while answering. One query."""
    if not scan.round.previous_id:
        return {}
    return {
        code: option
        for _org, code, option in _previous_options(
            access, scan.round.previous_id, [scan.organisation_id]
        )
    }


def agreed_scores(scan_round: ScanRound, organisation_id: int) -> dict[int, Any]:
    """Norm id → the agreed score of the organisation in the round; one query."""

    return {
        a.norm_id: a
        for a in AgreedScore.objects.filter(
            round=scan_round, organisation_id=organisation_id
        ).select_related("option", "agreed_by")
    }


def scan_evidence(scan: Scan) -> dict[int, list[Any]]:
    """Norm id → the files attached to it in this scan; one query."""

    grouped: dict[int, list[Any]] = {}
    for evidence in Evidence.objects.filter(scan=scan).order_by("uploaded_at", "pk"):
        grouped.setdefault(evidence.norm_id, []).append(evidence)
    return grouped


# --- The partnership's dashboard -------------------------------------------------------------

ROUNDS_IN_TREND = 6
THREADS_ON_DASHBOARD = 3


@dataclass(frozen=True)
class RoundFigure:
    round: ScanRound
    organisations: int | None  # with final answers; None: suppressed
    basis_op_orde: int | None  # of which every essential norm is met
    score: scoring.Score | None  # weighted, across the organisations; None: too few to show

    @property
    def basis_percent(self) -> int | None:
        if not self.organisations or self.basis_op_orde is None:
            return None
        return (100 * self.basis_op_orde) // self.organisations


@dataclass(frozen=True)
class FrameworkFigures:
    framework: Framework
    rounds: list[RoundFigure]  # the last rounds with results, oldest first
    threads: list[Thread]  # the top rode draden of the newest of them


def _round_figure(
    scan_round: ScanRound, organisations: int, in_order: int, sums: list[int], suppressed: bool
) -> RoundFigure:
    """Suppressed: fewer than five organisations show no figure at all (who took part is on
    the round's page), and basis op orde is left out when the organisations with it, or those
    without it, number 1–4."""
    if not suppressed:
        return RoundFigure(scan_round, organisations, in_order, scoring.Score(*sums))
    if suppress(organisations) is None:
        return RoundFigure(scan_round, None, None, None)
    small = suppress(in_order) is None or suppress(organisations - in_order) is None
    return RoundFigure(scan_round, organisations, None if small else in_order, scoring.Score(*sums))


def partnership_scan_figures(
    access: Access,
    partnership: Any,
    *,
    suppressed: bool,
    until: datetime.date | None = None,
    for_everyone: bool = False,
    rounds: list[ScanRound] | None = None,
) -> list[FrameworkFigures]:
    """Per framework the partnership scans with: basis op orde and the weighted share met in
    its last rounds, and the top rode draden of the newest. Three queries, however many
    rounds, organisations and norms (which `framework_parts` reads once per process); with
    `suppressed`, counts of 1–4 are not shown and a round of fewer than five organisations
    shows no score (as `partnership_picture`). With `until`, the rounds started by then (the
    annual report's year); `for_everyone` leaves out the organisations whose review is still
    open, as for the blind assessors (a published report is read by them too). `rounds`: the
    partnership's rounds with their frameworks, oldest first, when the caller has read them
    already (the dashboard); they are taken as given, so `until` does not apply to them."""
    if rounds is None:
        started = ScanRound.objects.filter(partnership=partnership)
        if until is not None:
            started = started.filter(created_at__date__lte=until)
        rounds = list(started.select_related("framework").order_by("created_at", "pk"))
    results = (
        Result.objects.visible_to(access).filter(round_id__in=[r.pk for r in rounds]).order_by()
    )
    if for_everyone:
        results = results.exclude(open_review())
    per_organisation = _figures(results, "round_id", "organisation_id")
    organisations: dict[int, int] = {}
    in_order: dict[int, int] = {}
    sums: dict[int, list[int]] = {}
    for row in per_organisation:
        round_id = row["round_id"]
        organisations[round_id] = organisations.get(round_id, 0) + 1
        in_order[round_id] = in_order.get(round_id, 0) + (row["essential_short"] == 0)
        totals = sums.setdefault(round_id, [0, 0, 0, 0])
        for i, key in enumerate(("met_weight", "applicable_weight", "met", "applicable")):
            totals[i] += row[key]

    by_framework: dict[int, list[ScanRound]] = {}
    for scan_round in rounds:
        if scan_round.pk in organisations:
            by_framework.setdefault(scan_round.framework_id, []).append(scan_round)
    newest = [shown[-1].pk for shown in by_framework.values()]
    counts: dict[int, dict[int, tuple[int, int, int]]] = {}
    for round_id, norm_id, below, applies, met in (
        results.filter(round_id__in=newest)
        .values("round_id", "norm_id")
        .annotate(
            below=Count("pk", filter=SHORT),
            applies=Count("pk", filter=APPLIES),
            met=Count("pk", filter=MET),
        )
        .values_list("round_id", "norm_id", "below", "applies", "met")
    ):
        counts.setdefault(round_id, {})[norm_id] = (below, applies, met)
    # The norms in the framework's order, as every round page reads them (once per process).
    norms = {
        framework_id: framework_parts(framework_rounds[-1].framework).norms
        for framework_id, framework_rounds in by_framework.items()
    }

    figures = []
    for framework_id, framework_rounds in by_framework.items():
        shown = framework_rounds[-ROUNDS_IN_TREND:]
        figures.append(
            FrameworkFigures(
                framework=shown[-1].framework,
                rounds=[
                    _round_figure(r, organisations[r.pk], in_order[r.pk], sums[r.pk], suppressed)
                    for r in shown
                ],
                threads=[
                    t
                    for t in _threads(
                        norms.get(framework_id, []), counts.get(shown[-1].pk, {}), suppressed
                    )
                    if t.below is None or t.below > 0
                ][:THREADS_ON_DASHBOARD],
            )
        )
    return figures


# --- Maps -------------------------------------------------------------------------------------


def frameworks_with_results(access: Access, partnership: Any | None) -> list[Framework]:
    """The frameworks the partnership (None: anyone, for the national map) has final results
    on. One query."""
    results = Result.objects.visible_to(access).filter(round__framework=models.OuterRef("pk"))
    if partnership is None:
        results = results.filter(latest=True)
    else:
        results = results.filter(round__partnership=partnership)
    return list(Framework.objects.filter(models.Exists(results)).order_by("name", "pk"))


@dataclass(frozen=True)
class OrganisationScore:
    score: scoring.Score
    basis_op_orde: bool


def scores_by_organisation(
    access: Access, framework: Framework, partnership: Any | None
) -> dict[int, OrganisationScore]:
    """Per organisation its weighted share met and whether its basis is op orde on the
    framework: in the partnership's newest round on it with results, or (None: national) in
    each organisation's latest round. One query. Organisation by organisation, so only for
    those who see the round's results per organisation (`RoundView.FULL`)."""
    if partnership is None:
        results = Result.objects.visible_to(access).filter(
            latest=True, norm__framework_id=framework.pk
        )
    else:
        newest = (
            Result.objects.visible_to(access)
            .filter(round__partnership=partnership, round__framework_id=framework.pk)
            .order_by("-round__created_at", "-round_id")
            .values("round_id")[:1]
        )
        results = Result.objects.visible_to(access).filter(round_id=models.Subquery(newest))
    return {
        row["organisation_id"]: OrganisationScore(
            scoring.Score(
                row["met_weight"], row["applicable_weight"], row["met"], row["applicable"]
            ),
            row["essential_short"] == 0,
        )
        for row in _figures(results.order_by(), "organisation_id")
    }
