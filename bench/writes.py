"""Write benchmarks, called from bench/run.py (`make bench`): the frequent writes through the
API in process (the test client: the whole middleware and the operation, no network), each
against the CPU of a trivial authenticated API GET (`/api/v1/me`) timed in turns with it on
the same client.

- The side-by-side workload: 25 organisations fill a 120-norm self-scan, one PUT per answer,
  norm after norm at the same pace, then the coordinator reads the common threads. It gives
  `answer_put` (an answer's CPU against the floor: the target is 1.5×), whether the time per
  answer grows with the answers stored, and the workload's total.
- `answer_put_bulk_theme`: each organisation then saves a theme (15 norms) in one request.
- `cell_update`: a matrix cell changed through the API, by the programme's coordinator (a
  progress round's answer is the same write, made while the round is open).
- `handler_step`: a meldpunt handler's step on a report, on screen (the meldpunt has no API).

Returns rows as dicts of run.py's Result fields.
"""

from __future__ import annotations

import functools
import statistics
import time
from typing import Any

from django.test import Client
from django.utils import timezone

from bench.measure import Samples, data_statements

Row = dict[str, Any]

ANSWER_ROUND = "Bench answer_put"
ANSWER_ORGANISATIONS = 25
TRIVIAL = "/api/v1/me"
FLOOR = "CPU of a trivial authenticated API GET (/api/v1/me)"
# Limits about 1.5× what a 2-core machine measured when they were set: they catch a
# regression. One answer's target is 1.5× the floor (ANSWER_TARGET); with Django's cost of
# building a query (about half a millisecond each, four beyond the floor's two) it measured 4×.
ANSWER_LIMIT = 6.0
ANSWER_TARGET = 1.5
BULK_THEME_LIMIT = 8.0
GROWTH_LIMIT = 1.5  # the time per answer must not grow with the answers stored
WORKLOAD_LIMIT = 5.0
CELL_LIMIT = 6.0


def _ok(response: Any) -> Any:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response


def _cpu_row(
    name: str,
    description: str,
    samples: Samples,
    floors: Samples,
    statements: int,
    limit: float,
    **extra: Any,
) -> Row:
    """A write's row: its CPU against the trivial GET's, timed in turns on the same client."""
    return {
        "name": name,
        "description": description,
        "median_ms": samples.median_ms,
        "p95_ms": samples.p95_ms,
        "cpu_ms": samples.cpu_median_ms,
        "queries": statements,
        "floor": FLOOR,
        "floor_ms": floors.cpu_median_ms,
        "ratio": samples.cpu_median_ms / floors.cpu_median_ms,
        "limit": limit,
        **extra,
    }


def _trivial(client: Client) -> object:
    return _ok(client.get(TRIVIAL))


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    _ok(client.get(TRIVIAL))
    return client


