"""Newsletters: the draft written from what happened, the editors' rights, invitations and
one-click unsubscribing, sending in the background (once, with its progress and archive),
and the issues on the communication calendar."""

import datetime
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from dijkwacht.awareness import selectors as awareness_selectors
from dijkwacht.awareness.models import CancelledItem
from dijkwacht.core.models import AuditEvent
from dijkwacht.newsletters import selectors, services, tasks, tokens
from dijkwacht.newsletters.models import Delivery, Issue, Subscriber
from dijkwacht.programmes import services as programme_services
from dijkwacht.programmes.models import Commitment
from dijkwacht.scans import services as scan_services
from dijkwacht.scans.models import RoundKind
from tests.factories import make_activity, make_framework, make_programme, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]


@pytest.fixture
def series(coordinator, twente):
    return services.series_save(
        actor=coordinator,
        partnership=twente,
        title="Nieuwsbrief ambtenaren",
        audience="ambtenaren",
        cadence="six-weekly",
    )


def _subscribe(series, *emails):
    now = timezone.now()
    return [Subscriber.objects.create(series=series, email=e, confirmed_at=now) for e in emails]


def test_the_draft_is_written_from_what_happened_in_the_period(
    series, coordinator, twente, enschede, hengelo
):
    programme = make_programme(twente, [enschede, hengelo], actions=1, name="Plan Twente")
    cell = Commitment.objects.get(programme=programme, organisation=enschede)
    programme_services.commitment_update(actor=coordinator, commitment=cell, status="voltooid")
    make_activity(
        twente,
        enschede,
        title="Workshop integriteit",
        days_ago=(10,),
        came={(enschede, "nieuwe-medewerkers"): 12},
    )
    make_activity(
        twente,
        enschede,
        title="Workshop van vorig jaar",
        days_ago=(400,),
        came={(enschede, "nieuwe-medewerkers"): 9},
    )
    make_activity(twente, hengelo, title="Congres Twente", days_ago=(-20,))
    make_source(enschede, coordinator, title="Register huisvesting", visibility="samenwerking")
    make_source(enschede, coordinator, title="Eigen notitie", visibility="organisatie")
    framework = make_framework(norms=1)
    scan_round = scan_services.scan_round_open(
        actor=coordinator,
        partnership=twente,
        framework=framework,
        title="Zelfscan Twente",
        kind=RoundKind.SELF,
        deadline=timezone.localdate(),
        organisations=[enschede, hengelo],
    )
    norm = framework.norms.get()
    for scan in scan_round.scans.all():
        scan_services.answer_save(
            actor=coordinator, scan=scan, norm=norm, option=framework.scale.get(code="nee")
        )
        scan_services.scan_submit(actor=coordinator, scan=scan)

    # Drafted the day after the round's deadline: the round has closed.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    issue = services.issue_draft(actor=coordinator, series=series, today=tomorrow)

    assert (issue.number, issue.title) == (1, "Nieuwsbrief ambtenaren, nummer 1")
    assert issue.since == tomorrow - datetime.timedelta(weeks=6)
    body = issue.body
    assert "# Voortgang van Plan Twente" in body
    assert "(Enschede): onbepaald → voltooid" in body
    assert "**Workshop integriteit** (Nieuwe medewerkers" in body and "12 deelnemers" in body
    assert "vorig jaar" not in body  # held before the period
    assert "Congres Twente" in body.split("# Wat komt", 1)[1]
    assert "Register huisvesting" in body and "Eigen notitie" not in body
    # Two organisations short of the norm: a small count, said without its number.
    assert (
        f"# Rode draden van Zelfscan Twente\n\n1. {norm.code} {norm.text}: enkele organisaties"
        in body
    )
    assert AuditEvent.objects.filter(action="newsletters.issue_draft").exists()


