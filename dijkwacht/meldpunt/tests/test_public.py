"""The public meldpunt pages: reporting without an account, the receipt code shown once, the
follow-up with the code, the throttle, and no trace of the reporter anywhere."""

import logging
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import Attachment, MeldpuntSettings, Message, Report

INDEX = "/melden/"
FOLLOW_UP = "/melden/volgen/"
GROUPED_CODE = re.compile(r"\b\d{4} \d{4} \d{4} \d{4}\b")
MARKER_ADDRESS = "203.0.113.7"
MARKER_AGENT = "Marker-UA/1.0"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def accepting(enschede):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )
    return enschede


def _report_url(organisation) -> str:
    return f"/melden/{organisation.slug}/"


def _submit(organisation, **overrides):
    values = {
        "organisation": organisation,
        "kind": "integriteit",
        "description": "Een collega neemt geld aan van een aannemer.",
        "identity": "anoniem",
    }
    values.update(overrides)
    return services.report_submit(**values)


def _database_text() -> str:
    """Every value of every row of every table, as text."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        values.append(bytes(value).decode("latin-1"))
                    else:
                        values.append(str(value))
    return "\n".join(values)


def _normalised(html: str) -> str:
    """A page without what changes on every response (CSRF token, CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


# --- The start page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_page_lists_accepting_organisations_and_where_else_to_go(client, accepting, hengelo):
    MeldpuntSettings.objects.create(organisation=hengelo, accepts_reports=False)

    response = client.get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    assert accepting.name in html
    assert f'href="{_report_url(accepting)}"' in html
    assert hengelo.name not in html
    for guidance in ("112", "0900-8844", "0800-7000", "meldmisdaadanoniem.nl"):
        assert guidance in html
    assert f'href="{FOLLOW_UP}"' in html


@pytest.mark.django_db
def test_public_pages_show_no_user_in_the_header(client, accepting):
    for url in (INDEX, _report_url(accepting), FOLLOW_UP):
        html = client.get(url).content.decode()
        assert "Log out" not in html and "Uitloggen" not in html
        assert 'aria-label="Main navigation"' not in html


@pytest.mark.django_db
def test_organisation_that_does_not_take_reports_is_404(client, accepting, hengelo, zeist):
    MeldpuntSettings.objects.create(organisation=hengelo, accepts_reports=False)

    assert client.get(_report_url(hengelo)).status_code == 404
    assert client.get(_report_url(zeist)).status_code == 404  # no settings at all
    assert client.get("/melden/bestaat-niet/").status_code == 404
    assert client.post(_report_url(hengelo), {"kind": "anders"}).status_code == 404
    assert not Report.objects.exists()


# --- The report form ------------------------------------------------------------------------


@pytest.mark.django_db
def test_form_has_every_kinds_questions_with_a_note_and_the_script_with_its_nonce(
    client, accepting
):
    response = client.get(_report_url(accepting))

    html = response.content.decode()
    assert 'data-kind="integriteit"' in html and 'data-kind="agressie"' in html
    assert html.count('class="utrecht-paragraph dw-muted dw-kind-note"') == 2
    assert 'name="categorie"' in html and 'name="vorm"' in html and 'name="aangifte"' in html
    assert 'type="file"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert re.search(rf'<script src="[^"]*meldpunt/intake\.js" nonce="{nonce}"', html)
    assert "style=" not in html
    assert "<script>" not in html
    assert 'name="with_my_name"' not in html  # only for a logged-in employee


