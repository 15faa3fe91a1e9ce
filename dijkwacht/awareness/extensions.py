"""What other modules put on the communication calendar, without awareness knowing them.

A module beside awareness (newsletters) registers a function in its `AppConfig.ready` that
takes the partnerships' ids and names and a period, and answers its `CalendarItem`s in one
query; the calendar's pages and feeds show them with the sessions and campaigns. An item
kind of its own (`ItemKind`) lets a reader filter them, and its UID's prefix lets a
cancelled one be shown as its kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

from dijkwacht.awareness.calendar import CalendarItem

CalendarSource = Callable[
    [Sequence[int], Mapping[int, str], datetime.date, datetime.date], list[CalendarItem]
]

_sources: list[CalendarSource] = []


def register_calendar_source(source: CalendarSource) -> None:
    if source not in _sources:
        _sources.append(source)


def calendar_sources() -> tuple[CalendarSource, ...]:
    return tuple(_sources)
