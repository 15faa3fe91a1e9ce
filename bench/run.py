"""Benchmarks: `make bench`.

Every measurement is reported as a ratio against a floor measured in the same run on the same
machine, never as an absolute time to compare across machines:
- pages and API lists against a trivial view on the same stack (`/healthz`);
- a list's query work against the same rows fetched with raw SQL;
- the scan figures across organisations against the raw SQL aggregate over the same final
  answers, and writing one answer against a raw single-row upsert (bench/scans.py);
- the partnership's dashboard, the national maps and an indicator's page against their own
  SQL replayed raw (bench/insights.py);
- the plan import's reader over a megabyte against one regular-expression pass over the
  same lines (bench/plans.py).
Each target also states its query count, which must not depend on the data size.

Uses its own database (`var/bench.sqlite3`, or `DATABASE_URL`); exits non-zero when a ratio
exceeds its limit. Results go to `var/bench/results.json`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DIJKWACHT_DEMO", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate  # noqa: E402
from bench.measure import data_statements, measure  # noqa: E402
from dijkwacht.accounts.models import User  # noqa: E402
from dijkwacht.organisations.models import Partnership  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
# Limits are about twice what a 2-core machine measured when they were set: they catch work that
# grows with the data (a query per row, Python loops over rows), not a slow day.


@dataclass
class Result:
    """One measure, as `var/bench/results.json` lists it. `name` is a stable key (for tools
    that compare runs), `ratio` is the measure against `floor_ms`, a floor measured in the same
    run, and must stay within `limit`. `queries` counts data statements (transaction control
    left out); `cpu_ms` is this process's CPU time where it is what the target is about."""

    name: str
    description: str
    median_ms: float
    queries: int
    floor: str
    floor_ms: float
    ratio: float
    limit: float
    unit: str = "ms"
    p95_ms: float | None = None
    cpu_ms: float | None = None
    # An issue's target, where the limit (a guard against regressions) is still above it.
    target: float | None = None

    @property
    def ok(self) -> bool:
        return self.ratio <= self.limit


def _median_ms(action: Callable[[], object]) -> float:
    action()  # warm up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _queries(action: Callable[[], object]) -> int:
    return data_statements(action)


def _peak_kib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def _matrix_results(get: Callable[[str], Callable[[], object]], trivial: float) -> list[Result]:
    """The matrix of the largest programme: page and API against the raw SQL that fetches the
    same cells; peak memory before and after doubling that programme's history."""
    from bench.generate import generate_programmes, largest_programme
    from dijkwacht.programmes.models import Commitment, StatusUpdate

    started = time.perf_counter()
    scale = generate_programmes()
    print(
        f"Programmes: {scale.programmes} programmes, {scale.actions} actions, "
        f"{scale.commitments} cells, {scale.status_updates} status updates "
        f"({time.perf_counter() - started:.0f} s to generate or find)"
    )
    programme = largest_programme()
    coordinator = User.objects.get(email=f"coordinator-{programme.partnership.slug}@bench.test")
    client = Client()
    client.force_login(coordinator)
    cells = Commitment.objects.filter(programme=programme).count()
    organisations = (
        Commitment.objects.filter(programme=programme).values("organisation").distinct().count()
    )
    print(f"Largest matrix: {programme.name}: {organisations} organisations, {cells} cells")

    def raw_cells() -> object:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT action_id, organisation_id, status, planned_period, note, updated_at "
                "FROM programmes_commitment WHERE programme_id = %s",
                [programme.pk],
            )
            return cursor.fetchall()

    floor = _median_ms(raw_cells)
    print(f"Floor: raw SQL for the same cells {floor:.2f} ms")

    def get_as_coordinator(url: str) -> Callable[[], object]:
        def action() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return action

    page = get_as_coordinator(f"/programmas/{programme.pk}/matrix/")
    api = get_as_coordinator(f"/api/v1/programmes/{programme.pk}/matrix")

    def cold_page() -> object:
        caches["matrix"].clear()
        return page()

    results = []
    # The page is served from the matrix cache while nothing it shows changed (the usual case:
    # many people look, few update); cold is the first view after a change.
    for name, description, action, limit, target in (
        ("matrix_page_warm", "matrix page (from the cache)", page, 3.0, None),
        ("matrix_page_cold", "matrix page, cold (right after a change)", cold_page, 15.0, 3.0),
        ("matrix_api", "matrix API", api, 6.0, None),
    ):
        samples = measure(action, REPEAT)
        results.append(
            Result(name, description, samples.median_ms, _queries(action), "raw SQL of the cells",
                   floor, samples.median_ms / floor, limit, p95_ms=samples.p95_ms,
                   cpu_ms=samples.cpu_median_ms, target=target)
        )  # fmt: skip
    before = _peak_kib(page)
    history = list(StatusUpdate.objects.filter(commitment__programme=programme)[:cells])
    for update in history:
        update.pk = None
        update._state.adding = True
    StatusUpdate.objects.bulk_create(history, batch_size=5000)
    after = _peak_kib(page)
    print(
        f"Peak memory of the matrix page: {before:.0f} KiB; after adding {len(history)} status "
        f"updates to its cells: {after:.0f} KiB"
    )
    results.append(Result("matrix_page_memory", "matrix page peak memory, twice the history",
                          after, _queries(page), "memory before", before, after / before, 1.1,
                          unit="KiB"))  # fmt: skip
    return results


