"""Write or check the committed OpenAPI document (`docs/api/openapi.json`).

python -m config.openapi --write   # after changing the API
python -m config.openapi --check   # in `make lint`/CI: fails when the API drifted
"""

import argparse
import json
import os
import sys
from pathlib import Path

import django

# Run as a script: Django is set up before the API (and with it every app) is imported.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from config.api import api  # noqa: E402

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "api" / "openapi.json"


def current_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true")
    action.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)

    schema = current_schema()
    if args.write:
        COMMITTED.parent.mkdir(parents=True, exist_ok=True)
        COMMITTED.write_text(schema, encoding="utf-8")
        print(f"Wrote {COMMITTED}")
        return 0
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if committed != schema:
        print(
            f"{COMMITTED} is out of date with the API: run `make openapi` and commit the result.",
            file=sys.stderr,
        )
        return 1
    print("OpenAPI document is up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
