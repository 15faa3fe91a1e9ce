"""The information position in the annual report: sources per access level, requests per
source in the year (small counts suppressed), checklist outcomes and the municipalities'
gaps — counted, never named — in the page, the PDF and Word."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dijkwacht.catalogue import services
from dijkwacht.catalogue.defaults import ensure_default_checklist, ensure_default_register_kinds
from dijkwacht.catalogue.models import Checklist, ChecklistVersion, RegisterKind, SourceRequest
from dijkwacht.insights import annual, documents
from dijkwacht.insights import services as insights_services
from dijkwacht.organisations.roles import Role
from tests.factories import MembershipFactory, UserFactory, make_source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

YEAR = timezone.localdate().year


def _section(content, key):
    return next(s for s in content["sections"] if s["key"] == key)


@pytest.fixture
def report(coordinator, twente):
    return insights_services.annual_report_create(
        actor=coordinator, partnership=twente, organisation=None, year=YEAR, title="Jaarverslag",
        period_start=datetime.date(YEAR, 1, 1), period_end=datetime.date(YEAR, 12, 31),
    )  # fmt: skip


def test_the_section_counts_and_suppresses(report, coordinator, twente, enschede, hengelo):
    ensure_default_checklist(Checklist, ChecklistVersion)
    ensure_default_register_kinds(RegisterKind)
    busy = make_source(enschede, coordinator, title="Druk register")
    quiet = make_source(enschede, coordinator, title="Stil register")
    make_source(enschede, coordinator, title="Open kaart", access_level="publiek")
    for i in range(6):
        asker = UserFactory(email=f"vrager{i}@example.test")
        MembershipFactory(user=asker, organisation=hengelo, role=Role.CONTRIBUTOR)
        made = services.source_request_submit(
            actor=asker, source=busy, organisation=hengelo, purpose="Controle",
            legal_basis="avg_6_1_e",
        )  # fmt: skip
        if i < 5:
            services.source_request_decide(actor=coordinator, request=made, granted=i != 0,
                                           reason="Zo besloten.")  # fmt: skip
    services.source_request_submit(actor=asker, source=quiet, organisation=hengelo,
                                   purpose="Controle", legal_basis="wpg")  # fmt: skip
    # A request of another year is not this year's.
    SourceRequest.objects.filter(source=quiet).update(
        created_at=timezone.now().replace(year=YEAR - 1)
    )
    version = ChecklistVersion.objects.get(checklist__partnership=None)
    services.checklist_record(actor=coordinator, partnership=twente, version=version,
                              answers=[0, 1, 0])  # fmt: skip
    services.registration_system_save(actor=None, organisation=enschede,
                                      kind=RegisterKind.objects.get(code="agressie"),
                                      has_register=False)  # fmt: skip

    facts = _section(annual.content(report, coordinator), "informatiepositie")["facts"]
    assert facts["sources"][0] == {"access": "Open", "count": 1}
    assert facts["sources"][2] == {"access": "Afgeschermd", "count": 2}
    assert facts["requests"] == [
        {"source": "Druk register", "holder": "Enschede", "total": "6", "granted": "<5",
         "refused": "<5", "waiting": "<5", "in_time": "100%"},
    ]  # fmt: skip
    assert facts["outcomes"] == [
        {"party": "het RIEC", "outcome": "Breng het in bij het RIEC", "count": "<5"}
    ]
    gaps = {row["kind"]: (row["gaps"], row["total"]) for row in facts["gaps"]}
    assert gaps["Agressie-incidenten"] == (2, 2)  # Enschede said none, Hengelo said nothing

    client_page = documents.edition(coordinator, report, None, public=False)
    word = Document(io.BytesIO(documents.annual_report_docx(client_page)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Informatiepositie" in text
    assert "Agressie-incidenten: 2 van 2" in text


def test_the_compose_page_shows_the_section(client, report, coordinator, enschede):
    make_source(enschede, coordinator, title="Register")
    client.force_login(coordinator)
    page = client.get(reverse("insights:report_detail", args=[report.pk])).content.decode()
    assert "Informatiebronnen beschreven, per toegang" in page