def test_each_draft_starts_the_day_after_the_last_ones_period_and_one_waits_at_a_time(
    series, coordinator
):
    today = timezone.localdate()
    first = services.issue_draft(
        actor=coordinator, series=series, today=today - datetime.timedelta(days=40)
    )
    # Whole days: one cadence up to the day before it was drafted.
    assert (first.since, first.until) == (
        today - datetime.timedelta(days=41 + 42 - 1),
        today - datetime.timedelta(days=41),
    )
    with pytest.raises(ValidationError):
        services.issue_draft(actor=coordinator, series=series)
    sent_at = timezone.now() - datetime.timedelta(days=35)
    Issue.objects.filter(pk=first.pk).update(state="verzonden", sent_at=sent_at)
    second = services.issue_draft(actor=coordinator, series=series)
    assert second.number == 2
    # Nothing between the two periods is left out, nothing told twice.
    assert (second.since, second.until) == (
        today - datetime.timedelta(days=40),
        today - datetime.timedelta(days=1),
    )
    # Six weeks after the last one went, and never in the past.
    assert second.planned_on == timezone.localdate(sent_at) + datetime.timedelta(weeks=6)


def test_only_the_partnerships_coordinators_edit_and_others_see_the_archive_only(
    series, coordinator, contributor, viewer, other_coordinator, client
):
    for person in (contributor, viewer, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.issue_draft(actor=person, series=series)
    draft_issue = services.issue_draft(actor=coordinator, series=series)
    client.force_login(viewer)
    assert client.get(reverse("newsletters:series_detail", args=[series.pk])).status_code == 200
    assert client.get(reverse("newsletters:issue_detail", args=[draft_issue.pk])).status_code == 404
    assert client.get(reverse("newsletters:subscribers", args=[series.pk])).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(reverse("newsletters:series_detail", args=[series.pk])).status_code == 404


def test_an_invitation_is_checked_line_by_line_and_only_a_confirmed_address_receives(
    series, coordinator, client, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("newsletters:subscribers", args=[series.pk])
    refused = client.post(url, {"addresses": "a@example.test\ngeen adres\n\nb@"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Regel 2: “geen adres” is geen e-mailadres." in text
    assert "Regel 4: “b@” is geen e-mailadres." in text
    assert not Subscriber.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "addresses": "Anna Jansen <Anna@Example.test>\nBert\tb@example.test\n"
                "Jansen, Carla <c.jansen@example.test>"
            },
        )
    assert response.status_code == 302
    anna = Subscriber.objects.get(email="anna@example.test")
    assert (anna.name, anna.confirmed_at) == ("Anna Jansen", None)
    assert Subscriber.objects.get(email="b@example.test").name == "Bert"
    assert Subscriber.objects.get(email="c.jansen@example.test").name == "Jansen, Carla"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.test",
        "b@example.test",
        "c.jansen@example.test",
    ]
    link = next(m for m in mail.outbox if m.to == ["anna@example.test"]).body
    path = reverse("newsletters:confirm", args=[tokens.confirm_token(anna)])
    assert path in link

    visitor = Client()
    assert visitor.get(path).status_code == 200  # a scanner opening the link confirms nothing
    assert Subscriber.objects.get(pk=anna.pk).confirmed_at is None
    visitor.post(path)
    assert Subscriber.objects.get(pk=anna.pk).confirmed_at is not None
    assert list(selectors.receiving(series)) == [anna]


def test_an_old_or_altered_confirmation_link_does_not_work(series, coordinator):
    invited = Subscriber.objects.create(series=series, email="c@example.test")
    token = tokens.confirm_token(invited)
    later = timezone.now().timestamp() + (tokens.CONFIRM_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert tokens.subscriber_to_confirm(token) is None
    assert tokens.subscriber_to_confirm(token[:-2] + "xx") is None
    response = Client().get(reverse("newsletters:confirm", args=[token + "x"]))
    assert response.status_code == 404
    # A link of an address taken off and invited again does not work for the new row.
    invited.delete()
    again = Subscriber.objects.create(series=series, email="d@example.test")
    assert tokens.subscriber_to_confirm(token) is None
    forged = tokens.unsubscribe_token(Subscriber(pk=again.pk, email="c@example.test"))
    assert tokens.subscriber_to_unsubscribe(forged) is None
    assert tokens.subscriber_to_unsubscribe(signing.dumps([again.pk, "x"])) is None


def test_an_issue_is_sent_once_to_each_confirmed_address_with_one_click_unsubscribe(
    series, coordinator, django_capture_on_commit_callbacks
):
    anna, _bert = _subscribe(series, "anna@example.test", "bert@example.test")
    Subscriber.objects.create(series=series, email="invited@example.test")  # not confirmed
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_save(
        actor=coordinator,
        issue=issue,
        title="Nummer 1",
        body="# Nieuws\n\nHet **congres** was vol.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(actor=coordinator, issue=issue)

    issue.refresh_from_db()
    assert (issue.state, issue.recipients, issue.delivered, issue.failed) == ("verzonden", 2, 2, 0)
    assert issue.sent_at is not None and issue.progress == 100
    assert selectors.issue_pdf(issue).startswith(b"%PDF")
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.test", "bert@example.test"]
    message = next(m for m in mail.outbox if m.to == ["anna@example.test"])
    assert message.subject == "Nummer 1"
    # The link is the one in the mail (a signed token carries the second it was made in).
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and link.endswith("/>")
    unsubscribe = urlsplit(link[1:-1]).path
    token = resolve(unsubscribe).kwargs["token"]
    assert resolve(unsubscribe).view_name == "newsletters:unsubscribe"
    assert tokens.subscriber_to_unsubscribe(token) == anna
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Het **congres** was vol." in message.body
    html = message.alternatives[0].content
    assert "<strong>congres</strong>" in html and "<h2>Nieuws</h2>" in html

    # The task again (a second worker, a retry) sends nothing again.
    tasks.send_issue.call(issue.pk)
    assert len(mail.outbox) == 2
    # A sent issue stays as it went.
    with pytest.raises(ValidationError):
        services.issue_save(actor=coordinator, issue=issue, body="Anders")

    # One click from the mail program: a POST without a form's token deletes the address.
    mail_program = Client(enforce_csrf_checks=True)
    assert mail_program.get(unsubscribe).status_code == 200
    assert Subscriber.objects.filter(pk=anna.pk).exists()
    response = mail_program.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=anna.pk).exists()
    assert mail_program.post(unsubscribe).status_code == 200  # twice: still fine


def test_who_left_meanwhile_is_skipped_and_a_refused_address_does_not_stop_the_rest(
    series, coordinator, django_capture_on_commit_callbacks
):
    anna, _bert, _carl = _subscribe(
        series, "anna@example.test", "bert@example.test", "carl@example.test"
    )
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_send(actor=coordinator, issue=issue)  # queued; not run (no commit yet)
    anna.delete()

    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse_bert(self, messages):
        if messages[0].to == ["bert@example.test"]:
            raise OSError("550 mailbox unavailable")
        return real(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", refuse_bert):
        assert tasks.send_issue.call(issue.pk) == "sent"
    issue.refresh_from_db()
    assert (issue.delivered, issue.failed, issue.skipped) == (1, 1, 1)
    assert [m.to for m in mail.outbox] == [["carl@example.test"]]


def test_sending_needs_a_text_and_someone_to_receive_it(series, coordinator):
    issue = services.issue_draft(actor=coordinator, series=series)
    with pytest.raises(ValidationError) as nobody:
        services.issue_send(actor=coordinator, issue=issue)
    assert "abonnees" in str(nobody.value)
    _subscribe(series, "anna@example.test")
    services.issue_save(actor=coordinator, issue=issue, body="  ")
    with pytest.raises(ValidationError) as empty:
        services.issue_send(actor=coordinator, issue=issue)
    assert "body" in empty.value.message_dict
    assert Issue.objects.get(pk=issue.pk).state == "concept"


def test_issues_are_on_the_calendar_and_a_draft_thrown_away_stays_as_cancelled(
    series, coordinator, viewer, twente
):
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_save(actor=coordinator, issue=issue, title="Werktitel: de fraudezaak")
    today = timezone.localdate()
    items = awareness_selectors.calendar_items(viewer, [twente], today, today)
    # A draft's own title is its editors': the calendar names the number.
    assert [(i.kind, i.title) for i in items] == [
        ("newsletter", "Nieuwsbrief ambtenaren, nummer 1")
    ]
    services.issue_remove(actor=coordinator, issue=issue)
    assert CancelledItem.objects.get().uid.startswith(f"newsletter-{issue.pk}@")
    items = awareness_selectors.calendar_items(coordinator, [twente], today, today)
    assert [(i.kind, i.cancelled) for i in items] == [("newsletter", True)]


def test_invitations_nobody_confirmed_go_after_a_month(series):
    old = Subscriber.objects.create(
        series=series,
        email="old@example.test",
        invited_at=timezone.now() - datetime.timedelta(days=tokens.CONFIRM_DAYS + 1),
    )
    _subscribe(series, "kept@example.test")
    Subscriber.objects.filter(email="kept@example.test").update(
        invited_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert services.invitations_expire(now=timezone.now()) == 1
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert Subscriber.objects.filter(email="kept@example.test").exists()


def test_a_title_stays_on_one_line_and_images_are_links_never_fetched(
    series, coordinator, django_capture_on_commit_callbacks
):
    _subscribe(series, "anna@example.test")
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_save(
        actor=coordinator,
        issue=issue,
        title="Nieuws\r\nBcc: iedereen@example.test",
        body="![pixel](http://169.254.169.254/x.png)\n\n<b>vet</b>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(actor=coordinator, issue=issue)
    issue.refresh_from_db()
    assert (issue.title, issue.delivered) == ("Nieuws Bcc: iedereen@example.test", 1)
    (message,) = mail.outbox
    assert message.subject == "Nieuws Bcc: iedereen@example.test" and not message.bcc
    html = message.alternatives[0].content
    assert "<img" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html


def test_a_sending_that_stalled_is_resumed_without_sending_anything_twice(
    series, coordinator, contributor, django_capture_on_commit_callbacks
):
    anna, _bert = _subscribe(series, "anna@example.test", "bert@example.test")
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_send(actor=coordinator, issue=issue)  # queued; the worker never ran it
    now = timezone.now()
    # A worker claimed Anna's mail and stopped: it may or may not have gone.
    Delivery.objects.filter(issue=issue, subscriber=anna).update(
        state="bezig", claimed_at=now - datetime.timedelta(minutes=30)
    )
    with pytest.raises(ValidationError):  # not stalled yet
        services.issue_sending_resume(actor=coordinator, issue=issue, now=now)
    later = now + datetime.timedelta(minutes=11)
    with pytest.raises(PermissionDenied):
        services.issue_sending_resume(actor=contributor, issue=issue, now=later)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_sending_resume(actor=coordinator, issue=issue, now=later)
    issue.refresh_from_db()
    assert (issue.state, issue.delivered, issue.unknown) == ("verzonden", 1, 1)
    assert [m.to for m in mail.outbox] == [["bert@example.test"]]
    assert not Delivery.objects.filter(issue=issue).exists()  # the counts stay, not who


def test_invitations_are_not_mailed_again_within_a_day_and_long_addresses_are_refused(
    series, coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.subscribers_invite(
            actor=coordinator, series=series, people=[("", "anna@example.test")]
        )
        again = services.subscribers_invite(
            actor=coordinator, series=series, people=[("", "anna@example.test")]
        )
    assert (first.sent, again.sent, again.recent) == (1, 0, 1)
    assert len(mail.outbox) == 1
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    later = services.subscribers_invite(
        actor=coordinator, series=series, people=[("", "anna@example.test")], now=tomorrow
    )
    assert later.sent == 1

    client.force_login(coordinator)
    long_address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".nl"
    response = client.post(
        reverse("newsletters:subscribers", args=[series.pk]), {"addresses": long_address}
    )
    assert response.status_code == 200
    assert "Regel 1:" in response.content.decode()


def test_the_editors_form_refuses_a_date_out_of_range_next_to_the_field(
    series, coordinator, client
):
    issue = services.issue_draft(actor=coordinator, series=series)
    client.force_login(coordinator)
    response = client.post(
        reverse("newsletters:issue_edit", args=[issue.pk]),
        {"title": "Nummer 1", "planned_on": "0001-01-01", "body": "Tekst"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["planned_on"] == [
        "Vul een datum tussen 2000 en 2100 in."
    ]


def test_a_member_who_does_not_edit_cannot_send_or_throw_away_and_a_draft_has_no_pdf(
    series, coordinator, viewer, client
):
    issue = services.issue_draft(actor=coordinator, series=series)
    _subscribe(series, "anna@example.test")
    client.force_login(viewer)
    for name in ("issue_send", "issue_remove", "issue_resume"):
        assert client.post(reverse(f"newsletters:{name}", args=[issue.pk])).status_code == 403
    assert Issue.objects.get(pk=issue.pk).state == "concept"
    client.force_login(coordinator)
    assert client.get(reverse("newsletters:issue_pdf", args=[issue.pk])).status_code == 404


def test_a_link_does_not_carry_the_address(series):
    import base64

    subscriber = Subscriber.objects.create(series=series, email="geheim@example.test")
    for token in (tokens.confirm_token(subscriber), tokens.unsubscribe_token(subscriber)):
        payload = token.split(":", 1)[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        assert b"geheim" not in decoded
    assert tokens.subscriber_to_unsubscribe(tokens.unsubscribe_token(subscriber)) == subscriber


def test_two_workers_close_a_sending_once_and_the_daily_job_resumes_one_that_stalled(
    series, coordinator, django_capture_on_commit_callbacks
):
    anna, _bert = _subscribe(series, "anna@example.test", "bert@example.test")
    issue = services.issue_draft(actor=coordinator, series=series)
    services.issue_send(actor=coordinator, issue=issue)
    # Another worker holds Anna's mail: this one sends Bert's and leaves the close to it.
    Delivery.objects.filter(issue=issue, subscriber=anna).update(
        state="bezig", claimed_at=timezone.now()
    )
    assert tasks.send_issue.call(issue.pk) == "another worker is sending"
    issue.refresh_from_db()
    assert (issue.state, issue.delivered) == ("verzenden", 1)
    assert services.sending_resume(now=timezone.now()) == 0  # it moves: not stalled
    # That worker stopped. A day later the daily job finds the sending stalled.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sending_resume(now=timezone.now() + datetime.timedelta(days=1)) == 1
    issue.refresh_from_db()
    assert (issue.state, issue.delivered, issue.unknown) == ("verzonden", 1, 1)
    assert [m.to for m in mail.outbox] == [["bert@example.test"]]
    # A late worker closes nothing twice and leaves the counts as they were closed.
    assert tasks.send_issue.call(issue.pk) == "not being sent"
    issue.refresh_from_db()
    assert (issue.delivered, issue.unknown) == (1, 1)


def test_an_issue_drafted_the_day_after_the_last_tells_of_no_period(series, coordinator):
    first = services.issue_draft(actor=coordinator, series=series)
    Issue.objects.filter(pk=first.pk).update(state="verzonden", sent_at=timezone.now())
    second = services.issue_draft(actor=coordinator, series=series)
    assert second.since == second.until + datetime.timedelta(days=1)
    assert "Dit nummer gaat over" not in second.body
    assert "niets vastgelegd" in second.body
