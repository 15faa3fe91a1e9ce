import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dijkwacht.accounts.models import User
from dijkwacht.core.management.commands.load_demo_data import DEMO_MODULES
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations import demo as organisations_demo
from dijkwacht.programmes import demo as programmes_demo
from dijkwacht.programmes import progress
from dijkwacht.programmes.models import Action, Commitment, Programme, Status, StatusUpdate

pytestmark = pytest.mark.django_db

MAAS_EN_LEIJGRAAF = ("basisteam-maas-en-leijgraaf", "Actieplan Maas en Leijgraaf 2019")
TWENTE = ("district-twente", "Weerbare Overheid en Maatschappij 2024")
OVERIJSSEL = ("district-twente", "Acties 2025 Provincie Overijssel")
UTRECHT = ("provincie-utrecht", "Uitvoeringsplan ondermijning 2025-2026")


@pytest.fixture
def demo(db):
    organisations_demo.load()
    programmes_demo.load()


def _programme(key):
    slug, name = key
    return Programme.objects.get(partnership__slug=slug, name=name)


def _cells(programme):
    return Commitment.objects.filter(programme=programme)


def _stale(programme, now=None):
    now = now or timezone.now()
    return [
        c
        for c in _cells(programme).select_related("organisation")
        if progress.is_stale(c.updated_at, now, programme.stale_after_days)
    ]


def test_the_programmes_demo_loads_after_the_organisations():
    assert DEMO_MODULES.index("dijkwacht.programmes.demo") > DEMO_MODULES.index(
        "dijkwacht.organisations.demo"
    )


def test_demo_programmes_follow_the_structure_of_the_seeds(demo):
    def shape(key):
        programme = _programme(key)
        return (
            programme.themes.count(),
            programme.actions.count(),
            programme.actions.filter(parent__isnull=False).count(),
            _cells(programme).count(),
        )

    # themes, actions, of which sub-actions, cells
    assert shape(MAAS_EN_LEIJGRAAF) == (3, 9, 0, 9 * 8)
    assert shape(TWENTE) == (4, 12, 2, 10 * 14 + 11)
    assert shape(OVERIJSSEL) == (0, 11, 6, 9)
    assert shape(UTRECHT) == (4, 10, 0, 31)


def test_twente_has_the_budgets_and_steering_body_of_the_project_plan(demo):
    twente = _programme(TWENTE)
    assert twente.steering_body == "DVO Twente"
    assert (twente.total_budget, twente.execution_budget) == (Decimal(220000), Decimal(104000))
    assert (twente.period_start, twente.period_end) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    themes = list(twente.themes.values_list("title", flat=True))
    assert themes == ["Integriteit", "Bewustwording", "Informatiepositie", "Basis op orde"]
    toetsing = twente.actions.get(number="4")
    assert [(a.title, a.planned_period) for a in toetsing.sub_actions.order_by("number")] == [
        ("Zelfscan basis op orde", "januari 2024"),
        ("Onafhankelijke toetsing basis op orde", "juli 2024"),
    ]
    assert not toetsing.commitments.exists()


def test_twente_uitvoeringsspecialist_serves_the_eleven_municipalities_besides_the_cities(demo):
    action = _programme(TWENTE).actions.get(title="Uitvoeringsspecialist Basis op Orde")
    names = set(action.commitments.values_list("organisation__name", flat=True))
    assert len(names) == 11
    assert not names & {"Almelo", "Hengelo (O.)", "Enschede"}
    assert action.lead_organisation.name == "Provincie Overijssel"


def test_twente_cells_have_histories_by_the_demo_users_and_a_few_lack_input(demo):
    twente = _programme(TWENTE)
    updates = StatusUpdate.objects.filter(commitment__programme=twente)
    per_cell = {}
    for update in updates.select_related("actor", "commitment__organisation"):
        per_cell.setdefault(update.commitment_id, []).append(update)
        assert update.actor is not None and "(demo)" in update.actor.full_name
        if update.actor.email == "enschede@dijkwacht.test":
            assert update.commitment.organisation.name == "Enschede"
    assert any(2 <= len(history) <= 4 for history in per_cell.values())
    assert max(len(history) for history in per_cell.values()) <= 4
    recent = timezone.now() - datetime.timedelta(days=200)
    assert not updates.filter(occurred_at__lt=recent).exists()
    assert 1 <= len(_stale(twente)) <= 10


