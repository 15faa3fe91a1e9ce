"""notify(): one way to tell people, and their choice of how."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from dijkwacht.meldpunt import services as meldpunt_services
from dijkwacht.meldpunt.notifications import DEADLINES, NEW_REPORT
from dijkwacht.notifications import services
from dijkwacht.notifications.events import Delivery
from dijkwacht.notifications.models import Notification, Preference
from dijkwacht.programmes.notifications import ROUND_OPENED
from tests.factories import UserFactory, make_handler

pytestmark = pytest.mark.django_db

CONTEXT = {"round": "DVO 2027", "programme": "Samen weerbaar", "deadline": "1 maart 2027"}


@pytest.fixture
def mails(monkeypatch):
    """What is queued for after the commit runs at once (the test's transaction never
    commits), on the immediate task backend: the mails that would go out."""
    monkeypatch.setattr(transaction, "on_commit", lambda function, **kwargs: function())
    return mail.outbox


@pytest.fixture
def hanna(enschede):
    return make_handler(enschede, "hanna@example.test")


@pytest.fixture
def karel(enschede):
    return make_handler(enschede, "karel@example.test")


def test_each_active_person_is_told_once_in_the_app_and_by_mail(contributor, viewer, mails):
    gone = UserFactory(email="weg@example.test", is_active=False)
    created = services.notify(
        [contributor, viewer, contributor, gone], ROUND_OPENED, CONTEXT, link="/mijn-acties/"
    )
    assert {n.user for n in created} == {contributor, viewer}
    title = "Voortgangsronde “DVO 2027” van Samen weerbaar: werk je acties bij vóór 1 maart 2027"
    assert {n.title for n in created} == {title}
    mails_after = list(mails)
    assert sorted(m.to[0] for m in mails_after) == sorted([contributor.email, viewer.email])
    message = mails_after[0]
    assert message.subject == f"Dijkwacht: {title}"
    assert "http://127.0.0.1:8000/mijn-acties/" in message.body
    assert "/notificaties/instellingen/" in message.body
    assert Notification.objects.filter(mailed_at__isnull=False).count() == 2


def test_off_is_only_in_the_app_and_a_digest_comes_once_a_day(contributor, viewer, mails):
    Preference.objects.create(user=contributor, event=ROUND_OPENED.key, delivery=Delivery.OFF)
    Preference.objects.create(user=viewer, event=ROUND_OPENED.key, delivery=Delivery.DIGEST)
    services.notify([contributor, viewer], ROUND_OPENED, CONTEXT, link="/mijn-acties/")
    services.notify([viewer], ROUND_OPENED, {**CONTEXT, "round": "Tweede"})
    assert mails == []
    assert Notification.objects.filter(user=contributor).count() == 1
    assert services.digests_send() == 1
    assert services.digests_send() == 0  # what was mailed is marked
    assert len(mails) == 1 and mails[0].to == [viewer.email]
    assert "DVO 2027" in mails[0].body and "Tweede" in mails[0].body


def test_a_mandatory_event_is_mailed_whatever_the_choice(hanna, mails):
    Preference.objects.create(user=hanna, event=DEADLINES.key, delivery=Delivery.OFF)
    services.preferences_save(actor=hanna, choices={DEADLINES.key: Delivery.OFF})
    assert Preference.objects.get(user=hanna, event=DEADLINES.key).delivery == Delivery.OFF
    services.notify([hanna], DEADLINES, {"count": 2, "rows": []})
    assert [m.to for m in mails] == [[hanna.email]]


def test_once_makes_a_job_that_runs_twice_notify_once(contributor, mails):
    for _ in range(2):
        services.notify([contributor], ROUND_OPENED, CONTEXT, once="2027-02-22")
    services.notify([contributor], ROUND_OPENED, CONTEXT, once="2027-02-23")
    assert Notification.objects.filter(user=contributor).count() == 2
    assert len(mails) == 2


def test_an_unregistered_event_is_refused(contributor):
    from dijkwacht.notifications.events import Event

    with pytest.raises(ValueError, match="not registered"):
        services.notify([contributor], Event("x.y", "x", "y"), {})


def test_a_new_report_tells_its_handlers_only_that_it_is_there(enschede, hanna, karel, mails):
    """The handlers of the compartment hear of a new report: never its content."""
    from dijkwacht.meldpunt.models import MeldpuntSettings

    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )
    secret = "Geheime loods achter de Hengelosestraat"
    meldpunt_services.report_submit(
        organisation=enschede, kind="ondermijning", description=secret, identity="anoniem",
        answers={"waar": secret},
    )  # fmt: skip
    told = Notification.objects.filter(event=NEW_REPORT.key)
    assert {n.user for n in told} == {hanna, karel}
    assert {n.title for n in told} == {
        "Een nieuwe melding in compartiment ondermijning van Enschede"
    }
    for message in mails:
        assert secret not in message.body and secret not in message.subject
    assert not told.filter(body__contains=secret).exists()


# The worker closes its database connection between tasks: the test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_mail_waits_for_a_worker_on_the_database_queue(contributor, mails):
    """With the database backend nothing is mailed in the request: the worker sends it."""
    task_backends["default"] = DatabaseBackend("default", {})
    services.notify([contributor], ROUND_OPENED, CONTEXT)
    assert mails == []
    assert DBTaskResult.objects.count() == 1
    try:
        call_command("db_worker", batch=True, interval=0, no_startup_delay=True,
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
    finally:
        del task_backends["default"]
    assert [m.to for m in mails] == [[contributor.email]]
    assert Notification.objects.get().mailed_at is not None


def test_run_daily_runs_every_job_of_every_app(hanna, mails):
    out = StringIO()
    call_command("run_daily", stdout=out)
    names = [line.split(":")[0] for line in out.getvalue().splitlines()]
    # The digests last: what the reminders add today is in today's digest.
    assert names == [
        "awareness.reminders",
        "awareness.retention",
        "bibob.retention",
        "bibob.term_warnings",
        "catalogue.contact_reminders",
        "exports.expire",
        "meldpunt.handler_reminders",
        "meldpunt.retention",
        "newsletters.upkeep",
        "notifications.unsent",
        "programmes.round_reminders",
        "scans.round_reminders",
        "notifications.digests",
    ]


def test_deadlines_reach_a_handler_once_a_day(enschede, hanna, mails):
    from dijkwacht.meldpunt.models import MeldpuntSettings, Report

    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )
    meldpunt_services.report_submit(
        organisation=enschede, kind="ondermijning", description="x", identity="anoniem"
    )
    Report.objects.update(received_at=timezone.now() - datetime.timedelta(days=6))
    mails.clear()
    for _ in range(2):
        call_command("run_daily", only=["meldpunt.handler_reminders"], stdout=StringIO())
    told = Notification.objects.filter(user=hanna, event=DEADLINES.key)
    assert told.count() == 1 and told.get().title.endswith(": 1")
    assert [m.to for m in mails] == [[hanna.email]]


def test_a_mail_that_fails_is_sent_again_by_the_daily_job(contributor, viewer, mails, monkeypatch):
    from dijkwacht.notifications import tasks

    real = tasks.send_mail
    refused = []

    def refuse_once(subject, body, sender, to):
        if not refused:
            refused.append(to)
            raise OSError("mail server unreachable")
        return real(subject, body, sender, to)

    monkeypatch.setattr(tasks, "send_mail", refuse_once)
    services.notify([contributor, viewer], ROUND_OPENED, CONTEXT)
    # The refused one stays unsent; the other went out.
    assert len(mails) == 1
    unsent = Notification.objects.get(mailed_at__isnull=True)
    assert [unsent.user.email] == refused[0]
    assert services.unsent_requeue() == 0  # too recent: its task may still be on its way
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    assert services.unsent_requeue() == 1
    assert [m.to for m in mails][-1] == refused[0]
    assert services.unsent_requeue() == 0


@pytest.mark.django_db(transaction=True)
def test_nobody_deactivated_since_gets_the_mail(contributor, mails):
    task_backends["default"] = DatabaseBackend("default", {})
    try:
        services.notify([contributor], ROUND_OPENED, CONTEXT)
        contributor.is_active = False
        contributor.save()
        call_command("db_worker", batch=True, interval=0, no_startup_delay=True,
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
    finally:
        del task_backends["default"]
    assert mails == []