@pytest.mark.django_db
def test_anonymous_report_with_a_file_keeps_no_reporter_and_shows_the_code_once(client, accepting):
    response = client.post(
        _report_url(accepting),
        {
            "kind": "integriteit",
            "description": "De inkoper krijgt elk jaar een reis van een leverancier.",
            "wanneer": "vorige maand",
            "categorie": "geschenken",
            "vorm": ["fysiek"],  # a question of another kind: not kept
            "identity": "anoniem",
            "name": "Anna de Vries",
            "email": "anna@example.test",
            "attachments": [SimpleUploadedFile("bewijs.pdf", PDF, "application/pdf")],
        },
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    codes = GROUPED_CODE.findall(html)
    assert len(codes) == 1
    code = codes[0].replace(" ", "")
    assert html.count(codes[0]) == 1
    assert code not in html  # only the grouped form, once
    assert FOLLOW_UP in html
    report = Report.objects.get()
    assert report.identity == "anoniem"
    assert report.reporter == {}
    assert report.answers == {"wanneer": "vorige maand", "categorie": "geschenken"}
    assert report.receipt_lookup == code[:6]
    assert check_password(code[6:], report.receipt_hash)
    attachment = Attachment.objects.get(report=report)
    assert attachment.content == PDF
    assert attachment.content_type == "application/pdf"
    stored = _database_text()
    assert code not in stored
    assert code[6:] not in stored
    assert "Anna de Vries" not in stored and "anna@example.test" not in stored
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_aggression_report_keeps_its_own_answers(client, accepting):
    client.post(
        _report_url(accepting),
        {
            "kind": "agressie",
            "description": "Een bezoeker schold de baliemedewerker uit en gooide een stoel.",
            "vorm": ["verbaal", "fysiek"],
            "slachtoffer": "baliemedewerker",
            "gevolgen": "schade aan de balie",
            "aangifte": "weet_niet",
            "categorie": "corruptie",  # a question of another kind: not kept
            "identity": "anoniem",
        },
    )

    report = Report.objects.get()
    assert report.kind == "agressie"
    assert report.compartment == "agressie"
    assert report.answers == {
        "vorm": ["verbaal", "fysiek"],
        "slachtoffer": "baliemedewerker",
        "gevolgen": "schade aan de balie",
        "aangifte": "weet_niet",
    }


@pytest.mark.django_db
def test_missing_answers_are_named_next_to_their_fields_and_nothing_is_written(client, accepting):
    response = client.post(_report_url(accepting), {"description": "   "})

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"kind", "description", "identity"}
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("nl"):
        assert form.errors["kind"] == [gettext("Choose what the report is about.")]
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_kind_0"' in html
    assert 'href="#id_description"' in html
    assert 'id="id_description_error"' in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_confidential_report_needs_a_way_to_reach_the_reporter(client, accepting):
    response = client.post(
        _report_url(accepting),
        {"kind": "anders", "description": "Iets klopt niet.", "identity": "vertrouwelijk"},
    )

    assert response.context["form"].errors["name"]
    assert not Report.objects.exists()

    client.post(
        _report_url(accepting),
        {
            "kind": "anders",
            "description": "Iets klopt niet.",
            "identity": "vertrouwelijk",
            "phone": "06-12345678",
        },
    )
    assert Report.objects.get().reporter == {"phone": "06-12345678"}


