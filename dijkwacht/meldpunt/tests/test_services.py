"""The meldpunt's services and selectors: encryption at rest and key rotation, receipt codes
and throttling, compartments and exclusion, four eyes, the read log, cases, retention and
statistics."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.http import Http404

from dijkwacht.core.encryption import generate_key
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.models import (
    AccessLog,
    Attachment,
    DeletionLog,
    InterventionType,
    MeldpuntSettings,
    Message,
    Purpose,
    Report,
    Status,
)
from dijkwacht.organisations.roles import Compartment, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKER = "Zwaluwstaart-Kobaltblauw-4471"
PDF = b"%PDF-1.7\n" + MARKER.encode() + b"\n%%EOF\n"


@pytest.fixture
def accepting(utrecht_city):
    MeldpuntSettings.objects.create(organisation=utrecht_city, accepts_reports=True)
    return utrecht_city


@pytest.fixture
def second_handler(utrecht_city):
    user = UserFactory(email="tweede@example.test", full_name="Tweede Behandelaar")
    MembershipFactory(
        user=user, organisation=utrecht_city, role=Role.HANDLER,
        compartments=list(Compartment.values),
    )  # fmt: skip
    return user


def _submit(organisation, kind="ondermijning", identity="anoniem", **extra):
    return services.report_submit(
        organisation=organisation, kind=kind, identity=identity,
        description=extra.pop("description", f"Pand aan de Haven. {MARKER}"), **extra,
    )  # fmt: skip


def _dump() -> str:
    """Every value of every table, as text: what a stolen database would show."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def test_content_is_encrypted_at_rest_in_reports_messages_and_attachments(accepting, handler):
    submitted = _submit(
        accepting, answers={"waar": f"Haven 3 {MARKER}"},
        attachments=[SimpleUploadedFile("foto.pdf", PDF, "application/pdf")],
    )  # fmt: skip
    report = submitted.report
    services.message_to_reporter(actor=handler, report=report, body=f"Vraag: {MARKER}")
    services.note_add(actor=handler, report=report, body=f"Notitie {MARKER}")
    services.reporter_reply(report=report, body=f"Antwoord {MARKER}")
    assert MARKER not in _dump()
    # ...and the application reads it back.
    opened = selectors.open_report(handler, report.pk, Purpose.HANDLING)
    assert MARKER in opened.description and MARKER in opened.answers["waar"]
    assert MARKER.encode() in Attachment.objects.get().content
    assert all(MARKER in m.body for m in Message.objects.all())


def test_rotation_re_encrypts_everything_under_the_new_key(accepting, settings, handler):
    _submit(accepting, attachments=[SimpleUploadedFile("a.pdf", PDF, "application/pdf")])
    old_keys = list(settings.ENCRYPTION_KEYS)
    new_key = generate_key().encode("ascii")
    settings.ENCRYPTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "meldpunt.Report" in out.getvalue()
    settings.ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything still opens
    report = Report.objects.get()
    assert MARKER in report.description
    assert Attachment.objects.get().content == PDF
    settings.ENCRYPTION_KEYS = old_keys  # and the old key alone opens nothing any more
    from dijkwacht.core.encryption import InvalidToken

    with pytest.raises(InvalidToken):
        Report.objects.get().description  # noqa: B018


def test_anonymous_reports_keep_no_reporter_data_whatever_is_sent(accepting):
    report = _submit(accepting, reporter={"name": "Iemand", "email": "x@example.test"}).report
    assert Report.objects.get(pk=report.pk).reporter == {}
    with pytest.raises(ValidationError) as error:
        _submit(accepting, identity="vertrouwelijk")
    assert "reporter" in error.value.message_dict


def test_bad_input_names_the_field_and_writes_nothing(accepting):
    with pytest.raises(ValidationError) as error:
        services.report_submit(
            organisation=accepting, kind="spam", identity="wie", description=" ",
            attachments=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")],
        )  # fmt: skip
    assert set(error.value.message_dict) == {"kind", "identity", "description", "attachments"}
    assert not Report.objects.exists() and not Attachment.objects.exists()


def test_receipt_code_opens_the_report_and_is_stored_only_as_lookup_and_slow_hash(accepting):
    submitted = _submit(accepting)
    code = submitted.receipt.code
    assert len(code) == 16 and code.isdigit()
    stored = Report.objects.get()
    assert code not in _dump() and code[6:] not in stored.receipt_hash
    assert stored.receipt_hash.startswith(("pbkdf2", "argon2", "md5"))  # a hasher's format
    typed = " ".join(code[i : i + 4] for i in range(0, 16, 4))
    assert services.follow_up_open(code=typed, address="198.51.100.1") == stored


