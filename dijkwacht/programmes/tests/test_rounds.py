import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from dijkwacht.programmes import selectors, services
from dijkwacht.programmes.models import Commitment, RoundCell, RoundReminder, Status
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def _the_day_stays_today(monkeypatch):
    """Pin the clock's date to the one SOON was counted from: reminders go out on exact days
    before the deadline, and a run that passes midnight would otherwise find none due."""
    localdate = timezone.localdate

    def pinned(value=None, timezone=None):
        return TODAY if value is None else localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", pinned)


@pytest.fixture
def programme(twente, enschede, hengelo):
    return make_programme(twente, [enschede, hengelo], actions=2, name="Rondes")


def _cell(programme, organisation, index=0):
    return list(Commitment.objects.filter(programme=programme, organisation=organisation))[index]


def test_open_round_shows_who_is_behind(programme, coordinator, contributor, enschede):
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="DVO december", deadline=SOON
    )
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.IN_PROGRESS
    )
    rows = {
        r.organisation.name: (r.updated, r.total) for r in selectors.round_progress(progress_round)
    }
    assert rows == {"Enschede": (1, 2), "Hengelo (O.)": (0, 2)}
    assert selectors.round_progress(progress_round)[0].organisation.name == "Hengelo (O.)"


def test_only_one_open_round_and_no_deadline_in_the_past(programme, coordinator):
    services.round_open(actor=coordinator, programme=programme, title="Eerste", deadline=SOON)
    with pytest.raises(ValidationError):
        services.round_open(actor=coordinator, programme=programme, title="Tweede", deadline=SOON)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=coordinator, programme=programme, title="Te laat", deadline=yesterday
        )
    assert "deadline" in error.value.message_dict


def test_contributors_cannot_open_or_close_rounds(programme, contributor, coordinator):
    with pytest.raises(PermissionDenied):
        services.round_open(actor=contributor, programme=programme, title="Eigen", deadline=SOON)
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="Ronde", deadline=SOON
    )
    with pytest.raises(PermissionDenied):
        services.round_close(actor=contributor, progress_round=progress_round)


def test_closing_freezes_the_cells_and_the_next_round_shows_changes(
    programme, coordinator, contributor, enschede, hengelo
):
    first = services.round_open(actor=coordinator, programme=programme, title="Eén", deadline=SOON)
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.PLANNED
    )
    services.round_close(actor=coordinator, progress_round=first)
    frozen = RoundCell.objects.filter(round=first)
    assert frozen.count() == 4
    assert frozen.filter(updated_in_round=True).count() == 1
    with pytest.raises(ValidationError):
        services.round_close(actor=coordinator, progress_round=first)

    second = services.round_open(
        actor=coordinator, programme=programme, title="Twee", deadline=SOON
    )
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.COMPLETED
    )
    services.commitment_update(
        actor=coordinator, commitment=_cell(programme, hengelo, 1), status=Status.NOT_TAKEN_UP
    )
    previous, changes = selectors.round_changes(second)
    assert previous == first
    assert {(c.organisation, c.old_status, c.new_status) for c in changes} == {
        ("Enschede", "gepland", "voltooid"),
        ("Hengelo (O.)", "onbepaald", "niet_opgepakt"),
    }
    services.round_close(actor=coordinator, progress_round=second)
    # Later edits do not change a closed round's figures.
    services.commitment_update(
        actor=coordinator, commitment=_cell(programme, enschede), status=Status.STRUCTURAL
    )
    assert len(selectors.round_changes(second)[1]) == 2


def test_reminders_go_to_contributors_of_late_organisations_once_a_day(
    programme, coordinator, contributor, enschede, hengelo, django_capture_on_commit_callbacks
):
    from dijkwacht.organisations.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    hengelo_contributor = UserFactory(email="hengelo@example.test")
    MembershipFactory(user=hengelo_contributor, organisation=hengelo, role=Role.CONTRIBUTOR)
    services.round_open(actor=coordinator, programme=programme, title="DVO", deadline=SOON)
    for index in range(2):
        services.commitment_update(
            actor=contributor, commitment=_cell(programme, enschede, index), status=Status.PLANNED
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_daily", only=["programmes.round_reminders"], stdout=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hengelo@example.test"]
    assert "Rondes" in message.body and "Actie 1.1" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_daily", only=["programmes.round_reminders"], stdout=StringIO())
    assert len(mail.outbox) == 1
    assert RoundReminder.objects.get().outstanding == 2