def answer_rows(repeat: int) -> list[Row]:
    from bench.generate import ANSWER_FRAMEWORK, bench_framework
    from dijkwacht.accounts.models import User
    from dijkwacht.organisations.models import OrganisationKind, Partnership
    from dijkwacht.scans import services
    from dijkwacht.scans.models import Answer, RoundKind, ScanKind, ScanRound

    framework = bench_framework(ANSWER_FRAMEWORK, themes=8, norms_per_theme=15)
    norms = list(framework.norms.select_related("theme").order_by("theme__position", "position"))
    codes = list(framework.scale.order_by("position").values_list("code", flat=True))
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
        kind=RoundKind.SELF, deadline=timezone.localdate(), organisations=municipalities,
    )  # fmt: skip
    scans = {
        s.organisation_id: s.pk for s in scan_round.scans.filter(kind=ScanKind.SELF)
    }  # fmt: skip
    clients = {
        m.pk: _client(User.objects.get(email=f"contributor0-{m.slug}@bench.test"))
        for m in municipalities
    }
    coordinator = _client(User.objects.get(email=f"coordinator-{partnership.slug}@bench.test"))
    stored_before = Answer.objects.count()

    puts, floors = Samples(), Samples()
    statements = 0
    started = time.perf_counter()
    try:
        for i, norm in enumerate(norms):
            for j, organisation in enumerate(municipalities):
                client = clients[organisation.pk]
                url = f"/api/v1/scans/scans/{scans[organisation.pk]}/answers/{norm.code}"
                body = {"code": codes[(i + j) % len(codes)], "explanation": "Zo geregeld"}

                def put(client: Client = client, url: str = url, body: dict = body) -> object:
                    return _ok(client.put(url, body, content_type="application/json"))

                if (i, j) == (1, 0):  # a new answer in a scan already in progress
                    statements = data_statements(put)
                    continue
                puts.take(put)
                floors.take(functools.partial(_trivial, client))
        # Every norm on one page (the API's lists are paged, 100 by default).
        threads_url = f"/api/v1/scans/rounds/{scan_round.pk}/common-threads?page_size=1000"
        threads = Samples()
        threads.take(lambda: _ok(coordinator.get(threads_url)))
        assert len(coordinator.get(threads_url).json()) == len(norms)
        total_ms = sum(puts.wall_ms) + threads.wall_ms[0]
        elapsed = time.perf_counter() - started
        written = Answer.objects.filter(scan__round=scan_round).count()
        assert written == len(norms) * len(municipalities), written
        bulk, bulk_floors, bulk_statements = _bulk_theme(clients, scans, norms, codes)
    finally:
        scan_round.delete()

    floor_cpu = floors.cpu_median_ms
    tenth = len(puts.cpu_ms) // 10  # of the answers in the order written
    first = statistics.median(puts.cpu_ms[:tenth]) / statistics.median(floors.cpu_ms[:tenth])
    last = statistics.median(puts.cpu_ms[-tenth:]) / statistics.median(floors.cpu_ms[-tenth:])
    trivial_total = sum(floors.wall_ms)
    print(
        f"answer_put: {len(puts.wall_ms)} answers ({len(municipalities)} organisations × "
        f"{len(norms)} norms) on top of {stored_before} stored, {elapsed:.1f} s with the floors; "
        f"PUT median {puts.median_ms:.2f} ms (CPU {puts.cpu_median_ms:.2f} ms), p95 "
        f"{puts.p95_ms:.2f} ms; trivial GET median {floors.median_ms:.2f} ms (CPU "
        f"{floor_cpu:.2f} ms); {statements} data statements per answer; the workload "
        f"(every answer, then the common threads) {total_ms / 1000:.2f} s"
    )
    return [
        _cpu_row("answer_put", "one answer by API PUT (CPU)", puts, floors, statements,
                 ANSWER_LIMIT, target=ANSWER_TARGET),
        {"name": "answer_put_growth", "description": "answer_put, last 10% against first 10%",
         "median_ms": statistics.median(puts.wall_ms[-tenth:]), "queries": statements,
         "floor": "first 10% (each against its floor)",
         "floor_ms": statistics.median(puts.wall_ms[:tenth]), "ratio": last / first,
         "limit": GROWTH_LIMIT},
        _cpu_row("answer_put_bulk_theme", "a theme of 15 answers in one PUT (CPU)", bulk,
                 bulk_floors, bulk_statements, BULK_THEME_LIMIT),
        {"name": "side_by_side_workload",
         "description": f"{len(municipalities)} organisations × {len(norms)} norms, one PUT "
                        "each, then the common threads (total)",
         "median_ms": total_ms, "queries": statements,
         "floor": "as many trivial authenticated API GETs", "floor_ms": trivial_total,
         "ratio": total_ms / trivial_total, "limit": WORKLOAD_LIMIT},
    ]  # fmt: skip


def _bulk_theme(
    clients: dict[int, Client], scans: dict[int, int], norms: list[Any], codes: list[str]
) -> tuple[Samples, Samples, int]:
    """Each organisation saves the second theme in one request (its answers changed)."""
    theme = [n for n in norms if n.theme_id == norms[-1].theme_id]
    bulk, floors = Samples(), Samples()
    statements = 0
    for j, (organisation_id, client) in enumerate(clients.items()):
        url = f"/api/v1/scans/scans/{scans[organisation_id]}/answers"
        body = {
            "answers": [
                {"norm": n.code, "code": codes[(i + j + 1) % len(codes)], "explanation": "Bulk"}
                for i, n in enumerate(theme)
            ]
        }

        def put(client: Client = client, url: str = url, body: dict = body) -> object:
            return _ok(client.put(url, body, content_type="application/json"))

        if j == 0:
            statements = data_statements(put)
            continue
        bulk.take(put)
        floors.take(functools.partial(_trivial, client))
    return bulk, floors, statements


