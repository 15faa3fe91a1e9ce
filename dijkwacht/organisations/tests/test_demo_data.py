import pytest
from django.core.management import call_command

from dijkwacht.accounts.models import User
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.demo import DEMO_PASSWORD
from dijkwacht.organisations.models import Membership, OrganisationKind, Partnership
from dijkwacht.organisations.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo_data", verbosity=0)


def _members(slug):
    return Partnership.objects.get(slug=slug).members


def test_demo_partnerships_follow_the_seed_documents(demo):
    twente = _members("district-twente")
    assert twente.filter(kind=OrganisationKind.MUNICIPALITY).count() == 14
    others = twente.exclude(kind=OrganisationKind.MUNICIPALITY).values_list("name", flat=True)
    assert set(others) == {"Provincie Overijssel", "RIEC Oost-Nederland"}
    ijsselland = _members("district-ijsselland")
    assert ijsselland.count() == 11
    assert not ijsselland.filter(pk__in=twente.values("pk")).exists()
    utrecht = _members("provincie-utrecht")
    assert utrecht.filter(kind=OrganisationKind.MUNICIPALITY).count() == 26
    assert utrecht.filter(name="RIEC Midden-Nederland").exists()
    mlg = _members("basisteam-maas-en-leijgraaf").filter(kind=OrganisationKind.MUNICIPALITY)
    assert mlg.count() == 8
    assert mlg.filter(valid_to__isnull=True).get().name == "Boekel"


def test_every_demo_partnership_is_named_and_shows_its_example_figures(demo):
    from dijkwacht.insights.models import Indicator
    from dijkwacht.organisations.demo import PARTNERSHIPS

    assert set(Partnership.objects.values_list("slug", flat=True)) == set(PARTNERSHIPS)
    for slug in PARTNERSHIPS:
        own = Indicator.objects.filter(partnership__slug=slug, fictitious=True)
        assert own.filter(values__isnull=False).exists(), slug


def test_demo_accounts_log_in_with_the_published_password(demo, client):
    emails = ["coordinator", "ijsselland", "utrecht", "maasenleijgraaf", "enschede", "assessor",
              "handler", "viewer", "admin"]  # fmt: skip
    for name in emails:
        user = User.objects.get(email=f"{name}@dijkwacht.test")
        assert user.check_password(DEMO_PASSWORD), name
        assert "(demo)" in user.full_name


def test_demo_roles_match_the_contract(demo):
    def role(email):
        return Membership.objects.select_related("organisation", "partnership").get(
            user__email=f"{email}@dijkwacht.test"
        )

    assert (role("coordinator").role, role("coordinator").partnership.slug) == (
        Role.COORDINATOR, "district-twente")  # fmt: skip
    assert role("enschede").organisation.name == "Enschede"
    assert role("assessor").organisation.name == "RIEC Oost-Nederland"
    assert role("assessor").partnership.slug == "district-twente"
    assert role("handler").organisation.name == "Provincie Utrecht"
    assert set(role("handler").compartments) == {"ondermijning", "integriteit", "agressie"}
    assert role("viewer").role == Role.VIEWER
    assert role("admin").role == Role.ADMIN and role("admin").organisation is None


def test_loading_demo_data_twice_changes_nothing(demo):
    counts = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    call_command("load_demo_data", verbosity=0)
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts
