"""National-scale data for the benchmarks: every municipality and province, 25 partnerships
(districts of up to 28 municipalities with their province and a RIEC, topped up with
province-wide partnerships that overlap them), a coordinator and a viewer per partnership and
three contributors per municipality.

Later modules add their own volume here: programmes (`generate_programmes`) and scans
(`generate_scans`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from dijkwacht.accounts.models import User
from dijkwacht.organisations.models import Membership, Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.roles import Role
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


def largest_programme() -> Any:
    """The benchmark programme with the most matrix cells."""
    from django.db.models import Count

    from dijkwacht.programmes.models import Programme

    programme = (
        Programme.objects.filter(partnership__slug__startswith="bench-")
        .annotate(cells=Count("actions__commitments"))
        .order_by("-cells")
        .first()
    )
    assert programme is not None, "no benchmark programmes"
    return programme


def _programme_scale() -> ProgrammeScale:
    from dijkwacht.programmes.models import Action, Commitment, Programme, StatusUpdate

    return ProgrammeScale(
        programmes=Programme.objects.count(),
        actions=Action.objects.count(),
        commitments=Commitment.objects.count(),
        status_updates=StatusUpdate.objects.count(),
    )


# --- Scans at national scale ----------------------------------------------------------------

SCAN_FRAMEWORK = "Bench normenkader 60"
ANSWER_FRAMEWORK = "Bench normenkader 120"
SCAN_ROUNDS = 4
TIMED_ROUND = "Bench rode draden"


@dataclass(frozen=True)
class ScanScale:
    rounds: int
    organisations: int
    norms: int
    answers: int
    results: int
    latest: int


def bench_framework(name: str, themes: int, norms_per_theme: int) -> Any:
    """A synthetic framework on the shipped five-point scale (with "not applicable"), made
    through the service once and found after that."""
    from dijkwacht.scans.frameworks import FrameworkSpec, NormSpec, ScaleSpec, ThemeSpec
    from dijkwacht.scans.models import Framework
    from dijkwacht.scans.services import framework_create

    found = Framework.objects.filter(name=name, version="1").first()
    if found is not None:
        return found
    scale = (
        ScaleSpec("niet_gestart", "Niet gestart", 0, False, True),
        ScaleSpec("in_ontwikkeling", "In ontwikkeling", 1, False, True),
        ScaleSpec("voldaan", "Voldaan", 2, True, True),
        ScaleSpec("structureel_geborgd", "Structureel geborgd", 3, True, True),
        ScaleSpec("niet_van_toepassing", "Niet van toepassing", None, False, False),
    )
    spec = FrameworkSpec(
        name=name,
        version="1",
        description="Benchmark",
        scale=scale,
        themes=tuple(
            ThemeSpec(
                code=f"T{t + 1}",
                title=f"Thema {t + 1}",
                description="",
                norms=tuple(
                    NormSpec(
                        code=f"T{t + 1}.{n + 1}",
                        text=f"Norm {n + 1} van thema {t + 1}",
                        guidance="",
                        essential=n % 4 == 0,
                        weight=1 + n % 3,
                    )
                    for n in range(norms_per_theme)
                ),
            )
            for t in range(themes)
        ),
    )
    return framework_create(actor=None, spec=spec)


def generate_scans() -> ScanScale:
    """Four rounds of self-scans of every municipality with its district partnership on a
    60-norm framework (342 × 60 × 4 answers and final results), then two rounds with self-scan
    and review of the 30 members of the largest province-wide partnership: the newest of those
    is the round the benchmark times. Written with bulk inserts; the `latest` flags are set by
    the service's own `_mark_latest`, per organisation."""
    import datetime
    import random

    from django.utils import timezone

    from dijkwacht.scans.models import (
        Answer,
        Result,
        ResultSource,
        RoundKind,
        Scan,
        ScanKind,
        ScanRound,
        ScanStatus,
    )
    from dijkwacht.scans.services import _mark_latest

    framework = bench_framework(SCAN_FRAMEWORK, themes=6, norms_per_theme=10)
    if ScanRound.objects.filter(framework=framework).exists():
        return _scan_scale(framework)
    norms = list(framework.norms.order_by("theme__position", "position"))
    options = list(framework.scale.order_by("position"))  # 0, 1, 2, 3, n.v.t.
    rng = random.Random(20240501)
    now = timezone.now()
    today = timezone.localdate()

    def pick(strength: float, k: int) -> Any:
        """An option: organisations differ in strength and improve round after round."""
        r = rng.random()
        if r < 0.04:
            return options[4]
        met = min(0.95, strength + 0.08 * k)
        if r < 0.04 + 0.96 * met:
            return options[2] if rng.random() < 0.7 else options[3]
        return options[0] if rng.random() < 0.4 else options[1]

    def add_round(partnership, title, k, created, organisations, kind, previous=None):
        scan_round = ScanRound.objects.create(
            partnership=partnership, framework=framework, title=title, kind=kind,
            deadline=today - datetime.timedelta(days=(SCAN_ROUNDS - k) * 30), previous=previous,
        )  # fmt: skip
        ScanRound.objects.filter(pk=scan_round.pk).update(created_at=created, updated_at=created)
        kinds = [ScanKind.SELF] if kind == RoundKind.SELF else [ScanKind.SELF, ScanKind.REVIEW]
        scans = Scan.objects.bulk_create(
            Scan(round=scan_round, organisation=o, kind=scan_kind, status=ScanStatus.SUBMITTED,
                 submitted_at=created)
            for o in organisations
            for scan_kind in kinds
        )  # fmt: skip
        answers: list[Answer] = []
        results: list[Result] = []
        for scan in scans:
            strength = 0.3 + (scan.organisation_id * 7919 % 100) / 250
            for norm in norms:
                option = pick(strength, k)
                short = option.applicable and not option.counts_as_met
                review = scan.kind == ScanKind.REVIEW
                answers.append(
                    Answer(
                        scan=scan,
                        norm=norm,
                        option=option,
                        updated_at=created,
                        explanation="Toelichting" if short else "",
                        finding="Bevinding van de toetser" if review and short else "",
                        recommendation="Aanbeveling" if review and short else "",
                    )
                )
                if scan.kind == kinds[-1]:  # the review, when there is one, is the final answer
                    source = ResultSource.REVIEW if review else ResultSource.SELF
                    results.append(
                        Result(round=scan_round, organisation_id=scan.organisation_id,
                               norm=norm, option=option, source=source)
                    )  # fmt: skip
        Answer.objects.bulk_create(answers, batch_size=2000)
        Result.objects.bulk_create(results, batch_size=2000)
        return scan_round

    partnerships = list(
        Partnership.objects.filter(slug__startswith="bench-").prefetch_related("members")
    )
    districts = [p for p in partnerships if not p.name.endswith("provinciebreed")]
    wide = max(
        (p for p in partnerships if p.name.endswith("provinciebreed")),
        key=lambda p: len(p.members.all()),
    )
    with transaction.atomic():
        for partnership in districts:
            municipalities = [
                m for m in partnership.members.all() if m.kind == OrganisationKind.MUNICIPALITY
            ]
            previous = None
            for k in range(SCAN_ROUNDS):
                created = now - datetime.timedelta(days=365 * (SCAN_ROUNDS - k) - 300)
                previous = add_round(partnership, f"Zelfscan {2021 + k}", k, created,
                                     municipalities, RoundKind.SELF, previous)  # fmt: skip
        members = list(wide.members.all())
        year_ago = now - datetime.timedelta(days=400)
        earlier = add_round(wide, f"{TIMED_ROUND} vorige", SCAN_ROUNDS - 2, year_ago, members,
                            RoundKind.BOTH)  # fmt: skip
        yesterday = now - datetime.timedelta(days=1)
        add_round(wide, TIMED_ROUND, SCAN_ROUNDS - 1, yesterday, members, RoundKind.BOTH,
                  earlier)  # fmt: skip
        for organisation_id in (
            Result.objects.filter(round__framework=framework)
            .values_list("organisation_id", flat=True)
            .distinct()
        ):
            _mark_latest(framework_id=framework.pk, organisation_id=organisation_id)
    return _scan_scale(framework)