def cell_rows(repeat: int) -> list[Row]:
    """A matrix cell of the largest benchmark programme changed by PATCH, as its coordinator,
    alternating between two statuses (each change appends to the cell's history)."""
    from bench.generate import largest_programme
    from dijkwacht.accounts.models import User
    from dijkwacht.programmes.models import Commitment

    programme = largest_programme()
    client = _client(User.objects.get(email=f"coordinator-{programme.partnership.slug}@bench.test"))
    cell = Commitment.objects.filter(programme=programme).order_by("pk").first()
    assert cell is not None
    url = f"/api/v1/programmes/{programme.pk}/matrix/{cell.action_id}/{cell.organisation_id}"
    statuses = iter(["in_uitvoering", "voltooid"] * (repeat + 2))

    def patch() -> object:
        body = {"status": next(statuses), "note": "Bench"}
        return _ok(client.patch(url, body, content_type="application/json"))

    statements = data_statements(patch)
    patches, floors = Samples(), Samples()
    patch()
    for _ in range(repeat):
        patches.take(patch)
        floors.take(functools.partial(_trivial, client))
    return [
        _cpu_row("cell_update", "a matrix cell by API PATCH (CPU)", patches, floors, statements,
                 CELL_LIMIT)
    ]  # fmt: skip


HANDLER = "handler-bench@bench.test"
STEP_LIMIT = 7.0


def handler_step_rows(repeat: int) -> list[Row]:
    """A meldpunt handler's step on a report through the screen (POST, then the redirect is
    not followed): close with a reason and reopen, in turns. The benchmark's own report in a
    bench municipality, removed afterwards."""
    from dijkwacht.accounts.models import User
    from dijkwacht.meldpunt import services as meldpunt
    from dijkwacht.meldpunt.models import CloseReason, MeldpuntSettings, Report
    from dijkwacht.organisations.models import Membership, Organisation, OrganisationKind
    from dijkwacht.organisations.roles import Compartment, Role

    organisation = (
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, partnerships__slug__startswith="bench-"
        )
        .order_by("cbs_code")
        .first()
    )
    assert organisation is not None
    MeldpuntSettings.objects.update_or_create(
        organisation=organisation, defaults={"accepts_reports": True}
    )
    handler, _created = User.objects.get_or_create(
        email=HANDLER, defaults={"full_name": "Bench Behandelaar", "password": "!"}
    )
    Membership.objects.get_or_create(
        user=handler, organisation=organisation, role=Role.HANDLER,
        defaults={"compartments": list(Compartment.values)},
    )  # fmt: skip
    report = meldpunt.report_submit(
        organisation=organisation, kind="ondermijning", identity="anoniem",
        description="Bench: een pand aan de haven",
    ).report  # fmt: skip
    client = _client(handler)
    base = f"/meldpunt/meldingen/{report.pk}/"
    steps = iter([("afsluiten", {"reason": CloseReason.HANDLED}), ("heropenen", {})] * (repeat + 4))

    def step() -> object:
        name, data = next(steps)
        response = client.post(f"{base}{name}/", data)
        assert response.status_code == 302, (name, response.status_code)
        return response

    try:
        client.post(f"{base}bevestigen/", {})
        client.post(f"{base}in-behandeling/", {})
        statements = data_statements(step)
        step()  # back to the first step of the pair
        samples, floors = Samples(), Samples()
        for _ in range(repeat):
            samples.take(step)
            floors.take(functools.partial(_trivial, client))
    finally:
        Report.objects.filter(pk=report.pk).delete()
    return [
        _cpu_row("handler_step", "a meldpunt handler's step on screen (CPU)", samples, floors,
                 statements, STEP_LIMIT)
    ]  # fmt: skip