def test_maas_en_leijgraaf_gives_each_cgm_municipality_its_own_cell(demo):
    plan = _programme(MAAS_EN_LEIJGRAAF)
    assert plan.period_start.year == plan.period_end.year == 2019
    raad = plan.actions.get(title="Bewustwording raad")
    cgm = raad.commitments.filter(organisation__name__in=["Cuijk", "Grave", "Mill en Sint Hubert"])
    assert list(cgm.values_list("planned_period", flat=True)) == ["2018"] * 3
    mt = plan.actions.get(title="Bewustwording MT")
    periods = dict(mt.commitments.values_list("organisation__name", "planned_period"))
    assert periods["Uden"] == "Herhaling 2018 of 2019"
    assert periods["Mill en Sint Hubert"] == "Herhaling in 2018 of 2019"
    masterclass = plan.actions.get(title__startswith="Organiseren masterclass")
    assert set(masterclass.commitments.values_list("planned_period", flat=True)) == {"2019"}
    informatiepositie = plan.themes.get(title__contains="informatiepositie")
    assert not informatiepositie.actions.exists()


def test_maas_en_leijgraaf_is_closed_and_shows_its_final_state(demo, client, verified):
    """The 2019 plan is over: its matrix shows the last status of every cell (the orange
    "geen input" ones as undetermined), without counting days since 2019."""
    plan = _programme(MAAS_EN_LEIJGRAAF)
    assert plan.is_closed and plan.stale_after_days == 90
    assert set(_cells(plan).values_list("status", flat=True)) == set(Status.values)
    assert all(c.updated_at.year in (2018, 2019) for c in _cells(plan))
    client.force_login(User.objects.get(email="maasenleijgraaf@dijkwacht.test"))
    html = client.get(f"/programmas/{plan.pk}/matrix/").content.decode()
    assert "afgesloten op 31 januari 2020" in html
    assert "dagen" not in html and "dw-stale" not in html


def test_overijssel_actions_are_led_by_the_province_with_cells_for_the_province(demo):
    plan = _programme(OVERIJSSEL)
    assert set(plan.actions.values_list("lead_organisation__cbs_code", flat=True)) == {"PV23"}
    assert set(_cells(plan).values_list("organisation__cbs_code", flat=True)) == {"PV23"}
    parents = plan.actions.filter(sub_actions__isnull=False).distinct()
    assert sorted(parents.values_list("number", flat=True)) == ["1", "3"]
    assert not Commitment.objects.filter(action__in=parents).exists()
    assert plan.actions.get(number="1.1").cadence == "maandelijks"


def test_utrecht_themes_carry_their_ambitions_and_the_province_takes_part_everywhere(demo):
    plan = _programme(UTRECHT)
    assert (plan.period_start.year, plan.period_end.year) == (2025, 2026)
    assert all(theme.ambition for theme in plan.themes.all())
    for action in plan.actions.all():
        assert action.commitments.filter(organisation__slug="provincie-utrecht").exists()
    municipalities = _cells(plan).exclude(organisation__slug="provincie-utrecht")
    assert municipalities.values("organisation").distinct().count() >= 5


def test_every_cell_belongs_to_a_member_of_the_programmes_partnership(demo):
    cells = Commitment.objects.select_related("programme__partnership", "organisation")
    assert cells.exists()
    members = {}
    for cell in cells:
        partnership = cell.programme.partnership
        if partnership.pk not in members:
            members[partnership.pk] = set(partnership.members.values_list("pk", flat=True))
        assert cell.organisation_id in members[partnership.pk], cell
        assert cell.programme_id == cell.action.programme_id


def test_loading_the_demo_twice_changes_nothing(demo):
    def counts():
        return (
            Programme.objects.count(),
            Action.objects.count(),
            Commitment.objects.count(),
            StatusUpdate.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    programmes_demo.load()
    assert counts() == before
    assert before[0] == 4


def test_twente_has_a_closed_and_an_open_round():
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)
    programme = Programme.objects.get(name="Weerbare Overheid en Maatschappij 2024")
    closed, current = programme.rounds.order_by("opened_at")
    assert not closed.is_open and closed.cells.exists()
    assert closed.cells.filter(updated_in_round=True).exists()
    assert current.is_open and current.deadline > closed.deadline
