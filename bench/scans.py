"""Scan benchmarks, called from bench/run.py (`make bench`).

- The figures across organisations of a 30-organisation round (rode-dradenbeeld, heatmap) and
  the national weerbaarheidsbeeld, each against the raw SQL aggregate over the same final
  answers, executed on the same connection: target within 3× of that floor.
- `services.answer_save` for 25 organisations × 120 norms, one call per answer, against a raw
  single-row upsert of an answer in its own transaction; its p95; and whether the time per
  answer grows with the answers already stored (the last 10% against the first 10%).

Each function returns rows (name, median, queries, floor, ratio, limit, unit) for run.py's
table, so this module needs nothing from run.py.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

Row = tuple[str, float, int, str, float, float, str]
CountQueries = Callable[[Callable[[], object]], int]

AGGREGATE_LIMIT = 3.0  # the target


def _raw(sql: str, params: list[Any]) -> Callable[[], object]:
    def action() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return action


def _paired_medians(
    floor: Callable[[], object], action: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median ms of the floor and of the action, timed in turns after a warm-up of each, so
    both see the same load on the machine."""
    floor()
    action()
    floors: list[float] = []
    actions: list[float] = []
    for _ in range(repeat):
        for run, samples in ((floor, floors), (action, actions)):
            start = time.perf_counter()
            run()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(floors), statistics.median(actions)


def aggregate_rows(repeat: int, queries: CountQueries) -> list[Row]:
    from bench.generate import TIMED_ROUND, generate_scans
    from dijkwacht.organisations.access import Access, Grant
    from dijkwacht.organisations.roles import Role
    from dijkwacht.scans import selectors
    from dijkwacht.scans.models import Result, ScanRound

    started = time.perf_counter()
    scale = generate_scans()
    assert scale.latest == scale.organisations * scale.norms, "one latest round each"
    print(
        f"Scans: {scale.rounds} rounds, {scale.organisations} organisations, {scale.norms} "
        f"norms, {scale.answers} answers, {scale.results} final results ({scale.latest} latest) "
        f"({time.perf_counter() - started:.0f} s to generate or find)"
    )
    # As the pages load it (selectors.get_round_for): with its framework and previous round.
    scan_round = ScanRound.objects.select_related("framework", "partnership", "previous").get(
        title=TIMED_ROUND
    )
    framework = scan_round.framework
    # As the partnership's coordinator reads it: scoped to their partnerships (the assessor's
    # blind filter only adds work for assessors).
    access = Access(
        grants=(Grant(Role.COORDINATOR, None, scan_round.partnership_id),),
        partnership_ids=frozenset({scan_round.partnership_id}),
    )
    organisations = (
        Result.objects.filter(round=scan_round).values("organisation_id").distinct().count()
    )
    print(
        f"Timed round: {scan_round.partnership.name}, {organisations} organisations, "
        f"{Result.objects.filter(round=scan_round).count()} final answers"
    )

    # (a) Per norm: how many fall short of those to whom it applies, with the norm's theme,
    # weight and essential flag: everything the threads and the theme figures are made of.
    threads_floor = _raw(
        "SELECT r.norm_id, n.theme_id, n.weight, n.essential,"
        " SUM(CASE WHEN o.applicable AND NOT o.counts_as_met THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.applicable AND o.counts_as_met THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.applicable THEN 1 ELSE 0 END)"
        " FROM scans_result r"
        " JOIN scans_scaleoption o ON o.id = r.option_id"
        " JOIN scans_norm n ON n.id = r.norm_id"
        " WHERE r.round_id = %s GROUP BY r.norm_id, n.theme_id, n.weight, n.essential",
        [scan_round.pk],
    )
    # (a') The rode-dradenbeeld also shows the reviews' findings per norm: their plain fetch.
    findings_floor = _raw(
        "SELECT a.norm_id, s.organisation_id, a.finding, a.recommendation"
        " FROM scans_answer a JOIN scans_scan s ON s.id = a.scan_id"
        " WHERE s.round_id = %s AND s.kind = %s AND s.status = %s"
        " AND NOT (a.finding = '' AND a.recommendation = '')",
        [scan_round.pk, "toetsing", "ingediend"],
    )
    aggregate_floor = threads_floor

    def rode_draden_floor() -> object:
        return aggregate_floor(), findings_floor()

    # (b) The cells the heatmap shows: this round's final answers and the previous round's.
    heatmap_floor = _raw(
        "SELECT round_id, organisation_id, norm_id, option_id FROM scans_result"
        " WHERE round_id IN (%s, %s)",
        [scan_round.pk, scan_round.previous_id],
    )
    # (c) Per theme the weighted score over every organisation's latest final answers.
    national_floor = _raw(
        "SELECT n.theme_id,"
        " SUM(CASE WHEN o.applicable AND o.counts_as_met THEN n.weight ELSE 0 END),"
        " SUM(CASE WHEN o.applicable THEN n.weight ELSE 0 END),"
        " SUM(CASE WHEN o.applicable AND o.counts_as_met THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN o.applicable THEN 1 ELSE 0 END)"
        " FROM scans_result r"
        " JOIN scans_scaleoption o ON o.id = r.option_id"
        " JOIN scans_norm n ON n.id = r.norm_id"
        " WHERE r.latest = %s AND n.framework_id = %s GROUP BY n.theme_id",
        [True, framework.pk],
    )

    def rode_draden() -> object:
        # What the page computes: threads and weerbaarheidsbeeld together, and the findings.
        return selectors.rode_draden(access, scan_round), selectors.thread_findings(scan_round)

    def heatmap() -> object:
        return selectors.heatmap(access, scan_round)

    def national() -> object:
        return selectors.national_picture(access, framework)

    _check_same_figures(scan_round, threads_floor, heatmap_floor, national_floor)
    rows: list[Row] = []
    for name, action, floor, floor_name in (
        ("rode-dradenbeeld (threads, findings, picture)", rode_draden, rode_draden_floor,
         "raw SQL: per-norm aggregate and findings of the round"),
        ("heatmap of the round", heatmap, heatmap_floor,
         "raw SQL: cells of the round and the previous"),
        ("national weerbaarheidsbeeld", national, national_floor,
         "raw SQL: theme aggregate over latest"),
    ):  # fmt: skip
        floor_ms, median = _paired_medians(floor, action, repeat)
        print(f"Floor for {name}: {floor_ms:.2f} ms")
        rows.append((name, median, queries(action), floor_name, median / floor_ms,
                     AGGREGATE_LIMIT, "ms"))  # fmt: skip
    return rows


