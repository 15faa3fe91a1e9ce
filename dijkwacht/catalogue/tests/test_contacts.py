"""The contact persons per theme: who sees and keeps the roster, the six-monthly confirmation
and its reminder, the gaps, and the downloads."""

import datetime

import pytest
import vobject
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dijkwacht.catalogue import roster, services
from dijkwacht.catalogue.defaults import ensure_default_themes
from dijkwacht.catalogue.models import ContactPerson, Theme
from dijkwacht.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


@pytest.fixture
def themes():
    ensure_default_themes(Theme)
    return {t.code: t for t in Theme.objects.all()}


def _add(partnership, organisation, theme, **fields):
    values = {"name": "Jan Jansen", "email": "jan@example.test", **fields}
    return services.contact_save(
        actor=None, partnership=partnership, organisation=organisation, theme=theme, **values
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2026, 1, 1), "confirmed"),
        (datetime.date(2026, 6, 18), "due"),
        (datetime.date(2026, 7, 2), "due"),
        (datetime.date(2026, 7, 3), "stale"),
    ],
)
def test_an_entry_is_confirmed_every_six_months(today, state):
    confirmation = roster.confirmation(datetime.date(2026, 1, 1), today)
    assert confirmation.due_on == datetime.date(2026, 7, 2)
    assert confirmation.state == state


