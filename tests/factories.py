import factory
from django.utils.text import slugify

from dijkwacht.accounts.models import User
from dijkwacht.organisations.models import Membership, Organisation, OrganisationKind, Partnership
from dijkwacht.organisations.roles import Role

PASSWORD = "dijkwacht-demo"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Persoon {n} (test)")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.OTHER
    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Samenwerkingsverband {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR


def make_programme(partnership, organisations, *, actions=2, name=None, themes=1, **fields):
    """A programme made through the services (as the system), with `themes` themes and
    `actions` actions per theme, each with a cell for every organisation."""
    from dijkwacht.programmes import services

    programme = services.programme_create(
        actor=None,
        partnership=partnership,
        name=name or f"Plan {partnership.programmes.count() + 1}",
        **fields,
    )
    for t in range(themes):
        theme = services.theme_create(actor=None, programme=programme, title=f"Thema {t + 1}")
        for a in range(actions):
            services.action_create(
                actor=None,
                programme=programme,
                theme=theme,
                title=f"Actie {t + 1}.{a + 1}",
                number=f"{t + 1}.{a + 1}",
                organisations=organisations,
            )
    return programme


def make_framework(name="Testkader", version="1", norms=1, essential=(), weights=None, themes=1):
    """A small norm framework through the import path (spec checked, then created). The scale
    is ja (met), deels (value 1, not met), nee (not met) and nvt (not applicable). Each of the
    `themes` (A, B, …) has `norms` norms (A.1, A.2, …); `essential` names norm numbers
    (1-based) that are essential, `weights` maps numbers to weights."""
    from dijkwacht.scans.frameworks import read_framework
    from dijkwacht.scans.services import framework_create

    weights = weights or {}
    theme_lines = ""
    for theme in "ABCDEFGH"[:themes]:
        lines = "".join(
            f"      - {{code: {theme}.{i + 1}, text: Norm {i + 1},"
            f" essential: {str(i + 1 in essential).lower()}, weight: {weights.get(i + 1, 1)}}}\n"
            for i in range(norms)
        )
        theme_lines += f"  - code: {theme}\n    title: {theme}\n    norms:\n{lines}"
    spec, problems = read_framework(
        f"name: {name}\nversion: '{version}'\n"
        "scale:\n  - {code: nee, label: Nee, value: 0}\n"
        "  - {code: deels, label: Deels, value: 1}\n"
        "  - {code: ja, label: Ja, value: 2, counts_as_met: true}\n"
        "  - {code: nvt, label: Nvt, applicable: false}\n"
        f"themes:\n{theme_lines}"
    )
    assert not problems, problems
    return framework_create(actor=None, spec=spec)


def make_handler(organisation, email, compartments=None):
    """A meldpunt handler of `organisation`, by default in every compartment."""
    from dijkwacht.organisations.roles import Compartment, Role

    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    MembershipFactory(
        user=user, organisation=organisation, role=Role.HANDLER,
        compartments=list(compartments if compartments is not None else Compartment.values),
    )  # fmt: skip
    return user


def make_indicator(partnership=None, **fields):
    """An indicator of signals per municipality and year (of the partnership, or national)."""
    from dijkwacht.insights.models import Indicator, Level, PeriodType, Unit

    values = {
        "name": "Signalen",
        "definition": "Signalen van ondermijning per gemeente.",
        "unit": Unit.COUNT,
        "period_type": PeriodType.YEAR,
        "level": Level.MUNICIPALITY,
        "source_name": "Test",
        **fields,
    }
    return Indicator.objects.create(partnership=partnership, **values)


def add_indicator_values(indicator, values):
    """`values`: {(area code, first day of the period): value}."""
    from decimal import Decimal

    from dijkwacht.insights.models import IndicatorValue

    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=area, period=period, value=Decimal(value))
        for (area, period), value in values.items()
    )


def make_source(holder, owner, *, themes=(), **fields):
    """A factsheet held by `holder`, through the service (as the system): shielded with its
    sharing passport unless `fields` say otherwise."""
    from dijkwacht.catalogue.models import AccessLevel, LegalBasis, RestrictionReason, Theme
    from dijkwacht.catalogue.services import source_create

    values = {
        "title": "Registerbron",
        "description": "Een bron om te testen.",
        "owner": owner,
        "contact_name": "Informatiepunt",
        "contact_email": "info@example.test",
        "kind": "register",
        "access_level": AccessLevel.SHIELDED,
        "restriction_reason": RestrictionReason.PRIVACY,
        "legal_basis": LegalBasis.AVG_TASK,
        "how_to_request": "Met het formulier.",
        **fields,
    }
    chosen = [Theme.objects.get_or_create(code=c, defaults={"name": c.title()})[0] for c in themes]
    return source_create(actor=None, holder=holder, themes=chosen, **values)


