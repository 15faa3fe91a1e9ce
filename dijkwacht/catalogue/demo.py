"""Demo information sources of Overijssel and Twente, described as their holders would, a
few requests for access (one waiting, one past its term, one granted), and a made-up
overview of the registration systems of the fourteen Twente municipalities, with gaps, and
District Twente's contact persons per theme and three completed checklists.

The sources exist (the province's geo viewer, the BAG, the Kadaster, the trade register, the
RIEC's information); their owners and contact points are the demo's fictitious people and
addresses. Loading is idempotent: a source is found by its holder and title.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.catalogue import geo, services
from dijkwacht.catalogue.defaults import (
    ensure_default_area_kinds,
    ensure_default_checklist,
    ensure_default_register_kinds,
    ensure_default_themes,
)
from dijkwacht.catalogue.models import (
    AccessLevel,
    Area,
    AreaKind,
    Checklist,
    ChecklistVersion,
    ContactPerson,
    Frequency,
    Hosting,
    InformationSource,
    LegalBasis,
    Licence,
    ReachesRiec,
    RegisterKind,
    RegistrationSystem,
    RestrictionReason,
    SourceKind,
    SourceRequest,
    Theme,
    Visibility,
)
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.programmes.models import Action

TWENTE = [
    "GM0141", "GM0147", "GM0148", "GM0153", "GM0158", "GM0163", "GM0164", "GM0168", "GM0173",
    "GM0175", "GM0183", "GM0189", "GM1735", "GM1774",
]  # fmt: skip

SHIELDED_VIEWER = "Afgeschermde dataviewer provincie Overijssel"
KVK = "Handelsregister (KvK), abonnement gemeente Almelo"
RIEC_PICTURE = "Ondermijningsbeeld Twente"

SOURCES: list[dict[str, Any]] = [
    {
        "holder": "PV23",
        "owner": "overijssel@dijkwacht.test",
        "title": "Openbare dataviewer provincie Overijssel",
        "description": (
            "Geografische en economische kaarten van de hele provincie: buitengebied, "
            "vakantieparken, bedrijventerreinen, havens en no-flyzones voor drones. Geschikt om "
            "een gebied in kaart te brengen voor een integrale aanpak. Vrij te raadplegen."
        ),
        "kind": SourceKind.VIEWER,
        "themes": [
            "informatiegestuurd-werken",
            "buitengebied",
            "vakantieparken",
            "bedrijventerreinen",
            "havens",
        ],
        "frequency": Frequency.IRREGULAR,
        "coverage": ["PV23"],
        "access_level": AccessLevel.OPEN,
        "licence": Licence.UNKNOWN,
        "landing_url": "https://geo.overijssel.nl/viewer/app/master/v1",
    },
    {
        "holder": "PV23",
        "owner": "overijssel@dijkwacht.test",
        "title": SHIELDED_VIEWER,
        "description": (
            "De afgeschermde variant van de dataviewer, met gegevens op persoonsniveau: "
            "kadastrale informatie met de bijbehorende NAW-gegevens, de Basisregistratie Adressen "
            "en Gebouwen en zeer gedetailleerde luchtfoto's van de hele provincie."
        ),
        "kind": SourceKind.VIEWER,
        "themes": ["informatiegestuurd-werken", "buitengebied", "vakantieparken", "vastgoed"],
        "frequency": Frequency.MONTHLY,
        "coverage": ["PV23"],
        "personal_data": True,
        "access_level": AccessLevel.SHIELDED,
        "restriction_reason": RestrictionReason.PRIVACY,
        "legal_basis": LegalBasis.AVG_TASK,
        "legal_reference": "art. 6 lid 1 sub e AVG; samenwerkingsafspraken provincie–gemeenten",
        "recipients": (
            "Medewerkers van Overijsselse gemeenten met een taak in de aanpak van ondermijning, "
            "na autorisatie door de provincie."
        ),
        "purpose": (
            "Het voorbereiden van een integrale controle, een Bibob-onderzoek of een gebieds"
            "analyse in een concreet geval. Niet voor algemeen onderzoek."
        ),
        "retention": "Zolang het dossier loopt; uiterlijk bij het sluiten ervan verwijderen.",
        "how_to_request": (
            "Vraag toegang aan met het formulier op deze pagina. Na toekenning maakt de provincie "
            "een account in de afgeschermde omgeving voor je aan."
        ),
        "decision_days": 14,
    },
    {
        "holder": "GM0153",
        "owner": "enschede@dijkwacht.test",
        "title": "Basisregistratie Adressen en Gebouwen (BAG), gemeente Enschede",
        "description": (
            "Alle adressen en gebouwen in Enschede met bouwjaar, gebruiksdoel en oppervlakte. De "
            "gemeente is bronhouder; het Kadaster publiceert de landelijke voorziening."
        ),
        "kind": SourceKind.REGISTER,
        "themes": ["vastgoed", "vergunningen"],
        "frequency": Frequency.DAILY,
        "coverage": ["GM0153"],
        "access_level": AccessLevel.OPEN,
        "licence": Licence.CC0,
        "landing_url": "https://www.kadaster.nl/zakelijk/registraties/basisregistraties/bag",
    },
    {
        "holder": "GM0153",
        "owner": "enschede@dijkwacht.test",
        "title": "Kadastrale eigendomsinformatie (Kadaster), gemeente Enschede",
        "description": (
            "Wie eigenaar is van een perceel of appartementsrecht, met koopsommen en hypotheken, "
            "zoals de gemeente die via haar aansluiting op het Kadaster raadpleegt."
        ),
        "kind": SourceKind.PERSON_SYSTEM,
        "themes": ["vastgoed", "witwassen"],
        "frequency": Frequency.DAILY,
        "coverage": ["GM0153"],
        "personal_data": True,
        "access_level": AccessLevel.CONDITIONS,
        "restriction_reason": RestrictionReason.PRIVACY,
        "legal_basis": LegalBasis.AVG_TASK,
        "legal_reference": "Kadasterwet; art. 6 lid 1 sub e AVG",
        "recipients": "Partners in een casus van het RIEC-informatieplein.",
        "purpose": "Vastgoedonderzoek in een concrete casus.",
        "retention": "Tot het sluiten van de casus.",
        "how_to_request": "Vraag het via het informatieplein of met het formulier op deze pagina.",
    },
    {
        "holder": "GM0153",
        "owner": "enschede@dijkwacht.test",
        "title": "Signalenregister ondermijning gemeente Enschede",
        "description": (
            "De signalen van ondermijning die medewerkers van de gemeente melden, met de "
            "afhandeling. Alleen voor de gemeente zelf; wat gedeeld wordt, gaat via het RIEC."
        ),
        "kind": SourceKind.PERSON_SYSTEM,
        "themes": ["informatiegestuurd-werken"],
        "frequency": Frequency.CONTINUOUS,
        "coverage": ["GM0153"],
        "personal_data": True,
        "access_level": AccessLevel.SHIELDED,
        "restriction_reason": RestrictionReason.PRIVACY,
        "visibility": Visibility.ORGANISATION,
        "legal_basis": LegalBasis.RIEC_COVENANT,
        "legal_reference": "Convenant RIEC Oost-Nederland",
        "recipients": "Alleen de gemeente; signalen gaan via het RIEC naar partners.",
        "purpose": "Het wegen en opwerken van signalen van ondermijning.",
        "retention": "Volgens het privacyprotocol van het RIEC.",
        "how_to_request": "Niet op te vragen; breng een signaal in op het informatieplein.",
    },
    {
        "holder": "GM0141",
        "owner": "coordinator@dijkwacht.test",
        "title": KVK,
        "description": (
            "Ondernemingen en rechtspersonen met hun bestuurders en vestigingen, zoals de "
            "gemeente die via haar abonnement op het Handelsregister raadpleegt."
        ),
        "kind": SourceKind.REGISTER,
        "themes": ["witwassen", "vergunningen", "bibob"],
        "frequency": Frequency.DAILY,
        "coverage": TWENTE,
        "personal_data": True,
        "access_level": AccessLevel.CONDITIONS,
        "restriction_reason": RestrictionReason.PRIVACY,
        "legal_basis": LegalBasis.AVG_TASK,
        "legal_reference": "Handelsregisterwet 2007; art. 6 lid 1 sub e AVG",
        "recipients": "Twentse gemeenten zonder eigen abonnement.",
        "purpose": "Bibob-onderzoek en vergunningverlening.",
        "retention": "Tot het besluit onherroepelijk is.",
        "how_to_request": "Met het formulier op deze pagina; je krijgt een uittreksel per zaak.",
        "decision_days": 10,
    },
    {
        "holder": "riec-oost-nederland",
        "owner": "assessor@dijkwacht.test",
        "title": RIEC_PICTURE,
        "description": (
            "Het beeld van de ondermijning in Twente dat het RIEC met de partners opstelt: "
            "fenomenen, gebieden en trends, zonder namen."
        ),
        "kind": SourceKind.REPORT,
        "themes": ["informatiegestuurd-werken", "drugs", "vakantieparken", "arbeidsuitbuiting"],
        "frequency": Frequency.ANNUAL,
        "coverage": TWENTE,
        "access_level": AccessLevel.CONDITIONS,
        "restriction_reason": RestrictionReason.CONFIDENTIAL,
        "legal_basis": LegalBasis.RIEC_COVENANT,
        "legal_reference": "Convenant RIEC-LIEC; privacyprotocol RIECs-LIEC (2020)",
        "recipients": "Burgemeesters en ambtenaren OOV van de Twentse gemeenten.",
        "purpose": "Prioriteren van de aanpak in het district.",
        "retention": "Niet verder verspreiden; vernietigen bij het volgende beeld.",
        "how_to_request": "Vraag het aan het RIEC met het formulier op deze pagina.",
    },
]


# The holders' desks, with addresses that reach no one.
CONTACTS = {
    "PV23": ("Team Informatie en Veiligheid", "informatie@overijssel.dijkwacht.test",
             "038 000 0000"),
    "GM0153": ("Informatieknooppunt OOV", "oov@enschede.dijkwacht.test", ""),
    "GM0141": ("Team Bibob en vergunningen", "bibob@almelo.dijkwacht.test", ""),
    "riec-oost-nederland": ("Secretariaat RIEC Oost-Nederland", "info@riec-on.dijkwacht.test",
                            ""),
}  # fmt: skip


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _organisation(key: str) -> Organisation:
    if key.startswith(("GM", "PV")):
        return Organisation.objects.get(cbs_code=key)
    return Organisation.objects.get(slug=key)


# The demo's overview of registration systems for the fourteen Twente municipalities: made up
# (generic products, no supplier named), with the gaps a first inventory finds. Per kind: the
# product, and per municipality (in TWENTE's order) "s" shared, "o" own, "-" none, "?" not said.
SYSTEMS = {
    "signalen": ("Meldpunt in het zaaksysteem", "oooosooos?oo-o"),
    "integriteit": ("Integriteitsregister (Excel)", "oo-oooo?oo-ooo"),
    "agressie": ("Incidentenregistratie VPT", "o--?o-o?-oo-o?"),
    "bibob": ("Bibob-register (Excel)", "sssssssssss?ss"),
    "vergunningen": ("VTH-applicatie", "oooooooooooooo"),
    "handhaving": ("VTH-applicatie", "ooooooo?oooooo"),
}
EXAMPLE = "Voorbeeldgegevens, verzonnen voor de demo."


def _systems() -> None:
    if RegistrationSystem.objects.exists():
        return
    ensure_default_register_kinds(RegisterKind)
    kinds = {k.code: k for k in RegisterKind.objects.all()}
    municipalities = [_organisation(code) for code in TWENTE]
    for code, (product, pattern) in SYSTEMS.items():
        for index, (municipality, mark) in enumerate(zip(municipalities, pattern, strict=True)):
            if mark == "?":
                continue
            services.registration_system_save(
                actor=None, organisation=municipality, kind=kinds[code],
                has_register=mark != "-", product=product if mark != "-" else "",
                hosting=Hosting.SHARED if mark == "s" else Hosting.OWN,
                in_use_since=datetime.date(2016 + index % 8, 1, 1) if mark != "-" else None,
                reaches_riec=(ReachesRiec.YES if code == "signalen" and index % 3 else
                              ReachesRiec.PARTLY if code in {"signalen", "bibob"} else
                              ReachesRiec.NO),
                notes=EXAMPLE,
            )  # fmt: skip


# District Twente's roster: fictitious people at demo addresses; Eva Schuttevaer (the demo's
# Enschede account) finds her own entry; one entry was last confirmed eight months ago.
ROSTER = [
    ("GM0153", "vakantieparken", "Eva Schuttevaer (demo)", "Beleidsmedewerker OOV",
     "enschede@dijkwacht.test", "Ruud Zandbergen (demo)"),
    ("GM0153", "bibob", "Bas Bibobber (demo)", "Bibob-coördinator", "bibob@enschede.dijkwacht.test",
     ""),
    ("GM0164", "vakantieparken", "Hilde Hengeveld (demo)", "Adviseur veiligheid",
     "veiligheid@hengelo.dijkwacht.test", ""),
    ("GM0141", "bibob", "Anton Alberts (demo)", "Jurist Bibob", "bibob@almelo.dijkwacht.test",
     "Mieke Mulder (demo)"),
    ("GM0141", "vakantieparken", "Coby Kampen (demo)", "Toezichthouder recreatie",
     "recreatie@almelo.dijkwacht.test", ""),
    ("PV23", "vakantieparken", "Olga Veldhuis (demo)", "Adviseur informatiegestuurd werken",
     "overijssel@dijkwacht.test", ""),
    ("PV23", "informatiegestuurd-werken", "Olga Veldhuis (demo)",
     "Adviseur informatiegestuurd werken", "overijssel@dijkwacht.test", "Pim Provinciaal (demo)"),
    ("riec-oost-nederland", "informatiegestuurd-werken", "Arjen Toetsema (demo)",
     "Adviseur RIEC", "assessor@dijkwacht.test", ""),
]  # fmt: skip
STALE = "Hilde Hengeveld (demo)"


def _roster() -> None:
    twente = Partnership.objects.get(slug="district-twente")
    if twente.contact_persons.exists():
        return
    themes = {t.code: t for t in Theme.objects.all()}
    for key, theme, name, function, email, deputy in ROSTER:
        services.contact_save(
            actor=None, partnership=twente, organisation=_organisation(key), theme=themes[theme],
            name=name, function=function, email=email, phone="",
            deputy_name=deputy,
        )  # fmt: skip
    ContactPerson.objects.filter(partnership=twente, name=STALE).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=240)
    )


def _checklist_records() -> None:
    """Three completed checklists in District Twente, one about a programme action."""
    ensure_default_checklist(Checklist, ChecklistVersion)
    twente = Partnership.objects.get(slug="district-twente")
    if twente.checklist_records.exists():
        return
    version = ChecklistVersion.objects.get(checklist__partnership=None, number=1)
    eva = _person("enschede@dijkwacht.test")
    carla = _person("coordinator@dijkwacht.test")
    action = Action.objects.filter(programme__partnership=twente, removed_at__isnull=True).first()
    for actor, answers, about in [
        (eva, [0, 1, 1, 0], None),  # a signal, own municipality, province's information
        (eva, [1, 0], action),  # an area across municipalities: the province joins in
        (carla, [0, 1, 0], None),  # more partners: the RIEC
    ]:
        services.checklist_record(
            actor=actor, partnership=twente, version=version, answers=answers, action=about
        )


@transaction.atomic
def load() -> None:
    _systems()
    _checklist_records()
    ensure_default_themes(Theme)
    themes = {t.code: t for t in Theme.objects.all()}
    made: dict[str, InformationSource] = {}
    for spec in SOURCES:
        fields = dict(spec)
        key = fields.pop("holder")
        holder = _organisation(key)
        fields["contact_name"], fields["contact_email"], fields["contact_phone"] = CONTACTS[key]
        found = InformationSource.objects.filter(holder=holder, title=fields["title"]).first()
        if found is not None:
            made[found.title] = found
            continue
        fields["owner"] = _person(fields.pop("owner"))
        chosen = [themes[code] for code in fields.pop("themes")]
        made[spec["title"]] = services.source_create(
            actor=None, holder=holder, themes=chosen, **fields
        )
    if not SourceRequest.objects.exists():
        _requests(made)
    _roster()
    _areas(made)


# Invented areas in Twente (the names say so): holiday parks the province keeps, one of them
# shielded (its own organisation only), business parks, a harbour and a no-fly zone of the
# municipalities. Per area: owner, kind, name, status, units, centre (lon, lat), half size in
# degrees (0: a point), shared with the partnership or not.
AREAS = [
    ("PV23", "vakantieparken", "Vakantiepark De Verzonnen Es (fictief)", "in aanpak", 140,
     (6.505, 52.235), 0.004, True),
    ("PV23", "vakantieparken", "Bungalowpark Het Bedachte Bos (fictief)", "niet vitaal", 85,
     (6.905, 52.415), 0.003, True),
    ("PV23", "vakantieparken", "Recreatiepark De Denkbeeldige Dennen (fictief)", "vitaal", 210,
     (6.775, 52.405), 0.005, True),
    ("PV23", "vakantieparken", "Vakantiepark Grensgeval (fictief, afgeschermd)", "in aanpak", 60,
     (7.010, 52.270), 0.003, False),
    ("PV23", "buitengebied", "Buitengebied-zone Noordoost (fictief)", "", None,
     (6.985, 52.350), 0.030, True),
    ("GM0141", "bedrijventerreinen", "Bedrijventerrein Voorbeeldveld (fictief)", "zonder keurmerk",
     45, (6.690, 52.350), 0.006, True),
    ("GM0153", "bedrijventerreinen", "Bedrijventerrein Fictiepoort (fictief)",
     "met Keurmerk Veilig Ondernemen", 120, (6.930, 52.240), 0.006, True),
    ("GM0141", "havens", "Binnenhaven Voorbeeldkade (fictief)", "", None, (6.655, 52.345), 0, True),
    ("GM0153", "no-flyzones", "No-flyzone Verzonnen Terrein (fictief)", "", None,
     (6.870, 52.210), 0.008, True),
]  # fmt: skip


def _feature(name: str, kind: str, status: str, units: Any, centre: Any, half: float) -> dict:
    lon, lat = centre
    if not half:
        geometry: dict[str, Any] = {"type": "Point", "coordinates": [lon, lat]}
    else:
        # A rough quadrangle, wider than high as degrees are at this latitude.
        w, h = half * 1.6, half
        ring = [[lon - w, lat - h], [lon + w, lat - h * 0.8], [lon + w * 0.9, lat + h],
                [lon - w * 0.8, lat + h * 0.9], [lon - w, lat - h]]  # fmt: skip
        geometry = {"type": "Polygon", "coordinates": [ring]}
    properties = {"naam": name, "soort": kind, "status": status, "eenheden": units}
    properties["toelichting"] = EXAMPLE
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _areas(sources: dict[str, InformationSource]) -> None:
    if Area.objects.exists():
        return
    ensure_default_area_kinds(AreaKind, Theme)
    for owner in dict.fromkeys(spec[0] for spec in AREAS):
        for shared in (True, False):
            specs = [a for a in AREAS if a[0] == owner and a[7] == shared]
            if not specs:
                continue
            features = [
                _feature(name, kind, status, units, centre, half)
                for _owner, kind, name, status, units, centre, half, _shared in specs
            ]
            read = geo.read_geojson({"type": "FeatureCollection", "features": features})
            if read.problems:
                raise ValueError("; ".join(str(p) for p in read.problems))
            services.areas_import(
                actor=None,
                owner=_organisation(owner),
                visibility=Visibility.PARTNERSHIP if shared else Visibility.ORGANISATION,
                kind=None,
                features=read.features,
            )
    park = Area.objects.get(name=AREAS[0][2])
    park.sources.set([sources[SHIELDED_VIEWER]])
    twente = Partnership.objects.filter(slug="district-twente").first()
    action = Action.objects.filter(programme__partnership=twente, removed_at__isnull=True).first()
    if action is not None:
        park.actions.set([action])
    park.description = "Een verzonnen park voor de demo: de aanpak loopt sinds dit jaar."
    park.save(update_fields=["description"])


def _requests(sources: dict[str, InformationSource]) -> None:
    today = timezone.localdate()
    enschede = _organisation("GM0153")
    eva = _person("enschede@dijkwacht.test")
    # Waiting, with days to go.
    waiting = services.source_request_submit(
        actor=eva, source=sources[SHIELDED_VIEWER], organisation=enschede,
        purpose="Gebiedsanalyse van een vakantiepark aan de rand van de stad, voor een "
                "integrale controle.",
        legal_basis=LegalBasis.AVG_TASK, today=today - datetime.timedelta(days=4),
    )  # fmt: skip
    SourceRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    # Past its term: the RIEC has not decided yet.
    late = services.source_request_submit(
        actor=eva, source=sources[RIEC_PICTURE], organisation=enschede,
        purpose="Het beeld gebruiken bij het opstellen van het gemeentelijke uitvoeringsplan.",
        legal_basis=LegalBasis.RIEC_COVENANT, today=today - datetime.timedelta(days=40),
    )  # fmt: skip
    SourceRequest.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    # Granted, with the owner's reason.
    granted = services.source_request_submit(
        actor=eva, source=sources[KVK], organisation=enschede,
        purpose="Bibob-onderzoek bij een aanvraag voor een exploitatievergunning.",
        legal_basis=LegalBasis.BIBOB, legal_reference="Wet Bibob: eigen onderzoek",
        today=today - datetime.timedelta(days=20),
    )  # fmt: skip
    SourceRequest.objects.filter(pk=granted.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    services.source_request_decide(
        actor=_person("coordinator@dijkwacht.test"), request=granted, granted=True,
        reason="Past binnen het doel van het abonnement; uittreksel per zaak.",
    )  # fmt: skip
