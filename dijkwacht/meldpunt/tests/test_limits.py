"""Public submissions are limited per hour — from one address (as a keyed hash) and from
everyone — with a 429 in plain Dutch; the limits and the receipt-code throttle live in the
shared cache, so they hold across app servers and their restarts; behind a reverse proxy the
address is the one the trusted proxy saw."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import Client

from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import MeldpuntSettings, Message, Report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
API = "/api/v1/meldpunt/public"


@pytest.fixture(autouse=True)
def accepting(enschede, settings):
    settings.MELDPUNT_SUBMISSIONS_PER_HOUR = 3
    settings.MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL = 5
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )
    return enschede


def _page(client: Client, organisation, address="198.51.100.1", **extra):
    return client.post(
        f"/melden/{organisation.slug}/",
        {"kind": "anders", "description": "Er gebeurt iets vreemds.", "identity": "anoniem"},
        REMOTE_ADDR=address, **extra,
    )  # fmt: skip


def _api(client: Client, organisation, address="198.51.100.1"):
    return client.post(
        f"{API}/{organisation.slug}/reports",
        {"kind": "anders", "description": "Er gebeurt iets vreemds.", "identity": "anoniem"},
        content_type="application/json", REMOTE_ADDR=address,
    )  # fmt: skip


def test_one_address_makes_a_few_reports_an_hour_then_reads_why_not(client, accepting):
    for _ in range(3):
        assert _page(client, accepting).status_code == 200
    refused = _page(client, accepting)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Te veel meldingen" in page and "Er is niets opgeslagen" in page and "112" in page
    assert int(refused["Retry-After"]) <= 3600
    assert Report.objects.count() == 3
    api = _api(client, accepting)
    assert api.status_code == 429 and api["Content-Type"] == "application/problem+json"
    assert "minuten" in api.json()["detail"]
    assert Report.objects.count() == 3
    assert _page(client, accepting, address="198.51.100.2").status_code == 200  # someone else


def test_everyone_together_has_a_ceiling(client, accepting):
    for number in range(5):
        assert _api(client, accepting, address=f"198.51.100.{10 + number}").status_code == 201
    assert _api(client, accepting, address="198.51.100.99").status_code == 429
    assert Report.objects.count() == 5


def test_one_ipv6_network_is_one_sender(client, accepting):
    for host in range(1, 4):
        assert _api(client, accepting, address=f"2001:db8:1:2::{host}").status_code == 201
    assert _api(client, accepting, address="2001:db8:1:2::99").status_code == 429
    assert _api(client, accepting, address="2001:db8:1:3::1").status_code == 201


def test_a_flood_at_one_meldpunt_does_not_close_another(client, accepting, utrecht_city):
    MeldpuntSettings.objects.create(organisation=utrecht_city, accepts_reports=True)
    for number in range(5):
        assert _api(client, accepting, address=f"198.51.100.{10 + number}").status_code == 201
    assert _api(client, accepting, address="198.51.100.99").status_code == 429
    assert _api(client, utrecht_city, address="198.51.100.99").status_code == 201


def test_replies_count_too(client, accepting):
    submitted = services.report_submit(
        organisation=accepting, kind="anders", description="Iets", identity="anoniem"
    )
    code = submitted.receipt.code
    answers = [
        client.post(
            f"{API}/follow-up", {"message": f"Aanvulling {n}"}, content_type="application/json",
            headers={"X-Receipt-Code": code}, REMOTE_ADDR="198.51.100.1",
        ).status_code
        for n in range(4)
    ]  # fmt: skip
    assert answers == [201, 201, 201, 429]
    assert Message.objects.count() == 3


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, accepting, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"address": "10.1.2.3"}
    for _ in range(3):
        response = _page(client, accepting, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert response.status_code == 200
    refused = _page(client, accepting, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert refused.status_code == 429
    # A forged address in front of what the proxy saw changes nothing …
    forged = _page(client, accepting, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.1")
    assert forged.status_code == 429
    # … while another client behind the same proxy still reports.
    other = _page(client, accepting, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 200


def _in_another_process(redis_url: str, code: str) -> str:
    """Run `code` in a fresh Python process with the app set up against the shared cache, as
    another app server (or this one after a restart) would; return what it prints."""
    env = {
        **os.environ,
        "CACHE_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR": "3",
        "DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL": "100",
    }
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_limits_and_the_code_throttle_hold_across_app_servers_and_restarts(redis_url):
    # One hour for both processes: run at the turn of an hour, the second would count afresh.
    submit = """
        import datetime
        from dijkwacht.meldpunt.limits import submission_allowed
        hour = datetime.datetime(2030, 1, 1, 12, 30, tzinfo=datetime.UTC)
        print(sum(submission_allowed("192.0.2.44", 1, now=hour) for _ in range(2)))
    """
    assert _in_another_process(redis_url, submit) == "2"
    assert _in_another_process(redis_url, submit) == "1"  # the third of three, then refused
    guess = """
        from dijkwacht.meldpunt.receipts import Throttle
        print(sum(Throttle("192.0.2.45", "123456").try_() for _ in range(3)))
    """
    assert _in_another_process(redis_url, guess) == "3"
    assert _in_another_process(redis_url, guess) == "2"  # five allowed in all
    keys = _in_another_process(
        redis_url,
        """
        from django.core.cache import cache
        print(" ".join(k.decode() for k in cache._cache.get_client().keys("*")))
        """,
    )
    assert "meldpunt-submit" in keys and "meldpunt-throttle" in keys
    assert "192.0.2.44" not in keys and "192.0.2.45" not in keys
