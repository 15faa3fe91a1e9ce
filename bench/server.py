"""A throwaway Dijkwacht on loopback, for the runs that need a real server: the meldpunt load
test (`meldpunt_load.py`) and the API fuzz (`api_fuzz.py`).

`environment` is a clean environment (none of the caller's Dijkwacht settings) with a fresh
SQLite database; `manage` runs a management command in it; `serve` starts `runserver
--noreload` on a free port of 127.0.0.1, waits for `/healthz` and stops the server (its
whole process group) afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(database: Path, **extra: str) -> dict[str, str]:
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
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> str:
    """Run `manage.py` with `args` in `env`; its output (raises when it fails)."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600,
        capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
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


@contextmanager
def serve(env: dict[str, str], log: Path) -> Iterator[str]:
    """The server's base URL while it runs; its output goes to `log`."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(base, server, time.monotonic() + 60)
            yield base
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def tail(log: Path, lines: int = 40) -> str:
    return "".join(log.read_text().splitlines(keepends=True)[-lines:])
