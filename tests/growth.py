"""Make the data of the test cast grow, for the query-count safety net.

Each module adds a function here that adds `n` more of everything it owns that the cast can
see; tests/test_query_counts.py calls them all between its two measurements.
"""

from collections.abc import Callable

from dijkwacht.accounts.services import api_token_create
from dijkwacht.core.services import audit_record
from dijkwacht.organisations.models import OrganisationKind
from dijkwacht.organisations.roles import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    make_framework,
    make_programme,
)
from tests.url_registry import Cast


def grow_organisations(cast: Cast, n: int) -> None:
    for _ in range(n):
        extra = OrganisationFactory(
            kind=OrganisationKind.MUNICIPALITY,
            province=cast.enschede.province,
            successor=cast.enschede,
        )
        cast.twente.members.add(extra)
        partnership = PartnershipFactory(members=[cast.enschede, extra])
        MembershipFactory(
            user=cast.coordinator,
            organisation=cast.enschede,
            role=Role.COORDINATOR,
            partnership=partnership,
        )
        MembershipFactory(user=UserFactory(), organisation=extra, role=Role.CONTRIBUTOR)


def grow_accounts(cast: Cast, n: int) -> None:
    start = cast.coordinator.api_tokens.count()
    for i in range(n):
        api_token_create(actor=cast.coordinator, name=f"token {start + i}")
        audit_record(actor=cast.coordinator, action="test.grow", obj=cast.twente)


def grow_programmes(cast: Cast, n: int) -> None:
    """More themes, actions, organisations in the matrix and history in the cast's programme,
    and more programmes."""
    from dijkwacht.programmes import services
    from dijkwacht.programmes.models import Commitment, Status

    programme = cast.programme
    members = list(cast.twente.members.order_by("-id")[:n])
    for i in range(n):
        theme = services.theme_create(actor=None, programme=programme, title=f"Groei {i}")
        action = services.action_create(
            actor=None, programme=programme, theme=theme, title=f"Groeiactie {i}",
            organisations=[cast.enschede, *members], lead_organisation=cast.enschede,
            owner=cast.coordinator,
        )  # fmt: skip
        for cell in Commitment.objects.filter(action=action):
            services.commitment_update(
                actor=None, commitment=cell, status=Status.IN_PROGRESS, note=f"stap {i}"
            )
    make_programme(cast.twente, [cast.enschede], actions=1)


def grow_frameworks(cast: Cast, n: int) -> None:
    """More themes and norms in the cast's framework, and more frameworks."""
    from dijkwacht.scans.models import FrameworkTheme, Norm

    framework = cast.framework
    for i in range(n):
        theme = FrameworkTheme.objects.create(framework=framework, code=f"G{i}", title=f"Groei {i}")
        for j in range(3):
            Norm.objects.create(framework=framework, theme=theme, code=f"G{i}.{j}", text="Norm")
        make_framework(name=f"Groei {i}")


def grow_scans(cast: Cast, n: int) -> None:
    """More organisations in the cast's scan round, every scan in it answered (on the grown
    framework) and the new ones submitted, so there are final results; and more rounds. The
    cast's own scans stay open: a page about them measures more data, not another state."""
    import datetime

    from dijkwacht.scans import services
    from dijkwacht.scans.models import RoundKind, Scan, ScanKind, ScanStatus

    scan_round = cast.scan_round
    joined = cast.twente.members.exclude(
        pk__in=scan_round.scans.values("organisation_id")
    ).order_by("-id")[:n]
    # Straight into the round: a round's organisations are otherwise fixed when it opens.
    Scan.objects.bulk_create(
        Scan(round=scan_round, organisation=o, kind=k)
        for o in joined
        for k in (ScanKind.SELF, ScanKind.REVIEW)
    )
    norms = list(cast.framework.norms.order_by("pk"))
    scale = list(cast.framework.scale.all())
    open_scans = scan_round.scans.exclude(status=ScanStatus.SUBMITTED).order_by("pk")
    for i, scan in enumerate(open_scans):
        for j, norm in enumerate(norms):
            services.answer_save(
                actor=None, scan=scan, norm=norm, option=scale[(i + j) % len(scale)],
                explanation=f"groei {i}.{j}",
            )  # fmt: skip
        if scan.organisation_id != cast.enschede.pk:
            services.scan_submit(actor=None, scan=scan)
    services.scan_round_open(
        actor=None, partnership=cast.twente, framework=cast.framework,
        title=f"Groei {cast.twente.scan_rounds.count()}", kind=RoundKind.BOTH,
        deadline=datetime.date(2030, 1, 1), organisations=list(cast.twente.members.all()),
    )  # fmt: skip


