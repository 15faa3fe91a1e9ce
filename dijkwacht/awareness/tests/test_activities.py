"""Activities, their sessions and who came: who may organise, what is refused next to its
field, how counts replace each other, and that another partnership sees nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import services
from dijkwacht.awareness.models import Activity, ActivityType, Participation, Session, TargetGroup
from dijkwacht.awareness.recurrence import Repeat
from dijkwacht.core.models import AuditEvent
from tests.factories import make_activity, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _group(code):
    return TargetGroup.objects.get(code=code)


def _save(actor, partnership, organiser, **overrides):
    fields = {
        "kind": ActivityType.objects.get(code="kennissessie"),
        "target_groups": [_group("raad")],
        "organisations": [],
        "title": "Kennissessie voor de raad",
        "capacity": 40,
    }
    fields.update(overrides)
    return services.activity_save(
        actor=actor, partnership=partnership, organiser=organiser, **fields
    )


def test_a_contributor_organises_for_their_own_organisation_only(
    twente, enschede, hengelo, contributor
):
    activity = _save(contributor, twente, enschede, organisations=[hengelo])
    assert set(activity.organisations.all()) == {enschede, hengelo}  # the organiser takes part
    assert AuditEvent.objects.filter(action="awareness.activity_create").count() == 1
    with pytest.raises(ValidationError) as refused:
        _save(contributor, twente, hengelo)
    assert "organiser" in refused.value.message_dict


def test_a_coordinator_organises_for_every_member(twente, hengelo, coordinator):
    assert _save(coordinator, twente, hengelo).organiser == hengelo


def test_what_does_not_fit_is_refused_next_to_its_field(
    twente, utrecht, enschede, utrecht_city, coordinator
):
    other_programme = make_programme(utrecht, [utrecht_city])
    with pytest.raises(ValidationError) as refused:
        _save(
            coordinator,
            twente,
            enschede,
            target_groups=[],
            organisations=[utrecht_city],
            action=other_programme.actions.first(),
        )
    assert set(refused.value.message_dict) == {"target_groups", "organisations", "action"}
    assert not Activity.objects.exists()


def test_a_counted_organisation_or_group_stays_until_its_counts_are_out(
    twente, enschede, hengelo, coordinator
):
    activity = make_activity(
        twente,
        enschede,
        groups=("raad", "college"),
        organisations=[hengelo],
        came={(hengelo, "raad"): 5},
    )
    with pytest.raises(ValidationError) as refused:
        _save(
            coordinator,
            twente,
            enschede,
            activity=activity,
            organisations=[],
            target_groups=[_group("college")],
        )
    assert set(refused.value.message_dict) == {"organisations", "target_groups"}
    # Taking the uncounted group out is fine.
    _save(
        coordinator,
        twente,
        enschede,
        activity=activity,
        organisations=[hengelo],
        target_groups=[_group("raad")],
    )
    assert list(activity.target_groups.values_list("code", flat=True)) == ["raad"]


def test_a_monthly_series_is_planned_as_sessions(twente, enschede, contributor):
    activity = make_activity(twente, enschede, days_ago=())
    first = datetime.date(2026, 1, 13)
    services.sessions_plan(
        actor=contributor,
        activity=activity,
        first=first,
        starts=datetime.time(9, 30),
        ends=datetime.time(12),
        repeat=Repeat.MONTHLY_WEEKDAY,
        count=3,
    )
    starts = [timezone.localtime(s.starts_at) for s in activity.sessions.order_by("starts_at")]
    assert [s.date() for s in starts] == [
        datetime.date(2026, 1, 13),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 3, 10),
    ]
    assert {s.time() for s in starts} == {datetime.time(9, 30)}
    with pytest.raises(ValidationError) as refused:
        services.sessions_plan(
            actor=contributor,
            activity=activity,
            first=first,
            starts=datetime.time(12),
            ends=datetime.time(9),
            repeat=Repeat.ONCE,
            count=1,
        )
    assert "ends" in refused.value.message_dict
    assert activity.sessions.count() == 3


def test_counts_replace_what_was_entered_and_name_nobody(twente, enschede, hengelo, contributor):
    activity = make_activity(twente, enschede, organisations=[hengelo], groups=("raad",))
    session = activity.sessions.get()
    raad = _group("raad").pk
    assert (
        services.participation_save(
            actor=contributor,
            session=session,
            counts={(enschede.pk, raad): 7, (hengelo.pk, raad): 3},
        )
        == 10
    )
    services.participation_save(
        actor=contributor, session=session, counts={(enschede.pk, raad): 8, (hengelo.pk, raad): 0}
    )
    assert list(Participation.objects.values_list("organisation_id", "count")) == [(enschede.pk, 8)]


def test_counts_are_refused_before_the_session_and_outside_the_activity(
    twente, enschede, hengelo, zeist, contributor
):
    activity = make_activity(twente, enschede, days_ago=(-3, 3), groups=("raad",))
    coming, held = (
        activity.sessions.order_by("-starts_at")[0],
        activity.sessions.order_by("starts_at")[0],
    )
    raad = _group("raad").pk
    with pytest.raises(ValidationError, match="gehouden"):
        services.participation_save(
            actor=contributor, session=coming, counts={(enschede.pk, raad): 4}
        )
    for key in [(hengelo.pk, raad), (enschede.pk, _group("college").pk), (zeist.pk, raad)]:
        with pytest.raises(ValidationError):
            services.participation_save(actor=contributor, session=held, counts={key: 4})
    assert not Participation.objects.exists()


def test_only_the_organiser_and_the_coordinators_change_an_activity(
    twente, hengelo, enschede, contributor, viewer, coordinator
):
    activity = make_activity(twente, hengelo)
    session = activity.sessions.get()
    for outsider in (contributor, viewer):
        with pytest.raises(PermissionDenied):
            services.session_remove(actor=outsider, session=session)
    services.session_remove(actor=coordinator, session=session)
    assert not Session.objects.exists()


# --- Pages ------------------------------------------------------------------------------------


def test_the_list_shows_sessions_and_participants_and_filters(
    client, twente, enschede, hengelo, viewer
):
    make_activity(
        twente,
        enschede,
        title="Workshop A",
        days_ago=(40, 10, -5),
        came={(enschede, "nieuwe-medewerkers"): 6},
    )
    make_activity(twente, hengelo, title="Raadsbijeenkomst B", groups=("raad",))
    client.force_login(viewer)
    page = client.get(reverse("awareness:activity_list", args=[twente.pk]))
    assert page.status_code == 200
    row = next(a for a in page.context["activities"] if a.title == "Workshop A")
    assert (row.session_count, row.participants) == (3, 12)
    assert row.next_session is not None
    filtered = client.get(
        reverse("awareness:activity_list", args=[twente.pk]), {"target_group": "raad"}
    )
    assert [a.title for a in filtered.context["activities"]] == ["Raadsbijeenkomst B"]
    csv = client.get(reverse("awareness:activity_csv", args=[twente.pk])).content.decode()
    assert "Workshop A" in csv and "Raadsbijeenkomst B" in csv


def test_a_contributor_adds_an_activity_plans_it_and_counts_who_came(
    client, twente, enschede, contributor
):
    client.force_login(contributor)
    raad = _group("raad")
    response = client.post(
        reverse("awareness:activity_create", args=[twente.pk]),
        {
            "title": "Raadsinformatieavond ondermijning",
            "kind": ActivityType.objects.get(code="kennissessie").pk,
            "organiser": enschede.pk,
            "target_groups": [raad.pk],
            "capacity": "",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awareness:activity_detail", args=[activity.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(
        response.url,
        {
            "first": yesterday.isoformat(),
            "starts": "19:30",
            "ends": "21:00",
            "repeat": "once",
            "count": 1,
        },
    )
    session = activity.sessions.get()
    counted = client.post(
        reverse("awareness:session_participation", args=[session.pk]),
        {f"n-{enschede.pk}-{raad.pk}": "23"},
    )
    assert counted.status_code == 302
    assert Participation.objects.get().count == 23
    refused = client.post(
        reverse("awareness:session_participation", args=[session.pk]),
        {f"n-{enschede.pk}-{raad.pk}": "-2"},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert Participation.objects.get().count == 23


def test_bad_input_in_the_activity_form_lands_next_to_the_field(client, twente, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("awareness:activity_create", args=[twente.pk]),
        {"title": "x" * 201, "online_url": "geen link", "capacity": "-1"},
    )
    assert response.status_code == 200
    assert {"title", "kind", "organiser", "online_url", "capacity", "target_groups"} <= set(
        response.context["form"].errors
    )
    assert not Activity.objects.exists()


def test_another_partnership_sees_nothing(
    client, twente, enschede, other_coordinator, other_contributor
):
    activity = make_activity(twente, enschede, came={(enschede, "nieuwe-medewerkers"): 4})
    session = activity.sessions.get()
    for user in (other_coordinator, other_contributor):
        client.force_login(user)
        for url in (
            reverse("awareness:activity_list", args=[twente.pk]),
            reverse("awareness:activity_detail", args=[activity.pk]),
            reverse("awareness:activity_edit", args=[activity.pk]),
            reverse("awareness:session_participation", args=[session.pk]),
            reverse("awareness:reach", args=[twente.pk]),
            reverse("awareness:sizes", args=[twente.pk]),
        ):
            assert client.get(url).status_code == 404, url
        assert (
            client.post(reverse("awareness:session_remove", args=[session.pk])).status_code == 404
        )
    assert Session.objects.exists()


def test_a_viewer_reads_but_changes_nothing(client, twente, enschede, viewer):
    activity = make_activity(twente, enschede)
    client.force_login(viewer)
    detail = client.get(reverse("awareness:activity_detail", args=[activity.pk]))
    assert detail.status_code == 200 and detail.context["form"] is None
    assert client.get(reverse("awareness:activity_edit", args=[activity.pk])).status_code == 403
    assert client.get(reverse("awareness:activity_create", args=[twente.pk])).status_code == 403
    assert client.post(reverse("awareness:activity_remove", args=[activity.pk])).status_code == 403
    assert Activity.objects.exists()


def test_the_action_in_the_matrix_tells_the_sessions_held_and_who_came(
    client, twente, enschede, coordinator
):
    programme = make_programme(twente, [enschede], actions=1)
    action = programme.actions.get()
    matrix_url = reverse("programmes:matrix", args=[programme.pk])
    client.force_login(coordinator)
    assert "bijeenkomst" not in client.get(matrix_url).content.decode()
    make_activity(
        twente,
        enschede,
        action=action,
        days_ago=(60, 30, -10),
        came={(enschede, "nieuwe-medewerkers"): 37},
    )
    # The cached table is out of date the moment the counts change.
    assert "2 bijeenkomsten, 74 deelnemers" in client.get(matrix_url).content.decode()
    detail = client.get(reverse("programmes:action_detail", args=[action.pk]))
    assert "2 bijeenkomsten, 74 deelnemers" in detail.content.decode()


def test_the_matrix_note_follows_a_removed_session_a_new_action_and_a_removed_activity(
    client, twente, enschede, coordinator
):
    programme = make_programme(twente, [enschede], actions=2)
    first, second = programme.actions.order_by("position", "pk")
    activity = make_activity(
        twente,
        enschede,
        action=first,
        days_ago=(20, 10),
        came={(enschede, "nieuwe-medewerkers"): 5},
    )
    client.force_login(coordinator)
    matrix_url = reverse("programmes:matrix", args=[programme.pk])
    assert "2 bijeenkomsten, 10 deelnemers" in client.get(matrix_url).content.decode()
    services.session_remove(actor=coordinator, session=activity.sessions.order_by("starts_at")[0])
    assert "1 bijeenkomst, 5 deelnemers" in client.get(matrix_url).content.decode()
    _save(
        coordinator,
        twente,
        enschede,
        activity=activity,
        kind=activity.kind,
        target_groups=list(activity.target_groups.all()),
        action=second,
    )
    detail = client.get(reverse("programmes:action_detail", args=[second.pk])).content.decode()
    assert "1 bijeenkomst, 5 deelnemers" in detail
    services.activity_remove(actor=coordinator, activity=Activity.objects.get())
    assert "bijeenkomst" not in client.get(matrix_url).content.decode()


def test_changed_links_of_an_activity_are_in_the_audit_trail(
    twente, enschede, hengelo, coordinator
):
    activity = _save(coordinator, twente, enschede)
    _save(
        coordinator,
        twente,
        enschede,
        activity=activity,
        organisations=[hengelo],
        target_groups=[_group("college")],
    )
    event = AuditEvent.objects.filter(action="awareness.activity_update").latest("pk")
    assert event.changes["organisations"] == [[enschede.pk], sorted([enschede.pk, hengelo.pk])]
    assert set(event.changes) == {"organisations", "target_groups"}
