"""Property-based fuzzing of the whole API: `make fuzz-api` (and CI).

Starts the app on loopback (`manage.py runserver --noreload`, debug off) against a fresh
temporary SQLite database with the demo data, makes an API token for each demo role, and runs
Schemathesis against the committed OpenAPI document (`docs/api/openapi.json`, kept equal to
what the app serves by the drift check) once per role and once without a token. It fails on
any 5xx and on any answer the document does not describe: its status code, its content type
(`application/problem+json` for errors) or its body's schema.

Bounded: every role has a time budget (`--seconds`, 30 by default) and a number of examples
per operation; the seed is fixed so a failure can be repeated. Traffic stays on 127.0.0.1.

    python tests/fuzz/api_fuzz.py [--seconds 30] [--examples 25] [--seed 20261202] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "api" / "openapi.json"
ROLES = ("coordinator", "enschede", "assessor", "viewer", "handler", "admin")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
TOKENS = """
import json
from dijkwacht.accounts.models import User
from dijkwacht.accounts.services import api_token_create
keys = {}
for role in %r:
    user = User.objects.get(email=f"{role}@dijkwacht.test")
    keys[role] = api_token_create(actor=user, name="fuzz")[1]
print(json.dumps(keys))
"""


def _environment(database: Path) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIJKWACHT_", "DATABASE_URL", "DJANGO_", "CACHE_URL"))
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DIJKWACHT_DEBUG": "0",
        # Demo mode only for its throwaway development keys; the data is made up.
        "DIJKWACHT_DEMO": "1",
        "DIJKWACHT_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DIJKWACHT_SSL_REDIRECT": "0",
        "DIJKWACHT_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{database}",
    }


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600,
        capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped while starting (exit {server.returncode}).")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("The server did not answer /healthz within 60 seconds.")


def _fuzz(base: str, role: str, token: str | None, args: argparse.Namespace, reports: Path):
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", str(SCHEMA),
        "--url", base, "--checks", ",".join(CHECKS),
        "--max-examples", str(args.examples), "--max-time", str(args.seconds),
        "--seed", str(args.seed), "--workers", "1", "--no-color",
        "--phases", "examples,coverage,fuzzing", "--request-timeout", "30",
        "--suppress-health-check", "all", "--generation-database", "none",
        "--report", "junit", "--report-junit-path", str(reports / f"{role}.xml"),
    ]  # fmt: skip
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    print(f"\n==> {role}: {'token' if token else 'no token'}", flush=True)
    return subprocess.run(command, cwd=ROOT, check=False, timeout=args.seconds * 4 + 120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="time budget per role (30)")
    parser.add_argument("--examples", type=int, default=25, help="examples per operation (25)")
    parser.add_argument("--seed", type=int, default=20261202, help="random seed")
    parser.add_argument("--roles", default=",".join(("anonymous", *ROLES)))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="dijkwacht-fuzz-"))
    env = _environment(workdir / "fuzz.sqlite3")
    started = time.monotonic()
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_demo_data")
    tokens = json.loads(_manage(env, "shell", "-c", TOKENS % (ROLES,)).strip().splitlines()[-1])
    print(f"Demo data and tokens ready in {time.monotonic() - started:.0f} s ({workdir})")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    failed = []
    try:
        _wait_until_up(base, server, time.monotonic() + 60)
        for role in args.roles.split(","):
            result = _fuzz(base, role, tokens.get(role), args, workdir)
            if result.returncode != 0:
                failed.append(role)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    if failed:
        print("\nserver log (tail):")
        print("".join((workdir / "server.log").read_text().splitlines(keepends=True)[-40:]))
    print(f"\nAPI fuzz {'FAILED for ' + ', '.join(failed) if failed else 'passed'} "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    if args.keep or failed:
        print(f"Reports and the database: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