def grow_meldpunt(cast: Cast, n: int) -> None:
    """More reports to Enschede, of every kind and in several states, and more cases."""
    import datetime

    from dijkwacht.meldpunt import services
    from dijkwacht.meldpunt.models import Kind

    kinds = list(Kind.values)
    for i in range(n):
        report = services.report_submit(
            organisation=cast.meldpunt_organisation, kind=kinds[i % len(kinds)],
            description=f"Groei {i}", identity="anoniem", answers={"waar": "Stadhuis"},
        ).report  # fmt: skip
        if i % 2:
            services.report_transition(actor=None, report=report, action="acknowledge")
        if i % 3 == 2:
            services.report_transition(actor=None, report=report, action="close",
                                       reason="afgehandeld")  # fmt: skip
        signal = services.report_submit(
            organisation=cast.meldpunt_organisation, kind=Kind.UNDERMINING,
            description=f"Signaal {i}", identity="anoniem",
        ).report  # fmt: skip
        case = services.case_open(actor=None, report=signal, title=f"Groei {i}")
        services.meeting_add(actor=None, case=case, date=datetime.date(2025, 1, 1),
                             partners="Politie", decisions="Verder onderzoek")  # fmt: skip


def grow_bibob(cast: Cast, n: int) -> None:
    """More screenings of Enschede in several states, with steps and a disclosure, and some of
    another organisation the officer does not see."""
    import datetime

    from django.utils import timezone

    from dijkwacht.bibob import services
    from tests.factories import make_bibob_officer, make_screening

    officer = cast.bibob_officer
    today = timezone.localdate()
    stranger = make_bibob_officer(cast.twente.members.exclude(pk=cast.enschede.pk).first(),
                                  f"bibob-other-{officer.pk}-{today}-{n}@example.test")  # fmt: skip
    for i in range(n):
        make_screening(stranger, stranger.memberships.get().organisation, days_ago=i)
        screening = make_screening(officer, cast.enschede, days_ago=30 + i,
                                   category=["bouwen", "subsidie", "vastgoed-verkoop"][i % 3],
                                   decision_due_on=today + datetime.timedelta(days=i))  # fmt: skip

        def step(action: str, days: int, screening=screening, **given):
            return services.screening_step(
                actor=officer, screening=screening, action=action,
                date=today - datetime.timedelta(days=days), **given,
            )  # fmt: skip

        screening = step("questionnaire_send", 29)
        if i % 2:
            screening = step("questionnaire_receive", 20)
            screening = step("investigate", 19, finding="lbb_nodig")
            screening = step("lbb_request", 18, lbb_reference=f"LBB-{i}")
            if i % 3 == 1:
                screening = step("lbb_question", 5)
        if i % 3 == 2:
            screening = step("decide", 1, outcome="verleend")
        services.screening_disclose(
            actor=officer, screening=screening, recipient="riec", legal_ground="art. 28",
            what="Groei", date=today,
        )  # fmt: skip
    # More members with policies of their own, and more categories to compare them on.
    from dijkwacht.bibob.models import Category

    start = Category.objects.count()
    for i in range(n):
        category = Category.objects.create(domain="overig", code=f"groei-{start + i}",
                                           name=f"Groei {start + i}")  # fmt: skip
        member = (
            cast.twente.members.filter(kind="gemeente").exclude(bibob_policy__isnull=False).first()
        )
        if member is None:
            continue
        services.policy_save(actor=None, organisation=member, title=f"Beleid {member.name}",
                             rules=[services.RuleInput(category, "altijd", 1000 * i)])  # fmt: skip


