"""Requests for access to a source that is not open: asked with a purpose and ground, decided by
the owner or deputy with a reason within the term, seen only by those involved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dijkwacht.catalogue import services, terms
from dijkwacht.catalogue.models import RequestStatus, SourceRequest
from dijkwacht.notifications.models import Notification
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


@pytest.fixture
def asker(hengelo):
    user = UserFactory(email="asker@example.test", full_name="Anna Vraag")
    MembershipFactory(user=user, organisation=hengelo, role=Role.CONTRIBUTOR)
    return user


@pytest.fixture
def source(enschede, coordinator, contributor):
    return make_source(enschede, coordinator, title="Register", deputy=contributor,
                       decision_days=14)  # fmt: skip


def _ask(asker, source, hengelo, **fields):
    return services.source_request_submit(
        actor=asker,
        source=source,
        organisation=hengelo,
        purpose=fields.pop("purpose", "Voor een integrale controle."),
        legal_basis=fields.pop("legal_basis", "avg_6_1_e"),
        **fields,
    )


def test_the_term_starts_on_the_day_of_the_request_and_the_deciders_hear_of_it(
    asker, source, hengelo, coordinator, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = _ask(asker, source, hengelo, today=datetime.date(2026, 3, 1))
    assert made.due == datetime.date(2026, 3, 15)
    notified = set(
        Notification.objects.filter(event="catalogue.request_submitted").values_list(
            "user_id", flat=True
        )
    )
    assert notified == {coordinator.pk, contributor.pk}


def test_one_waiting_request_per_person_and_source(asker, source, hengelo):
    _ask(asker, source, hengelo)
    with pytest.raises(ValidationError):
        _ask(asker, source, hengelo)
    assert SourceRequest.objects.count() == 1


def test_an_open_source_and_the_holders_own_people_need_no_request(
    asker, hengelo, enschede, coordinator, contributor, source
):
    open_source = make_source(enschede, coordinator, title="Open", access_level="publiek")
    with pytest.raises(ValidationError):
        _ask(asker, open_source, hengelo)
    with pytest.raises(PermissionDenied):
        _ask(contributor, source, enschede)
    # Nor on behalf of an organisation that is not the asker's.
    with pytest.raises(PermissionDenied):
        _ask(asker, source, enschede)


def test_the_owner_or_deputy_decides_with_a_reason(
    asker, source, hengelo, contributor, viewer, django_capture_on_commit_callbacks
):
    made = _ask(asker, source, hengelo)
    with pytest.raises(ValidationError) as error:
        services.source_request_decide(actor=contributor, request=made, granted=True, reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.source_request_decide(actor=viewer, request=made, granted=True, reason="Ja")
    with pytest.raises(PermissionDenied):
        services.source_request_decide(actor=asker, request=made, granted=True, reason="Ja")
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.source_request_decide(
            actor=contributor, request=made, granted=False, reason="Doel past niet."
        )
    assert decided.status == RequestStatus.REFUSED
    assert decided.decided_by == contributor
    assert Notification.objects.filter(event="catalogue.request_decided", user=asker).exists()
    with pytest.raises(ValidationError):
        services.source_request_decide(actor=contributor, request=made, granted=True, reason="Ja")


def test_who_sees_a_request(client, asker, source, hengelo, coordinator, viewer,
                            other_coordinator):  # fmt: skip
    made = _ask(asker, source, hengelo)
    url = reverse("catalogue:request_detail", args=[made.pk])
    for user in (asker, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert [r["id"] for r in client.get("/api/v1/source-requests").json()] == [made.pk]
    # Not a viewer of the partnership, not another partnership: the annual report counts them.
    for user in (viewer, other_coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get("/api/v1/source-requests").json() == []


def test_asking_and_deciding_through_the_pages(client, asker, source, hengelo, coordinator):
    client.force_login(asker)
    page = client.get(reverse("catalogue:source_detail", args=[source.pk])).content.decode()
    assert "Toegang aanvragen" in page
    response = client.post(
        reverse("catalogue:request_create", args=[source.pk]),
        {"organisation": hengelo.pk, "purpose": "", "legal_basis": ""},
    )
    assert response.status_code == 400
    assert set(response.context["request_form"].errors) == {"purpose", "legal_basis"}
    response = client.post(
        reverse("catalogue:request_create", args=[source.pk]),
        {"organisation": hengelo.pk, "purpose": "Controle", "legal_basis": "wpg"},
    )
    made = SourceRequest.objects.get()
    assert response["Location"] == reverse("catalogue:request_detail", args=[made.pk])
    client.force_login(coordinator)
    listing = client.get(reverse("catalogue:request_list"))
    assert [r.pk for r, _clock in listing.context["to_decide"]] == [made.pk]
    response = client.post(
        reverse("catalogue:request_detail", args=[made.pk]), {"decision": "toegekend"}
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    client.post(
        reverse("catalogue:request_detail", args=[made.pk]),
        {"decision": "toegekend", "reason": "Past bij het doel."},
    )
    made.refresh_from_db()
    assert made.status == RequestStatus.GRANTED
    client.force_login(asker)
    page = client.get(reverse("catalogue:request_detail", args=[made.pk])).content.decode()
    assert "Past bij het doel." in page


def test_the_asker_withdraws_a_waiting_request(client, asker, source, hengelo, coordinator):
    made = _ask(asker, source, hengelo)
    client.force_login(coordinator)
    client.post(reverse("catalogue:request_withdraw", args=[made.pk]))
    made.refresh_from_db()
    assert made.status == RequestStatus.SUBMITTED
    client.force_login(asker)
    client.post(reverse("catalogue:request_withdraw", args=[made.pk]))
    made.refresh_from_db()
    assert made.status == RequestStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        (datetime.date(2026, 3, 1), "running", 14),
        (datetime.date(2026, 3, 10), "soon", 5),
        (datetime.date(2026, 3, 15), "soon", 0),
        (datetime.date(2026, 3, 18), "overdue", -3),
    ],
)
def test_the_decision_clock(today, state, left):
    due = terms.decision_due(datetime.date(2026, 3, 1), 14)
    clock = terms.decision_clock(due=due, decided=False, today=today)
    assert (clock.state, clock.days_left) == (state, left)
    assert clock.days_overdue == max(0, -left)


def test_a_decided_request_runs_no_clock():
    clock = terms.decision_clock(
        due=datetime.date(2026, 3, 1), decided=True, today=datetime.date(2026, 4, 1)
    )
    assert clock.state == "none"


def test_only_members_sharing_a_partnership_with_the_holder_ask_and_not_as_viewer(
    client, source, utrecht_city, viewer, asker
):
    from dijkwacht.catalogue.permissions import requesting_organisation_ids

    # A Hengelo contributor who also works at Utrecht (no partnership with Enschede).
    MembershipFactory(user=asker, organisation=utrecht_city, role=Role.CONTRIBUTOR)
    assert requesting_organisation_ids(asker, source) == [asker.memberships.first().organisation_id]
    # The burgemeester reads; they do not ask for data.
    assert requesting_organisation_ids(viewer, source) == []
    with pytest.raises(PermissionDenied):
        _ask(asker, source, utrecht_city)


def test_an_owner_who_moved_on_no_longer_decides(asker, source, hengelo, coordinator):
    made = _ask(asker, source, hengelo)
    coordinator.memberships.all().delete()
    with pytest.raises(PermissionDenied):
        services.source_request_decide(actor=coordinator, request=made, granted=True, reason="Ja")


def test_the_api_refuses_a_non_decider_before_reading_the_body(client, asker, source, hengelo):
    made = _ask(asker, source, hengelo)
    client.force_login(asker)
    response = client.post(
        f"/api/v1/source-requests/{made.pk}/decision", data={}, content_type="application/json"
    )
    assert response.status_code == 403