def test_who_keeps_which_entry(twente, enschede, hengelo, coordinator, contributor, viewer,
                               other_coordinator, themes):  # fmt: skip
    entry = _add(twente, hengelo, themes["bibob"])
    # The coordinator keeps every member's entries, a contributor only their own organisation's.
    _add(twente, hengelo, themes["drugs"])
    services.contact_save(actor=contributor, partnership=twente, organisation=enschede,
                          theme=themes["bibob"], name="Eva", email="eva@example.test")  # fmt: skip
    for user in (contributor, viewer, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.contact_save(
                actor=user, partnership=twente, organisation=hengelo, theme=themes["vastgoed"],
                name="X", email="x@example.test",
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.contact_remove(actor=user, contact=entry)
    services.contact_save(actor=coordinator, partnership=twente, organisation=hengelo,
                          theme=themes["vastgoed"], name="X", email="x@example.test")  # fmt: skip
    assert ContactPerson.objects.count() == 4


@pytest.fixture
def henk(hengelo):
    from dijkwacht.organisations.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    # Hengelo's Bibob officer: works there, but does not keep its entries.
    user = UserFactory(email="henk@example.test")
    MembershipFactory(user=user, organisation=hengelo, role=Role.BIBOB)
    return user


def test_the_person_named_corrects_and_confirms_their_own_entry(client, twente, hengelo, henk,
                                                                themes):  # fmt: skip
    viewer = henk
    entry = _add(twente, hengelo, themes["bibob"], email="HENK@example.test")
    assert entry.user == henk
    ContactPerson.objects.filter(pk=entry.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=300)
    )
    client.force_login(viewer)
    page = client.get(reverse("catalogue:contact_list", args=[twente.pk]))
    assert [e.contact.pk for e in page.context["mine"]] == [entry.pk]
    assert "niet bevestigd sinds" in page.content.decode()
    edit = reverse("catalogue:contact_edit", args=[twente.pk, entry.pk])
    # They correct their details, but not the address the entry is linked by.
    client.post(edit, {"name": "Henk Hengelo", "email": "ander@example.test", "phone": "074"})
    entry.refresh_from_db()
    assert (entry.name, entry.phone, entry.email) == ("Henk Hengelo", "074", "HENK@example.test")
    assert timezone.now() - entry.confirmed_at < datetime.timedelta(minutes=1)
    # Only a keeper removes it.
    response = client.post(reverse("catalogue:contact_remove", args=[twente.pk, entry.pk]))
    assert response.status_code == 404
    assert ContactPerson.objects.filter(pk=entry.pk).exists()
    # Once they no longer work there, the entry is no longer theirs to change.
    henk.memberships.all().delete()
    assert client.get(edit).status_code == 404


def test_a_viewer_reads_figures_not_the_roster(client, twente, enschede, viewer, themes):
    _add(twente, enschede, themes["bibob"])
    client.force_login(viewer)
    assert client.get(reverse("catalogue:contact_list", args=[twente.pk])).status_code == 404
    assert client.get("/api/v1/contacts").json() == []


def test_the_reminder_goes_once_to_the_person_or_else_to_the_keepers(
    twente, enschede, hengelo, henk, coordinator, contributor, themes
):
    viewer = henk
    named = _add(twente, hengelo, themes["bibob"], email="henk@example.test")
    nameless = _add(twente, enschede, themes["bibob"], email="iemand@example.test")
    fresh = _add(twente, enschede, themes["drugs"], email="vers@example.test")
    # Due on the first day of the reminder period: 182 - 14 = 168 days after confirming. Days
    # are Dutch days: confirmed at noon of that day, whatever the hour the test runs.
    today = timezone.localdate()
    noon = datetime.datetime.combine(today - datetime.timedelta(days=168), datetime.time(12))
    old = timezone.make_aware(noon)
    ContactPerson.objects.filter(pk__in=[named.pk, nameless.pk]).update(confirmed_at=old)
    assert services.contacts_remind(today=today) == 2
    assert services.contacts_remind(today=today) == 0
    reminded = Notification.objects.filter(event="catalogue.contact_confirm")
    assert set(reminded.values_list("user_id", flat=True)) == {
        viewer.pk, coordinator.pk, contributor.pk,
    }  # fmt: skip
    assert fresh.pk not in {n.link.rstrip("/").rsplit("/", 1)[-1] for n in reminded}


def test_the_roster_names_its_gaps_and_downloads(client, twente, enschede, hengelo, overijssel,
                                                 contributor, themes):  # fmt: skip
    _add(twente, enschede, themes["bibob"], name="Bas", phone="053 1", deputy_name="Dirk",
         deputy_email="dirk@example.test", function="Jurist")  # fmt: skip
    _add(twente, hengelo, themes["drugs"], name="Henk")
    client.force_login(contributor)
    page = client.get(reverse("catalogue:contact_list", args=[twente.pk]))
    gaps = {gap.theme.code: [o.pk for o in gap.missing] for gap in page.context["gaps"]}
    assert gaps == {"bibob": [hengelo.pk, overijssel.pk], "drugs": [enschede.pk, overijssel.pk]}
    filtered = client.get(reverse("catalogue:contact_list", args=[twente.pk]), {"theme": "bibob"})
    assert [e.contact.name for e in filtered.context["entries"]] == ["Bas"]
    cards = list(vobject.readComponents(
        client.get(reverse("catalogue:contacts_vcf", args=[twente.pk])).content.decode()
    ))  # fmt: skip
    # By theme in the themes' order (drugs before Bibob), then by organisation.
    assert [c.fn.value for c in cards] == ["Henk", "Bas"]
    assert cards[1].org.value == ["Enschede"]
    assert cards[1].tel.value == "053 1"
    assert "Dirk" in cards[1].note.value
    response = client.get(reverse("catalogue:contacts_xlsx", args=[twente.pk]))
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_another_partnership_sees_no_roster(client, twente, enschede, other_coordinator, themes):
    entry = _add(twente, enschede, themes["bibob"])
    client.force_login(other_coordinator)
    assert client.get(reverse("catalogue:contact_list", args=[twente.pk])).status_code == 404
    edit = reverse("catalogue:contact_edit", args=[twente.pk, entry.pk])
    assert client.get(edit).status_code == 404
    assert client.get("/api/v1/contacts").json() == []
    assert client.get("/api/v1/contacts", {"partnership": twente.slug}).status_code == 404
