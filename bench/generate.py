"""National-scale data for the benchmarks: every municipality and province, 25 partnerships
(districts of up to 28 municipalities with their province and a RIEC, topped up with
province-wide partnerships that overlap them), a coordinator and a viewer per partnership and
three contributors per municipality.

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

DISTRICT_SIZE = 28
PARTNERSHIPS = 25
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
    provinces = list(
        Organisation.objects.filter(kind=OrganisationKind.PROVINCE).order_by("cbs_code")
    )
    current = {
        p.pk: list(p.municipalities.filter(valid_to__isnull=True).order_by("cbs_code"))
        for p in provinces
    }
    partnerships: list[Partnership] = []
    for province in provinces:
        municipalities = current[province.pk]
        for start in range(0, len(municipalities), DISTRICT_SIZE):
            name = f"Bench {province.name} {start // DISTRICT_SIZE + 1}"
            partnership = Partnership.objects.create(name=name, slug=slugify(f"bench {name}"))
            partnership.members.set(
                [*municipalities[start : start + DISTRICT_SIZE], province, riec]
            )
            partnerships.append(partnership)
    # Top up with province-wide partnerships of the largest provinces, overlapping the districts.
    for province in sorted(provinces, key=lambda p: -len(current[p.pk])):
        if len(partnerships) >= PARTNERSHIPS:
            break
        name = f"Bench {province.name} provinciebreed"
        partnership = Partnership.objects.create(name=name, slug=slugify(f"bench {name}"))
        partnership.members.set([*current[province.pk][:DISTRICT_SIZE], province, riec])
        partnerships.append(partnership)

    users: dict[str, User] = {}
    memberships: list[tuple[str, Membership]] = []
    for partnership in partnerships:
        province = next(m for m in partnership.members.all() if m.kind == OrganisationKind.PROVINCE)
        for role in (Role.COORDINATOR, Role.VIEWER):
            email = f"{role}-{partnership.slug}@bench.test"
            users[email] = User(email=email, full_name=f"{role} {partnership.name}",
                                password=PASSWORD_HASH)  # fmt: skip
            memberships.append(
                (email, Membership(organisation=province, role=role, partnership=partnership))
            )
    for municipalities in current.values():
        for municipality in municipalities:
            for i in range(3):
                email = f"contributor{i}-{municipality.slug}@bench.test"
                users[email] = User(email=email, full_name=f"Bijdrager {i} {municipality.name}",
                                    password=PASSWORD_HASH)  # fmt: skip
                memberships.append(
                    (email, Membership(organisation=municipality, role=Role.CONTRIBUTOR))
                )
    User.objects.bulk_create(users.values(), batch_size=500)
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@bench.test")}
    for email, membership in memberships:
        membership.user = by_email[email]
    Membership.objects.bulk_create([m for _e, m in memberships], batch_size=500)
    return _scale()


def _scale() -> Scale:
    return Scale(
        partnerships=Partnership.objects.count(),
        organisations=Organisation.objects.count(),
        users=User.objects.count(),
        memberships=Membership.objects.count(),
    )


# --- Programmes at national scale -----------------------------------------------------------

ACTIONS_PER_PARTNERSHIP = 200
TARGET_ACTIONS = 5_000
UPDATES_PER_CELL = 10


@dataclass(frozen=True)
class ProgrammeScale:
    programmes: int
    actions: int
    commitments: int
    status_updates: int


def generate_programmes(*, updates_per_cell: int = UPDATES_PER_CELL) -> ProgrammeScale:
    """One programme per bench partnership: 200 actions in 10 themes, a cell per member, and
    `updates_per_cell` status updates of history per cell, until about 5,000 actions. Written
    with bulk inserts: the services would take an hour for a million history rows."""
    import datetime
    import itertools

    from django.utils import timezone

    from dijkwacht.programmes.models import (
        Action,
        Commitment,
        Programme,
        Status,
        StatusUpdate,
        Theme,
    )

    if Programme.objects.filter(partnership__slug__startswith="bench-").exists():
        return _programme_scale()
    statuses = list(Status.values)
    now = timezone.now()
    partnerships = list(
        Partnership.objects.filter(slug__startswith="bench-").prefetch_related("members")
    )
    # The largest partnership first, so it certainly gets a programme.
    partnerships.sort(key=lambda p: -len(p.members.all()))
    for partnership in partnerships[: TARGET_ACTIONS // ACTIONS_PER_PARTNERSHIP]:
        with transaction.atomic():
            programme = Programme.objects.create(
                partnership=partnership, name=f"Plan {partnership.name}", stale_after_days=90
            )
            themes = Theme.objects.bulk_create(
                Theme(programme=programme, position=i, title=f"Thema {i + 1}") for i in range(10)
            )
            actions = Action.objects.bulk_create(
                Action(
                    programme=programme,
                    theme=themes[i % 10],
                    position=i,
                    number=f"{i % 10 + 1}.{i // 10 + 1}",
                    title=f"Actie {i + 1} van {partnership.name}",
                )
                for i in range(ACTIONS_PER_PARTNERSHIP)
            )
            members = list(partnership.members.all())
            counter = itertools.count()
            cells = Commitment.objects.bulk_create(
                (
                    Commitment(
                        programme=programme,
                        action=action,
                        organisation=organisation,
                        status=statuses[next(counter) % len(statuses)],
                        updated_at=now - datetime.timedelta(days=(action.position * 7) % 200),
                    )
                    for action in actions
                    for organisation in members
                ),
                batch_size=2000,
            )
            for start in range(0, len(cells), 1000):
                StatusUpdate.objects.bulk_create(
                    (
                        StatusUpdate(
                            commitment=cell,
                            occurred_at=now - datetime.timedelta(days=30 * k),
                            old_status=statuses[k % 6],
                            new_status=statuses[(k + 1) % 6],
                            note="Bijgewerkt in het overleg",
                        )
                        for cell in cells[start : start + 1000]
                        for k in range(updates_per_cell)
                    ),
                    batch_size=5000,
                )
    return _programme_scale()


def _programme_scale() -> ProgrammeScale:
    from dijkwacht.programmes.models import Action, Commitment, Programme, StatusUpdate

    return ProgrammeScale(
        programmes=Programme.objects.count(),
        actions=Action.objects.count(),
        commitments=Commitment.objects.count(),
        status_updates=StatusUpdate.objects.count(),
    )
