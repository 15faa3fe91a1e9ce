"""Figures for coordinators and viewers (never content, small counts suppressed) and the
redacted PDF export for forwarding (logged)."""

import io

import pytest
from pypdf import PdfReader

from dijkwacht.core.models import AuditEvent
from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import AccessLog, MeldpuntSettings
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Jansen van de Rietkade"


@pytest.fixture
def accepting(utrecht_city):
    MeldpuntSettings.objects.create(organisation=utrecht_city, accepts_reports=True)
    return utrecht_city


@pytest.fixture
def utrecht_viewer(utrecht, utrecht_city):
    user = UserFactory(email="meelezer@example.test")
    MembershipFactory(user=user, organisation=utrecht_city, role=Role.VIEWER, partnership=utrecht)
    return user


def _report(organisation, kind="agressie"):
    return services.report_submit(
        organisation=organisation, kind=kind, identity="open",
        description=f"Bedreigd door {SECRET} aan de balie.",
        answers={"waar": f"Balie, gezien door {SECRET}"},
        reporter={"name": "Melder Met Naam"},
    ).report  # fmt: skip


def test_viewers_and_coordinators_see_counts_never_content(
    client, accepting, utrecht_viewer, other_coordinator, verified
):
    for _ in range(5):
        _report(accepting)
    _report(accepting, kind="integriteit")
    for user in (utrecht_viewer, other_coordinator):
        client.force_login(user)
        page = client.get("/meldpunt/cijfers/").content.decode()
        assert SECRET not in page and "Melder Met Naam" not in page
        assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">5</td>' in page
        assert "&lt;5" in page
        csv_text = client.get("/meldpunt/cijfers.csv").content.decode("utf-8-sig")
        assert ";5" in csv_text and ";<5" in csv_text and SECRET not in csv_text


def test_figures_are_for_coordinators_and_viewers_only(client, contributor, handler, verified):
    for user in (contributor, handler):
        client.force_login(user)
        assert client.get("/meldpunt/cijfers/").status_code == 404


def test_the_export_redacts_every_occurrence_and_is_logged(client, accepting, handler, verified):
    report = _report(accepting)
    services.note_add(actor=handler, report=report, body="Interne notitie: niet exporteren")
    services.message_to_reporter(actor=handler, report=report, body=f"Klopt het dat {SECRET}?")
    client.force_login(handler)
    form = client.get(f"/meldpunt/meldingen/{report.pk}/exporteren/")
    assert SECRET in form.content.decode()  # the handler sees what will go out
    response = client.post(
        f"/meldpunt/meldingen/{report.pk}/exporteren/", {"passages": f"{SECRET.upper()}\n"}
    )
    assert response["Content-Disposition"].startswith("attachment")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rietkade" not in text and text.count("[weggelakt]") == 3
    assert "Interne notitie" not in text and "Melder Met Naam" not in text
    assert AccessLog.objects.filter(report_number=report.number, action="export_pdf").exists()
    assert AuditEvent.objects.filter(action="meldpunt.report_export").exists()


def test_only_the_organisations_handlers_export(client, accepting, coordinator, verified):
    report = _report(accepting)
    other = UserFactory(email="andere-behandelaar@example.test")
    from dijkwacht.organisations.models import Organisation
    from dijkwacht.organisations.roles import Compartment

    MembershipFactory(user=other, organisation=Organisation.objects.get(cbs_code="GM0153"),
                      role=Role.HANDLER, compartments=list(Compartment.values))  # fmt: skip
    for user in (coordinator, other):
        client.force_login(user)
        assert client.get(f"/meldpunt/meldingen/{report.pk}/exporteren/").status_code == 404
        assert client.post(f"/meldpunt/meldingen/{report.pk}/exporteren/").status_code == 404
