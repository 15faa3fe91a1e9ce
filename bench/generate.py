"""National-scale data for the benchmarks: every municipality and province, about 25
partnerships (districts of up to 14 municipalities with their province and a RIEC), a
coordinator and a viewer per partnership and three contributors per municipality.

Later modules add their own volume here (actions, status updates, answers)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from dijkwacht.accounts.models import User
from dijkwacht.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)
from dijkwacht.organisations.services import reference_data_load

DISTRICT_SIZE = 14
PASSWORD_HASH = "!"  # noqa: S105 - unusable: benchmark users log in with force_login


@dataclass(frozen=True)
class Scale:
    partnerships: int
    organisations: int
    users: int
    memberships: int


@transaction.atomic
def generate() -> Scale:
    reference_data_load()
    if Partnership.objects.filter(slug__startswith="bench-").exists():
        return _scale()
    riec = Organisation.objects.create(
        kind=OrganisationKind.RIEC, name="RIEC Bench", slug="riec-bench"
    )
    users: list[User] = []
    memberships: list[Membership] = []
    provinces = Organisation.objects.filter(kind=OrganisationKind.PROVINCE).order_by("cbs_code")
    for province in provinces:
        municipalities = list(
            province.municipalities.filter(valid_to__isnull=True).order_by("cbs_code")
        )
        for start in range(0, len(municipalities), DISTRICT_SIZE):
            district = municipalities[start : start + DISTRICT_SIZE]
            name = f"Bench {province.name} {start // (DISTRICT_SIZE) + 1}"
            partnership = Partnership.objects.create(name=name, slug=slugify(f"bench {name}"))
            partnership.members.set([*district, province, riec])
            for role in (Role.COORDINATOR, Role.VIEWER):
                user = User(
                    email=f"{role}-{partnership.slug}@bench.test",
                    full_name=f"{role} {name}",
                    password=PASSWORD_HASH,
                )
                users.append(user)
                memberships.append(
                    Membership(user=user, organisation=province, role=role, partnership=partnership)
                )
            for municipality in district:
                for i in range(3):
                    user = User(
                        email=f"contributor{i}-{municipality.slug}@bench.test",
                        full_name=f"Bijdrager {i} {municipality.name}",
                        password=PASSWORD_HASH,
                    )
                    users.append(user)
                    memberships.append(
                        Membership(user=user, organisation=municipality, role=Role.CONTRIBUTOR)
                    )
    User.objects.bulk_create(users, batch_size=500)
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@bench.test")}
    for membership in memberships:
        membership.user = by_email[membership.user.email]
    Membership.objects.bulk_create(memberships, batch_size=500)
    return _scale()


def _scale() -> Scale:
    return Scale(
        partnerships=Partnership.objects.count(),
        organisations=Organisation.objects.count(),
        users=User.objects.count(),
        memberships=Membership.objects.count(),
    )