def test_after_five_wrong_codes_even_the_right_code_is_refused_for_a_while(accepting):
    code = _submit(accepting).receipt.code
    wrong = code[:6] + ("0000000000" if code[6:] != "0000000000" else "1111111111")
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.follow_up_open(code=wrong, address="198.51.100.2")
    with pytest.raises(services.Throttled):
        services.follow_up_open(code=code, address="198.51.100.2")
    # The same report is also protected against tries from elsewhere...
    with pytest.raises(services.Throttled):
        services.follow_up_open(code=code, address="198.51.100.3")
    # ...but another report from another address is not affected.
    other = _submit(accepting).receipt.code
    assert services.follow_up_open(code=other, address="198.51.100.4")


def test_the_throttle_keeps_no_address_in_the_cache_keys(accepting):
    from dijkwacht.meldpunt.receipts import Throttle

    throttle = Throttle("203.0.113.99", "123456")
    assert not any("203.0.113.99" in key or "123456" in key for key in throttle.keys)


def test_handlers_see_only_their_organisation_and_compartments(
    accepting, handler, enschede, utrecht_city
):
    report = _submit(accepting, kind="integriteit").report
    narrow = UserFactory(email="agressie@example.test")
    MembershipFactory(user=narrow, organisation=utrecht_city, role=Role.HANDLER,
                      compartments=[Compartment.AGGRESSION])  # fmt: skip
    elsewhere = UserFactory(email="elders@example.test")
    MembershipFactory(user=elsewhere, organisation=enschede, role=Role.HANDLER,
                      compartments=list(Compartment.values))  # fmt: skip
    for outsider in (narrow, elsewhere):
        with pytest.raises(Http404):
            selectors.open_report(outsider, report.pk, Purpose.HANDLING)
        assert selectors.inbox(outsider) == []
    assert [row.report for row in selectors.inbox(handler)] == [report]
    assert AccessLog.objects.count() == 0  # the inbox reads no content and logs nothing


def test_coordinators_viewers_and_admins_never_receive_a_report(
    accepting, coordinator, viewer, admin_user, other_coordinator
):
    report = _submit(accepting).report
    for user in (coordinator, viewer, admin_user, other_coordinator):
        with pytest.raises(Http404):
            selectors.open_report(user, report.pk, Purpose.HANDLING)


def test_every_opening_is_logged_with_its_purpose(accepting, handler):
    report = _submit(accepting).report
    selectors.open_report(handler, report.pk, Purpose.FORWARDING)
    entry = AccessLog.objects.get()
    assert (entry.user, entry.report_number, entry.purpose) == (
        handler, report.number, Purpose.FORWARDING,
    )  # fmt: skip
    assert MARKER not in str(entry) and report.number in str(entry)


def test_an_excluded_handler_no_longer_sees_the_report(accepting, handler, second_handler):
    report = _submit(accepting).report
    services.exclusion_add(actor=second_handler, report=report, user=handler,
                           reason="Familielid van betrokkene")  # fmt: skip
    with pytest.raises(Http404):
        selectors.open_report(handler, report.pk, Purpose.HANDLING)
    with pytest.raises(PermissionDenied):
        services.message_to_reporter(actor=handler, report=report, body="x")
    assert selectors.open_report(second_handler, report.pk, Purpose.HANDLING) == report


def test_a_confidential_identity_needs_a_second_handler(accepting, handler, second_handler):
    report = _submit(
        accepting, identity="vertrouwelijk", reporter={"name": "Mr. Vertrouwelijk"}
    ).report
    report = selectors.open_report(handler, report.pk, Purpose.HANDLING)
    assert selectors.reporter_identity(handler, report) is None
    reveal = services.reveal_request(actor=handler, report=report, reason="Nodig voor aangifte")
    with pytest.raises(PermissionDenied):
        services.reveal_approve(actor=handler, reveal=reveal, reason="Zelf goedgekeurd")
    assert selectors.reporter_identity(handler, report) is None
    services.reveal_approve(actor=second_handler, reveal=reveal, reason="Akkoord, aangifte")
    assert selectors.reporter_identity(handler, report) == {"name": "Mr. Vertrouwelijk"}
    # The approver did not ask, so does not see it either.
    assert selectors.reporter_identity(second_handler, report) is None
    from dijkwacht.core.models import AuditEvent

    assert set(AuditEvent.objects.filter(action__startswith="meldpunt.reveal").values_list(
        "action", flat=True)) == {"meldpunt.reveal_request", "meldpunt.reveal_approve"}  # fmt: skip
    assert AccessLog.objects.filter(action="reveal_identity", user=handler).exists()