def grow_indicators(cast: Cast, n: int) -> None:
    """More indicators (national and the partnership's), and more values of the cast's
    indicator: more periods, more municipalities, and its comparisons."""
    import datetime

    from dijkwacht.insights.models import Indicator, IndicatorValue
    from dijkwacht.organisations.models import Organisation

    codes = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY, cbs_code__isnull=False)
        .order_by("cbs_code")
        .values_list("cbs_code", flat=True)[: n + 1]
    )
    start = Indicator.objects.count()
    for i in range(n):
        for partnership in (None, cast.twente):
            extra = Indicator.objects.create(
                partnership=partnership, name=f"Groei {start + i} {partnership}",
                definition="Groei", unit="count", source_name="Groei",
            )  # fmt: skip
            IndicatorValue.objects.bulk_create(
                IndicatorValue(indicator=extra, area=code, period=datetime.date(2024, 1, 1),
                               value=i)
                for code in codes
            )  # fmt: skip
    indicator = cast.indicator
    first = 2024 - indicator.values.values("period").distinct().count()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=code, period=datetime.date(first - i, 1, 1),
                       value=i + 5)
        for i in range(n)
        for code in dict.fromkeys([*codes, cast.enschede.cbs_code, "PV23", "NL01"])
    )  # fmt: skip


