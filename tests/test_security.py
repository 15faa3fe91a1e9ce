"""Security headers on every response, and settings that refuse to run unsafely."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DIJKWACHT_DEBUG": "0",
    "DIJKWACHT_DEMO": "0",
    "DIJKWACHT_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopq",
    "DIJKWACHT_ALLOWED_HOSTS": "dijkwacht.example.nl",
    "DIJKWACHT_ENCRYPTION_KEYS": "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0=",
    "EMAIL_URL": "smtp+tls://dijkwacht:secret@mail.example.nl:587",
    "DIJKWACHT_BASE_URL": "https://dijkwacht.example.nl",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean slate: none of the test run's own settings (nor its async allowance) leak in.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIJKWACHT_", "EMAIL_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "missing", ["DIJKWACHT_SECRET_KEY", "DIJKWACHT_ALLOWED_HOSTS", "DIJKWACHT_ENCRYPTION_KEYS"]
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_malformed_encryption_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DIJKWACHT_ENCRYPTION_KEYS": "too-short"})
    assert result.returncode != 0
    assert "key 1 is not urlsafe base64 of 32 bytes" in result.stderr


def test_demo_mode_starts_without_secrets():
    result = _manage("check", env={"DIJKWACHT_DEMO": "1"})
    assert result.returncode == 0, result.stderr


def test_check_deploy_warns_when_mails_would_link_to_this_machine():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DIJKWACHT_BASE_URL"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "dijkwacht.W001" in result.stderr + result.stdout


def test_check_deploy_reports_nothing_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_generate_encryption_key_prints_a_key_the_settings_accept():
    key = _manage("generate_encryption_key", env={"DIJKWACHT_DEMO": "1"}).stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}=", key)
    other = _manage("generate_encryption_key", env={"DIJKWACHT_DEMO": "1"}).stdout.strip()
    assert key != other
    result = _manage("check", env={**PRODUCTION_ENV, "DIJKWACHT_ENCRYPTION_KEYS": f"{key},{other}"})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inloggen/", "/healthz", "/", "/api/v1/partnerships", "/nope/"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_scripts_carry_the_csp_nonce(client):
    response = client.get("/inloggen/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads htmx"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert "style=" not in html
    second = client.get("/inloggen/")
    assert nonce not in second["Content-Security-Policy"], "a nonce is used once"


@pytest.mark.django_db
def test_hsts_on_secure_requests_outside_debug(client, settings):
    assert settings.DEBUG is False
    response = client.get("/inloggen/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client, coordinator, settings):
    response = client.post(
        "/inloggen/",
        {"username": coordinator.email, "password": "dijkwacht-demo"},
        secure=True,
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/inloggen/", "/melden/", "/api/v1/partnerships", "/healthz", "/nope/"]
)
def test_browser_features_the_app_does_not_use_are_off(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_static_files_carry_the_permissions_policy_too(client, settings):
    """WhiteNoise answers for static files before most middleware: the policy still comes."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/dijkwacht/css/dijkwacht.css")
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_api_answers_with_receipt_codes_or_messages_are_never_cached(client, enschede):
    from dijkwacht.meldpunt.models import MeldpuntSettings
    from dijkwacht.meldpunt.services import report_submit

    MeldpuntSettings.objects.create(organisation=enschede, accepts_reports=True)
    base = "/api/v1/meldpunt/public"
    body = {"kind": "anders", "description": "Iets vreemds", "identity": "anoniem"}
    made = client.post(f"{base}/{enschede.slug}/reports", body, content_type="application/json")
    assert made.status_code == 201 and "no-store" in made["Cache-Control"]
    code = report_submit(
        organisation=enschede, kind="anders", description="Iets", identity="anoniem"
    ).receipt.code
    read = client.get(f"{base}/follow-up", headers={"X-Receipt-Code": code})
    assert read.status_code == 200 and "no-store" in read["Cache-Control"]
    reply = client.post(
        f"{base}/follow-up", {"message": "Aanvulling"}, content_type="application/json",
        headers={"X-Receipt-Code": code},
    )  # fmt: skip
    assert reply.status_code == 201 and "no-store" in reply["Cache-Control"]


@pytest.mark.django_db
def test_the_csrf_cookie_of_an_anonymous_reporter_ends_with_the_browser_session(client, enschede):
    from dijkwacht.meldpunt.models import MeldpuntSettings

    MeldpuntSettings.objects.create(organisation=enschede, accepts_reports=True)
    response = client.get(f"/melden/{enschede.slug}/")
    cookie = response.cookies["csrftoken"]
    assert cookie.value
    assert not cookie["max-age"] and not cookie["expires"]
