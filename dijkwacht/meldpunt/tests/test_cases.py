"""Undermining cases through the pages: the list shows no titles, opening a case is logged,
meetings and interventions are added, and a case closes only with its evaluation."""

import pytest
from django.utils.html import escape
from django.utils.translation import gettext

from dijkwacht.core.models import AuditEvent
from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import (
    AccessLog,
    CaseMeeting,
    Evaluation,
    Intervention,
    InterventionType,
    MeldpuntSettings,
)
from tests.factories import make_handler as _handler

pytestmark = pytest.mark.django_db

TITLE = "Snackbar De Gouden Frituur"


@pytest.fixture(autouse=True)
def _setup(enschede, verified):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )


@pytest.fixture
def hanna(enschede):
    return _handler(enschede, "hanna@example.test")


@pytest.fixture
def report(enschede):
    return services.report_submit(
        organisation=enschede, kind="ondermijning", description="Geld witwassen",
        identity="anoniem",
    ).report  # fmt: skip


@pytest.fixture
def case(hanna, report):
    return services.case_open(actor=hanna, report=report, title=TITLE)


def _url(case, suffix=""):
    return f"/meldpunt/casussen/{case.pk}/{suffix}"


def _step(client, case, step, **data):
    return client.post(_url(case, f"{step}/"), data)


def test_case_list_shows_numbers_and_counts_but_no_titles(client, hanna, case):
    client.force_login(hanna)
    page = client.get("/meldpunt/casussen/").content.decode()
    assert case.number in page and TITLE not in page
    assert not AccessLog.objects.exists()


def test_opening_a_case_is_logged_and_shows_its_reports(client, hanna, case, report):
    client.force_login(hanna)
    page = client.get(_url(case)).content.decode()
    assert TITLE in page and report.number in page
    assert f"/meldpunt/meldingen/{report.pk}/?doel=casus" in page
    entry = AccessLog.objects.get()
    assert (entry.case_number, entry.purpose, entry.user) == (case.number, "casus", hanna)


@pytest.mark.parametrize(
    "who", ["handler", "coordinator", "viewer", "admin_user", "contributor", "integrity_only"]
)
def test_only_undermining_handlers_of_the_organisation_reach_a_case(
    client, request, enschede, case, who
):
    """`handler` handles the municipality of Utrecht; `integrity_only` handles Enschede, but
    not undermining."""
    user = (
        _handler(enschede, "integriteit@example.test", ["integriteit"])
        if who == "integrity_only"
        else request.getfixturevalue(who)
    )
    client.force_login(user)
    for response in (
        client.get(_url(case)),
        _step(client, case, "overleg", date="2025-01-01", partners="Politie", decisions="Ja"),
        _step(client, case, "afsluiten"),
    ):
        assert response.status_code == 404
        assert TITLE.encode() not in response.content
    assert case.number not in client.get("/meldpunt/casussen/").content.decode()
    assert not AccessLog.objects.exists()
    assert not CaseMeeting.objects.exists()


def test_meeting_needs_date_partners_and_decisions_next_to_the_fields(client, hanna, case):
    client.force_login(hanna)
    response = _step(client, case, "overleg", date="", partners="", decisions="")
    page = response.content.decode()
    assert response.status_code == 200
    for field in ("date", "partners", "decisions"):
        assert f'id="id_overleg_{field}_error"' in page
    assert escape(gettext("Name the partners present.")) in page
    assert not CaseMeeting.objects.exists()


def test_a_case_from_meeting_to_closing(client, hanna, case):
    client.force_login(hanna)
    response = _step(client, case, "overleg", date="2025-02-03", partners="Politie, RIEC",
                     decisions="Controle pand", follow_ups="Brief sturen")  # fmt: skip
    assert response.status_code == 302 and response["Location"] == _url(case)
    assert CaseMeeting.objects.get(case=case).partners == "Politie, RIEC"

    closing = InterventionType.objects.get(name__startswith="Sluiting van een pand")
    audit = InterventionType.objects.get(name="Belastingcontrole of naheffing")
    _step(client, case, "interventie", type=closing.pk, partner="Gemeente", state="gepland")
    _step(client, case, "interventie", type=audit.pk, partner="Belastingdienst",
          state="lopend", date="2025-03-01")  # fmt: skip
    assert case.interventions.count() == 2
    page = client.get(_url(case)).content.decode()
    assert "Belastingdienst" in page and escape(gettext("fiscal")) in page

    first = case.interventions.get(partner="Gemeente")
    _step(client, case, "interventie", intervention=first.pk, type=closing.pk,
          partner="Gemeente", state="afgerond", outcome="Pand gesloten")  # fmt: skip
    first.refresh_from_db()
    assert (first.state, first.outcome) == (Intervention.State.DONE, "Pand gesloten")
    assert case.interventions.count() == 2

    response = _step(client, case, "afsluiten")
    assert response.status_code == 200
    assert (
        escape(gettext("Write the evaluation first: what worked, what did not, lessons."))
        in response.content.decode()
    )
    case.refresh_from_db()
    assert case.closed_at is None

    response = _step(client, case, "evaluatie", worked="Samenwerking", did_not_work="",
                     lessons="Eerder de Belastingdienst erbij")  # fmt: skip
    assert 'id="id_evaluatie_did_not_work_error"' in response.content.decode()
    assert not Evaluation.objects.exists()
    _step(client, case, "evaluatie", worked="Samenwerking", did_not_work="Trage start",
          lessons="Eerder de Belastingdienst erbij")  # fmt: skip
    response = _step(client, case, "afsluiten")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_at is not None
    page = client.get(_url(case)).content.decode()
    assert "Trage start" in page and 'action="/meldpunt/casussen/' not in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"meldpunt.meeting_add", "meldpunt.intervention_save", "meldpunt.evaluation_save",
            "meldpunt.case_close"} <= actions  # fmt: skip


def test_intervention_needs_a_type_and_a_partner(client, hanna, case):
    client.force_login(hanna)
    response = _step(client, case, "interventie", type="", partner="", state="gepland")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_interventie_type_error"' in page
    response = _step(client, case, "interventie", type=InterventionType.objects.first().pk,
                     partner="  ", state="gepland")  # fmt: skip
    assert 'id="id_interventie_partner_error"' in response.content.decode()
    assert not Intervention.objects.exists()


def test_an_intervention_of_another_case_cannot_be_updated(client, hanna, case, enschede):
    other_report = services.report_submit(
        organisation=enschede, kind="ondermijning", description="Ander", identity="anoniem"
    ).report
    other = services.case_open(actor=hanna, report=other_report, title="Ander")
    kind = InterventionType.objects.first()
    foreign = services.intervention_save(
        actor=hanna, case=other, type=kind, partner="Politie", state="gepland"
    )
    client.force_login(hanna)
    response = _step(client, case, "interventie", intervention=foreign.pk, type=kind.pk,
                     partner="Gemeente", state="afgerond")  # fmt: skip
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.partner == "Politie" and not case.interventions.exists()


def test_unknown_case_step_is_404(client, hanna, case):
    client.force_login(hanna)
    assert _step(client, case, "verwijderen").status_code == 404
