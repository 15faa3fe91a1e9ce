"""Registration for a session: capacity and the waiting list (also under concurrent
registration), cancelling and "I cannot come", invitations and reminders, attendance on the
day with the counts following, walk-ins, certificates, and retention to counts."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import selectors, services
from dijkwacht.awareness.models import (
    DeletionLog,
    Participation,
    Registration,
    RegistrationStatus,
    TargetGroup,
)
from dijkwacht.notifications.models import Notification
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory, make_activity, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

S = RegistrationStatus


def _staff(organisation, n, prefix="mw", role=Role.HANDLER):
    """People working at the organisation who organise nothing awareness does (a handler of
    the meldpunt will do): they register as anyone would."""
    people = []
    for i in range(n):
        user = UserFactory(email=f"{prefix}{i}-{organisation.pk}@example.test", full_name=f"Mw {i}")
        MembershipFactory(user=user, organisation=organisation, role=role)
        people.append(user)
    return people


def _register(user, session, organisation, **given):
    return services.registration_register(
        actor=user,
        session=session,
        organisation=organisation,
        target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
        **given,
    )


@pytest.fixture
def coming(twente, enschede):
    """A workshop by Enschede in three days, with two places."""
    return make_activity(twente, enschede, days_ago=(-3,), registration=True, capacity=2)


def test_a_full_session_puts_people_on_the_waiting_list_and_a_cancellation_moves_one_up(
    coming, enschede, django_capture_on_commit_callbacks
):
    session = coming.sessions.get()
    a, b, c, d = _staff(enschede, 4)
    assert [_register(u, session, enschede).status for u in (a, b, c, d)] == [
        S.REGISTERED, S.REGISTERED, S.WAITING, S.WAITING,
    ]  # fmt: skip
    assert selectors.waiting_place(Registration.objects.get(user=d)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=a, registration=Registration.objects.get(user=a))
    assert Registration.objects.get(user=c).status == S.REGISTERED  # first come, first served
    assert Registration.objects.get(user=d).status == S.WAITING
    assert selectors.waiting_place(Registration.objects.get(user=d)) == 1
    assert Notification.objects.filter(user=c, event="awareness.moved_up").exists()
    # Registering again after cancelling takes a place at the back of the queue.
    assert _register(a, session, enschede).status == S.WAITING
    assert selectors.waiting_place(Registration.objects.get(user=a)) == 2


def test_saying_one_cannot_come_frees_the_place(coming, enschede):
    session = coming.sessions.get()
    a, b, c = _staff(enschede, 3)
    for user in (a, b, c):
        _register(user, session, enschede)
    declined = _register(a, session, enschede, coming=False)
    assert declined.status == S.DECLINED
    assert Registration.objects.get(user=c).status == S.REGISTERED
    # Someone invited who never registered says so too.
    (e,) = _staff(enschede, 1, prefix="e")
    assert _register(e, session, enschede, coming=False).status == S.DECLINED
    assert Registration.objects.filter(status=S.REGISTERED).count() == 2


def test_what_registration_refuses(coming, twente, enschede, hengelo):
    session = coming.sessions.get()
    (a,) = _staff(enschede, 1)
    (h,) = _staff(hengelo, 1, prefix="h")
    with pytest.raises(ValidationError) as refused:
        _register(a, session, hengelo)  # not their organisation
    assert "organisation" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _register(h, session, hengelo)  # Hengelo does not take part
    _register(a, session, enschede)
    with pytest.raises(ValidationError):
        _register(a, session, enschede)  # twice
    held = make_activity(twente, enschede, days_ago=(1,), registration=True).sessions.get()
    with pytest.raises(ValidationError):
        _register(a, held, enschede)  # closed once started
    by_hand = make_activity(twente, enschede, days_ago=(-2,)).sessions.get()
    with pytest.raises(ValidationError):
        _register(a, by_hand, enschede)  # this activity has no registration
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_registration_never_overbooks(twente, enschede):
    """Twelve people press "register" at the same moment for five places, each on their own
    connection: five are registered, seven wait, whatever the interleaving (row lock on
    PostgreSQL, an immediate write transaction on SQLite)."""
    from dijkwacht.awareness.defaults import ensure_defaults

    ensure_defaults()  # a transactional test starts from a flushed database
    activity = make_activity(twente, enschede, days_ago=(-3,), registration=True, capacity=5)
    session = activity.sessions.get()
    people = _staff(enschede, 12)
    start = threading.Barrier(len(people))
    outcome: dict[int, str] = {}

    def press(user) -> None:
        try:
            start.wait(10)
            for _attempt in range(200):
                try:
                    # SQLite's shared in-memory test database answers "locked" at once, also
                    # for the notification written after the registration committed: the
                    # person looks whether it went through, and presses again if not.
                    done = Registration.objects.filter(session=session, user=user).first()
                    if done is not None:
                        outcome[user.pk] = done.status
                        return
                    outcome[user.pk] = _register(user, session, enschede).status
                    return
                except OperationalError:
                    threading.Event().wait(0.05)
            outcome[user.pk] = "gave up"
        except Exception as error:  # reported by the assertion below, not swallowed
            outcome[user.pk] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcome.values()) == sorted([S.REGISTERED] * 5 + [S.WAITING] * 7)
    assert session.registrations.filter(status=S.REGISTERED).count() == 5


def test_attendance_on_the_day_makes_the_counts(twente, enschede, hengelo, coordinator):
    programme = make_programme(twente, [enschede], actions=1)
    action = programme.actions.get()
    activity = make_activity(
        twente, enschede, days_ago=(-1,), registration=True, organisations=[hengelo], action=action
    )
    session = activity.sessions.get()
    a, b = _staff(enschede, 2)
    for user in (a, b):
        _register(user, session, enschede)
    entry = Registration.objects.get(user=a)
    with pytest.raises(ValidationError, match="dag"):
        services.attendance_set(actor=coordinator, registration=entry, present=True)
    # The day comes.
    session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    session.save()
    entry = Registration.objects.get(user=a)
    programme.refresh_from_db()
    version = programme.matrix_version
    services.attendance_set(actor=coordinator, registration=entry, present=True)
    services.walk_in_add(
        actor=coordinator,
        session=session,
        name="Iemand zonder account",
        email="",
        organisation=hengelo,
        target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
    )
    counts = {(p.organisation_id, p.count) for p in Participation.objects.filter(session=session)}
    assert counts == {(enschede.pk, 1), (hengelo.pk, 1)}
    programme.refresh_from_db()
    assert programme.matrix_version > version
    services.attendance_set(actor=coordinator, registration=entry, present=False)
    assert set(Participation.objects.values_list("organisation_id", "count")) == {(hengelo.pk, 1)}
    with pytest.raises(ValidationError, match="aanwezigheid"):
        services.participation_save(actor=coordinator, session=session, counts={})
    with pytest.raises(PermissionDenied):
        services.attendance_set(actor=a, registration=entry, present=True)


def test_invitations_reach_the_chosen_organisations_once(coming, enschede, hengelo, contributor):
    _staff(enschede, 3)
    _staff(hengelo, 2, prefix="h")
    session = coming.sessions.get()
    group = TargetGroup.objects.get(code="nieuwe-medewerkers")
    sent = services.session_invite(
        actor=contributor, session=session, organisations=[enschede], target_group=group
    )
    assert sent == 4  # three staff and the contributor, all at Enschede
    assert (
        services.session_invite(
            actor=contributor, session=session, organisations=[enschede], target_group=group
        )
        == 0
    )
    with pytest.raises(ValidationError):  # Hengelo does not take part
        services.session_invite(
            actor=contributor, session=session, organisations=[hengelo], target_group=group
        )
    assert Notification.objects.filter(event="awareness.invited").count() == 4


def test_a_reminder_the_day_before_once(twente, enschede):
    activity = make_activity(twente, enschede, days_ago=(-1,), registration=True)
    session = activity.sessions.get()
    a, b = _staff(enschede, 2)
    _register(a, session, enschede)
    _register(b, session, enschede, coming=False)
    now = timezone.now()
    assert services.registrations_remind(now=now) == 1
    assert services.registrations_remind(now=now) == 0
    assert list(
        Notification.objects.filter(event="awareness.reminder").values_list("user", flat=True)
    ) == [a.pk]


def test_retention_keeps_the_counts_and_deletes_the_people(twente, enschede, viewer):
    activity = make_activity(twente, enschede, days_ago=(-1,), registration=True)
    session = activity.sessions.get()
    people = _staff(enschede, 3)
    for user in people:
        _register(user, session, enschede)
    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    for entry in Registration.objects.all()[:2]:
        services.attendance_set(actor=None, registration=entry, present=True)
    today = timezone.localdate()
    reach_before = selectors.reached([enschede.pk], today - datetime.timedelta(days=30), today)
    assert services.registrations_reduce(now=timezone.now()) == 0  # within the 12 months
    later = timezone.now() + datetime.timedelta(days=370)
    assert services.registrations_reduce(now=later) == 3
    assert not Registration.objects.exists()
    assert selectors.reached([enschede.pk], today - datetime.timedelta(days=30), today) == (
        reach_before
    )
    assert reach_before == {(enschede.pk, TargetGroup.objects.get(code="nieuwe-medewerkers").pk): 2}
    log = DeletionLog.objects.get()
    assert (log.deleted, log.rule) == (3, "12 months after the session")


def test_the_certificate_is_for_the_person_and_the_organiser_once_present(
    client, twente, enschede, contributor, viewer
):
    activity = make_activity(twente, enschede, days_ago=(-1,), registration=True)
    session = activity.sessions.get()
    a, b = _staff(enschede, 2)
    _register(a, session, enschede)
    entry = Registration.objects.get()
    url = reverse("awareness:certificate", args=[entry.pk])
    client.force_login(a)
    assert client.get(url).status_code == 404  # not present yet
    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    services.attendance_set(actor=contributor, registration=entry, present=True)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(contributor)  # the organiser's people
    assert client.get(url).status_code == 200
    for outsider in (b, viewer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_registrations_are_seen_by_the_organiser_and_the_own_coordinators_only(
    client, coming, twente, enschede, hengelo, viewer
):
    activity = coming
    activity.organisations.add(hengelo)
    session = activity.sessions.get()
    (a,) = _staff(enschede, 1)
    (h,) = _staff(hengelo, 1, prefix="h")
    _register(a, session, enschede)
    _register(h, session, hengelo)
    hengelo_coordinator = UserFactory(email="hc@example.test")
    MembershipFactory(
        user=hengelo_coordinator, organisation=hengelo, role=Role.COORDINATOR, partnership=twente
    )
    url = reverse("awareness:session_detail", args=[session.pk])

    def names(user):
        client.force_login(user)
        return {r.name for r in client.get(url).context["registrations"]}

    assert names(hengelo_coordinator) == {h.full_name}
    assert names(h) == {h.full_name}
    assert names(viewer) == set()
    enschede_contributor = UserFactory(email="ec@example.test")
    MembershipFactory(user=enschede_contributor, organisation=enschede, role=Role.CONTRIBUTOR)
    assert names(enschede_contributor) == {a.full_name, h.full_name}  # the organiser's


def test_registering_and_checking_in_on_screen(client, twente, enschede, contributor):
    activity = make_activity(twente, enschede, days_ago=(-2,), registration=True, capacity=1)
    activity.questions = "Dieetwensen?"
    activity.save()
    session = activity.sessions.get()
    (a,) = _staff(enschede, 1)
    client.force_login(a)
    url = reverse("awareness:session_detail", args=[session.pk])
    page = client.get(url)
    assert "answer-0" in page.context["form"].fields
    response = client.post(
        url,
        {
            "organisation": enschede.pk,
            "target_group": TargetGroup.objects.get(code="nieuwe-medewerkers").pk,
            "answer-0": "Vegetarisch",
            "coming": "1",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get().answers == ["Vegetarisch"]
    client.force_login(contributor)
    checkin = reverse("awareness:session_checkin", args=[session.pk])
    assert client.get(checkin).context["open"] is False
    session.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    entry = Registration.objects.get()
    client.post(reverse("awareness:attendance", args=[entry.pk]), {"present": "1"})
    assert Registration.objects.get().attended_at is not None
    refused = client.post(checkin, {"name": "", "organisation": enschede.pk})
    assert refused.status_code == 200 and "name" in refused.context["form"].errors
    assert Participation.objects.get().count == 1


def test_the_api_counts_registrations_waiting_and_attendance(client, coming, enschede, coordinator):
    session = coming.sessions.get()
    for user in _staff(enschede, 3):
        _register(user, session, enschede)
    session.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    session.save()
    first = Registration.objects.filter(status=S.REGISTERED).first()
    services.attendance_set(actor=coordinator, registration=first, present=True)
    client.force_login(coordinator)
    (row,) = client.get("/api/v1/activities").json()
    assert (row["registered"], row["waiting"], row["present"], row["participants"]) == (2, 1, 1, 1)


def test_more_places_move_the_waiting_list_up_in_its_order(
    coming, twente, enschede, coordinator, django_capture_on_commit_callbacks
):
    session = coming.sessions.get()
    people = _staff(enschede, 5)
    for user in people:
        _register(user, session, enschede)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_save(
            actor=coordinator,
            partnership=twente,
            activity=coming,
            organiser=enschede,
            kind=coming.kind,
            target_groups=list(coming.target_groups.all()),
            organisations=list(coming.organisations.all()),
            title=coming.title,
            capacity=4,
            registration=True,
        )
    statuses = [Registration.objects.get(user=u).status for u in people]
    assert statuses == [S.REGISTERED] * 4 + [S.WAITING]
    assert Notification.objects.filter(event="awareness.moved_up").count() == 2


def test_someone_present_does_not_cancel_and_check_in_has_its_days(twente, enschede, coordinator):
    activity = make_activity(twente, enschede, days_ago=(-1,), registration=True)
    session = activity.sessions.get()
    (a,) = _staff(enschede, 1)
    _register(a, session, enschede)
    # Check-in opens in the morning; the session starts in the afternoon.
    session.starts_at = timezone.now() + datetime.timedelta(minutes=30)
    session.save()
    entry = Registration.objects.get()
    entry.session = session
    if timezone.localtime(session.starts_at).date() == timezone.localdate():
        services.attendance_set(actor=coordinator, registration=entry, present=True)
        with pytest.raises(ValidationError):
            services.registration_cancel(actor=a, registration=Registration.objects.get())
        assert Registration.objects.get().status == S.REGISTERED
    # Two weeks and a day later the list is closed, for a walk-in too.
    session.starts_at = timezone.now() - datetime.timedelta(days=15)
    session.save()
    assert not services.check_in_open(session)
    with pytest.raises(ValidationError):
        services.walk_in_add(
            actor=coordinator, session=session, name="Te laat", email="",
            organisation=enschede, target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
        )  # fmt: skip


def test_a_walk_in_needs_an_activity_with_registration(twente, enschede, coordinator):
    counted_by_hand = make_activity(
        twente, enschede, days_ago=(1,), came={(enschede, "nieuwe-medewerkers"): 7}
    )
    session = counted_by_hand.sessions.get()
    with pytest.raises(ValidationError):
        services.walk_in_add(
            actor=coordinator, session=session, name="Gast", email="", organisation=enschede,
            target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
        )  # fmt: skip
    assert Participation.objects.get().count == 7  # the hand count stands


def test_nobody_without_grants_sees_a_registration(coming, enschede):
    from dijkwacht.organisations.access import NO_ACCESS

    session = coming.sessions.get()
    (a,) = _staff(enschede, 1)
    _register(a, session, enschede)
    Registration.objects.create(
        session=session, name="Zonder account", organisation=enschede, status=S.REGISTERED,
        target_group=TargetGroup.objects.get(code="nieuwe-medewerkers"),
    )  # fmt: skip
    assert not Registration.objects.visible_to(NO_ACCESS).exists()
