"""The handlers' pages: inbox, opening a report with a purpose (logged), attachments, the
steps on a report, four-eyes identity reveal and the aggression register. Nobody but a handler
of the report's organisation and compartment ever gets its content."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from dijkwacht.core.models import AuditEvent
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.models import (
    AccessLog,
    Case,
    Exclusion,
    IdentityReveal,
    MeldpuntSettings,
    Message,
    Report,
    ReportEvent,
    Status,
)
from tests.factories import make_handler as _handler

pytestmark = pytest.mark.django_db

SECRET = "De wethouder krijgt geld van de snackbar"


@pytest.fixture(autouse=True)
def _setup(enschede, verified):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )


@pytest.fixture
def aggression_only(enschede):
    return _handler(enschede, "agressie@example.test", ["agressie"])


def _submit(organisation, kind="ondermijning", identity="anoniem", **extra):
    return services.report_submit(
        organisation=organisation, kind=kind, description=SECRET, identity=identity, **extra
    ).report


@pytest.fixture
def report(enschede):
    return _submit(
        enschede,
        answers={"waar": "Marktplein", "wanneer": "gisteren"},
        attachments=[SimpleUploadedFile("foto.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")],
    )


def _url(report, suffix=""):
    return f"/meldpunt/meldingen/{report.pk}/{suffix}"


def _open(report):
    return _url(report) + "?doel=behandeling"


def _step(client, report, step, **data):
    return client.post(_url(report, f"{step}/"), data)


# --- Opening with a purpose -----------------------------------------------------------------


def test_purpose_page_shows_no_content_and_logs_nothing(client, hanna, report):
    client.force_login(hanna)
    page = client.get(_url(report)).content.decode()
    assert report.number in page and 'name="doel"' in page
    assert SECRET not in page and "Marktplein" not in page and "foto.pdf" not in page
    assert 'value="behandeling"' in page and 'value="toezicht"' not in page
    assert 'value="export"' not in page
    assert not AccessLog.objects.exists()


def test_opening_with_a_purpose_shows_the_report_and_logs_it(client, hanna, report):
    client.force_login(hanna)
    page = client.get(_url(report) + "?doel=doorzetten").content.decode()
    assert SECRET in page and "Marktplein" in page and "foto.pdf" in page
    entry = AccessLog.objects.get()
    assert (entry.user, entry.report_number, entry.purpose, entry.action) == (
        hanna, report.number, "doorzetten", "open"
    )  # fmt: skip


@pytest.mark.parametrize("purpose", ["toezicht", "export", "nieuwsgierigheid", ""])
def test_a_purpose_that_is_not_a_handlers_is_refused_without_content(
    client, hanna, report, purpose
):
    client.force_login(hanna)
    response = client.get(_url(report) + f"?doel={purpose}")
    page = response.content.decode()
    assert response.status_code == 200 and SECRET not in page
    assert "utrecht-form-fieldset--invalid" in page
    assert not AccessLog.objects.exists()


def test_attachment_is_a_logged_download_in_a_sandbox(client, hanna, report):
    client.force_login(hanna)
    attachment = report.attachments.get()
    response = client.get(_url(report, f"bijlagen/{attachment.pk}/") + "?doel=casus")
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7\n%%EOF\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "foto.pdf" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    entry = AccessLog.objects.get()
    assert (entry.action, entry.purpose) == ("attachment", "casus")


def test_attachment_of_another_report_is_404_and_not_logged(client, hanna, report, enschede):
    other = _submit(enschede)
    client.force_login(hanna)
    attachment = report.attachments.get()
    assert client.get(_url(other, f"bijlagen/{attachment.pk}/")).status_code == 404
    assert not AccessLog.objects.exists()


# --- Who gets nothing -----------------------------------------------------------------------


def _report_urls(report):
    attachment = report.attachments.get()
    return [
        ("get", _url(report)),
        ("get", _open(report)),
        ("get", _url(report, f"bijlagen/{attachment.pk}/")),
        ("post", _url(report, "notitie/")),
        ("post", _url(report, "bevestigen/")),
    ]


@pytest.mark.parametrize(
    "who", ["handler", "aggression_only", "coordinator", "viewer", "admin_user", "contributor"]
)
def test_only_a_handler_of_the_organisation_and_compartment_reaches_a_report(
    client, request, report, who
):
    """`handler` handles the municipality of Utrecht (all compartments); `aggression_only`
    handles Enschede, but not undermining."""
    client.force_login(request.getfixturevalue(who))
    for method, url in _report_urls(report):
        response = getattr(client, method)(url, {"body": "Binnengedrongen"})
        assert response.status_code == 404, url
        assert SECRET.encode() not in response.content
    assert not AccessLog.objects.exists()
    assert not Message.objects.exists()
    assert Report.objects.get(pk=report.pk).status == Status.RECEIVED


@pytest.mark.parametrize("who", ["coordinator", "viewer", "admin_user", "contributor"])
def test_the_meldpunt_is_hidden_from_everyone_but_handlers(client, request, report, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/meldpunt/").status_code == 404
    assert client.get("/meldpunt/meldingen.csv").status_code == 404
    assert client.get("/meldpunt/casussen/").status_code == 404
    home = client.get("/").content.decode()
    # Coordinators and viewers find the figures (counts only); nobody but handlers the inbox.
    assert 'href="/meldpunt/"' not in home and "/meldpunt/meldingen" not in home


def test_handlers_see_the_meldpunt_in_the_navigation(client, hanna):
    client.force_login(hanna)
    assert 'href="/meldpunt/"' in client.get("/profiel/").content.decode()


def test_a_handler_of_another_organisation_sees_none_of_its_reports(client, handler, report):
    client.force_login(handler)
    page = client.get("/meldpunt/").content.decode()
    assert report.number not in page


def test_an_excluded_handler_gets_404(client, hanna, karel, report):
    client.force_login(karel)
    response = _step(client, report, "uitsluiten", user=hanna.pk, reason="Familielid")
    assert response.status_code == 302
    assert Exclusion.objects.filter(report=report, user=hanna).exists()
    client.force_login(hanna)
    assert client.get(_open(report)).status_code == 404
    attachment = report.attachments.get()
    assert client.get(_url(report, f"bijlagen/{attachment.pk}/")).status_code == 404
    assert report.number not in client.get("/meldpunt/").content.decode()


# --- The inbox ------------------------------------------------------------------------------


def test_inbox_lists_reports_with_clocks_and_no_content(client, hanna, report, enschede):
    late = _submit(enschede, kind="integriteit")
    Report.objects.filter(pk=late.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=10)
    )
    soon = _submit(enschede, kind="agressie")
    Report.objects.filter(pk=soon.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=6)
    )
    client.force_login(hanna)
    page = client.get("/meldpunt/").content.decode()
    assert report.number in page and late.number in page and soon.number in page
    assert SECRET not in page and "Marktplein" not in page
    assert escape(gettext("overdue")) in page and escape(gettext("due soon")) in page
    assert page.index(late.number) < page.index(report.number)  # the most urgent first
    assert not AccessLog.objects.exists()


def test_inbox_filters_by_compartment_and_status(client, hanna, report, enschede):
    integrity = _submit(enschede, kind="integriteit")
    closed = _submit(enschede, kind="integriteit")
    services.report_transition(actor=hanna, report=closed, action="close", reason="afgehandeld")
    client.force_login(hanna)
    page = client.get("/meldpunt/?compartment=integriteit&status=open").content.decode()
    assert integrity.number in page
    assert report.number not in page and closed.number not in page
    page = client.get("/meldpunt/?status=afgesloten").content.decode()
    assert closed.number in page and integrity.number not in page


def test_inbox_exports_metadata_as_csv(client, hanna, report, enschede):
    _submit(enschede, kind="integriteit", answers={"waar": "=HYPERLINK(1)"})
    client.force_login(hanna)
    response = client.get("/meldpunt/meldingen.csv?compartment=ondermijning")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == report.number
    assert SECRET not in text and "Marktplein" not in text and "HYPERLINK" not in text
    assert not AccessLog.objects.exists()


# --- Steps ----------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_pages(client, hanna, report):
    client.force_login(hanna)
    response = _step(client, report, "bevestigen", message="Dank, we kijken ernaar.")
    assert response.status_code == 302
    assert response["Location"] == _open(report)
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
    assert [m.body for m in selectors.messages_for_reporter(report)] == ["Dank, we kijken ernaar."]

    _step(client, report, "notitie", body="Lijkt op dossier X")
    assert Message.objects.filter(report=report, direction="intern").count() == 1
    assert "Lijkt op dossier X" not in [m.body for m in selectors.messages_for_reporter(report)]
    page = client.get(_open(report)).content.decode()
    assert "Lijkt op dossier X" in page
    assert escape(gettext("Internal — never visible to the reporter")) in page

    _step(client, report, "in-behandeling")
    _step(client, report, "doorzetten", target="riec", date="2025-03-01", reference="RIEC-12")
    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    forward = ReportEvent.objects.get(report=report, action="forward")
    assert forward.details["reference"] == "RIEC-12" and forward.actor == hanna

    _step(client, report, "bericht", body="We hebben het doorgezet.")
    _step(client, report, "afsluiten", reason="doorgezet", message="Afgerond, dank u.")
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.close_reason == "doorgezet"
    assert len(selectors.messages_for_reporter(report)) == 3

    _step(client, report, "heropenen")
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meldpunt.report_acknowledge", "meldpunt.report_forward", "meldpunt.report_close",
            "meldpunt.report_reopen", "meldpunt.message_to_reporter"} <= actions  # fmt: skip


def test_forwarding_needs_a_target_and_a_date_next_to_the_fields(client, hanna, report):
    services.report_transition(actor=hanna, report=report, action="acknowledge")
    client.force_login(hanna)
    response = _step(client, report, "doorzetten", reference="X")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_doorzetten_target_error"' in page and 'id="id_doorzetten_date_error"' in page
    assert escape(gettext("Choose where the report was forwarded to.")) in page
    assert escape(gettext("Give the date it was forwarded.")) in page
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
    assert not ReportEvent.objects.filter(action="forward").exists()


def test_closing_needs_a_reason(client, hanna, report):
    client.force_login(hanna)
    response = _step(client, report, "afsluiten", message="Tot ziens")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_afsluiten_reason_error"' in page
    report.refresh_from_db()
    assert report.status == Status.RECEIVED
    assert not Message.objects.exists()  # nothing half-written


def test_a_step_that_is_not_possible_now_is_refused_with_a_message(client, hanna, report):
    client.force_login(hanna)
    response = _step(client, report, "heropenen")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


def test_an_unknown_step_is_404(client, hanna, report):
    client.force_login(hanna)
    assert _step(client, report, "verwijderen").status_code == 404


def test_empty_message_and_note_are_refused(client, hanna, report):
    client.force_login(hanna)
    for step in ("bericht", "notitie"):
        response = _step(client, report, step, body="   ")
        assert response.status_code == 200
        assert f'id="id_{step}_body_error"' in response.content.decode()
    assert not Message.objects.exists()


def test_moving_a_report_to_another_compartment(client, hanna, aggression_only, report):
    client.force_login(hanna)
    _step(client, report, "verplaatsen", compartment="agressie")
    report.refresh_from_db()
    assert report.compartment == "agressie"
    client.force_login(aggression_only)
    assert SECRET in client.get(_open(report)).content.decode()


def test_excluding_needs_a_colleague_and_a_reason(client, hanna, karel, report, handler):
    client.force_login(hanna)
    page = client.get(_open(report)).content.decode()
    assert f'<option value="{karel.pk}">' in page
    assert f'<option value="{handler.pk}">' not in page  # another organisation's handler
    response = _step(client, report, "uitsluiten", user=karel.pk, reason="")
    assert 'id="id_uitsluiten_reason_error"' in response.content.decode()
    response = _step(client, report, "uitsluiten", user=handler.pk, reason="Belang")
    assert 'id="id_uitsluiten_user_error"' in response.content.decode()
    assert not Exclusion.objects.exists()


def test_excluding_yourself_leads_back_to_the_inbox(client, hanna, karel, report):
    client.force_login(hanna)
    response = _step(client, report, "uitsluiten", user=hanna.pk, reason="Mijn buurman")
    assert response.status_code == 302 and response["Location"] == "/meldpunt/"


# --- Identity -------------------------------------------------------------------------------


def test_open_report_shows_the_contact(client, hanna, enschede):
    report = _submit(enschede, identity="open", reporter={"name": "Piet Open"})
    client.force_login(hanna)
    assert "Piet Open" in client.get(_open(report)).content.decode()


def test_four_eyes_before_a_confidential_identity_is_shown(client, hanna, karel, enschede):
    report = _submit(enschede, identity="vertrouwelijk", reporter={"name": "Vera Vertrouwelijk"})
    client.force_login(hanna)
    page = client.get(_open(report)).content.decode()
    assert "Vera Vertrouwelijk" not in page and "form-identiteit-opvragen" in page

    response = _step(client, report, "identiteit-opvragen", reason="")
    assert 'id="id_identiteit-opvragen_reason_error"' in response.content.decode()
    _step(client, report, "identiteit-opvragen", reason="Nodig voor het gesprek")
    reveal = IdentityReveal.objects.get()

    page = client.get(_open(report)).content.decode()
    assert "Vera Vertrouwelijk" not in page
    assert "identiteit-goedkeuren" not in page  # never an approve form for your own request
    response = _step(client, report, "identiteit-goedkeuren", reveal=reveal.pk, reason="Ik")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    reveal.refresh_from_db()
    assert reveal.approved_at is None

    client.force_login(karel)
    page = client.get(_open(report)).content.decode()
    assert "Nodig voor het gesprek" in page and "Vera Vertrouwelijk" not in page
    response = _step(client, report, "identiteit-goedkeuren", reveal=reveal.pk, reason="")
    assert f'id="id_reveal{reveal.pk}_reason_error"' in response.content.decode()
    _step(client, report, "identiteit-goedkeuren", reveal=reveal.pk, reason="Terecht verzoek")
    reveal.refresh_from_db()
    assert reveal.approved_by == karel
    assert "Vera Vertrouwelijk" not in client.get(_open(report)).content.decode()

    client.force_login(hanna)
    assert "Vera Vertrouwelijk" in client.get(_open(report)).content.decode()
    audited = list(
        AuditEvent.objects.filter(action__startswith="meldpunt.reveal")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert audited == [("meldpunt.reveal_request", hanna.pk), ("meldpunt.reveal_approve", karel.pk)]
    assert AccessLog.objects.filter(user=hanna, action="reveal_identity").count() == 1
    assert not AccessLog.objects.filter(user=karel, action="reveal_identity").exists()


def test_anonymous_report_offers_no_reveal(client, hanna, report):
    client.force_login(hanna)
    page = client.get(_open(report)).content.decode()
    assert "form-identiteit-opvragen" not in page


# --- Cases from a report --------------------------------------------------------------------


def test_an_undermining_report_opens_a_case_or_joins_one(client, hanna, report, enschede):
    client.force_login(hanna)
    response = _step(client, report, "casus-openen", title="")
    assert 'id="id_casus-openen_title_error"' in response.content.decode()
    _step(client, report, "casus-openen", title="Snackbar Centrum")
    case = Case.objects.get()
    report.refresh_from_db()
    assert report.case == case
    second = _submit(enschede)
    page = client.get(_open(second)).content.decode()
    assert f'<option value="{case.pk}">' in page and "Snackbar Centrum" not in page
    _step(client, second, "casus-koppelen", case=case.pk)
    second.refresh_from_db()
    assert second.case == case


def test_other_kinds_offer_no_case(client, hanna, enschede):
    report = _submit(enschede, kind="integriteit")
    client.force_login(hanna)
    assert "form-casus-openen" not in client.get(_open(report)).content.decode()
    response = _step(client, report, "casus-openen", title="Zomaar")
    assert response.status_code == 200 and not Case.objects.exists()


# --- Aggression register --------------------------------------------------------------------


def test_aggression_register_is_shown_and_kept_in_the_answers(client, hanna, enschede):
    answers = {"vorm": ["bedreiging", "verbaal"], "waar": "Balie", "aangifte": "nee",
               "slachtoffer": "Baliemedewerker", "gevolgen": "Geschrokken"}  # fmt: skip
    report = _submit(enschede, kind="agressie", answers=answers)
    client.force_login(hanna)
    page = client.get(_open(report)).content.decode()
    assert "Baliemedewerker" in page and "form-agressieregister" in page
    assert escape(gettext("threat")) in page
    response = _step(
        client, report, "agressieregister", perpetrator="Man, ca. 40", aftercare="Gesprek BA",
        police_report_by_employer="ja", measures=["waarschuwingsbrief", "locatieverbod"],
    )  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.answers["dader"] == "Man, ca. 40"
    assert report.answers["nazorg"] == "Gesprek BA"
    assert report.answers["aangifte_werkgever"] == "ja"
    assert report.answers["maatregelen"] == ["waarschuwingsbrief", "locatieverbod"]
    assert report.answers["waar"] == "Balie"  # the intake's answers stay
    event = AuditEvent.objects.get(action="meldpunt.aggression_register_save")
    assert "Man, ca. 40" not in str(event.changes)
    page = client.get(_open(report)).content.decode()
    assert "Man, ca. 40" in page and escape(gettext("warning letter")) in page

    _step(client, report, "agressieregister", perpetrator="", aftercare="Gesprek BA",
          police_report_by_employer="ja", measures=["waarschuwingsbrief"])  # fmt: skip
    report.refresh_from_db()
    assert "dader" not in report.answers and report.answers["maatregelen"] == ["waarschuwingsbrief"]


def test_aggression_register_refuses_bad_input_and_other_kinds(client, hanna, enschede, report):
    aggression = _submit(enschede, kind="agressie")
    client.force_login(hanna)
    response = _step(client, aggression, "agressieregister", measures=["opsluiten"])
    assert response.status_code == 200
    assert 'id="id_agressieregister_measures_error"' in response.content.decode()
    response = _step(client, report, "agressieregister", aftercare="x")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    report.refresh_from_db()
    assert "nazorg" not in report.answers
    assert not AuditEvent.objects.filter(action="meldpunt.aggression_register_save").exists()


def test_aggression_register_service_is_for_handlers_only(enschede, coordinator):
    from django.core.exceptions import PermissionDenied

    report = _submit(enschede, kind="agressie")
    with pytest.raises(PermissionDenied):
        services.aggression_register_save(actor=coordinator, report=report, aftercare="x")


def test_a_step_on_screen_is_a_fixed_number_of_statements_without_the_content(
    client, hanna, report
):
    """Who is asking (session, user, grants), the report without its content, then the step:
    the report locked, its status written, its event, the audit line; and the message kept
    in the session for the page the step leads to. The content is neither read nor written."""
    from tests.statements import data_statements

    client.force_login(hanna)
    with data_statements() as statements:
        response = client.post(_url(report, "bevestigen/"), {})
    assert response.status_code == 302
    assert len(statements) == 9, "\n".join(statements)
    assert not [s for s in statements if "description" in s or "answers" in s]
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