def test_no_reminders_on_other_days(programme, coordinator):
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="Later",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )  # fmt: skip
    assert services.round_send_reminders(progress_round=progress_round) == 0
    assert not mail.outbox


def test_round_pages(client, coordinator, contributor, programme, enschede, verified):
    client.force_login(coordinator)
    response = client.post(
        f"/programmas/{programme.pk}/rondes/",
        {"title": "Via het scherm", "deadline": SOON.isoformat()},
    )
    progress_round = programme.rounds.get()
    assert response["Location"] == f"/programmas/{programme.pk}/rondes/{progress_round.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Via het scherm" in html and "0 / 2" in html
    client.force_login(contributor)
    assert "Via het scherm" in client.get("/mijn-acties/").content.decode()
    assert (
        client.post(f"/programmas/{programme.pk}/rondes/{progress_round.pk}/sluiten/").status_code
        == 403
    )
    client.force_login(coordinator)
    client.post(f"/programmas/{programme.pk}/rondes/{progress_round.pk}/sluiten/")
    progress_round.refresh_from_db()
    assert not progress_round.is_open


def test_closing_asks_first_and_shows_what_will_be_frozen(
    client, coordinator, contributor, programme, enschede, verified
):
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="DVO maart", deadline=SOON
    )
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.COMPLETED
    )
    url = f"/programmas/{programme.pk}/rondes/{progress_round.pk}/sluiten/"
    client.force_login(coordinator)
    detail = client.get(f"/programmas/{programme.pk}/rondes/{progress_round.pk}/").content.decode()
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert "4 cellen van 2 organisaties" in page
    assert "Hengelo (O.): 2 cellen niet bijgewerkt" in page
    assert "Enschede: 1 cel niet bijgewerkt" in page
    progress_round.refresh_from_db()
    assert progress_round.is_open  # looking is not closing
    client.force_login(contributor)
    assert client.get(url).status_code == 403


def test_the_coordinator_reminds_latecomers_from_the_round_page(
    client, coordinator, contributor, programme, enschede, verified,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="DVO", deadline=SOON
    )
    url = f"/programmas/{programme.pk}/rondes/{progress_round.pk}/herinneren/"
    client.force_login(contributor)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    detail = client.get(f"/programmas/{programme.pk}/rondes/{progress_round.pk}/").content.decode()
    # Hengelo is behind too, but has nobody to tell: the button counts only Enschede.
    assert "Herinner de organisatie die nog niet heeft geantwoord" in detail
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "Herinnering gestuurd aan 1 organisatie" in page  # only Enschede has a contributor
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "niemand om te herinneren" in page and len(mail.outbox) == 1


def test_what_each_organisation_wrote_in_the_round(
    client, coordinator, contributor, viewer, programme, enschede, hengelo, utrecht_city, verified
):
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.PLANNED,
        note="Van voor de ronde",
    )  # fmt: skip
    progress_round = services.round_open(
        actor=coordinator, programme=programme, title="DVO", deadline=SOON
    )
    services.commitment_update(
        actor=contributor, commitment=_cell(programme, enschede), status=Status.COMPLETED,
        note="Training gegeven aan 40 medewerkers",
    )  # fmt: skip
    base = f"/programmas/{programme.pk}/rondes/{progress_round.pk}/organisaties/"
    client.force_login(viewer)
    page = client.get(f"{base}{enschede.pk}/").content.decode()
    assert "Training gegeven aan 40 medewerkers" in page and "Gepland → Voltooid" in page
    assert "Van voor de ronde" not in page
    assert "nog niets bijgewerkt" in client.get(f"{base}{hengelo.pk}/").content.decode().lower()
    # An open round shows the plan as it is now: an action taken out leaves its updates out.
    services.action_remove(actor=None, action=_cell(programme, enschede).action)
    assert "Training gegeven" not in client.get(f"{base}{enschede.pk}/").content.decode()
    assert client.get(f"{base}{utrecht_city.pk}/").status_code == 404
