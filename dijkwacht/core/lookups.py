"""Numbers a user sends are bounded where the database reads them.

Django already answers an exact (or greater/less-than) lookup with a number no integer column
can hold by matching nothing. An `in` lookup it passes on as is, and SQLite refuses to bind an
integer beyond 64 bits (OverflowError, a 500) — reachable from any form with a multiple choice
of objects (`pk__in`) or a filter on ids. These lookups drop such numbers first: no row can
have them, so the result is the same, without the error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

SMALLEST = -(2**63)
LARGEST = 2**63 - 1


def fits(value: Any) -> bool:
    """Whether `value` could be stored in a 64-bit integer column (non-integers: not ours to
    judge, the field's own preparation does)."""
    return not isinstance(value, int) or SMALLEST <= value <= LARGEST


class _WithinRange:
    rhs: Any

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():  # type: ignore[attr-defined]
            values = list(self.rhs)
            kept = [value for value in values if fits(value)]
            if values and not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)  # type: ignore[misc]


class IntegerIn(_WithinRange, In):
    pass


class RelatedIntegerIn(_WithinRange, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
