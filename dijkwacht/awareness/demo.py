"""Awareness from the seeds, with invented numbers: Overijssel's monthly integrity workshop for
new staff and its yearly meeting for staff in vulnerable positions (seed 000), Twente's
congress and integrity roadshow (seed 001), each carrying out its action of the programme, and
Maas en Leijgraaf's sessions for the civil service, the council, the management team, the
college and citizens and businesses (seed 004), and Overijssel's yearly Meld Misdaad Anoniem
campaign, last year's with its figures and this year's beside it. The members' target-group
sizes are invented
and round; nobody is named. Dates lie around today, so the reach of the last twelve months
reads as on a working day. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.awareness import services
from dijkwacht.awareness.defaults import ensure_defaults
from dijkwacht.awareness.models import (
    Activity,
    ActivityType,
    Campaign,
    Course,
    CourseCompletion,
    Session,
    TargetGroup,
    TargetGroupSize,
)
from dijkwacht.awareness.recurrence import Repeat, add_months
from dijkwacht.organisations.demo import MAAS_EN_LEIJGRAAF_2019, TWENTE
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import Action


@dataclass(frozen=True)
class DemoActivity:
    partnership: str
    title: str
    kind: str
    organiser: str  # CBS code or slug
    groups: tuple[str, ...]
    organisations: tuple[str, ...]  # CBS codes or slugs; the organiser takes part anyway
    months_ago: int  # the first session
    repeat: Repeat
    count: int
    starts: datetime.time
    ends: datetime.time
    place: str = ""
    capacity: int | None = None
    action: str = ""  # the title the programme action starts with
    description: str = ""
    # Participants per held session: organisation → group → count (the same at each).
    came: dict[str, dict[str, int]] = field(default_factory=dict)


T = datetime.time
TWENTE_SOME = ("GM0153", "GM0164", "GM0141", "GM0183", "GM0173")
ACTIVITIES = [
    DemoActivity(
        "district-twente",
        "Workshop integriteit voor nieuwe medewerkers (met ondermijning)",
        "workshop-integriteit",
        "PV23",
        ("nieuwe-medewerkers",),
        (),
        11,
        Repeat.MONTHLY_WEEKDAY,
        14,
        T(9, 30),
        T(12, 0),
        place="Provinciehuis, Zwolle",
        capacity=20,
        action="Maandelijks bij de workshop integriteit",
        description="Elke maand voor wie net in dienst is: integriteit, en wat ondermijning "
        "met je werk bij de provincie te maken heeft.",
        came={"PV23": {"nieuwe-medewerkers": 9}},
    ),
    DemoActivity(
        "district-twente",
        "Jaarlijkse bijeenkomst medewerkers in kwetsbare functies",
        "bijeenkomst-kwetsbare-functies",
        "PV23",
        ("kwetsbare-functies",),
        (),
        2,
        Repeat.ONCE,
        1,
        T(14, 0),
        T(17, 0),
        place="Provinciehuis, Zwolle",
        capacity=150,
        action="Jaarlijks een bijeenkomst organiseren",
        came={"PV23": {"kwetsbare-functies": 74}},
    ),
    DemoActivity(
        "district-twente",
        "Ondermijningscongres Overijsselbreed",
        "congres",
        "GM0141",
        ("ambtelijke-organisatie", "raad", "college"),
        (*TWENTE, "PV23"),
        5,
        Repeat.ONCE,
        1,
        T(9, 0),
        T(16, 30),
        place="Theaterhotel, Almelo",
        capacity=400,
        action="Ondermijningscongres Overijsselbreed",
        came={
            "GM0153": {"ambtelijke-organisatie": 38, "raad": 6, "college": 2},
            "GM0164": {"ambtelijke-organisatie": 24, "raad": 4, "college": 1},
            "GM0141": {"ambtelijke-organisatie": 31, "raad": 9, "college": 3},
            "GM0183": {"ambtelijke-organisatie": 8, "raad": 2},
            "GM0173": {"ambtelijke-organisatie": 11, "college": 1},
            "PV23": {"ambtelijke-organisatie": 17},
        },
    ),
    DemoActivity(
        "district-twente",
        "Twentse integriteits-roadshow",
        "roadshow",
        "riec-oost-nederland",
        ("ambtelijke-organisatie", "management"),
        TWENTE_SOME,
        4,
        Repeat.MONTHLY_WEEKDAY,
        6,
        T(13, 30),
        T(15, 30),
        place="Op locatie bij de deelnemende gemeenten",
        capacity=40,
        action="Een Twentse integriteits-roadshow",
        came={
            "GM0153": {"ambtelijke-organisatie": 12, "management": 3},
            "GM0164": {"ambtelijke-organisatie": 9, "management": 2},
            "GM0141": {"ambtelijke-organisatie": 7},
        },
    ),
    DemoActivity(
        "basisteam-maas-en-leijgraaf",
        "Bewustwording ambtelijke organisatie",
        "kennissessie",
        "politie-basisteam-maas-en-leijgraaf",
        ("ambtelijke-organisatie",),
        tuple(MAAS_EN_LEIJGRAAF_2019),
        9,
        Repeat.QUARTERLY,
        3,
        T(10, 0),
        T(12, 0),
        place="Gemeentehuis Oss",
        capacity=60,
        came={
            code: {"ambtelijke-organisatie": 6 + i % 4 * 3}
            for i, code in enumerate(MAAS_EN_LEIJGRAAF_2019)
        },
    ),
    DemoActivity(
        "basisteam-maas-en-leijgraaf",
        "Bewustwording raad",
        "kennissessie",
        "politie-basisteam-maas-en-leijgraaf",
        ("raad",),
        tuple(MAAS_EN_LEIJGRAAF_2019),
        7,
        Repeat.ONCE,
        1,
        T(19, 30),
        T(21, 30),
        place="Raadzaal Oss",
        came={code: {"raad": 9 + i % 3 * 4} for i, code in enumerate(MAAS_EN_LEIJGRAAF_2019)},
    ),
    DemoActivity(
        "basisteam-maas-en-leijgraaf",
        "Bewustwording MT",
        "workshop",
        "politie-basisteam-maas-en-leijgraaf",
        ("management",),
        tuple(MAAS_EN_LEIJGRAAF_2019[:5]),
        3,
        Repeat.ONCE,
        1,
        T(9, 0),
        T(11, 0),
        place="Politiebureau Oss",
        came={code: {"management": 4 + i % 2} for i, code in enumerate(MAAS_EN_LEIJGRAAF_2019[:5])},
    ),
    DemoActivity(
        "basisteam-maas-en-leijgraaf",
        "Bewustwording college",
        "masterclass",
        "riec-oost-brabant",
        ("college",),
        tuple(MAAS_EN_LEIJGRAAF_2019),
        6,
        Repeat.ONCE,
        1,
        T(16, 0),
        T(18, 0),
        place="RIEC Oost-Brabant, 's-Hertogenbosch",
        came={code: {"college": 3 + i % 3} for i, code in enumerate(MAAS_EN_LEIJGRAAF_2019)},
    ),
    DemoActivity(
        "basisteam-maas-en-leijgraaf",
        "Bewustwording burgers en bedrijven",
        "campagneweek",
        "politie-basisteam-maas-en-leijgraaf",
        ("burgers", "horeca", "makelaars", "notarissen", "agrarische-sector"),
        tuple(MAAS_EN_LEIJGRAAF_2019),
        -1,
        Repeat.ONCE,
        1,
        T(9, 0),
        T(17, 0),
        place="Via de werkgroep communicatie, in alle acht gemeenten",
        description="Voorlichting aan burgers en sectoren (horeca, ZLTO, makelaars, notarissen).",
    ),
]

# Sizes per member (from the first of January), invented and round.
SIZES: dict[str, dict[str, int]] = {
    "PV23": {"nieuwe-medewerkers": 140, "kwetsbare-functies": 180, "ambtelijke-organisatie": 1400},
    "GM0153": {"ambtelijke-organisatie": 2200, "raad": 39, "college": 8, "management": 40},
    "GM0164": {"ambtelijke-organisatie": 1100, "raad": 37, "college": 7, "management": 25},
    "GM0141": {"ambtelijke-organisatie": 900, "raad": 33, "college": 6, "management": 20},
    "GM0183": {"ambtelijke-organisatie": 450, "raad": 25, "college": 5},
    "GM0173": {"ambtelijke-organisatie": 400, "raad": 25, "college": 5},
    **{
        code: {
            "ambtelijke-organisatie": 250 + i * 60,
            "raad": 19 + i % 4 * 4,
            "college": 5 + i % 3,
            "management": 6 + i % 3,
        }
        for i, code in enumerate(MAAS_EN_LEIJGRAAF_2019)
    },
}


def _organisation(key: str) -> Organisation:
    if key.startswith(("GM", "PV")):
        return Organisation.objects.get(cbs_code=key)
    return Organisation.objects.get(slug=key)


def _first_day(months_ago: int) -> datetime.date:
    """A Tuesday in the month `months_ago` before this one (the second of the month's)."""
    day = add_months(timezone.localdate().replace(day=1), -months_ago)
    first_tuesday = day + datetime.timedelta(days=(1 - day.weekday()) % 7)
    return first_tuesday + datetime.timedelta(weeks=1)


def _activity(spec: DemoActivity) -> None:
    partnership = Partnership.objects.get(slug=spec.partnership)
    if Activity.objects.filter(partnership=partnership, title=spec.title).exists():
        return
    action = (
        Action.objects.filter(
            programme__partnership=partnership, title__startswith=spec.action
        ).first()
        if spec.action
        else None
    )
    activity = services.activity_save(
        actor=None,
        partnership=partnership,
        organiser=_organisation(spec.organiser),
        kind=ActivityType.objects.get(code=spec.kind),
        target_groups=TargetGroup.objects.filter(code__in=spec.groups),
        organisations=[_organisation(key) for key in spec.organisations],
        action=action,
        title=spec.title,
        description=spec.description,
        place=spec.place,
        online_url="",
        capacity=spec.capacity,
    )
    services.sessions_plan(
        actor=None,
        activity=activity,
        first=_first_day(spec.months_ago),
        starts=spec.starts,
        ends=spec.ends,
        repeat=spec.repeat,
        count=spec.count,
    )
    groups = {g.code: g.pk for g in TargetGroup.objects.filter(code__in=spec.groups)}
    counts = {
        (_organisation(key).pk, groups[code]): n
        for key, by_group in spec.came.items()
        for code, n in by_group.items()
    }
    now = timezone.now()
    for session in Session.objects.filter(activity=activity, starts_at__lte=now):
        services.participation_save(actor=None, session=session, counts=counts)


def _sizes() -> None:
    valid_from = timezone.localdate().replace(month=1, day=1)
    groups = {g.code: g.pk for g in TargetGroup.objects.all()}
    for key, by_group in SIZES.items():
        organisation = _organisation(key)
        partnership = organisation.partnerships.first()
        if (
            partnership is None
            or TargetGroupSize.objects.filter(organisation=organisation).exists()
        ):
            continue
        services.sizes_save(
            actor=None,
            partnership=partnership,
            organisation=organisation,
            valid_from=valid_from,
            sizes={groups[code]: n for code, n in by_group.items()},
        )


REGISTERED_TITLE = "Kennissessie ondermijning voor de ambtelijke organisatie"


def _with_registration() -> None:
    """Enschede's knowledge session with registration: one session held ten days ago with
    its check-in (people written in on the day, fictitious), one in twelve days that Enschede's
    contributor registered for."""
    partnership = Partnership.objects.get(slug="district-twente")
    if Activity.objects.filter(partnership=partnership, title=REGISTERED_TITLE).exists():
        return
    enschede = _organisation("GM0153")
    group = TargetGroup.objects.get(code="ambtelijke-organisatie")
    activity = services.activity_save(
        actor=None,
        partnership=partnership,
        organiser=enschede,
        kind=ActivityType.objects.get(code="kennissessie"),
        target_groups=[group],
        organisations=[enschede, _organisation("GM0164"), _organisation("GM0141")],
        title=REGISTERED_TITLE,
        description="Wat is ondermijning, welke signalen zie je in je werk en waar meld je ze?",
        place="Stadskantoor Enschede",
        online_url="",
        capacity=30,
        registration=True,
        questions="Dieetwensen?",
        retention_months=12,
    )
    today = timezone.localdate()
    for days in (-10, 12):
        services.sessions_plan(
            actor=None,
            activity=activity,
            first=today + datetime.timedelta(days=days),
            starts=T(13, 30),
            ends=T(15, 0),
            repeat=Repeat.ONCE,
            count=1,
        )
    held, coming = activity.sessions.order_by("starts_at")
    for i, key in enumerate(["GM0153"] * 9 + ["GM0164"] * 5 + ["GM0141"] * 4):
        services.walk_in_add(
            actor=None,
            session=held,
            name=f"Deelnemer {i + 1} (fictief)",
            email="",
            organisation=_organisation(key),
            target_group=group,
        )
    person = User.objects.filter(email="enschede@dijkwacht.test").first()
    if person is not None:
        services.registration_register(
            actor=person,
            session=coming,
            organisation=enschede,
            target_group=group,
            answers=["Geen"],
        )


MMA_TITLE = "Meld Misdaad Anoniem-campagne {year}"


def _campaigns() -> None:
    """The yearly Meld Misdaad Anoniem campaign of the province with five Twente
    municipalities: three weeks around today this year, the same weeks last year with its
    figures entered; this year's is compared with last year's."""
    partnership = Partnership.objects.get(slug="district-twente")
    if Campaign.objects.filter(partnership=partnership, title__startswith="Meld Misdaad").exists():
        return
    start = timezone.localdate() - datetime.timedelta(days=10)
    groups = TargetGroup.objects.filter(code__in=["burgers", "horeca"])
    taking_part = [_organisation(key) for key in TWENTE_SOME]
    previous = None
    for years_ago, figures in ((1, (41_000, 2_300, 6, 9)), (0, (46_500, 2_950, None, None))):
        first = add_months(start, -12 * years_ago)
        campaign = services.campaign_save(
            actor=None,
            partnership=partnership,
            organiser=_organisation("PV23"),
            target_groups=groups,
            organisations=taking_part,
            previous=previous,
            title=MMA_TITLE.format(year=first.year),
            description="Samen met Meld Misdaad Anoniem: wie iets ziet van ondermijning in de "
            "buurt of bij een bedrijf, kan het anoniem melden.",
            starts_on=first,
            ends_on=first + datetime.timedelta(days=20),
            channels="Posters in gemeentehuizen en sportkantines\nSocial media van de gemeenten\n"
            "Advertentie in de huis-aan-huisbladen\nRadiospot RTV Oost",
            materials="Poster A3 en A2\nFlyer voor ondernemers\nhttps://www.meldmisdaadanoniem.nl",
        )
        reached, visits, before, during = figures
        if years_ago:
            services.campaign_figures_save(
                actor=None,
                campaign=campaign,
                figures={
                    "people_reached": reached,
                    "page_visits": visits,
                    "reports_before": before,
                    "reports_during": during,
                },
            )
        else:
            services.campaign_figures_save(
                actor=None,
                campaign=campaign,
                figures={"people_reached": reached, "page_visits": visits},
            )
        previous = campaign


def _completions() -> None:
    """Two demo accounts completed the learning module's first course (for Enschede and
    Almelo), so its reach reads on a working day."""
    course = Course.objects.filter(active=True).order_by("position", "pk").first()
    if course is None or CourseCompletion.objects.filter(course=course).exists():
        return
    right = [q.correct for q in course.questions.all()]
    for email, key in (
        ("enschede@dijkwacht.test", "GM0153"),
        ("coordinator@dijkwacht.test", "GM0141"),
    ):
        person = User.objects.filter(email=email).first()
        if person is not None:
            services.course_complete(
                actor=person, course=course, organisation=_organisation(key), answers=right
            )


@transaction.atomic
def load() -> None:
    ensure_defaults()
    for spec in ACTIVITIES:
        _activity(spec)
    _with_registration()
    _sizes()
    _campaigns()
    _completions()
