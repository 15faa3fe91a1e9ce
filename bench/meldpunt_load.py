"""Load test of the public meldpunt: `make load-meldpunt`.

Starts the app on loopback (`manage.py runserver --noreload`, debug off) against a fresh
temporary SQLite database with one organisation that takes reports, then drives it with locust
for a bounded time and a bounded number of requests:
- anonymous reports through the public API (`POST /api/v1/meldpunt/public/{slug}/reports`);
- follow-ups with wrong receipt codes (`GET .../follow-up`), which the throttle answers with
  429 after five failures from the address: those 429s are intended, not errors.

Reports the throughput, the errors (target 0) and whether the database holds exactly the
reports that were acknowledged with a receipt code. Exits non-zero when there were errors or a
report went missing. Traffic goes to 127.0.0.1 only.

    python -m bench.meldpunt_load [--duration 30] [--workers 8] [--reports 200] [--guesses 400]
"""

# locust patches the standard library with gevent on import: it comes before anything else.
import locust  # isort: skip  # noqa: F401

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import gevent
from locust import HttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

from bench.server import environment, manage, serve, tail

SLUG = "meldpunt-load"
CODE = re.compile(r"\d{16}")
SETUP = f"""
from dijkwacht.meldpunt.models import MeldpuntSettings
from dijkwacht.organisations.models import Organisation, OrganisationKind

organisation = Organisation.objects.create(
    kind=OrganisationKind.MUNICIPALITY, name="Gemeente Belasting", slug="{SLUG}"
)
MeldpuntSettings.objects.create(organisation=organisation, accepts_reports=True)
"""


@dataclass
class Tally:
    """What the users did, counted as they go (one process: gevent greenlets, no threads)."""

    reports_left: int
    guesses_left: int
    reports_ok: int = 0
    guesses_refused: int = 0  # 404: a wrong code, as intended
    guesses_throttled: int = 0  # 429: the throttle, as intended
    errors: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(what)
        else:
            self.errors.append("")


TALLY = Tally(0, 0)


class Reporter(HttpUser):
    """An anonymous reporter sending a report through the public API."""

    wait_time = constant(0)

    @task
    def report(self) -> None:
        if TALLY.reports_left <= 0:
            raise StopUser
        TALLY.reports_left -= 1
        body = {
            "kind": random.choice(["ondermijning", "integriteit", "agressie", "anders"]),
            "description": "Belastingproef: elke nacht veel verkeer bij het pand aan de haven.",
            "identity": "anoniem",
            "wanneer": "vorige week",
        }
        with self.client.post(
            f"/api/v1/meldpunt/public/{SLUG}/reports",
            json=body,
            name="POST reports",
            catch_response=True,
        ) as response:
            code = response.json().get("receipt_code", "") if response.status_code == 201 else ""
            if response.status_code == 201 and CODE.fullmatch(code):
                TALLY.reports_ok += 1
                response.success()
            else:
                TALLY.error(f"report: HTTP {response.status_code} {response.text[:200]}")
                response.failure(f"HTTP {response.status_code}")


class Guesser(HttpUser):
    """Someone trying receipt codes that are wrong: 404 each, then 429 from the throttle."""

    wait_time = constant(0)

    @task
    def guess(self) -> None:
        if TALLY.guesses_left <= 0:
            raise StopUser
        TALLY.guesses_left -= 1
        code = "".join(random.choice("0123456789") for _ in range(16))
        with self.client.get(
            "/api/v1/meldpunt/public/follow-up",
            headers={"X-Receipt-Code": code},
            name="GET follow-up (wrong code)",
            catch_response=True,
        ) as response:
            if response.status_code == 404:
                TALLY.guesses_refused += 1
                response.success()
            elif response.status_code == 429:
                TALLY.guesses_throttled += 1
                response.success()
            else:
                TALLY.error(f"follow-up: HTTP {response.status_code} {response.text[:200]}")
                response.failure(f"HTTP {response.status_code}")


def _run_load(base: str, workers: int, duration: float) -> tuple[float, int, int]:
    """Run the users until the budget is spent or the time is up; (seconds, requests,
    failures as locust counted them)."""
    Reporter.host = Guesser.host = base
    env = Environment(user_classes=[Reporter, Guesser])
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(user_count=workers, spawn_rate=workers)

    def stop_when_done() -> None:
        while time.monotonic() - started < duration:
            if TALLY.reports_left <= 0 and TALLY.guesses_left <= 0 and runner.user_count == 0:
                break
            gevent.sleep(0.2)
        runner.quit()

    gevent.spawn(stop_when_done)
    runner.greenlet.join()
    elapsed = time.monotonic() - started
    total = env.stats.total
    return elapsed, total.num_requests, total.num_failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds at most (30)")
    parser.add_argument("--workers", type=int, default=8, help="concurrent users (8)")
    parser.add_argument("--reports", type=int, default=200, help="reports at most (200)")
    parser.add_argument("--guesses", type=int, default=400, help="wrong codes at most (400)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args(argv)

    TALLY.reports_left, TALLY.guesses_left = args.reports, args.guesses
    workdir = Path(tempfile.mkdtemp(prefix="dijkwacht-load-"))
    database = workdir / "load.sqlite3"
    env = environment(
        database,
        # Every user comes from 127.0.0.1 here: the hourly submission limits (meldpunt.limits)
        # would stop the load after ten reports, so this run measures throughput without them.
        DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR="1000000",
        DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL="1000000",
    )
    print(f"Database {database}; migrating and creating one organisation that takes reports")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)

    log = workdir / "server.log"
    with serve(env, log) as base:
        print(
            f"Load: {args.workers} users for at most {args.duration:.0f} s, at most "
            f"{args.reports} reports and {args.guesses} wrong codes, against {base}"
        )
        elapsed, requests, failures = _run_load(base, args.workers, args.duration)

    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT COUNT(*) FROM meldpunt_report").fetchone()[0]
    errors = len(TALLY.errors)
    lost = TALLY.reports_ok - stored

    print()
    print(f"duration          {elapsed:8.1f} s")
    print(f"requests          {requests:8d}   ({requests / elapsed:.1f} req/s)")
    print(
        f"reports           {TALLY.reports_ok:8d}   201 with a receipt code "
        f"({TALLY.reports_ok / elapsed:.1f} /s)"
    )
    print(f"wrong codes       {TALLY.guesses_refused:8d}   404, as intended")
    print(f"throttled         {TALLY.guesses_throttled:8d}   429, as intended")
    print(f"errors            {errors:8d}   (locust counted {failures} failures; target 0)")
    print(f"reports in the DB {stored:8d}   (acknowledged {TALLY.reports_ok}; lost {lost})")
    for message in [m for m in TALLY.errors if m][:10]:
        print(f"  error: {message}")
    if errors:
        print("server log (tail):")
        print(tail(log, 20))

    if args.keep:
        print(f"Kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    ok = errors == 0 and failures == 0 and stored == TALLY.reports_ok and TALLY.reports_ok > 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
