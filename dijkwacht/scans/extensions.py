"""What other modules know that is evidence for a norm, without the scans knowing them.

A norm may ask for the reach of target groups (`Norm.reach`, codes of the awareness module's
groups). Awareness uses scans (the calendar reads the rounds' deadlines), so scans cannot
import it: awareness registers a function in its `AppConfig.ready` that takes an
organisation, the codes asked for and a day, and answers per code a line in words ("Nieuwe
medewerkers: 62 % bereikt …") in a fixed number of queries. The scan shows them beside the
norm.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection

# (organisation id, codes asked for, day) → [(code, what it says)]
ReachEvidence = Callable[[int, Collection[str], datetime.date], list[tuple[str, str]]]

_sources: list[ReachEvidence] = []


def register_reach_evidence(source: ReachEvidence) -> None:
    if source not in _sources:
        _sources.append(source)


def reach_evidence(
    organisation_id: int, asked: dict[int, list[str]], day: datetime.date
) -> dict[int, list[str]]:
    """Per norm (of `asked`: norm id → codes) the lines the registered modules give for the
    codes it asks for, in the norm's order of codes. Each module is asked once for all."""
    codes = {code for wanted in asked.values() for code in wanted}
    if not codes:
        return {}
    said: dict[str, list[str]] = {}
    for source in _sources:
        for code, text in source(organisation_id, codes, day):
            said.setdefault(code, []).append(text)
    return {
        norm_id: [text for code in wanted for text in said.get(code, [])]
        for norm_id, wanted in asked.items()
        if any(code in said for code in wanted)
    }