def grow_catalogue(cast: Cast, n: int) -> None:
    """More sources of the cast's organisations (open and shielded, with themes and areas),
    and more requests for them, waiting and decided."""
    from dijkwacht.catalogue.models import RegisterKind
    from dijkwacht.catalogue.services import (
        registration_system_save,
        source_request_decide,
        source_request_submit,
    )
    from tests.factories import make_source

    start = cast.enschede.information_sources.count()
    hengelo = cast.requester.memberships.get().organisation
    for i in range(n):
        make_source(cast.enschede, cast.coordinator, title=f"Open {start + i}",
                    access_level="publiek", themes=["vastgoed", f"thema-{i}"],
                    coverage=["GM0153"], landing_url="https://example.test/",
                    contact_phone="053 000 0000")  # fmt: skip
        shielded = make_source(cast.enschede, cast.coordinator, title=f"Afgeschermd {start + i}",
                               themes=["drugs"], deputy=cast.contributor)  # fmt: skip
        request = source_request_submit(
            actor=cast.requester, source=shielded, organisation=hengelo,
            purpose=f"Groei {i}", legal_basis="avg_6_1_e",
        )  # fmt: skip
        if i % 2:
            source_request_decide(actor=cast.coordinator, request=request, granted=True,
                                  reason="Past bij het doel.")  # fmt: skip
    # More contact persons in Twente's roster (with deputies), on more themes.
    from dijkwacht.catalogue.models import Theme
    from dijkwacht.catalogue.services import contact_save

    for member in cast.twente.members.all():
        for i in range(n):
            code = f"groei-{start + i}"
            theme, _ = Theme.objects.get_or_create(code=code, defaults={"name": code})
            contact_save(actor=None, partnership=cast.twente, organisation=member, theme=theme,
                         name=f"Persoon {i}", email=f"persoon{i}@example.test", phone="053",
                         deputy_name="Vervanger", deputy_email="v@example.test")  # fmt: skip
    # More completed checklists, by more people, about actions of the cast's programme.
    from dijkwacht.catalogue.selectors import checklist_version
    from dijkwacht.catalogue.services import checklist_record

    version = checklist_version(cast.twente)
    for i in range(n):
        answers = [0, 1, 0] if i % 2 else [3, 1]  # the RIEC, or handle it locally
        checklist_record(actor=cast.coordinator if i % 2 else cast.contributor,
                         partnership=cast.twente, version=version, answers=answers,
                         action=cast.action)  # fmt: skip
    # More areas on the map: in more kinds (with statuses), shared and shielded, linked to
    # sources and the cast's action, in Enschede.
    from dijkwacht.catalogue.models import AreaKind
    from tests.factories import make_area

    for i in range(n):
        code = f"groei-{start + i}"
        AreaKind.objects.create(code=code, name=f"Gebieden {code}", statuses=["open", "dicht"])
        lon, lat = 6.87 + 0.004 * (i % 8), 52.21 + 0.004 * (i // 8)
        make_area(cast.enschede, f"Gebied {start + i}", kind=code, status="open", lon=lon,
                  lat=lat)  # fmt: skip
        park = make_area(
            cast.enschede,
            f"Park {start + i}",
            status="in aanpak",
            lon=lon,
            lat=lat + 0.002,
            visibility="organisatie" if i % 2 else "samenwerking",
        )
        terrain = make_area(cast.enschede, f"Terrein {start + i}", kind="bedrijventerreinen",
                            lon=lon + 0.002, lat=lat, half=0)  # fmt: skip
        park.sources.set(cast.enschede.information_sources.all()[:3])
        park.actions.set([cast.action])
        terrain.sources.set(cast.enschede.information_sources.all()[:1])
    # More members with systems (some without a register), and more kinds of register.
    kinds = [RegisterKind.objects.create(code=f"groei-{start + i}", name=f"Groei {start + i}")
             for i in range(n)]  # fmt: skip
    for member in cast.twente.members.all():
        for j, kind in enumerate(kinds):
            registration_system_save(actor=None, organisation=member, kind=kind,
                                     has_register=bool(j % 2), product="Squit",
                                     supplier="Leverancier")  # fmt: skip


def grow_awareness(cast: Cast, n: int) -> None:
    """More activities in Twente with sessions held and to come, counts of several members and
    groups, sizes with a history, and an activity of another partnership."""
    import datetime

    from django.utils import timezone

    from dijkwacht.awareness import services
    from dijkwacht.awareness.models import TargetGroup
    from dijkwacht.awareness.services import sizes_save
    from dijkwacht.organisations.models import Partnership
    from tests.factories import make_activity

    members = list(cast.twente.members.all()[: n + 1])
    codes = ["nieuwe-medewerkers", "raad", "college"]
    today = timezone.localdate()
    for i in range(n):
        make_activity(
            cast.twente,
            members[i % len(members)],
            title=f"Groei {i}",
            groups=codes,
            organisations=members,
            days_ago=(40 + i, 10 + i, -5 - i),
            came={(m, code): 2 + i for m in members for code in codes},
            action=cast.programme.actions.first() if i % 2 else None,
        )
        for m in members:
            sizes_save(
                actor=None,
                partnership=cast.twente,
                organisation=m,
                valid_from=today - datetime.timedelta(days=100 * i),
                sizes={g.pk: 50 + i for g in TargetGroup.objects.filter(code__in=codes)},
            )
        services.campaign_save(
            actor=None, partnership=cast.twente, organiser=members[i % len(members)],
            target_groups=TargetGroup.objects.filter(code__in=codes), organisations=members,
            title=f"Campagne {i}", starts_on=today - datetime.timedelta(days=i),
            ends_on=today + datetime.timedelta(days=i),
        )  # fmt: skip
    other = Partnership.objects.exclude(pk=cast.twente.pk).filter(members__isnull=False).first()
    if other is not None:
        make_activity(other, other.members.first(), title="Elders", days_ago=(3,))


def grow_newsletters(cast: Cast, n: int) -> None:
    """Issues sent of the cast's newsletter and of another one, and more subscribers."""
    import datetime

    from django.utils import timezone

    from dijkwacht.newsletters import services
    from dijkwacht.newsletters.models import Issue, Subscriber

    other = services.series_save(
        actor=cast.coordinator, partnership=cast.twente, title=f"Groei {n}",
        audience="bestuurders", cadence="quarterly",
    )  # fmt: skip
    for series in (cast.newsletter, other):
        first = (
            series.issues.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        Issue.objects.bulk_create(
            [
                Issue(
                    series=series,
                    number=first + i,
                    title=f"Nummer {first + i}",
                    planned_on=timezone.localdate(),
                    since=timezone.localdate(),
                    until=timezone.localdate(),
                    body="Tekst",
                    state="verzonden",
                    sent_at=timezone.now() - datetime.timedelta(days=i),
                    recipients=3,
                    delivered=3,
                )
                for i in range(n)
            ]
        )
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    series=series,
                    email=f"groei{n}-{i}@example.test",
                    confirmed_at=timezone.now() if i % 2 else None,
                )
                for i in range(n)
            ]
        )


GROWERS: list[Callable[[Cast, int], None]] = [
    grow_organisations,
    grow_accounts,
    grow_programmes,
    grow_frameworks,
    grow_scans,
    grow_meldpunt,
    grow_bibob,
    grow_indicators,
    grow_catalogue,
    grow_awareness,
    grow_newsletters,
]


def grow(cast: Cast, n: int) -> None:
    for grower in GROWERS:
        grower(cast, n)
