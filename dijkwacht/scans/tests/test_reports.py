import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from dijkwacht.organisations.access import SYSTEM_ACCESS as ACCESS
from dijkwacht.organisations.models import Organisation, OrganisationKind
from dijkwacht.organisations.roles import Role
from dijkwacht.scans import documents, selectors, services
from dijkwacht.scans.models import Norm, RoundKind, ScanKind
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory, make_framework

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results" / "screenshots"
DEADLINE = datetime.date(2027, 1, 31)
FINDING = "Er is geen coördinator ondermijning aangewezen"
OTHER_FINDING = "Het integriteitsbeleid is verouderd"


@pytest.fixture
def framework():
    return make_framework(name="Rapportkader", norms=3, essential=(1,))


@pytest.fixture
def assessor(twente, overijssel):
    user = UserFactory(email="assessor@example.test")
    MembershipFactory(user=user, organisation=overijssel, role=Role.ASSESSOR, partnership=twente)
    return user


def _answer(actor, scan, framework, codes, findings=None):
    """Answer the norms in code order with the given scale codes, then submit."""
    findings = findings or {}
    for norm, code in zip(framework.norms.order_by("code"), codes, strict=True):
        finding, recommendation = findings.get(norm.code, ("", ""))
        services.answer_save(
            actor=actor, scan=scan, norm=norm, option=framework.scale.get(code=code),
            finding=finding, recommendation=recommendation,
        )  # fmt: skip
    services.scan_submit(actor=actor, scan=scan)


def _round(
    coordinator, contributor, assessor, twente, framework, enschede, hengelo, *, anonymise, title
):
    """Both organisations fall short of A.1 (the top thread); Hengelo partly meets A.2."""
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title=title,
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede, hengelo],
        anonymise=anonymise,
    )  # fmt: skip
    scans = {(s.organisation_id, s.kind): s for s in scan_round.scans.all()}
    _answer(contributor, scans[(enschede.pk, ScanKind.SELF)], framework, ["ja", "ja", "ja"])
    _answer(coordinator, scans[(hengelo.pk, ScanKind.SELF)], framework, ["nee", "deels", "ja"])
    _answer(
        assessor, scans[(enschede.pk, ScanKind.REVIEW)], framework, ["nee", "ja", "nvt"],
        findings={"A.1": (FINDING, "Wijs een coördinator aan")},
    )  # fmt: skip
    _answer(
        assessor, scans[(hengelo.pk, ScanKind.REVIEW)], framework, ["nee", "deels", "ja"],
        findings={"A.1": (OTHER_FINDING, "Actualiseer het beleid")},
    )  # fmt: skip
    return scan_round


@pytest.fixture
def scan_round(coordinator, contributor, assessor, twente, framework, enschede, hengelo):
    return _round(
        coordinator,
        contributor,
        assessor,
        twente,
        framework,
        enschede,
        hengelo,
        anonymise=False,
        title="Zelfscan 2027",
    )


@pytest.fixture
def anonymised_round(coordinator, contributor, assessor, twente, framework, enschede, hengelo):
    return _round(
        coordinator,
        contributor,
        assessor,
        twente,
        framework,
        enschede,
        hengelo,
        anonymise=True,
        title="Zelfscan 2027 (anoniem)",
    )


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_rode_dradenbeeld_pdf_ranks_the_top_thread_with_its_findings(scan_round, coordinator):
    content = documents.common_threads_pdf(scan_round, coordinator)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl", "a tagged, Dutch PDF (PDF/UA)"
    text = _flat(_pdf_text(content))
    assert "Zelfscan 2027" in text and "Twente (test)" in text and "Rapportkader (1)" in text
    assert "A.1 Norm 1" in text and "2 / 2" in text
    assert FINDING in text and OTHER_FINDING in text
    assert "Enschede" in text and "Hengelo (O.)" in text


def test_threads_come_ranked_with_counts_for_the_coordinator(scan_round, coordinator):
    context = documents.round_document_context(scan_round, coordinator)
    top = context["threads"][0]
    assert (top.rank, top.code, top.below, top.total) == (1, "A.1", "2", "2")
    assert [f.organisation for f in top.findings] == ["Enschede", "Hengelo (O.)"]
    # A.2: Hengelo partly; A.3: not applicable to Enschede after the review, met by Hengelo.
    assert [(t.code, t.below, t.total) for t in context["threads"]] == [
        ("A.1", "2", "2"), ("A.2", "1", "2")
    ]  # fmt: skip
    assert context["clear"] == 1
    assert [row.label for row in context["organisations"]] == ["Enschede", "Hengelo (O.)"]


def test_viewer_sees_only_the_figures_with_small_counts_withheld(
    scan_round, viewer, enschede, hengelo
):
    content = documents.common_threads_pdf(scan_round, viewer)
    _render(content, 0, "rode-dradenbeeld-viewer.png")
    text = _flat(_pdf_text(content))
    assert "<5" in text
    assert "Norm 1" in text, "the threads are there"
    for secret in (enschede.name, hengelo.name, FINDING, OTHER_FINDING):
        assert secret not in text
    context = documents.round_document_context(scan_round, viewer)
    assert context["heatmap"] == [] and context["organisations"] == []
    assert all(not t.findings and not t.actions for t in context["threads"])


