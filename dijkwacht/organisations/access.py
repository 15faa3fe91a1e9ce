"""What a user may reach, as plain values: their grants, read once per request.

`Access` is what every queryset's `visible_to(access)` takes (not the user), so a scope is
computed from grants already in memory and never queries memberships again. It imports no
model: models, selectors and services all depend on it, it on none of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dijkwacht.organisations.roles import Role


@dataclass(frozen=True)
class Grant:
    role: str
    organisation_id: int | None
    partnership_id: int | None
    compartments: tuple[str, ...] = ()
    # Handlers: reports received before this moment only when shared (None: every report).
    reports_from: datetime.datetime | None = None


@dataclass(frozen=True)
class OwnOrganisation:
    """One of the user's organisations, as the header names it, with the partnerships it is a
    member of."""

    pk: int
    name: str
    partnership_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Access:
    # The person the grants belong to (None for NO_ACCESS and SYSTEM_ACCESS): a few scopes
    # name the person too (a meldpunt report shared with them, one they are excluded from).
    user_id: int | None = None
    grants: tuple[Grant, ...] = ()
    # Partnerships the user takes part in: named in a membership, or having one of the user's
    # organisations as a member.
    partnership_ids: frozenset[int] = field(default_factory=frozenset)
    # The organisations of the user's memberships, read with the grants (by name).
    organisations: tuple[OwnOrganisation, ...] = ()

    @property
    def is_admin(self) -> bool:
        return any(g.role == Role.ADMIN for g in self.grants)

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(g.organisation_id for g in self.grants if g.organisation_id is not None)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def partnerships_as(self, role: str) -> frozenset[int]:
        """The partnerships in which the user holds a partnership-wide `role`."""
        return frozenset(
            g.partnership_id for g in self.grants if g.role == role and g.partnership_id
        )

    @property
    def coordinating_ids(self) -> frozenset[int]:
        return self.partnerships_as(Role.COORDINATOR)

    @property
    def assessing_ids(self) -> frozenset[int]:
        return self.partnerships_as(Role.ASSESSOR)


NO_ACCESS = Access()
# For work done on nobody's behalf (management commands, the benchmark, data checks): sees
# every row, like a platform admin. Never for a request.
SYSTEM_ACCESS = Access(grants=(Grant(role=Role.ADMIN, organisation_id=None, partnership_id=None),))
