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
        assert 'numeric">&lt;5</td>' in page
        csv_text = client.get("/meldpunt/cijfers.csv").content.decode("utf-8-sig")
        assert ";5" in csv_text and ";<5" in csv_text and SECRET not in csv_text


def test_a_contributor_reads_no_meldpunt_figures(client, contributor, verified):
    client.force_login(contributor)
    assert client.get("/meldpunt/cijfers/").status_code == 404
    assert client.get("/meldpunt/cijfers.csv").status_code == 404


def test_a_handler_reads_their_own_meldpunt_in_full(
    client, accepting, handler, other_coordinator, verified
):
    """Three reports: the handler who writes the annual report sees 3 and 1; the
    partnership's coordinator, who may not see them, "<5"."""
    for _ in range(3):
        _report(accepting)
    _report(accepting, kind="integriteit")
    client.force_login(handler)
    page = client.get("/meldpunt/cijfers/").content.decode()
    assert "Jouw meldpunt" in page and SECRET not in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">3</td>' in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">1</td>' in page
    assert 'numeric">&lt;5</td>' not in page
    csv_text = client.get("/meldpunt/cijfers.csv?eigen=1").content.decode("utf-8-sig")
    assert ";3" in csv_text and ";<5" not in csv_text
    client.force_login(other_coordinator)
    page = client.get("/meldpunt/cijfers/").content.decode()
    assert "Jouw meldpunt" not in page and 'numeric">&lt;5</td>' in page
    assert ";<5" in client.get("/meldpunt/cijfers.csv?eigen=1").content.decode("utf-8-sig")


def test_a_handler_counts_only_the_compartments_they_handle(client, accepting, verified):
    from tests.factories import make_handler

    aggression_only = make_handler(accepting, "balie@example.test", compartments=["agressie"])
    for _ in range(2):
        _report(accepting)
    _report(accepting, kind="integriteit")
    client.force_login(aggression_only)
    page = client.get("/meldpunt/cijfers/").content.decode()
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">2</td>' in page
    assert "Integriteit" not in page.split("Jouw meldpunt")[1]


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


def test_a_partnerships_clocks_are_shares_and_a_handlers_are_counts(twente, enschede, hengelo):
    """Counts in time and late over the partnership would add up against the reports per
    organisation and quarter beside them: the partnership reads shares (from 20 reports,
    rounded down to 10 %), the handler the counts of their own meldpunt."""
    import datetime

    from django.utils import timezone

    from dijkwacht.meldpunt import selectors
    from dijkwacht.meldpunt.models import Report

    received = timezone.now() - datetime.timedelta(days=30)
    for organisation, late, in_time in ((enschede, 9, 6), (hengelo, 3, 6)):
        MeldpuntSettings.objects.create(organisation=organisation, accepts_reports=True)
        for i in range(late + in_time):
            report = _report(organisation)
            Report.objects.filter(pk=report.pk).update(
                received_at=received,
                acknowledged_at=None if i < late else received + datetime.timedelta(days=1),
            )
    _report(hengelo, kind="integriteit")  # one report: too few for a share
    shares = selectors.deadline_compliance(partnership=twente)
    assert shares == {"agressie": 50, "integriteit": None}  # 12 of 24 in time
    handler_view = selectors._compliance(
        Report.objects.filter(organisation=enschede), timezone.now()
    )
    assert handler_view["agressie"] == (6, 9)