def test_anonymised_round_shows_participants_by_label_and_the_own_organisation_by_name(
    anonymised_round, contributor, enschede, hengelo
):
    text = _flat(_pdf_text(documents.common_threads_pdf(anonymised_round, contributor)))
    assert "Deelnemer" in text or "Participant" in text
    assert hengelo.name not in text
    assert enschede.name in text
    assert FINDING in text and OTHER_FINDING in text
    context = documents.round_document_context(anonymised_round, contributor)
    labels = {f.finding: f.organisation for f in context["threads"][0].findings}
    assert labels[FINDING] == enschede.name
    assert labels[OTHER_FINDING] != hengelo.name


def test_named_round_shows_participants_the_other_names(scan_round, contributor, hengelo):
    context = documents.round_document_context(scan_round, contributor)
    assert hengelo.name in [row.label for row in context["organisations"]]


def test_word_version_has_the_same_threads(scan_round, coordinator):
    document = Document(io.BytesIO(documents.common_threads_docx(scan_round, coordinator)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Norm 1" in cells and FINDING in cells
    assert "Zelfscan 2027" in paragraphs
    assert "PAGE" in document.sections[0].footer.paragraphs[0]._p.xml
    assert document.sections[-1].page_width > document.sections[-1].page_height, "landscape"
    heat = document.tables[-1]
    assert [c.text for c in heat.rows[0].cells][1:4] == ["A.1", "A.2", "A.3"]
    assert [c.text for c in heat.rows[1].cells][:4] == ["Enschede", "✕ Nee", "✓ Ja", "– Nvt"]
    assert 'w:fill="FADCDC"' in heat._tbl.xml, "cells shaded by their answer"


def test_word_version_for_a_viewer_has_no_names(scan_round, viewer, enschede):
    document = Document(io.BytesIO(documents.common_threads_docx(scan_round, viewer)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([*cells, *(p.text for p in document.paragraphs)])
    assert "<5" in text and enschede.name not in text and FINDING not in text


def test_results_workbook_has_a_row_per_result_and_keeps_text_as_text(scan_round, coordinator):
    formula = '=HYPERLINK("https://evil.example","klik")'
    Norm.objects.filter(framework=scan_round.framework, code="A.2").update(text=formula)
    book = load_workbook(io.BytesIO(documents.results_xlsx(scan_round, coordinator)))
    assert book.sheetnames == ["Resultaten", "Per organisatie", "Rode draden"]
    results = book["Resultaten"]
    assert results.max_row - 1 == selectors.round_results(ACCESS, scan_round).count() == 6
    assert results.freeze_panes == "A2" and results.auto_filter.ref
    cells = [c for row in results.iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    per = {row[0]: row for row in book["Per organisatie"].iter_rows(min_row=2, values_only=True)}
    assert per["Hengelo (O.)"][1:3] == (pytest.approx(33.3), "nee")
    threads = list(book["Rode draden"].iter_rows(min_row=2, values_only=True))
    assert threads[0] == (1, "A.1", "Norm 1", 2, 2)


def test_results_workbook_needs_names(scan_round, anonymised_round, viewer, contributor):
    with pytest.raises(PermissionDenied):
        documents.results_xlsx(scan_round, viewer)
    with pytest.raises(PermissionDenied):
        documents.results_xlsx(anonymised_round, contributor)
    assert documents.results_xlsx(scan_round, contributor).startswith(b"PK")


def test_organisation_report_has_scores_shortfalls_sources_and_gaps(
    scan_round, coordinator, contributor, enschede
):
    content = documents.organisation_report_pdf(scan_round, enschede, coordinator)
    assert content.startswith(b"%PDF")
    text = _flat(_pdf_text(content))
    assert "Enschede" in text and "Zelfscan 2027" in text
    assert "50,0%" in text, "A.2 met of A.1 and A.2 (A.3 does not apply)"
    context = documents.organisation_report_context(scan_round, enschede, coordinator)
    assert context["basis_op_orde"] is False
    assert context["shortfalls"] == [("A.1", "Norm 1")]
    gaps = context["gaps"]
    assert [(g.code, g.self_answer, g.review_answer) for g in gaps] == [
        ("A.1", "Ja", "Nee"), ("A.3", "Ja", "Nvt")
    ]  # fmt: skip
    assert gaps[0].finding == FINDING and FINDING in text
    # A contributor never sees the review beside the self-scan.
    assert documents.organisation_report_context(scan_round, enschede, contributor)["gaps"] is None


def test_organisation_report_shows_change_against_the_previous_round(
    scan_round, coordinator, contributor, framework, enschede
):
    nxt = services.scan_round_clone(
        actor=coordinator, source=scan_round, title="Zelfscan 2028",
        deadline=DEADLINE + datetime.timedelta(days=365),
    )  # fmt: skip
    self_scan = nxt.scans.get(organisation=enschede, kind=ScanKind.SELF)
    _answer(contributor, self_scan, framework, ["ja", "nee", "ja"])
    context = documents.organisation_report_context(nxt, enschede, coordinator)
    lines = {n.code: n for theme in context["themes"] for n in theme.norms}
    assert (lines["A.1"].previous, lines["A.1"].change) == ("Nee", 1)
    assert (lines["A.2"].previous, lines["A.2"].change) == ("Ja", -1)
    assert (lines["A.3"].previous, lines["A.3"].change_text) == ("Nvt", "")
    assert [p.title for p in context["trend"]] == ["Zelfscan 2027", "Zelfscan 2028"]
    assert context["gaps"] is None, "no comparison before the review is submitted"
    content = documents.organisation_report_pdf(nxt, enschede, coordinator)
    text = _flat(_pdf_text(content))
    assert "Zelfscan 2028" in text and "▲" in text
    _render(content, 0, "organisation-report-with-previous-round.png")


# --- Looking at the pages -------------------------------------------------------------------


def _render(content: bytes, index: int, name: str):
    import pypdfium2

    page = pypdfium2.PdfDocument(content)[index]
    image = page.render(scale=2).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / name)
    return page, image


@pytest.fixture
def big_round(db):
    """Eight municipalities on the shipped framework (six themes, some sixty norms), with
    varied answers, two reviews with findings and a coordinator."""
    framework = services.framework_load_default() or selectors.framework_list().first()
    municipalities = list(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name")[:8]
    )
    partnership = PartnershipFactory(name="Oost-Brabant (test)", members=municipalities)
    coordinator = UserFactory(email="big-coordinator@example.test")
    MembershipFactory(
        user=coordinator, organisation=municipalities[0], role=Role.COORDINATOR,
        partnership=partnership,
    )  # fmt: skip
    scan_round = services.scan_round_open(
        actor=None, partnership=partnership, framework=framework, title="Zelfscan voorjaar 2027",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=municipalities, anonymise=False,
    )  # fmt: skip
    options = list(framework.scale.order_by("position"))
    norms = list(Norm.objects.filter(framework=framework).order_by("theme__position", "position"))
    for o, organisation in enumerate(municipalities):
        kinds = [ScanKind.SELF, ScanKind.REVIEW] if o < 2 else [ScanKind.SELF]
        for kind in kinds:
            scan = scan_round.scans.get(organisation=organisation, kind=kind)
            for n, norm in enumerate(norms):
                # Deterministic variety, leaning to "met", with a few clear common threads.
                pick = (n * 7 + o * 3 + (kind == ScanKind.REVIEW)) % 11
                option = options[{0: 0, 1: 0, 2: 1, 3: 1, 4: 4}.get(pick, 2 + pick % 2)]
                if n % 9 == 4:
                    option = options[o % 2]
                services.answer_save(
                    actor=None, scan=scan, norm=norm, option=option,
                    finding=f"Bevinding bij {norm.code} voor {organisation.name}"
                    if kind == ScanKind.REVIEW and n % 9 == 4 else "",
                    recommendation="Leg het vast in het plan en evalueer jaarlijks."
                    if kind == ScanKind.REVIEW and n % 9 == 4 else "",
                )  # fmt: skip
            services.scan_submit(actor=None, scan=scan)
    return scan_round, coordinator, municipalities


def test_rode_dradenbeeld_pages_are_rendered_for_people_to_look_at(big_round):
    """Writes the first page and the heatmap's first page to test-results/screenshots/."""
    scan_round, coordinator, municipalities = big_round
    content = documents.common_threads_pdf(scan_round, coordinator)
    reader = PdfReader(io.BytesIO(content))
    texts = [page.extract_text() for page in reader.pages]
    heat_index = next(i for i, t in enumerate(texts) if "Heatmap" in t)
    page, image = _render(content, 0, "rode-dradenbeeld-page-1.png")
    assert (round(page.get_size()[0]), round(page.get_size()[1])) == (595, 842)
    assert sum(image.convert("L").histogram()[:128]) > 1000, "the first page is blank"
    page, _image = _render(content, heat_index, "rode-dradenbeeld-heatmap.png")
    assert (round(page.get_size()[0]), round(page.get_size()[1])) == (842, 595), "landscape"
    for index in range(heat_index + 1, min(heat_index + 3, len(texts))):
        _render(content, index, f"rode-dradenbeeld-heatmap-{index - heat_index + 1}.png")
    heat_text = _flat("\n".join(texts[heat_index:]))
    assert all(m.name in heat_text for m in municipalities)
    framework_norms = Norm.objects.filter(framework=scan_round.framework)
    assert all(code in heat_text for code in framework_norms.values_list("code", flat=True))
    _render(content, 1, "rode-dradenbeeld-page-2.png")
    findings_index = next(i for i, t in enumerate(texts) if "Bevinding bij" in t)
    _render(content, findings_index, "rode-dradenbeeld-findings.png")
    organisation = documents.organisation_report_pdf(scan_round, municipalities[0], coordinator)
    _render(organisation, 0, "organisation-report-page-1.png")
    _render(organisation, 1, "organisation-report-page-2.png")