def _check_same_figures(scan_round: Any, threads: Any, cells: Any, national: Any) -> None:
    """The floors read the same answers as the selectors: their figures agree."""
    from dijkwacht.organisations.access import SYSTEM_ACCESS as ACCESS
    from dijkwacht.scans import selectors

    below = {norm_id: short for norm_id, _t, _w, _e, short, _m, _a in threads()}
    assert {t.norm.pk: t.below for t in selectors.common_threads(ACCESS, scan_round)} == below
    picture = selectors.partnership_picture(ACCESS, scan_round)
    assert picture.overall is not None
    met_weight = sum(weight * met for _n, _t, weight, _e, _s, met, _a in threads())
    assert picture.overall.met_weight == met_weight
    heat = selectors.heatmap(ACCESS, scan_round)
    rows = cells()
    assert sum(c.option is not None for r in heat.rows for c in r.cells) == sum(
        round_id == scan_round.pk for round_id, *_rest in rows
    )
    assert sum(c.previous is not None for r in heat.rows for c in r.cells) == sum(
        round_id == scan_round.previous_id for round_id, *_rest in rows
    )
    overall = selectors.national_picture(ACCESS, scan_round.framework).overall
    assert overall is not None
    assert (overall.met_weight, overall.applicable_weight) == (
        sum(r[1] for r in national()),
        sum(r[2] for r in national()),
    )


# --- Writing answers ------------------------------------------------------------------------

ANSWER_ROUND = "Bench answer_save"
ANSWER_ORGANISATIONS = 25
# About twice what a 2-core machine measured when they were set (see run.py): 21× and 14×.
# The floor is one statement without the ORM; answer_save is ten (BEGIN, the scan with its
# round, partnership and organisation, update_or_create's look-up and insert within two
# savepoints, the audit line, COMMIT).
ANSWER_LIMIT = 40.0
# The tail moves with the machine: a WAL checkpoint every ~45 answers on SQLite, and other
# processes (14× on a quiet machine, 39× while two test suites ran on both cores).
ANSWER_P95_LIMIT = 50.0
GROWTH_LIMIT = 1.5  # the time per answer must not grow with the answers stored

