"""What an importer found wrong, kept within bounds: a file made of nothing but errors must
neither fill the server's memory nor a page. The first `LIMIT` problems are kept; the rest are
only counted, and shown as "… and N more"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.utils.translation import ngettext

T = TypeVar("T")

LIMIT = 200


class Problems(list[T]):
    """A list of problems that keeps at most `limit` and counts the others in `more`."""

    def __init__(self, items: Iterable[T] = (), *, limit: int = LIMIT) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0
        self.extend(items)

    def append(self, item: T) -> None:
        if len(self) < self.limit:
            super().append(item)
        else:
            self.more += 1

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)
        self.more += getattr(items, "more", 0)

    def __iadd__(self, items: Iterable[T]) -> Problems[T]:  # type: ignore[override,misc]
        self.extend(items)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.more

    @property
    def more_text(self) -> str:
        """ "… and 12 more problems." — or nothing when all are kept."""
        if not self.more:
            return ""
        return ngettext(
            "… and %(count)s more problem.", "… and %(count)s more problems.", self.more
        ) % {"count": self.more}
