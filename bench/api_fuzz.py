"""Property-based fuzzing of the whole API: `make fuzz-api` (and CI).

Starts the app on loopback (`manage.py runserver --noreload`, debug off) against a fresh
temporary SQLite database with the demo data, makes an API token for each demo role, and runs
Schemathesis against the committed OpenAPI document (`docs/api/openapi.json`, kept equal to
what the app serves by the drift check) once per role and once without a token. It fails on
any 5xx and on any answer the document does not describe: its status code, its content type
(`application/problem+json` for errors) or its body's schema.

Bounded: every role has a time budget (`--seconds`, 30 by default) and a number of examples
per operation; the seed is fixed so a failure can be repeated. Traffic stays on 127.0.0.1.

    python -m bench.api_fuzz [--seconds 30] [--examples 25] [--seed 20261202] [--keep]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import ROOT, environment, manage, serve, tail

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
    return subprocess.run(command, cwd=ROOT, check=False, timeout=args.seconds * 4 + 120)  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="time budget per role (30)")
    parser.add_argument("--examples", type=int, default=25, help="examples per operation (25)")
    parser.add_argument("--seed", type=int, default=20261202, help="random seed")
    parser.add_argument("--roles", default=",".join(("anonymous", *ROLES)))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="dijkwacht-fuzz-"))
    env = environment(workdir / "fuzz.sqlite3")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_data")
    tokens = json.loads(manage(env, "shell", "-c", TOKENS % (ROLES,)).strip().splitlines()[-1])
    print(f"Demo data and tokens ready in {time.monotonic() - started:.0f} s ({workdir})")

    failed = []
    log = workdir / "server.log"
    with serve(env, log) as base:
        for role in args.roles.split(","):
            result = _fuzz(base, role, tokens.get(role), args, workdir)
            if result.returncode != 0:
                failed.append(role)
    if failed:
        print(f"\nserver log (tail):\n{tail(log)}")
    print(f"\nAPI fuzz {'FAILED for ' + ', '.join(failed) if failed else 'passed'} "
          f"in {time.monotonic() - started:.0f} s")  # fmt: skip
    if args.keep or failed:
        print(f"Reports and the database: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