def main() -> int:
    call_command("migrate", verbosity=0)
    scale = generate()
    print(
        f"Data: {scale.partnerships} partnerships, {scale.organisations} organisations, "
        f"{scale.users} users, {scale.memberships} memberships"
    )
    partnership = Partnership.objects.filter(slug__startswith="bench-").order_by("-name").first()
    assert partnership is not None
    coordinator = User.objects.get(email=f"coordinator-{partnership.slug}@bench.test")
    client = Client()
    client.force_login(coordinator)

    def get(url: str) -> Callable[[], object]:
        def action() -> object:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return action

    trivial = _median_ms(get("/healthz"))
    from dijkwacht.organisations.selectors import organisation_list_for

    def members_queryset():
        return organisation_list_for(coordinator, partnership=partnership).values_list(
            "id", "slug", "name", "kind", "cbs_code"
        )

    # The floor is the very SQL the ORM sends, executed raw: the ratio is the ORM's own cost.
    member_sql, member_params = members_queryset().query.sql_with_params()

    def raw_members() -> object:
        with connection.cursor() as cursor:
            cursor.execute(member_sql, member_params)
            return cursor.fetchall()

    raw = _median_ms(raw_members)
    print(f"Floors: trivial view {trivial:.2f} ms, raw member query {raw:.3f} ms")

    # The home and partnership pages are the partnership's dashboard since issue 13: against a
    # trivial view they carry every module's figures (measured 80x and 130x when the limits were
    # raised); how efficiently is `dashboard`'s business, against its own SQL (bench/insights.py).
    targets = [
        ("home_page", "home page (the dashboard of the current partnership)", "/", 250.0),
        ("partnership_page", "partnership page (its dashboard)",
         f"/samenwerkingsverbanden/{partnership.pk}/", 250.0),
        ("profile_page", "profile page", "/profiel/", 60.0),
        ("api_partnerships", "API: partnerships", "/api/v1/partnerships", 30.0),
        ("api_organisations", "API: organisations of a partnership",
         f"/api/v1/organisations?partnership={partnership.slug}", 40.0),
    ]  # fmt: skip
    results = []
    for name, description, url, limit in targets:
        samples = measure(get(url), REPEAT)
        results.append(
            Result(name, description, samples.median_ms, _queries(get(url)), "trivial view",
                   trivial, samples.median_ms / trivial, limit, p95_ms=samples.p95_ms)
        )  # fmt: skip

    # The API list's database work against the same query in raw SQL.
    def orm_members() -> object:
        return list(members_queryset())

    orm = _median_ms(orm_members)
    results.append(
        Result("orm_organisations", "ORM: organisations of a partnership", orm,
               _queries(orm_members), "raw SQL", raw, orm / raw, 25.0)
    )  # fmt: skip

    results += _matrix_results(get, trivial)

    from bench import insights, plans, scans, writes

    results += [Result(**row) for row in scans.aggregate_rows(REPEAT)]
    results += [Result(**row) for row in insights.insight_rows(REPEAT)]
    results += [Result(**row) for row in writes.answer_rows(REPEAT)]
    results += [Result(**row) for row in writes.cell_rows(REPEAT)]
    results += [Result(**row) for row in writes.handler_step_rows(REPEAT)]
    results += [Result(**row) for row in plans.plan_text_rows(REPEAT)]

    width = max(len(r.name) for r in results)
    print(f"\n{'target':<{width}}  {'median':>10}  {'cpu':>7}  {'queries':>7}  {'ratio':>7}  "
          "limit  floor")  # fmt: skip
    for r in results:
        flag = "" if r.ok else "  <-- over the limit"
        if r.ok and r.target is not None and r.ratio > r.target:
            flag = f"  (target {r.target:g}x not reached yet)"
        cpu = f"{r.cpu_ms:5.1f}ms" if r.cpu_ms is not None else " " * 7
        print(
            f"{r.name:<{width}}  {r.median_ms:7.1f}{r.unit:>3}  {cpu}  {r.queries:7d}  "
            f"{r.ratio:6.1f}x  {r.limit:4g}x  {r.floor}{flag}"
        )
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(
        json.dumps(
            {"scale": asdict(scale), "floors_ms": {"trivial_view": trivial, "raw_sql": raw},
             "results": [asdict(r) for r in results]},
            indent=2,
        ),
        encoding="utf-8",
    )  # fmt: skip
    short = [r.name for r in results if r.target is not None and r.ratio > r.target]
    if short:
        print(f"\nWithin their limits, short of the issue's target: {', '.join(short)}")
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(f"\nOver the limit: {', '.join(failed)}")
        return 1
    print("\nAll benchmarks within their limits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
