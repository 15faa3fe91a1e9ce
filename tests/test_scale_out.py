"""The production topology on one machine: PostgreSQL, Redis, two app servers (gunicorn) and a
task worker, each its own process with the environment production gives it.

A write through one server is read at once through the other, a limit reached through one
holds on the other, and a notification queued through one is mailed by the worker. Runs on
PostgreSQL only (SQLite's test database lives in one process's memory); CI runs the suite on
PostgreSQL too.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from dijkwacht.accounts.services import api_token_create
from dijkwacht.meldpunt.models import MeldpuntSettings
from dijkwacht.programmes.models import Commitment
from dijkwacht.scans import services as scan_services
from dijkwacht.scans.models import RoundKind, Scan
from tests.factories import make_framework, make_handler, make_programme

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several processes share the database only on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("scale-out"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


@dataclass
class Topology:
    servers: list[str]
    mailbox: Path

    def call(self, server: int, method: str, path: str, body: object = None,
             token: str = "") -> tuple[int, dict]:  # fmt: skip
        request = urllib.request.Request(  # noqa: S310 - our own servers, http only
            self.servers[server] + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {token}"} if token else {}),
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def mails_to(self, address: str, *, wait: float = 30) -> list[str]:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            found = [
                text
                for path in self.mailbox.glob("*.log")
                if f"To: {address}" in (text := path.read_text(encoding="utf-8"))
            ]
            if found:
                return found
            time.sleep(0.2)
        return []


@pytest.fixture
def topology(transactional_db, redis_url, tmp_path) -> Iterator[Topology]:
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CACHE_URL": redis_url,
        "DIJKWACHT_TASKS": "database",
        # django-environ drops the first slash of the path: four make it absolute.
        "EMAIL_URL": f"filemail:///{mailbox}",
        "DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR": "2",
        "DIJKWACHT_DEBUG": "0",
        "DIJKWACHT_DEMO": "0",
    }
    ports = [_free_port(), _free_port()]
    bin_dir = Path(sys.executable).parent
    processes = [
        subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
        )
        for port in ports
    ]
    processes.append(
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for server in servers:
            for _ in range(150):
                try:
                    with urllib.request.urlopen(f"{server}/healthz", timeout=2):  # noqa: S310
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"{server} did not start")
        yield Topology(servers=servers, mailbox=mailbox)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def test_two_app_servers_a_worker_and_redis_act_as_one(
    topology, twente, enschede, hengelo, contributor
):
    _token, key = api_token_create(actor=contributor, name="scale-out")
    programme = make_programme(twente, [enschede, hengelo], actions=1)
    cell = Commitment.objects.get(programme=programme, organisation=enschede)
    scan_round = scan_services.scan_round_open(
        actor=None, partnership=twente, framework=make_framework(norms=1), title="Ronde",
        kind=RoundKind.SELF, deadline=timezone.localdate() + datetime.timedelta(days=14),
        organisations=[enschede],
    )  # fmt: skip
    scan = Scan.objects.get(round=scan_round, organisation=enschede)
    handler = make_handler(enschede, "hanna@example.test")
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )

    # A matrix cell written through server 0 is read through server 1.
    matrix = f"/api/v1/programmes/{programme.pk}/matrix"
    status, _body = topology.call(
        0, "PATCH", f"{matrix}/{cell.action_id}/{enschede.pk}", {"status": "voltooid"}, key
    )
    assert status == 200
    status, body = topology.call(1, "GET", matrix, token=key)
    assert status == 200 and "voltooid" in json.dumps(body)

    # A scan answer saved through server 1 is read through server 0.
    answer = f"/api/v1/scans/scans/{scan.pk}/answers/A.1"
    assert topology.call(1, "PUT", answer, {"code": "ja"}, key)[0] == 200
    status, body = topology.call(0, "GET", answer, token=key)
    assert status == 200 and body["code"] == "ja"

    # The submission limit (two an hour from one address) is shared through Redis.
    report = {"kind": "ondermijning", "description": "Loods vol pakketten", "identity": "anoniem"}
    reports = f"/api/v1/meldpunt/public/{enschede.slug}/reports"
    assert topology.call(0, "POST", reports, report)[0] == 201
    assert topology.call(0, "POST", reports, report)[0] == 201
    assert topology.call(1, "POST", reports, report)[0] == 429

    # The reports were queued as notifications by the app servers and mailed by the worker.
    mails = topology.mails_to(handler.email)
    assert mails, "the worker mailed nothing"
    assert "Een nieuwe melding in compartiment ondermijning van Enschede" in "".join(mails)
    assert "pakketten" not in "".join(mails)
