"""Demo partnerships, organisations and people, from the facts in the seed documents.

Every person here is fictitious. Loading is idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from dijkwacht.accounts.models import User
from dijkwacht.organisations import services
from dijkwacht.organisations.models import Membership, Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.roles import Compartment, Role

DEMO_PASSWORD = "dijkwacht-demo"  # noqa: S105 - published demo password, demo mode only

TWENTE = [
    "GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164",
    "GM1735", "GM0168", "GM0173", "GM1742", "GM0183", "GM1700", "GM0189",
]  # fmt: skip
MAAS_EN_LEIJGRAAF_2019 = [
    "GM0755", "GM0756", "GM1684", "GM0786", "GM0815", "GM1702", "GM1685", "GM0856",
]  # fmt: skip

EXTRA_ORGANISATIONS = [
    (OrganisationKind.RIEC, "RIEC Oost-Nederland", "riec-oost-nederland"),
    (OrganisationKind.RIEC, "RIEC Midden-Nederland", "riec-midden-nederland"),
    (OrganisationKind.RIEC, "RIEC Oost-Brabant", "riec-oost-brabant"),
    (
        OrganisationKind.POLICE,
        "Politie basisteam Maas en Leijgraaf",
        "politie-basisteam-maas-en-leijgraaf",
    ),
]  # fmt: skip


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    organisation: str | None  # slug or CBS code
    partnership: str | None = None  # slug
    title: str = ""
    compartments: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("coordinator@dijkwacht.test", "Carla Dijkstra (demo)", Role.COORDINATOR, "GM0141",
             "district-twente", "Districtelijk coördinator ondermijning"),
    DemoUser("ijsselland@dijkwacht.test", "IJsbrand Veldman (demo)", Role.COORDINATOR, "GM0193",
             "district-ijsselland", "Districtelijk coördinator ondermijning"),
    DemoUser("utrecht@dijkwacht.test", "Ursula van Amerongen (demo)", Role.COORDINATOR,
             "provincie-utrecht", "provincie-utrecht", "Adviseur tegengaan ondermijning"),
    DemoUser("maasenleijgraaf@dijkwacht.test", "Maarten Leijten (demo)", Role.COORDINATOR,
             "politie-basisteam-maas-en-leijgraaf", "basisteam-maas-en-leijgraaf",
             "Basisteamprogrammaleider ondermijning"),
    DemoUser("enschede@dijkwacht.test", "Eva Schuttevaer (demo)", Role.CONTRIBUTOR, "GM0153",
             None, "Beleidsmedewerker OOV"),
    DemoUser("overijssel@dijkwacht.test", "Olga Veldhuis (demo)", Role.CONTRIBUTOR, "PV23",
             None, "Adviseur informatiegestuurd werken"),
    DemoUser("assessor@dijkwacht.test", "Arjen Toetsema (demo)", Role.ASSESSOR,
             "riec-oost-nederland", "district-twente", "Adviseur RIEC"),
    DemoUser("handler@dijkwacht.test", "Hanna Meldersma (demo)", Role.HANDLER, "provincie-utrecht",
             None, "Integriteitscoördinator", tuple(Compartment.values)),
    DemoUser("handler2@dijkwacht.test", "Bram Tweede (demo)", Role.HANDLER, "provincie-utrecht",
             None, "Regisseur ondermijning", tuple(Compartment.values)),
    DemoUser("bibob@dijkwacht.test", "Bart Integer (demo)", Role.BIBOB, "GM0153", None,
             "Bibob-adviseur"),
    DemoUser("viewer@dijkwacht.test", "Victor Bestuurder (demo)", Role.VIEWER, "GM0164",
             "district-twente", "Burgemeester, portefeuillehouder ondermijning"),
    DemoUser("admin@dijkwacht.test", "Ada Beheerder (demo)", Role.ADMIN, None),
]  # fmt: skip


def _organisation(key: str) -> Organisation:
    if key.startswith(("GM", "PV")):
        return Organisation.objects.get(cbs_code=key)
    return Organisation.objects.get(slug=key)


def _ensure_organisations() -> None:
    for kind, name, slug in EXTRA_ORGANISATIONS:
        if not Organisation.objects.filter(slug=slug).exists():
            services.organisation_create(actor=None, kind=kind, name=name, slug=slug)


# The demo's partnerships by slug, as `_partnership_specs` makes them: other modules' demo
# data picks them by these.
PARTNERSHIPS = (
    "district-twente",
    "district-ijsselland",
    "provincie-utrecht",
    "basisteam-maas-en-leijgraaf",
)


def _partnership_specs() -> list[tuple[str, str, str, list[Organisation]]]:
    overijssel = Organisation.objects.get(cbs_code="PV23")
    utrecht = Organisation.objects.get(cbs_code="PV26")
    twente = [_organisation(code) for code in TWENTE]
    ijsselland = list(
        Organisation.objects.filter(province=overijssel, valid_to__isnull=True).exclude(
            cbs_code__in=TWENTE
        )
    )
    utrecht_municipalities = list(
        Organisation.objects.filter(province=utrecht, valid_to__isnull=True)
    )
    return [
        (
            "District Twente",
            "district-twente",
            "De veertien Twentse gemeenten, de provincie Overijssel en het RIEC Oost-Nederland "
            "werken samen aan een weerbare overheid en maatschappij; het Districtelijk "
            "Veiligheidsoverleg (DVO) Twente stuurt.",
            [*twente, overijssel, _organisation("riec-oost-nederland")],
        ),
        (
            "District IJsselland",
            "district-ijsselland",
            "De elf gemeenten van het district IJsselland in Overijssel.",
            ijsselland,
        ),
        (
            "Provincie Utrecht",
            "provincie-utrecht",
            "De provincie Utrecht, haar 26 gemeenten en het RIEC Midden-Nederland: samen tegen "
            "ondermijning, met de basis op orde.",
            [utrecht, *utrecht_municipalities, _organisation("riec-midden-nederland")],
        ),
        (
            "Basisteam Maas en Leijgraaf",
            "basisteam-maas-en-leijgraaf",
            "De acht gemeenten van het politiebasisteam Maas en Leijgraaf zoals zij in 2019 "
            "bestonden, met de politie en het RIEC: het actieplan bestuurlijke weerbaarheid 2019.",
            [
                *(_organisation(code) for code in MAAS_EN_LEIJGRAAF_2019),
                _organisation("politie-basisteam-maas-en-leijgraaf"),
                _organisation("riec-oost-brabant"),
            ],
        ),
    ]


def _ensure_partnerships() -> None:
    for name, slug, description, members in _partnership_specs():
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            services.partnership_create(
                actor=None, name=name, slug=slug, description=description, members=members
            )
        else:
            services.partnership_set_members(actor=None, partnership=partnership, members=members)


def _ensure_users() -> None:
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User(email=spec.email, full_name=spec.full_name)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        organisation = _organisation(spec.organisation) if spec.organisation else None
        partnership = Partnership.objects.get(slug=spec.partnership) if spec.partnership else None
        exists = Membership.objects.filter(
            user=user, role=spec.role, organisation=organisation, partnership=partnership
        ).exists()
        if not exists:
            services.membership_create(
                actor=None,
                user=user,
                role=spec.role,
                organisation=organisation,
                partnership=partnership,
                compartments=list(spec.compartments),
                title=spec.title,
            )


@transaction.atomic
def load() -> None:
    services.reference_data_load()
    _ensure_organisations()
    _ensure_partnerships()
    _ensure_users()
