"""A plan import of the largest accepted size does not stop other people's writes.

SQLite has one write lock for the whole database: an import that wrote its thousands of
actions in one long transaction made every other write wait — and a public meldpunt report
fail once the wait passed the busy timeout. The import now reads and checks the plan outside
any transaction and writes it in bulk, so reports keep coming in while it runs.

The test copies the test database to a file (the in-memory test database cannot be locked and
waited for like a real one) and runs the import and a stream of public reports in two threads,
each with its own connection, as two requests on one server would.
"""

import sqlite3
import threading
import time

import pytest
from django.db import connection, connections

from dijkwacht.meldpunt.models import MeldpuntSettings, Report
from dijkwacht.meldpunt.services import report_submit
from dijkwacht.programmes.forms import MAX_PLAN_BYTES
from dijkwacht.programmes.models import Action, Programme
from dijkwacht.programmes.plan_text import parse_plan
from dijkwacht.programmes.services import programme_import_plan


def plan_text(limit: int) -> str:
    """A plan of themes with an ambition, numbered actions and two items each, up to `limit`
    bytes of UTF-8."""
    parts, size, number = [], 0, 0
    while True:
        number += 1
        block = [
            f"{number}. Weerbare organisatie deel {number}",
            f"Ambitie: in {2026 + number % 5} is deel {number} op orde bij alle gemeenten.",
            "",
        ]
        for a in range(1, 9):
            block += [
                f"{a}) Wij voeren actie {number}.{a} uit en leggen de resultaten vast in het "
                "verslag aan de stuurgroep.",
                f"- eerste onderdeel van actie {number}.{a}",
                f"- tweede onderdeel van actie {number}.{a}",
            ]
        text = "\n".join(block) + "\n\n"
        if size + len(text.encode()) > limit:
            return "".join(parts)
        parts.append(text)
        size += len(text.encode())


def _in_own_connection(work, results: dict, key: str):
    def run():
        try:
            results[key] = work()
        except Exception as error:  # reported by the test, not swallowed
            results[key] = error
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_public_reports_get_through_while_the_largest_plan_is_imported(tmp_path, twente, enschede):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single write lock is what this is about")
    MeldpuntSettings.objects.create(organisation=enschede, accepts_reports=True)
    text = plan_text(MAX_PLAN_BYTES)
    assert len(text.encode()) > MAX_PLAN_BYTES * 0.99
    plan = parse_plan(text)
    assert sum(len(t.actions) for t in plan.themes) > 5000

    path = tmp_path / "dijkwacht.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    saved = connections.settings["default"]
    connections.settings["default"] = {**saved, "NAME": str(path)}
    results: dict = {}
    importing = threading.Event()

    def import_plan():
        importing.set()
        started = time.perf_counter()
        result = programme_import_plan(actor=None, partnership=twente, plan=plan, name="Groot")
        return result.actions, time.perf_counter() - started

    def report_while_importing():
        importing.wait()
        waits, during = [], 0
        while importer.is_alive() or not waits:
            started = time.perf_counter()
            report_submit(
                organisation=enschede, kind="anders", description="Tijdens de import",
                identity="anoniem",
            )  # fmt: skip
            waits.append(time.perf_counter() - started)
            during += importer.is_alive()
            time.sleep(0.02)
        return waits, during

    importer = _in_own_connection(import_plan, results, "import")
    reporter = _in_own_connection(report_while_importing, results, "reports")
    try:
        importer.start()
        reporter.start()
        importer.join(timeout=120)
        reporter.join(timeout=120)
    finally:
        connections.settings["default"] = saved

    assert not isinstance(results["import"], Exception), results["import"]
    assert not isinstance(results["reports"], Exception), results["reports"]
    actions, _seconds = results["import"]
    waits, during = results["reports"]
    assert actions > 15000
    assert during >= 1, "no report was submitted while the import ran"
    # Every report got through; none waited for the whole import (SQLite's busy timeout
    # is 20 s, an import that held the lock for its whole run made reports fail).
    assert max(waits) < 5, f"a report waited {max(waits):.1f} s for the import"
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT count(*) FROM meldpunt_report").fetchone()[0] == len(waits)
        assert check.execute("SELECT count(*) FROM programmes_action").fetchone()[0] == actions
    assert not Report.objects.exists() and not Programme.objects.exists()  # only in the copy
    assert not Action.objects.exists()