@pytest.mark.django_db
def test_a_file_that_is_not_a_document_is_refused_by_name_and_nothing_is_written(client, accepting):
    response = client.post(
        _report_url(accepting),
        {
            "kind": "anders",
            "description": "Zie bijlage.",
            "identity": "anoniem",
            "attachments": [SimpleUploadedFile("foto.pdf", b"MZ\x90\x00\x03\x00", "image/png")],
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"]
    assert any("foto.pdf" in error for error in errors)
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_too_many_files_are_refused(client, accepting):
    files = [
        SimpleUploadedFile(f"b{i}.pdf", PDF, "application/pdf")
        for i in range(services.MAX_ATTACHMENTS + 1)
    ]
    response = client.post(
        _report_url(accepting),
        {"kind": "anders", "description": "x", "identity": "anoniem", "attachments": files},
    )

    assert response.context["form"].errors["attachments"]
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_employee_reports_with_the_name_of_their_account(client, accepting, contributor, verified):
    client.force_login(contributor)
    page = client.get(_report_url(accepting)).content.decode()
    assert 'name="with_my_name"' in page

    client.post(
        _report_url(accepting),
        {
            "kind": "agressie",
            "description": "Ik werd bedreigd aan de telefoon.",
            "identity": "anoniem",
            "with_my_name": "on",
        },
    )
    client.post(
        _report_url(accepting),
        {
            "kind": "integriteit",
            "description": "Een collega lekt informatie.",
            "identity": "vertrouwelijk",
            "with_my_name": "on",
        },
    )

    open_report, confidential = Report.objects.order_by("received_at", "pk")
    expected = {"name": contributor.full_name, "email": contributor.email}
    assert open_report.identity == "open"
    assert open_report.reporter == expected
    assert confidential.identity == "vertrouwelijk"
    assert confidential.reporter == expected


# --- Following up ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_follow_up_shows_status_and_messages_but_never_internal_notes(client, accepting):
    submitted = _submit(accepting)
    services.message_to_reporter(
        actor=None, report=submitted.report, body="Dank voor uw melding; wij kijken ernaar."
    )
    services.note_add(actor=None, report=submitted.report, body="Intern: mogelijk de inkoper.")

    response = client.post(FOLLOW_UP, {"code": submitted.receipt.grouped})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Dank voor uw melding; wij kijken ernaar." in html
    assert "Intern: mogelijk de inkoper." not in html
    assert "received" in html.lower() or "ontvangen" in html.lower()
    assert f'name="code" value="{submitted.receipt.grouped}"' in html  # the reply brings it back


@pytest.mark.django_db
def test_follow_up_never_reads_a_code_from_the_url(client, accepting):
    submitted = _submit(accepting)
    services.message_to_reporter(actor=None, report=submitted.report, body="Geheim antwoord")

    response = client.get(FOLLOW_UP, {"code": submitted.receipt.code})

    assert response.status_code == 200
    assert "Geheim antwoord" not in response.content.decode()
    assert 'method="post"' in response.content.decode()


@pytest.mark.django_db
def test_reporter_replies_with_a_message_and_a_file(client, accepting):
    submitted = _submit(accepting)

    response = client.post(
        FOLLOW_UP,
        {
            "code": submitted.receipt.code,
            "action": "reply",
            "body": "Het ging om de aanbesteding van de brug.",
            "attachments": [SimpleUploadedFile("offerte.pdf", PDF, "application/pdf")],
        },
    )

    assert response.status_code == 200
    assert response.context["sent"] is True
    message = Message.objects.get(report=submitted.report)
    assert message.direction == Message.Direction.FROM_REPORTER
    assert message.body == "Het ging om de aanbesteding van de brug."
    assert message.attachments.count() == 1
    assert "Het ging om de aanbesteding van de brug." in response.content.decode()


@pytest.mark.django_db
def test_an_empty_reply_is_named_next_to_the_field(client, accepting):
    submitted = _submit(accepting)

    response = client.post(
        FOLLOW_UP, {"code": submitted.receipt.code, "action": "reply", "body": ""}
    )

    assert response.status_code == 200
    assert response.context["reply"].errors["body"]
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_every_wrong_code_gets_the_same_answer_and_no_code_is_echoed(client, accepting):
    submitted = _submit(accepting)
    wrong_secret = submitted.receipt.code[:6] + "0" * 10
    if wrong_secret == submitted.receipt.code:
        wrong_secret = submitted.receipt.code[:6] + "1" * 10

    answers = []
    for code in ("1111 2222 3333 4444", wrong_secret, "not a code"):
        response = client.post(FOLLOW_UP, {"code": code})
        assert response.status_code == 200
        assert code not in response.content.decode()
        answers.append(response.context["form"].errors["code"])

    assert answers[0] == answers[1] == answers[2]


@pytest.mark.django_db
def test_after_five_wrong_codes_even_the_right_code_is_refused_the_same_way(client, accepting):
    submitted = _submit(accepting)
    for n in range(5):
        response = client.post(FOLLOW_UP, {"code": f"9999 9999 9999 999{n}"})
        assert response.status_code == 200

    right = client.post(FOLLOW_UP, {"code": submitted.receipt.code})
    wrong = client.post(FOLLOW_UP, {"code": "1234 1234 1234 1234"})

    assert right.status_code == wrong.status_code == 429
    assert "15" in right.content.decode()
    assert _normalised(right.content.decode()) == _normalised(wrong.content.decode())
    reply = client.post(
        FOLLOW_UP, {"code": submitted.receipt.code, "action": "reply", "body": "Hallo"}
    )
    assert reply.status_code == 429
    assert not Message.objects.exists()


# --- No trace -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_trace_of_the_reporter_in_the_database_or_the_logs(accepting, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.server", "dijkwacht"):
        caplog.set_level(logging.DEBUG, logger=name)
    client = Client(REMOTE_ADDR=MARKER_ADDRESS, HTTP_USER_AGENT=MARKER_AGENT)

    client.get(INDEX)
    client.get(_report_url(accepting))
    submit = client.post(
        _report_url(accepting),
        {
            "kind": "ondermijning",
            "description": "In het pand aan de haven is elke nacht veel verkeer.",
            "identity": "anoniem",
            "attachments": [SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)],
        },
    )
    code = GROUPED_CODE.search(submit.content.decode()).group(0)
    client.post(FOLLOW_UP, {"code": "0000 0000 0000 0000"})  # a wrong try, throttled by address
    client.post(FOLLOW_UP, {"code": code})
    client.post(FOLLOW_UP, {"code": code, "action": "reply", "body": "Nog iets gezien."})

    assert Report.objects.count() == 1
    assert Message.objects.count() == 1
    stored = _database_text()
    assert MARKER_ADDRESS not in stored
    assert MARKER_AGENT not in stored
    assert "Marker-UA" not in stored
    logged = "\n".join(f"{record.getMessage()} {record.__dict__!r}" for record in caplog.records)
    assert MARKER_ADDRESS not in logged
    assert "Marker-UA" not in logged
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies


@pytest.fixture
def no_disk(monkeypatch):
    """Any temporary file (where Django puts large uploads by default) fails the test."""
    import tempfile

    from django.core.files import uploadedfile

    def refused(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", refused)
    for name in ("NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refused)


def _pdf(megabytes: float) -> bytes:
    return b"%PDF-1.7\n" + b"0" * int(megabytes * 1024 * 1024) + b"\n%%EOF\n"


def _post_report(client, organisation, files):
    return client.post(
        _report_url(organisation),
        {
            "kind": "integriteit",
            "description": "Een collega neemt geld aan van een aannemer.",
            "identity": "anoniem",
            "attachments": [
                SimpleUploadedFile(name, content, "application/pdf") for name, content in files
            ],
        },
    )


@pytest.mark.django_db
def test_five_large_attachments_stay_in_memory_until_they_are_encrypted(client, accepting, no_disk):
    """45 MB of attachments: above Django's memory limit for a request, so by default written
    to temporary files; here they stay in memory and are stored encrypted."""
    files = [(f"deel{i}.pdf", _pdf(9)) for i in range(5)]
    response = _post_report(client, accepting, files)
    assert response.status_code == 200
    assert Attachment.objects.count() == 5
    assert sorted(a.size for a in Attachment.objects.all()) == [len(files[0][1])] * 5


@pytest.mark.django_db
def test_an_oversized_attachment_is_refused_as_it_streams_in(client, accepting, no_disk):
    response = _post_report(client, accepting, [("groot.pdf", _pdf(10.5))])
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_attachments_error"' in page
    assert "groot.pdf: te groot" in page
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_request_above_the_total_is_refused_by_its_content_length(client, accepting, no_disk):
    files = [(f"deel{i}.pdf", _pdf(9.5)) for i in range(6)]  # each allowed, together too much
    response = _post_report(client, accepting, files)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_attachments_error"' in page and "deel0.pdf" in page
    assert not Report.objects.exists()
