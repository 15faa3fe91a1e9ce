import pytest

from dijkwacht.core.models import AuditEvent
from dijkwacht.programmes.models import Commitment, Programme
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


def test_coordinator_publishes_a_draft(client, coordinator, twente, enschede, verified):
    draft = make_programme(twente, [enschede], actions=1, name="Concept", is_draft=True)
    client.force_login(coordinator)
    page = client.get(f"/programmas/{draft.pk}/bewerken/")
    assert page.status_code == 200
    response = client.post(
        f"/programmas/{draft.pk}/bewerken/",
        {"save_programme": "1", "name": "Definitief plan", "stale_after_days": 60,
         "description": "", "steering_body": "DVO Twente", "reporting_cadence": "per_kwartaal"},
    )  # fmt: skip
    assert response["Location"] == f"/programmas/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.name, draft.is_draft, draft.stale_after_days) == ("Definitief plan", False, 60)
    assert AuditEvent.objects.filter(action="programmes.programme_update").exists()


def test_bad_input_stays_on_the_form(client, coordinator, twente, verified):
    programme = make_programme(twente, [], actions=0, name="Budgetten")
    client.force_login(coordinator)
    response = client.post(
        f"/programmas/{programme.pk}/bewerken/",
        {"save_programme": "1", "name": "Budgetten", "stale_after_days": 0,
         "total_budget": "100", "execution_budget": "200"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('aria-invalid="true"') >= 2  # stale days and execution budget
    programme.refresh_from_db()
    assert programme.stale_after_days == 90


def test_participants_get_a_cell_in_every_leaf_action(
    client, coordinator, twente, enschede, hengelo, verified
):
    programme = make_programme(twente, [enschede], actions=2, name="Deelname")
    client.force_login(coordinator)
    response = client.post(
        f"/programmas/{programme.pk}/bewerken/",
        {"add_participants": "1", "participants-organisations": [enschede.pk, hengelo.pk]},
    )
    assert response["Location"] == f"/programmas/{programme.pk}/matrix/"
    assert Commitment.objects.filter(programme=programme, organisation=hengelo).count() == 2
    assert Commitment.objects.filter(programme=programme, organisation=enschede).count() == 2


def test_outsiders_cannot_be_added_and_contributors_cannot_edit(
    client, coordinator, contributor, twente, utrecht_city, verified
):
    programme = make_programme(twente, [], actions=1, name="Leden")
    client.force_login(coordinator)
    response = client.post(
        f"/programmas/{programme.pk}/bewerken/",
        {"add_participants": "1", "participants-organisations": [utrecht_city.pk]},
    )
    assert response.status_code == 200
    assert not Commitment.objects.filter(programme=programme).exists()
    client.force_login(contributor)
    assert client.get(f"/programmas/{programme.pk}/bewerken/").status_code == 403
    assert Programme.objects.get(pk=programme.pk).name == "Leden"


def test_coordinator_adds_a_theme_and_an_action_with_participants(
    client, coordinator, twente, enschede, hengelo, verified
):
    programme = make_programme(twente, [], actions=0, themes=0, name="Vanaf nul")
    client.force_login(coordinator)
    client.post(
        f"/programmas/{programme.pk}/plan/",
        {"add_theme": "1", "theme-title": "Bewustwording", "theme-ambition": "Iedereen weet het."},
    )
    theme = programme.themes.get()
    response = client.post(
        f"/programmas/{programme.pk}/plan/",
        {"add_action": "1", "action-theme": theme.pk, "action-title": "Workshop integriteit",
         "action-cadence": "maandelijks", "action-budget_planned": "1500",
         "action-lead_organisation": enschede.pk,
         "action-organisations": [enschede.pk, hengelo.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    action = programme.actions.get()
    assert (action.theme, action.cadence, action.budget_planned) == (theme, "maandelijks", 1500)
    assert action.commitments.count() == 2
    missing = client.post(
        f"/programmas/{programme.pk}/plan/", {"add_action": "1", "action-title": ""}
    )
    assert 'aria-invalid="true"' in missing.content.decode()
    assert programme.actions.count() == 1