def test_a_step_leaves_the_encrypted_content_unread_and_unwritten(accepting, handler):
    """A workflow step reads and writes the workflow's fields: the stored ciphertext of the
    content is the same afterwards, and no step statement asks for it."""
    from tests.statements import data_statements

    report = _submit(accepting).report

    def stored():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT description, answers, reporter, receipt_hash FROM meldpunt_report"
                " WHERE id = %s",
                [report.pk],
            )
            return cursor.fetchone()

    before = stored()
    with data_statements() as statements:
        services.report_transition(actor=handler, report=report, action="acknowledge")
    assert stored() == before
    assert not [s for s in statements if "description" in s], statements
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED and report.acknowledged_at is not None


def test_the_workflow_writes_events_and_feedback_clock(accepting, handler):
    report = _submit(accepting).report
    services.report_transition(actor=handler, report=report, action="acknowledge",
                               message="Dank voor je melding.")  # fmt: skip
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED and report.feedback_given_at is not None
    with pytest.raises(ValidationError) as error:
        services.report_transition(actor=handler, report=report, action="forward", target="riec")
    assert set(error.value.message_dict) == {"date"}
    services.report_transition(
        actor=handler, report=report, action="forward", target="riec",
        date=datetime.date(2026, 3, 5), reference="RIEC-2026-12",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.report_transition(actor=handler, report=report, action="close")
    assert "reason" in error.value.message_dict
    services.report_transition(actor=handler, report=report, action="close", reason="doorgezet")
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.close_reason == "doorgezet"
    assert list(report.events.values_list("action", flat=True)) == [
        "receive", "acknowledge", "forward", "close",
    ]  # fmt: skip
    assert report.events.get(action="forward").details["reference"] == "RIEC-2026-12"
    shown = selectors.messages_for_reporter(report)
    assert [m.body for m in shown] == ["Dank voor je melding."]


def test_a_case_closes_only_with_its_evaluation(accepting, handler):
    report = _submit(accepting).report
    case = services.case_open(actor=handler, report=report, title="Haven 3")
    services.meeting_add(actor=handler, case=case, date=datetime.date(2026, 4, 1),
                         partners="Gemeente, politie, RIEC", decisions="Bibob-toets")  # fmt: skip
    for name in ("Sluiting van een pand (art. 13b Opiumwet)", "Inbeslagname"):
        services.intervention_save(actor=handler, case=case, partner="Gemeente",
                                   type=InterventionType.objects.get(name=name),
                                   state="lopend")  # fmt: skip
    with pytest.raises(ValidationError, match=r"evaluation|evaluatie"):
        services.case_close(actor=handler, case=case)
    services.evaluation_save(
        actor=handler, case=case, worked="Snelle sluiting",
        did_not_work="Trage informatiedeling", lessons="Eerder RIEC",
    )  # fmt: skip
    services.case_close(actor=handler, case=case)
    case.refresh_from_db()
    assert case.closed_at is not None and case.interventions.count() == 2


def test_retention_destroys_expired_reports_and_keeps_a_log_without_content(accepting, handler):
    from django.utils import timezone

    dropped = _submit(accepting).report
    services.report_transition(actor=handler, report=dropped, action="close",
                               reason="niet_ondermijnend")  # fmt: skip
    kept = _submit(accepting).report
    in_case = _submit(accepting).report
    case = services.case_open(actor=handler, report=in_case, title="Casus")
    services.report_transition(actor=handler, report=in_case, action="close",
                               reason="afgehandeld")  # fmt: skip
    later = timezone.now() + datetime.timedelta(days=366)
    assert services.retention_apply(now=later) == 1  # the case is still open
    assert not Report.objects.filter(pk=dropped.pk).exists()
    assert Report.objects.filter(pk__in=[kept.pk, in_case.pk]).count() == 2
    log = DeletionLog.objects.get()
    assert (log.record_type, log.number, log.kind) == ("melding", dropped.number, "ondermijning")
    assert MARKER not in _dump()
    services.evaluation_save(actor=handler, case=case, worked="a", did_not_work="b", lessons="c")
    services.case_close(actor=handler, case=case)
    assert services.retention_apply(now=later) == 0  # a closed case is kept for 5 years
    assert services.retention_apply(now=timezone.now() + datetime.timedelta(days=5 * 365 + 1)) == 1
    assert set(DeletionLog.objects.values_list("record_type", flat=True)) == {"melding", "casus"}


def test_statistics_are_counts_with_small_ones_suppressed(accepting, utrecht):
    for _ in range(6):
        _submit(accepting, kind="agressie")
    _submit(accepting, kind="integriteit")
    rows = {(r.kind, r.count) for r in selectors.statistics(None, partnership=utrecht)}
    assert rows == {("agressie", 6), ("integriteit", None)}


def test_handlers_are_reminded_of_due_reports_once_a_day_without_content(
    accepting, handler, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.utils import timezone

    report = _submit(accepting).report
    six_days = timezone.now() + datetime.timedelta(days=6)  # acknowledgement due tomorrow
    with django_capture_on_commit_callbacks(execute=True):
        assert services.handlers_remind(now=timezone.now()) == 0  # nothing near yet
        assert services.handlers_remind(now=six_days) == 1
        assert services.handlers_remind(now=six_days) == 0
    assert [m.to for m in mail.outbox] == [[handler.email]]
    assert report.number in mail.outbox[0].body and MARKER not in mail.outbox[0].body


def test_the_daily_retention_command_reports_what_it_destroyed(accepting, handler):
    report = _submit(accepting).report
    report = services.report_transition(actor=handler, report=report, action="close",
                                        reason="ingetrokken")  # fmt: skip
    Report.objects.filter(pk=report.pk).update(
        closed_at=report.closed_at - datetime.timedelta(days=400)
    )
    out = io.StringIO()
    call_command("run_daily", only=["meldpunt.retention"], stdout=out)
    assert out.getvalue().strip() == "meldpunt.retention: 1 reports destroyed"
    assert not Report.objects.exists()


def test_a_closed_case_takes_no_more_meetings_or_interventions(accepting, handler):
    case = services.case_open(actor=handler, report=_submit(accepting).report, title="Dicht")
    services.evaluation_save(actor=handler, case=case, worked="a", did_not_work="b", lessons="c")
    services.case_close(actor=handler, case=case)
    with pytest.raises(ValidationError, match=r"closed|gesloten"):
        services.meeting_add(actor=handler, case=case, date=datetime.date(2026, 5, 1),
                             partners="x", decisions="y")  # fmt: skip
    with pytest.raises(ValidationError, match=r"closed|gesloten"):
        services.intervention_save(actor=handler, case=case, partner="Gemeente", state="lopend",
                                   type=InterventionType.objects.first())  # fmt: skip


def test_the_privacy_officer_reviews_the_access_log_but_cannot_change_it(
    client, accepting, handler, admin_user, verified
):
    report = _submit(accepting).report
    selectors.open_report(handler, report.pk, Purpose.HANDLING)
    client.force_login(admin_user)
    page = client.get("/beheer/meldpunt/accesslog/")
    assert page.status_code == 200 and report.number in page.content.decode()
    entry = AccessLog.objects.get()
    assert client.get("/beheer/meldpunt/accesslog/add/").status_code == 403
    client.post(f"/beheer/meldpunt/accesslog/{entry.pk}/delete/", {"post": "yes"})
    assert AccessLog.objects.filter(pk=entry.pk).exists()
    # Reports themselves are not in the admin at all.
    assert client.get("/beheer/meldpunt/report/").status_code == 404


def test_a_clashing_random_lookup_is_retried_not_an_error(accepting, monkeypatch):
    from dijkwacht.meldpunt import receipts

    first = _submit(accepting).report
    fresh = receipts.new_receipt()
    clash = receipts.Receipt(first.receipt_lookup + fresh.code[6:], first.receipt_lookup,
                             fresh.hashed)  # fmt: skip
    made = iter([clash, fresh])
    # The uniqueness check before the transaction missed it (a concurrent submission).
    monkeypatch.setattr(services, "_unique_receipt", lambda: next(made))
    second = _submit(accepting).report
    assert second.receipt_lookup == fresh.lookup != first.receipt_lookup
    assert Report.objects.count() == 2
