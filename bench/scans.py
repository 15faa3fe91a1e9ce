"""Scan benchmarks, called from bench/run.py (`make bench`): the figures across
organisations of a 30-organisation round (rode-dradenbeeld, heatmap) and the national
weerbaarheidsbeeld, each against the raw SQL aggregate over the same final answers, executed
on the same connection: target within 3× of that floor. (Writing answers: bench/writes.py.)

Returns rows as dicts of run.py's Result fields, so this module needs nothing from run.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection

from bench.measure import data_statements, paired

Row = dict[str, Any]

AGGREGATE_LIMIT = 3.0  # the target


def _raw(sql: str, params: list[Any]) -> Callable[[], object]:
    def action() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return action


def aggregate_rows(repeat: int) -> list[Row]:
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
    for name, description, action, floor, floor_name in (
        ("rode_draden", "rode-dradenbeeld (threads, findings, picture)", rode_draden,
         rode_draden_floor, "raw SQL: per-norm aggregate and findings of the round"),
        ("heatmap", "heatmap of the round", heatmap, heatmap_floor,
         "raw SQL: cells of the round and the previous"),
        ("national_weerbaarheidsbeeld", "national weerbaarheidsbeeld", national, national_floor,
         "raw SQL: theme aggregate over latest"),
    ):  # fmt: skip
        floors, samples = paired(floor, action, repeat)
        print(f"Floor for {name}: {floors.median_ms:.2f} ms")
        rows.append({
            "name": name, "description": description, "median_ms": samples.median_ms,
            "p95_ms": samples.p95_ms, "queries": data_statements(action), "floor": floor_name,
            "floor_ms": floors.median_ms, "ratio": samples.median_ms / floors.median_ms,
            "limit": AGGREGATE_LIMIT,
        })  # fmt: skip
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