UPSERT = (
    "INSERT INTO scans_answer (scan_id, norm_id, option_id, explanation, evidence_url,"
    " finding, recommendation, updated_at, updated_by_id)"
    " VALUES (%s, %s, %s, %s, '', '', '', %s, %s)"
    " ON CONFLICT (scan_id, norm_id) DO UPDATE SET option_id = excluded.option_id,"
    " explanation = excluded.explanation, updated_at = excluded.updated_at,"
    " updated_by_id = excluded.updated_by_id"
)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def answer_rows(queries: CountQueries) -> list[Row]:
    """25 organisations fill a 120-norm self-scan, norm after norm, all at the same pace (so
    the answers already stored grow evenly). Each answer goes through `services.answer_save`
    as its contributor, the user object reused as within one request (its grants cached);
    next to each, the floor writes the same answer with a raw upsert in its own transaction
    into the organisation's review scan of the round. The round is removed afterwards."""
    from bench.generate import ANSWER_FRAMEWORK, bench_framework
    from dijkwacht.accounts.models import User
    from dijkwacht.organisations.models import OrganisationKind, Partnership
    from dijkwacht.scans import services
    from dijkwacht.scans.models import Answer, RoundKind, Scan, ScanKind, ScanRound

    framework = bench_framework(ANSWER_FRAMEWORK, themes=8, norms_per_theme=15)
    norms = list(framework.norms.order_by("theme__position", "position"))
    options = list(framework.scale.order_by("position"))
    partnership = next(
        p
        for p in Partnership.objects.filter(slug__startswith="bench-")
        .order_by("name")
        .prefetch_related("members")
        if sum(m.kind == OrganisationKind.MUNICIPALITY for m in p.members.all())
        >= ANSWER_ORGANISATIONS
    )
    municipalities = sorted(
        (m for m in partnership.members.all() if m.kind == OrganisationKind.MUNICIPALITY),
        key=lambda m: m.cbs_code or "",
    )[:ANSWER_ORGANISATIONS]
    for leftover in ScanRound.objects.filter(title=ANSWER_ROUND):  # from an interrupted run
        leftover.delete()
    scan_round = services.scan_round_open(
        actor=None, partnership=partnership, framework=framework, title=ANSWER_ROUND,
        kind=RoundKind.BOTH, deadline=timezone.localdate(), organisations=municipalities,
    )  # fmt: skip
    scans = {
        (s.organisation_id, s.kind): s
        for s in Scan.objects.filter(round=scan_round).select_related(
            "round__framework", "organisation"
        )
    }
    users = {
        m.pk: User.objects.get(email=f"contributor0-{m.slug}@bench.test") for m in municipalities
    }
    stored_before = Answer.objects.count()
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    service: list[float] = []
    floor: list[float] = []
    query_count = 0
    try:
        for i, norm in enumerate(norms):
            for j, organisation in enumerate(municipalities):
                option = options[(i + j) % len(options)]
                scan = scans[(organisation.pk, ScanKind.SELF)]
                user = users[organisation.pk]

                def save(
                    scan: Any = scan, norm: Any = norm, user: Any = user, option: Any = option
                ) -> object:
                    return services.answer_save(
                        actor=user, scan=scan, norm=norm, option=option,
                        explanation="Zo geregeld",
                    )  # fmt: skip

                if (i, j) == (1, 0):  # a new answer in a scan already in progress
                    query_count = queries(save)
                    continue
                review = scans[(organisation.pk, ScanKind.REVIEW)].pk
                start = time.perf_counter()
                save()
                service.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        UPSERT, [review, norm.pk, option.pk, "Zo geregeld", now, user.pk]
                    )
                floor.append((time.perf_counter() - start) * 1000)
        written = Answer.objects.filter(scan__round=scan_round).count()
    finally:
        scan_round.delete()
    assert written == 2 * len(norms) * len(municipalities) - 1, written
    tenth = len(service) // 10  # of the answers in the order written
    first, last = statistics.median(service[:tenth]), statistics.median(service[-tenth:])
    floor_first, floor_last = statistics.median(floor[:tenth]), statistics.median(floor[-tenth:])
    # Growth against the floor timed at the same moments, so a busy machine halfway through
    # the run does not read as growth.
    growth = (last / floor_last) / (first / floor_first)
    print(
        f"answer_save: {len(service)} answers ({len(municipalities)} organisations × "
        f"{len(norms)} norms) on top of {stored_before} stored; floor: raw upsert in its own "
        f"transaction, median {statistics.median(floor):.3f} ms, p95 {_p95(floor):.3f} ms; "
        f"answer_save median {statistics.median(service):.2f} ms, p95 {_p95(service):.2f} ms; "
        f"first 10% {first:.2f} ms (floor {floor_first:.3f}), last 10% {last:.2f} ms "
        f"(floor {floor_last:.3f})"
    )
    floor_median = statistics.median(floor)
    return [
        ("answer_save, 25 organisations × 120 norms", statistics.median(service), query_count,
         "raw upsert in a transaction", statistics.median(service) / floor_median,
         ANSWER_LIMIT, "ms"),
        ("answer_save p95", _p95(service), query_count, "p95 of the raw upsert",
         _p95(service) / _p95(floor), ANSWER_P95_LIMIT, "ms"),
        ("answer_save, last 10% of the answers", last, query_count,
         "first 10% (each against its floor)", growth, GROWTH_LIMIT, "ms"),
    ]  # fmt: skip