def area_feature(name, lon=6.89, lat=52.22, *, half=0.003, **properties):
    """A GeoJSON feature: a small square around (lon, lat) in WGS84, or a point (half=0)."""
    if half:
        ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
                [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
        geometry = {"type": "Polygon", "coordinates": [ring]}
    else:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": {"naam": name, **properties}}


def make_area(owner, name="Park Test", *, kind="vakantieparken", visibility="samenwerking",
              lon=6.89, lat=52.22, **properties):  # fmt: skip
    """An area of `owner` read through the importer (as the system); by default a holiday park
    in Enschede shared with the owner's partnerships."""
    from dijkwacht.catalogue import geo
    from dijkwacht.catalogue.defaults import ensure_default_area_kinds
    from dijkwacht.catalogue.models import Area, AreaKind, Theme
    from dijkwacht.catalogue.services import areas_import

    ensure_default_area_kinds(AreaKind, Theme)
    read = geo.read_geojson(
        {"type": "FeatureCollection",
         "features": [area_feature(name, lon, lat, soort=kind, **properties)]}
    )  # fmt: skip
    assert not read.problems, read.problems
    areas_import(actor=None, owner=owner, visibility=visibility, kind=None, features=read.features)
    return Area.objects.get(owner=owner, name=name)


def make_bibob_officer(organisation, email):
    """A Bibob officer of `organisation`."""
    from dijkwacht.organisations.roles import Role

    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    MembershipFactory(user=user, organisation=organisation, role=Role.BIBOB)
    return user


def make_screening(officer, organisation, **fields):
    """A screening of `organisation`'s Bibob register, opened by `officer` (today, an alcohol
    permit, a company) unless `fields` say otherwise."""
    import datetime

    from django.utils import timezone

    from dijkwacht.bibob.models import Category
    from dijkwacht.bibob.services import screening_create

    values = {
        "category": Category.objects.get(code=fields.pop("category", "alcohol-horeca")),
        "decision_subject": "Alcoholwetvergunning café",
        "subject_kind": "onderneming",
        "subject_name": "Voorbeeld B.V.",
        "trigger": "beleid",
        "opened_on": timezone.localdate() - datetime.timedelta(days=fields.pop("days_ago", 0)),
        **fields,
    }
    return screening_create(actor=officer, organisation=organisation, **values)


def make_activity(
    partnership,
    organiser,
    *,
    title="Workshop integriteit",
    groups=("nieuwe-medewerkers",),
    organisations=(),
    days_ago=(30,),
    came=None,
    action=None,
    registration=False,
    capacity=None,
):
    """An awareness activity made through the services (as the system), with a session on
    each of `days_ago` (negative: to come) and, at each held one, `came`: {(organisation,
    group code): count}."""
    import datetime

    from django.utils import timezone

    from dijkwacht.awareness import services
    from dijkwacht.awareness.models import ActivityType, Session, TargetGroup
    from dijkwacht.awareness.recurrence import Repeat

    activity = services.activity_save(
        actor=None,
        partnership=partnership,
        organiser=organiser,
        kind=ActivityType.objects.get(code="workshop"),
        target_groups=TargetGroup.objects.filter(code__in=groups),
        organisations=list(organisations),
        action=action,
        title=title,
        capacity=capacity,
        registration=registration,
    )
    today = timezone.localdate()
    for days in days_ago:
        services.sessions_plan(
            actor=None, activity=activity, first=today - datetime.timedelta(days=days),
            starts=datetime.time(9), ends=datetime.time(11), repeat=Repeat.ONCE, count=1,
        )  # fmt: skip
    if came:
        codes = {g.code: g.pk for g in TargetGroup.objects.filter(code__in=groups)}
        counts = {(o.pk, codes[code]): n for (o, code), n in came.items()}
        for session in Session.objects.filter(activity=activity, starts_at__lte=timezone.now()):
            services.participation_save(actor=None, session=session, counts=counts)
    return activity
