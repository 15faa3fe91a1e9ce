"""The communication calendar and its feeds: the feed parses back as iCalendar with stable UIDs,
a change raises SEQUENCE, a session called off stays in it as cancelled, the secret link is
stored hashed, follows what its person may see and stops when revoked; another partnership's
items never show; the month and list pages filter."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dijkwacht.awareness import calendar, selectors, services
from dijkwacht.awareness.models import CalendarLink, Registration, TargetGroup
from dijkwacht.notifications.models import Notification
from dijkwacht.organisations.models import Membership
from tests.factories import make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


def _events(body: bytes) -> dict[str, icalendar.Event]:
    feed = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in feed.walk("VEVENT")}


def _feed_key(user, partnership=None) -> str:
    _link, key = services.calendar_link_create(actor=user, partnership=partnership)
    return key


def _feed(client, key):
    client.logout()  # Outlook has no session: the key is all it brings
    return client.get(reverse("api-v1:calendar_feed", args=[key]))


def test_the_feed_parses_back_and_an_update_raises_the_sequence(
    client, twente, enschede, coordinator
):
    activity = make_activity(twente, enschede, title="Kennissessie", days_ago=(-7,))
    session = activity.sessions.get()
    key = _feed_key(coordinator, twente)

    first = _feed(client, key)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(first.content)
    assert str(feed["REFRESH-INTERVAL"].to_ical(), "ascii") == "PT1H"
    assert str(feed["X-PUBLISHED-TTL"]) == "PT1H"
    uid = calendar.uid("session", session.pk)
    event = _events(first.content)[uid]
    assert str(event["SUMMARY"]) == "Kennissessie"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == session.starts_at
    before = int(event["SEQUENCE"])

    # A later change of the activity (its title) changes the event under the same UID.
    later = timezone.now() + datetime.timedelta(seconds=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        services.activity_save(
            actor=coordinator,
            partnership=twente,
            organiser=enschede,
            kind=activity.kind,
            target_groups=activity.target_groups.all(),
            organisations=activity.organisations.all(),
            activity=activity,
            title="Kennissessie ondermijning",
        )
    changed = _events(_feed(client, key).content)[uid]
    assert str(changed["SUMMARY"]) == "Kennissessie ondermijning"
    assert int(changed["SEQUENCE"]) > before


def test_a_session_called_off_stays_in_the_feed_as_cancelled_and_its_people_are_told(
    client, twente, enschede, coordinator, contributor, django_capture_on_commit_callbacks
):
    activity = make_activity(twente, enschede, days_ago=(-3,), registration=True)
    session = activity.sessions.get()
    services.registration_register(
        actor=contributor,
        session=session,
        organisation=enschede,
        target_group=activity.target_groups.get(),
        answers=[],
    )
    key = _feed_key(coordinator)
    uid = calendar.uid("session", session.pk)
    before = int(_events(_feed(client, key).content)[uid]["SEQUENCE"])

    with django_capture_on_commit_callbacks(execute=True):
        services.session_remove(actor=coordinator, session=session)

    event = _events(_feed(client, key).content)[uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > before
    assert not Registration.objects.exists()
    told = Notification.objects.get(user=contributor, event="awareness.cancelled")
    assert activity.title in told.title


def test_a_session_held_and_removed_leaves_nothing_behind(client, twente, enschede, coordinator):
    session = make_activity(twente, enschede, days_ago=(3,)).sessions.get()
    services.session_remove(actor=coordinator, session=session)
    assert calendar.uid("session", session.pk) not in _events(
        _feed(client, _feed_key(coordinator)).content
    )


def test_the_link_is_stored_hashed_is_revoked_and_follows_what_its_person_sees(
    client, twente, utrecht, enschede, utrecht_city, coordinator
):
    ours = make_activity(twente, enschede, title="Van Twente", days_ago=(-2,))
    make_activity(utrecht, utrecht_city, title="Van Utrecht", days_ago=(-2,))
    link, key = services.calendar_link_create(actor=coordinator, partnership=None)
    assert key.startswith(CalendarLink.PREFIX)
    assert key not in link.key_hash and len(link.key_hash) == 64

    titles = {str(e["SUMMARY"]) for e in _events(_feed(client, key).content).values()}
    assert titles == {"Van Twente"}  # never another partnership's
    link.refresh_from_db()
    assert link.last_used_at is not None
    assert ours.title in titles

    # Leaving the partnership empties the person's view: the feed answers 404.
    Membership.objects.filter(user=coordinator).delete()
    assert _feed(client, key).status_code == 404

    services.calendar_link_revoke(actor=coordinator, link=link)
    assert _feed(client, key).status_code == 404
    assert _feed(client, "dwc_not-a-key").status_code == 404


def test_a_link_to_a_partnership_the_person_does_not_take_part_in_is_refused(utrecht, coordinator):
    with pytest.raises(PermissionDenied):
        services.calendar_link_create(actor=coordinator, partnership=utrecht)
    assert not CalendarLink.objects.exists()


def test_the_links_page_shows_a_new_link_once_and_revokes_it(client, twente, coordinator):
    client.force_login(coordinator)
    url = reverse("awareness:calendar_links")
    made = client.post(url, {"partnership": twente.pk})
    assert made.status_code == 200
    page = made.content.decode()
    assert "webcal://" in page and "/api/v1/calendar/dwc_" in page
    link = CalendarLink.objects.get(user=coordinator)
    again = client.get(url).content.decode()
    assert "dwc_" not in again  # shown once
    assert twente.name in again
    client.post(reverse("awareness:calendar_link_revoke", args=[link.pk]))
    assert not CalendarLink.objects.exists()


def test_someone_else_s_link_cannot_be_revoked(client, twente, coordinator, contributor):
    link, _key = services.calendar_link_create(actor=coordinator, partnership=twente)
    client.force_login(contributor)
    response = client.post(reverse("awareness:calendar_link_revoke", args=[link.pk]))
    assert response.status_code == 404
    assert CalendarLink.objects.filter(pk=link.pk).exists()


def test_the_api_feed_of_a_partnership_needs_a_login_and_is_scoped(
    client, twente, utrecht, enschede, coordinator
):
    make_activity(twente, enschede, title="Workshop", days_ago=(-1,))
    url = reverse("api-v1:calendar_ics")
    assert client.get(url).status_code == 401
    client.force_login(coordinator)
    body = client.get(url, {"partnership": twente.slug}).content
    assert {str(e["SUMMARY"]) for e in _events(body).values()} == {"Workshop"}
    assert client.get(url, {"partnership": utrecht.slug}).status_code == 404
    assert client.get(url, {"start": "2030-01-01", "end": "2020-01-01"}).status_code == 400


def test_the_calendar_holds_campaigns_and_round_deadlines_but_filters_by_group(
    twente, enschede, coordinator
):
    make_activity(twente, enschede, title="Voor de raad", groups=("raad",), days_ago=(-5,))
    make_activity(twente, enschede, title="Voor nieuwe", days_ago=(-6,))
    today = timezone.localdate()
    services.campaign_save(
        actor=coordinator,
        partnership=twente,
        organiser=enschede,
        target_groups=TargetGroup.objects.filter(code="burgers"),
        organisations=[],
        title="Campagne voor burgers",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=14),
    )
    start, end = today, today + datetime.timedelta(days=30)
    everything = selectors.calendar_items(coordinator, [twente], start, end)
    assert {i.title for i in everything} >= {"Voor de raad", "Voor nieuwe", "Campagne voor burgers"}
    assert next(i for i in everything if i.kind == "campaign").all_day
    for_council = selectors.calendar_items(
        coordinator, [twente], start, end, selectors.CalendarFilters(target_group="raad")
    )
    assert [i.title for i in for_council] == ["Voor de raad"]
    only_deadlines = selectors.calendar_items(
        coordinator, [twente], start, end, selectors.CalendarFilters(kind="deadline")
    )
    assert only_deadlines == []


def test_the_month_and_list_pages_show_the_items_and_filter(client, twente, enschede, viewer):
    make_activity(twente, enschede, title="Workshop in december", days_ago=(-1,))
    client.force_login(viewer)
    url = reverse("awareness:calendar", args=[twente.pk])
    month = timezone.localdate() + datetime.timedelta(days=1)
    query = {"month": f"{month:%Y-%m}"}
    assert "Workshop in december" in client.get(url, query).content.decode()
    listed = client.get(url, {**query, "view": "list"}).content.decode()
    assert "Workshop in december" in listed
    filtered = client.get(url, {**query, "kind": "campaign"}).content.decode()
    assert "Workshop in december" not in filtered
    bad = client.get(url, {"month": "2026-13"})
    assert bad.status_code == 200
    assert "2026-03" in bad.content.decode()  # the message says how to write a month
    # A wrong filter leaves the others standing: the month chosen stays.
    odd = client.get(url, {**query, "kind": "bibob", "organisation": "x"}).content.decode()
    assert "Workshop in december" in odd


def test_month_weeks_cover_the_month_from_monday():
    weeks = calendar.month_weeks(2026, 3)
    assert weeks[0][0] == datetime.date(2026, 2, 23)  # a Monday
    assert weeks[-1][-1] == datetime.date(2026, 4, 5)
    assert all(len(w) == 7 for w in weeks)
    assert calendar.shift_month(2026, 1, -1) == (2025, 12)
    assert calendar.shift_month(2026, 12, 1) == (2027, 1)
    assert calendar.last_of_month(2028, 2) == datetime.date(2028, 2, 29)


def test_sequence_rises_with_time():
    earlier = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert calendar.sequence(earlier + datetime.timedelta(seconds=1)) > calendar.sequence(earlier)
    assert calendar.sequence(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)) == 0


def test_removing_an_activity_tells_each_person_once_with_their_days(
    twente, enschede, coordinator, contributor, django_capture_on_commit_callbacks
):
    activity = make_activity(twente, enschede, days_ago=(-3, -10), registration=True)
    for session in activity.sessions.all():
        services.registration_register(
            actor=contributor,
            session=session,
            organisation=enschede,
            target_group=activity.target_groups.get(),
            answers=[],
        )
    uids = [calendar.uid("session", s.pk) for s in activity.sessions.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_remove(actor=coordinator, activity=activity)
    told = Notification.objects.filter(user=contributor, event="awareness.cancelled")
    assert told.count() == 1
    assert told.get().title.count(str(timezone.localdate().year)) >= 1
    items = selectors.calendar_items(
        coordinator,
        [twente],
        timezone.localdate(),
        timezone.localdate() + datetime.timedelta(days=30),
    )
    assert sorted(i.uid for i in items if i.cancelled) == sorted(uids)


def test_an_all_day_campaign_ends_the_day_after_its_last_day_in_the_feed(
    client, twente, enschede, coordinator
):
    today = timezone.localdate()
    campaign = services.campaign_save(
        actor=coordinator, partnership=twente, organiser=enschede,
        target_groups=TargetGroup.objects.filter(code="burgers"), organisations=[],
        title="Campagneweek", starts_on=today, ends_on=today + datetime.timedelta(days=6),
    )  # fmt: skip
    event = _events(_feed(client, _feed_key(coordinator)).content)[
        calendar.uid("campaign", campaign.pk)
    ]
    assert event.decoded("DTSTART") == today
    assert event.decoded("DTEND") == today + datetime.timedelta(days=7)
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_a_cancelled_item_goes_a_month_after_its_day(twente, enschede, coordinator):
    session = make_activity(twente, enschede, days_ago=(-1,)).sessions.get()
    services.session_remove(actor=coordinator, session=session)
    assert services.cancelled_items_reduce(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(days=33)
    assert services.cancelled_items_reduce(now=later) == 1
