"""The coordinator keeps the plan in the browser: a new programme (empty or a copy of last
year's), themes and actions edited, reordered, removed (with confirmation) and put back."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dijkwacht.core.models import AuditEvent
from dijkwacht.programmes import selectors, services
from dijkwacht.programmes.models import Action, Commitment, Programme, Status, StatusUpdate
from tests.factories import make_programme

pytestmark = pytest.mark.django_db


def _new(client, twente, **fields):
    data = {
        "partnership": twente.pk, "start": "leeg", "name": "Weerbaar 2027",
        "stale_after_days": 90, "is_draft": "on", **fields,
    }  # fmt: skip
    return client.post("/programmas/nieuw/", data)


def test_a_coordinator_starts_an_empty_programme(client, coordinator, twente, verified):
    client.force_login(coordinator)
    page = client.get("/programmas/").content.decode()
    assert 'href="/programmas/nieuw/"' in page
    assert "Een leeg programma" in client.get("/programmas/nieuw/").content.decode()

    response = _new(client, twente, period_start="2027-01-01", period_end="2027-12-31")
    programme = Programme.objects.get(name="Weerbaar 2027")
    assert response.status_code == 302
    assert response["Location"] == f"/programmas/{programme.pk}/plan/"
    assert (programme.partnership, programme.is_draft) == (twente, True)
    assert programme.period_end == datetime.date(2027, 12, 31)

    # The same name again, an end before the start, a copy without a source: said at the field.
    again = _new(client, twente).content.decode()
    assert "al een programma met deze naam" in again
    backwards = _new(client, twente, name="Achterstevoren", period_start="2027-12-31",
                     period_end="2027-01-01").content.decode()  # fmt: skip
    assert "Het einde van de periode ligt vóór het begin" in backwards
    no_source = _new(client, twente, name="Kopie", start="kopie").content.decode()
    assert "Kies het programma dat je wilt kopiëren" in no_source
    assert Programme.objects.count() == 1


def test_only_a_coordinator_starts_one(client, contributor, viewer, verified):
    for person in (contributor, viewer):
        client.force_login(person)
        assert client.get("/programmas/nieuw/").status_code == 403
        assert 'href="/programmas/nieuw/"' not in client.get("/programmas/").content.decode()


def test_last_years_programme_is_copied_with_its_statuses_as_reference(
    client, coordinator, twente, enschede, hengelo, verified
):
    source = make_programme(twente, [enschede, hengelo], actions=2, themes=2, name="Plan 2026")
    first, second = source.actions.order_by("position")[:2]
    services.action_update(
        actor=None, action=first, budget_planned=Decimal("1000"), budget_spent=Decimal("800")
    )
    part = services.action_create(
        actor=None, programme=source, theme=first.theme, parent=second, title="Deelactie",
        organisations=[enschede],
    )  # fmt: skip
    done = Commitment.objects.get(action=first, organisation=enschede)
    services.commitment_update(actor=None, commitment=done, status=Status.COMPLETED)
    services.action_remove(actor=None, action=source.actions.get(title="Actie 2.2"))

    client.force_login(coordinator)
    form = client.get(f"/programmas/nieuw/?kopie={source.pk}").content.decode()
    assert f'<option value="{source.pk}" selected>' in form
    response = _new(client, twente, name="Plan 2027", start="kopie", copy_from=source.pk)
    copy = Programme.objects.get(name="Plan 2027")
    assert response.status_code == 302 and copy.copied_from == source

    assert [t.title for t in copy.themes.all()] == [t.title for t in source.themes.all()]
    plan = [(a.number, a.title, a.theme.title, a.parent.title if a.parent else None)
            for a in copy.actions.order_by("position")]  # fmt: skip
    assert plan == [
        (a.number, a.title, a.theme.title, a.parent.title if a.parent else None)
        for a in source.actions.order_by("position")
    ]  # the removed action is not copied
    assert len(plan) == 4 and ("", "Deelactie", "Thema 1", "Actie 1.2") in plan
    copied_first = copy.actions.get(title=first.title)
    assert (copied_first.budget_planned, copied_first.budget_spent) == (Decimal("1000"), None)
    cells = Commitment.objects.filter(programme=copy)
    assert cells.count() == Commitment.objects.filter(programme=source).count() == 7
    assert set(cells.values_list("status", flat=True)) == {Status.PLANNED}
    reference = cells.get(action=copied_first, organisation=enschede)
    assert reference.previous_status == Status.COMPLETED
    assert cells.get(action__title=part.title).previous_status == Status.UNDETERMINED

    editor = client.get(f"/programmas/{copy.pk}/matrix/{copied_first.pk}/{enschede.pk}/")
    assert "In het programma waarvan dit een kopie is: voltooid" in editor.content.decode()
    # Last year's programme is as it was.
    done.refresh_from_db()
    assert done.status == Status.COMPLETED
    assert AuditEvent.objects.filter(action="programmes.programme_copy").count() == 1


def test_themes_are_edited_reordered_and_removed_with_confirmation(
    client, coordinator, twente, enschede, verified
):
    programme = make_programme(twente, [enschede], actions=2, themes=2)
    one, two = programme.themes.all()
    client.force_login(coordinator)
    base = f"/programmas/{programme.pk}/themas"

    saved = client.post(f"{base}/{one.pk}/", {"title": "Bewustwording", "ambition": "Iedereen"})
    assert saved.status_code == 302
    one.refresh_from_db()
    assert (one.title, one.ambition) == ("Bewustwording", "Iedereen")
    empty = client.post(f"{base}/{one.pk}/", {"title": ""}).content.decode()
    assert 'aria-invalid="true"' in empty

    client.post(f"{base}/{two.pk}/verplaatsen/", {"richting": "op"})
    assert [t.pk for t in programme.themes.all()] == [two.pk, one.pk]
    client.post(f"{base}/{two.pk}/verplaatsen/", {"richting": "op"})  # already first
    assert [t.pk for t in programme.themes.all()] == [two.pk, one.pk]

    confirm = client.get(f"{base}/{one.pk}/verwijderen/").content.decode()
    assert "Het thema “Bewustwording” verwijderen?" in confirm
    assert "De 2 acties blijven in het plan" in confirm
    assert programme.themes.count() == 2  # asking removes nothing
    client.post(f"{base}/{one.pk}/verwijderen/")
    assert list(programme.themes.all()) == [two]
    assert programme.actions.filter(theme__isnull=True).count() == 2
    assert programme.actions.count() == 4
    removal = AuditEvent.objects.get(action="programmes.theme_remove")
    assert removal.changes["title"][0] == "Bewustwording"


def test_actions_move_within_their_theme_and_their_parts_move_along(
    client, coordinator, twente, enschede, verified
):
    programme = make_programme(twente, [enschede], actions=3, themes=1)
    a, b, c = programme.actions.order_by("position")
    part = services.action_create(
        actor=None, programme=programme, theme=a.theme, parent=a, title="Deel van 1.1",
        position=a.position, organisations=[enschede],
    )  # fmt: skip
    client.force_login(coordinator)

    client.post(f"/acties/{a.pk}/verplaatsen/", {"richting": "neer"})
    order = list(programme.actions.order_by("position", "id").values_list("title", flat=True))
    assert order == ["Actie 1.2", "Actie 1.1", "Deel van 1.1", "Actie 1.3"]
    client.post(f"/acties/{c.pk}/verplaatsen/", {"richting": "neer"})  # already last
    client.post(f"/acties/{c.pk}/verplaatsen/", {"richting": "op"})
    order = list(programme.actions.order_by("position", "id").values_list("title", flat=True))
    assert order == ["Actie 1.2", "Actie 1.3", "Actie 1.1", "Deel van 1.1"]
    assert part.title in order
    matrix = client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    assert matrix.index("Actie 1.3") < matrix.index("Actie 1.1") < matrix.index("Deel van 1.1")
    assert AuditEvent.objects.filter(action="programmes.action_move").count() == 2
    assert b.title == "Actie 1.2"


def test_an_action_is_edited_with_its_budget_and_bad_input_changes_nothing(
    client, coordinator, twente, enschede, hengelo, verified
):
    programme = make_programme(twente, [enschede], actions=2, themes=2)
    action = programme.actions.order_by("position").first()
    other_theme = programme.themes.last()
    client.force_login(coordinator)
    form = client.get(f"/acties/{action.pk}/bewerken/").content.decode()
    assert 'value="Actie 1.1"' in form and "Besteed budget (€)" in form

    data = {"theme": other_theme.pk, "number": "1.1", "title": "Weerbaarheidsscan",
            "lead_organisation": hengelo.pk, "cadence": "per_kwartaal",
            "budget_planned": "2500", "budget_spent": "1000"}  # fmt: skip
    assert client.post(f"/acties/{action.pk}/bewerken/", data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.theme, action.lead_organisation) == (
        "Weerbaarheidsscan",
        other_theme,
        hengelo,
    )
    assert (action.budget_planned, action.budget_spent) == (Decimal("2500"), Decimal("1000"))
    assert action.budget_remaining == Decimal("1500")

    negative = client.post(f"/acties/{action.pk}/bewerken/", {**data, "budget_spent": "-5"})
    assert 'aria-invalid="true"' in negative.content.decode()
    action.refresh_from_db()
    assert action.budget_spent == Decimal("1000")


def test_budgets_are_summed_per_theme_and_programme(
    client, coordinator, twente, enschede, verified
):
    programme = make_programme(twente, [enschede], actions=2, themes=2, execution_budget=5000)
    a, b, c, d = programme.actions.order_by("position")
    for action, planned, spent in ((a, 1000, 400), (b, 500, None), (c, 700, 700)):
        services.action_update(actor=None, action=action, budget_planned=Decimal(planned),
                               budget_spent=None if spent is None else Decimal(spent))  # fmt: skip
    services.action_update(actor=None, action=d, budget_planned=Decimal(9999))
    services.action_remove(actor=None, action=d)

    overview = selectors.programme_overview(programme)
    first, second = overview.themes
    assert (first.budget.planned, first.budget.spent, first.budget.remaining) == (1500, 400, 1100)
    assert (second.budget.planned, second.budget.spent, second.budget.remaining) == (700, 700, 0)
    assert (overview.budget.planned, overview.budget.spent) == (2200, 1100)  # d is removed

    client.force_login(coordinator)
    plan = client.get(f"/programmas/{programme.pk}/plan/").content.decode()
    assert "€ 1.500" in plan and "€ 1.100" in plan and "€ 2.200" in plan
    detail = client.get(f"/programmas/{programme.pk}/").content.decode()
    assert "€ 1.500</span> gepland" in detail and "€ 400</span> besteed" in detail


def test_a_removed_action_leaves_the_plan_keeps_its_history_and_comes_back(
    client, coordinator, contributor, twente, enschede, hengelo, verified
):
    programme = make_programme(twente, [enschede, hengelo], actions=2, themes=1)
    action = programme.actions.order_by("position").first()
    cell = Commitment.objects.get(action=action, organisation=enschede)
    services.commitment_update(actor=None, commitment=cell, status=Status.IN_PROGRESS)
    client.force_login(coordinator)

    confirm = client.get(f"/acties/{action.pk}/verwijderen/").content.decode()
    assert "2 cellen verdwijnen uit de matrix" in confirm
    assert "1 statuswijziging" in confirm
    assert programme.actions.count() == 2
    assert client.post(f"/acties/{action.pk}/verwijderen/").status_code == 302

    assert list(programme.actions.values_list("title", flat=True)) == ["Actie 1.2"]
    assert Commitment.with_removed.filter(action=action).count() == 2
    assert StatusUpdate.objects.filter(commitment=cell).count() == 1
    plan = client.get(f"/programmas/{programme.pk}/plan/").content.decode()
    assert "Verwijderde acties" in plan and "1.1 Actie 1.1" in plan
    client.force_login(contributor)
    assert "Actie 1.1" not in client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    assert "Actie 1.1" not in client.get("/mijn-acties/").content.decode()
    assert client.get(f"/acties/{action.pk}/").status_code == 404
    assert client.post(f"/acties/{action.pk}/terugzetten/").status_code == 403

    client.force_login(coordinator)
    client.post(f"/acties/{action.pk}/terugzetten/")
    assert programme.actions.count() == 2
    cell.refresh_from_db()
    assert cell.status == Status.IN_PROGRESS
    assert "Actie 1.1" in client.get(f"/programmas/{programme.pk}/matrix/").content.decode()
    events = AuditEvent.objects.filter(action__startswith="programmes.action_r").order_by("id")
    assert [e.action for e in events] == ["programmes.action_remove", "programmes.action_restore"]


def test_a_closed_programme_keeps_its_plan(client, coordinator, twente, enschede, verified):
    programme = make_programme(twente, [enschede], actions=2, themes=2)
    services.programme_update(actor=None, programme=programme, closed_on=timezone.localdate())
    theme = programme.themes.last()
    action = programme.actions.order_by("position").first()
    client.force_login(coordinator)
    plan = client.get(f"/programmas/{programme.pk}/plan/").content.decode()
    assert "Dit programma is afgesloten" in plan and "/verwijderen/" not in plan

    moved = client.post(f"/programmas/{programme.pk}/themas/{theme.pk}/verplaatsen/",
                        {"richting": "op"}, follow=True)  # fmt: skip
    assert "Dit programma is afgesloten" in moved.content.decode()
    client.post(f"/acties/{action.pk}/verwijderen/")
    assert programme.themes.last() == theme and programme.actions.count() == 4
    assert not Action.with_removed.filter(removed_at__isnull=False).exists()


def test_new_and_restored_actions_take_the_end_of_the_plan(twente, enschede):
    programme = make_programme(twente, [enschede], actions=3, themes=1)
    first, second, third = programme.actions.order_by("position")
    services.action_remove(actor=None, action=second)
    services.action_move(actor=None, action=third, offset=-1)  # renumbers the current ones

    added = services.action_create(
        actor=None, programme=programme, theme=first.theme, title="Nieuw", organisations=[enschede]
    )
    assert (
        added.position > Action.with_removed.exclude(pk=added.pk).order_by("-position")[0].position
    )
    services.action_restore(actor=None, action=second)
    titles = [a.title for a in programme.actions.order_by("position", "id")]
    assert titles == ["Actie 1.3", "Actie 1.1", "Nieuw", "Actie 1.2"]
    positions = list(Action.objects.filter(programme=programme).values_list("position", flat=True))
    assert len(set(positions)) == len(positions)


def test_a_restored_action_brings_its_parts_back_in_their_order(twente, enschede):
    programme = make_programme(twente, [enschede], actions=2, themes=1)
    action = programme.actions.order_by("position").first()
    parts = [
        services.action_create(actor=None, programme=programme, theme=action.theme,
                               parent=action, title=f"Deel {n}", organisations=[enschede])
        for n in (1, 2)
    ]  # fmt: skip
    services.action_remove(actor=None, action=action)
    assert services.action_restore(actor=None, action=action) == 3
    restored = list(Action.objects.filter(pk__in=[action.pk, *[p.pk for p in parts]])
                    .order_by("position"))  # fmt: skip
    assert [a.title for a in restored] == ["Actie 1.1", "Deel 1", "Deel 2"]


def test_a_theme_is_not_added_to_a_closed_programme(twente, enschede):
    programme = make_programme(twente, [enschede], actions=1, themes=1)
    services.programme_update(actor=None, programme=programme, closed_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.theme_create(actor=None, programme=programme, title="Te laat")
    assert programme.themes.count() == 1


def test_a_copy_leaves_out_organisations_that_left_the_partnership(twente, enschede, hengelo):
    source = make_programme(twente, [enschede, hengelo], actions=1, themes=1)
    action = source.actions.get()
    services.action_update(actor=None, action=action, lead_organisation=hengelo)
    twente.members.remove(hengelo)

    copy = services.programme_copy(actor=None, source=source, name="Volgend jaar")
    new = copy.actions.get()
    assert new.lead_organisation is None
    assert list(
        Commitment.objects.filter(programme=copy).values_list("organisation", flat=True)
    ) == [enschede.pk]
