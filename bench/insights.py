"""Insights benchmarks, called from bench/run.py (`make bench`): the dashboard of the
partnership with the largest programme, the national map of programme progress (all 342
municipalities), an indicator's page and the national map of an indicator (20 indicators ×
342 municipalities × 10 years), each against its floor: the very SQL the page sends, captured
once and replayed raw on the same connection. The ratio is what the ORM, the Python and the
templates add to the database's own work; the issue's target is 3× for the dashboard and
the national map (issue 13, point 10).

Returns rows as dicts of run.py's Result fields, so this module needs nothing from run.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.measure import data_statements, paired
from tests.statements import is_data

Row = dict[str, Any]

TARGET = 3.0  # the issue's, for the dashboard and the national maps
LIMIT = 8.0  # about twice what a 2-core machine measured: catches work that grows with data
# An indicator's page sends about 3 ms of SQL, so what every page costs (session, navigation,
# the base template: some 10 ms, as the profile page shows) weighs more than its own figures;
# it measured 9.7×. The issue sets no ratio for it: its guard is the limit and its query count.
PAGE_LIMITS: dict[str, tuple[float, float | None]] = {"indicator_page": (20.0, None)}


def _page(client: Client, url: str) -> Callable[[], object]:
    def action() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return action


def _replay(page: Callable[[], object]) -> Callable[[], object]:
    """The page's data statements as it sends them (parameters in place), executed raw."""
    with CaptureQueriesContext(connection) as captured:
        page()
    statements = [q["sql"] for q in captured.captured_queries if is_data(q["sql"])]

    def floor() -> object:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        return len(statements)

    return floor


def insight_rows(repeat: int) -> list[Row]:
    from bench.generate import (
        generate_indicators,
        generate_programmes,
        generate_scans,
        largest_programme,
    )
    from dijkwacht.accounts.models import User
    from dijkwacht.insights.models import Indicator
    from dijkwacht.organisations.models import Membership
    from dijkwacht.organisations.roles import Role

    generate_programmes()
    generate_scans()
    values = generate_indicators()
    indicator = Indicator.objects.filter(name__startswith="Bench indicator ").order_by("name")[0]
    partnership = largest_programme().partnership
    coordinator = User.objects.get(email=f"coordinator-{partnership.slug}@bench.test")
    admin, _ = User.objects.get_or_create(
        email="admin@bench.test", defaults={"full_name": "Beheerder Bench"}
    )
    Membership.objects.get_or_create(user=admin, organisation=None, role=Role.ADMIN)
    print(
        f"Dashboard of {partnership.name}; the national map as a platform admin; "
        f"{indicator.name} of {values} values, for the coordinator"
    )
    rows: list[Row] = []
    for name, description, user, url in (
        ("dashboard", "partnership dashboard (home of the coordinator's partnership)",
         coordinator, f"/samenwerkingsverbanden/{partnership.pk}/"),
        ("map_national", "national map of programme progress, 342 municipalities",
         admin, "/kaart/?indicator=voortgang"),
        ("indicator_page", "an indicator's page: trend, comparison and members, 20 × 342 × 10",
         coordinator, f"/indicatoren/{indicator.pk}/"),
        ("map_indicator", "national map of a kept indicator's latest year, 342 municipalities",
         admin, f"/kaart/?indicator=cijfer-{indicator.pk}"),
    ):  # fmt: skip
        client = Client()
        client.force_login(user)
        page = _page(client, url)
        page()  # warm: caches of content types and translations
        floor = _replay(page)
        floors, samples = paired(floor, page, repeat)
        print(f"Floor for {name}: {floors.median_ms:.2f} ms ({floor()} statements)")
        limit, target = PAGE_LIMITS.get(name, (LIMIT, TARGET))
        rows.append({
            "name": name, "description": description, "median_ms": samples.median_ms,
            "p95_ms": samples.p95_ms, "queries": data_statements(page),
            "floor": "raw SQL: the page's own statements, replayed", "floor_ms": floors.median_ms,
            "ratio": samples.median_ms / floors.median_ms, "limit": limit,
            "cpu_ms": samples.cpu_median_ms, "target": target,
        })  # fmt: skip
    return rows