def _scan_scale(framework: Any) -> ScanScale:
    from dijkwacht.scans.models import Answer, Result, ScanRound

    results = Result.objects.filter(round__framework=framework)
    return ScanScale(
        rounds=ScanRound.objects.filter(framework=framework).count(),
        organisations=results.values("organisation_id").distinct().count(),
        norms=framework.norms.count(),
        answers=Answer.objects.filter(scan__round__framework=framework).count(),
        results=results.count(),
        latest=results.filter(latest=True).count(),
    )


# --- Indicators at national scale -----------------------------------------------------------

INDICATORS = 20
INDICATOR_YEARS = range(2016, 2026)


@transaction.atomic
def generate_indicators() -> int:
    """20 national indicators with a value for every municipality, its province and the
    country in each of ten years (68,400 municipal values and their comparisons); the number
    of values."""
    import datetime
    import random
    from decimal import Decimal

    from dijkwacht.insights.models import Indicator, IndicatorValue

    generate()
    existing = Indicator.objects.filter(name__startswith="Bench indicator ")
    if existing.count() == INDICATORS:
        return IndicatorValue.objects.filter(indicator__in=existing).count()
    existing.delete()
    codes = [
        str(code)
        for code in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, cbs_code__isnull=False, valid_to__isnull=True
        ).values_list("cbs_code", flat=True)
    ]
    provinces = [
        str(code)
        for code in Organisation.objects.filter(
            kind=OrganisationKind.PROVINCE, cbs_code__isnull=False
        ).values_list("cbs_code", flat=True)
    ]
    chance = random.Random(13)
    for number in range(INDICATORS):
        indicator = Indicator.objects.create(
            name=f"Bench indicator {number + 1:02d}",
            definition="Benchmark",
            unit="count",
            suppress_small=number % 2 == 0,
            source_name="Bench",
        )
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    indicator=indicator, area=code, period=datetime.date(year, 1, 1),
                    value=Decimal(chance.randint(0, 400)),
                )
                for year in INDICATOR_YEARS
                for code in [*codes, *provinces, "NL01"]
            ),
            batch_size=5000,
        )  # fmt: skip
    return IndicatorValue.objects.filter(indicator__name__startswith="Bench indicator ").count()
