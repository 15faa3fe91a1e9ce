"""The plan import's reader at a megabyte, called from bench/run.py (`make bench`): the text a
coordinator pastes from a Word plan, read into themes and actions, against a floor of one
regular-expression pass over the same lines (what any reader of numbered lines must do).

The text is made here: themes with an ambition and numbered actions with sub-actions,
bulleted notes and a table-like line, repeated to a megabyte, so the measure does not depend
on files outside the repository. Returns rows as dicts of run.py's Result fields.
"""

from __future__ import annotations

import re
from typing import Any

from bench.measure import measure

Row = dict[str, Any]
# About twice what a 2-core machine measured (40×: 0.76 s against 19 ms): it catches a reader
# that grows faster than the text, not a slow day.
LIMIT = 80.0
_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?\s+(.*)$")


def plan_text(size: int = 1_000_000) -> str:
    block = []
    for theme in range(1, 6):
        block.append(f"Thema {theme}: Weerbare organisatie en bestuur ({theme})")
        block.append("Ambitie: de gemeenten hebben hun basis op orde en delen signalen tijdig.")
        for action in range(1, 7):
            block.append(
                f"{theme}.{action} Jaarlijks een bijeenkomst organiseren voor medewerkers in "
                f"kwetsbare functies over ondermijning ({theme}.{action})"
            )
            block.append(f"{theme}.{action}.1 Uitnodiging via de interne nieuwsbrief")
            block.append("• trekker: gemeente; planning: 2025 Q2")
        block.append("")
    text = "\n".join(block)
    return "\n\n".join([text] * (size // len(text) + 1))


def plan_text_rows(repeat: int) -> list[Row]:
    from dijkwacht.programmes.plan_text import parse_plan

    text = plan_text()
    plan = parse_plan(text)
    assert sum(len(theme.actions) for theme in plan.themes) > 1000

    def floor() -> object:
        return [m for line in text.splitlines() if (m := _NUMBERED.match(line))]

    runs = max(3, repeat // 4)  # a megabyte a run: fewer runs than a page
    base = measure(floor, runs)
    samples = measure(lambda: parse_plan(text), runs)
    return [
        {
            "name": "plan_text_megabyte",
            "description": "plan import: a megabyte of pasted plan text read into actions",
            "median_ms": samples.median_ms,
            "queries": 0,
            "floor": "one regular-expression pass over the same lines",
            "floor_ms": base.median_ms,
            "ratio": samples.median_ms / base.median_ms,
            "limit": LIMIT,
            "p95_ms": samples.p95_ms,
            "cpu_ms": samples.cpu_median_ms,
        }
    ]
