"""What other modules tell about a programme's actions, without the programmes knowing them.

A module below in the layers (awareness) registers a function in its `AppConfig.ready` that
takes action ids and answers a short text per action ("3 sessions, 74 participants"); the
matrix and the action's page show them under the action. Each function runs one query for
all the actions of a page, so a matrix asks the same number of queries at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

ActionNotes = Callable[[Sequence[int]], dict[int, str]]

_sources: list[ActionNotes] = []


def register_action_notes(source: ActionNotes) -> None:
    if source not in _sources:
        _sources.append(source)


def action_notes(action_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Per action the texts the registered modules have for it (none: not in the result)."""
    if not action_ids:
        return {}
    notes: dict[int, list[str]] = {}
    for source in _sources:
        for action_id, text in source(action_ids).items():
            notes.setdefault(action_id, []).append(text)
    return {action_id: tuple(texts) for action_id, texts in notes.items()}
