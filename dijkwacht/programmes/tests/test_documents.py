import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from dijkwacht.programmes import services
from dijkwacht.programmes.models import Commitment, Status
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results" / "screenshots"


@pytest.fixture
def programme(twente, enschede, hengelo, coordinator, verified):
    programme = make_programme(
        twente, [enschede, hengelo], actions=2, themes=2, name="Rapportplan",
        steering_body="DVO Twente", execution_budget=104000,
    )  # fmt: skip
    cell = Commitment.objects.filter(programme=programme, organisation=enschede).first()
    services.commitment_update(actor=coordinator, commitment=cell, status=Status.COMPLETED)
    return programme


def _dutch(text) -> str:
    with translation.override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


def test_pdf_report_has_summary_themes_statuses_and_page_numbers(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/rapportage.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl", "a tagged, Dutch PDF (PDF/UA)"
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    first = pages[0]
    assert "Rapportplan" in first and "Twente (test)" in first and "DVO Twente" in first
    assert "104.000" in first
    overall = _dutch("%(done)s of %(total)s done (%(percent)s%%)") % {
        "done": 1, "total": 8, "percent": 12
    }  # fmt: skip
    assert overall in first.replace("\n", " ")
    text = "\n".join(pages)
    assert "Thema 2" in text and "Actie 2.2" in text
    assert f"✓ {_dutch(Status.COMPLETED.label)}" in text  # the legend of the matrices
    assert "1 Enschede · 2 Hengelo" in text.replace("\n", " ")  # their columns
    assert f"1 {_dutch('of')} {len(pages)}" in pages[0].replace("\n", " ")


def test_first_pdf_page_is_rendered_for_people_to_look_at(client, coordinator, programme):
    """Writes test-results/screenshots/report-page-1.png (rendered with PDFium) and checks the
    page is a real A4 page with ink on it."""
    import pypdfium2

    client.force_login(coordinator)
    content = client.get(f"/programmas/{programme.pk}/rapportage.pdf").content
    page = pypdfium2.PdfDocument(content)[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    image = page.render(scale=1.5).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "report-page-1.png")
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 1000, "the first page is blank"


def test_word_report_has_the_same_content(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/rapportage.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Rapportplan" in text and "Thema 2" in text
    assert f"✓ {_dutch(Status.COMPLETED.label)}" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "1.1 Actie 1.1" in cells and "✓" in cells
    assert "Thema 1" in cells and "€ 104.000" in " ".join(cells)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer


def test_report_through_the_api_and_unknown_formats(
    client, coordinator, programme, other_coordinator, verified
):
    client.force_login(coordinator)
    response = client.get(f"/api/v1/programmes/{programme.pk}/report?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert client.get(f"/api/v1/programmes/{programme.pk}/report?format=odt").status_code == 400
    assert client.get(f"/programmas/{programme.pk}/rapportage.odt").status_code == 404
    client.force_login(other_coordinator)
    assert client.get(f"/api/v1/programmes/{programme.pk}/report").status_code == 404


def test_report_of_a_period_lists_the_changes_in_it(client, coordinator, programme, hengelo):
    import datetime

    from django.utils import timezone

    cell = Commitment.objects.filter(programme=programme, organisation=hengelo).first()
    long_ago = timezone.now() - datetime.timedelta(days=400)
    services.commitment_update(
        actor=coordinator, commitment=cell, status=Status.PLANNED, at=long_ago
    )
    services.commitment_update(actor=coordinator, commitment=cell, status=Status.IN_PROGRESS)
    today = timezone.localdate()
    client.force_login(coordinator)
    response = client.get(
        f"/programmas/{programme.pk}/rapportage.docx?van={today - datetime.timedelta(days=30)}"
        f"&tot={today}"
    )
    document = Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert [
        "Actie 1.1", "Hengelo (O.)", _dutch(Status.PLANNED.label), _dutch(Status.IN_PROGRESS.label)
    ] in rows  # fmt: skip
    # Enschede's change to completed happened today too, from undetermined.
    assert any(r[1] == "Enschede" and r[3] == _dutch(Status.COMPLETED.label) for r in rows)


def test_running_header_prints_names_as_typed(client, coordinator, programme, twente):
    """Names reach the page header through the document, not through a CSS string: a hyphen
    once came out as "u002D"."""
    type(twente).objects.filter(pk=twente.pk).update(name="RIEC Oost-Nederland & Twente")
    client.force_login(coordinator)
    content = client.get(f"/programmas/{programme.pk}/rapportage.pdf").content
    second_page = PdfReader(io.BytesIO(content)).pages[1].extract_text()
    assert "RIEC Oost-Nederland & Twente — Rapportplan" in second_page
    assert "u002D" not in second_page


def test_a_theme_in_the_report_carries_its_matrix_text_budget_and_notes(
    client, coordinator, contributor, programme, enschede, hengelo
):
    """What a steering body reads per theme: the coordinator's text, a small matrix in colour
    with symbols (black and white too), each action's budget with the theme's total, and the
    organisations' notes. Writes test-results/screenshots/report-theme-page.png."""
    import pypdfium2

    theme = programme.themes.order_by("position").first()
    first, second = programme.actions.filter(theme=theme).order_by("position")
    services.action_update(
        actor=coordinator, action=first, budget_planned=Decimal("12000"),
        budget_spent=Decimal("4500"),
    )  # fmt: skip
    services.commitment_update(
        actor=contributor, commitment=Commitment.objects.get(action=second, organisation=enschede),
        status=Status.IN_PROGRESS, note="Eerste sessie met de raad gehouden",
    )  # fmt: skip
    client.force_login(coordinator)
    assert (
        client.get(f"/programmas/{programme.pk}/")
        .content.decode()
        .count(f"/programmas/{programme.pk}/rapportage/toelichting/")
        == 1
    )
    response = client.post(
        f"/programmas/{programme.pk}/rapportage/toelichting/",
        {f"thema-{theme.pk}": "De raad vraagt om meer tempo bij vastgoed.", "thema-0": "x"},
        follow=True,
    )
    assert "De teksten zijn bewaard (1 gewijzigd)" in response.content.decode()

    content = client.get(f"/programmas/{programme.pk}/rapportage.pdf").content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    text = " ".join(" ".join(pages).split())
    assert "Van de coördinator De raad vraagt om meer tempo bij vastgoed." in text
    assert "1.1 Actie 1.1 € 12.000 € 4.500 € 7.500" in text
    assert "Totaal € 12.000 € 4.500 € 7.500" in text
    assert "Enschede: Eerste sessie met de raad gehouden" in text
    assert "1.2 Actie 1.2 ▶ ◷" not in text  # Hengelo's cell is undetermined, not planned
    assert "1.2 Actie 1.2 ▶ ?" in text
    themed = next(i for i, page in enumerate(pages) if "Van de coördinator" in page)
    image = pypdfium2.PdfDocument(content)[themed].render(scale=1.5).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "report-theme-page.png")
    colours = {pixel for _count, pixel in image.convert("RGB").getcolors(1 << 20)}
    assert (0xEC, 0xE3, 0xF7) in colours, "the in-progress cell is filled with its colour"

    document = Document(
        io.BytesIO(client.get(f"/programmas/{programme.pk}/rapportage.docx").content)
    )
    words = "\n".join(p.text for p in document.paragraphs)
    assert "De raad vraagt om meer tempo bij vastgoed." in words
    assert "Enschede: Eerste sessie met de raad gehouden" in words
    assert 'w:fill="ECE3F7"' in document.element.body.xml


def test_report_texts_are_for_coordinators_and_bounded(client, coordinator, viewer, programme):
    theme = programme.themes.order_by("position").first()
    url = f"/programmas/{programme.pk}/rapportage/toelichting/"
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    page = client.post(url, {f"thema-{theme.pk}": "x" * 3001}).content.decode()
    assert "niet meer dan 3000 tekens" in page
    theme.refresh_from_db()
    assert theme.report_text == ""


def test_progress_over_the_rounds_is_drawn_with_its_figures(
    client, coordinator, contributor, viewer, programme, enschede
):
    """Each closed round froze the cells; the page and the PDF draw per theme a line over
    the rounds and now (SVG), beside a table of the same figures, and per organisation a row."""
    import datetime

    from django.utils import timezone

    deadline = timezone.localdate() + datetime.timedelta(days=14)
    first = services.round_open(actor=coordinator, programme=programme, title="DVO maart",
                                deadline=deadline)  # fmt: skip
    services.round_close(actor=coordinator, progress_round=first)
    for cell in Commitment.objects.filter(programme=programme, organisation=enschede):
        services.commitment_update(actor=contributor, commitment=cell, status=Status.COMPLETED)
    second = services.round_open(actor=coordinator, programme=programme, title="DVO juni",
                                 deadline=deadline)  # fmt: skip
    services.round_close(actor=coordinator, progress_round=second)

    client.force_login(viewer)
    page = client.get(f"/programmas/{programme.pk}/").content.decode()
    section = page.split('id="progress-over-rounds"')[1].split("</section>")[0]
    assert section.count("<polyline") == 2 + 2  # two themes; two organisation sparklines
    assert 'role="img"' in section and "Aandeel cellen klaar per thema, per ronde" in section
    rows = [row.split("</tr>")[0] for row in section.split('scope="row">')[1:]]
    # Thema 1: Enschede had 1 of 2 done in March (of 4 cells: 25%), all in June and now.
    assert [v.split("<")[0] for v in rows[0].split('numeric-data">')[1:]] == ["25%", "50%", "50%"]
    enschede_row = next(r for r in rows if r.startswith("Enschede"))
    assert "25%" in enschede_row and "100%" in enschede_row

    content = client.get(f"/programmas/{programme.pk}/rapportage.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Voortgang over de rondes" in text and "DVO maart" in text and "DVO juni" in text
    document = Document(
        io.BytesIO(client.get(f"/programmas/{programme.pk}/rapportage.docx").content)
    )
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "DVO juni" in cells and "Nu" in cells


def test_the_word_report_holds_text_with_control_characters(
    client, coordinator, contributor, programme, enschede
):
    """Pasted text may carry a form feed or vertical tab, which Word cannot hold."""
    cell = Commitment.objects.filter(programme=programme, organisation=enschede).last()
    services.commitment_update(actor=contributor, commitment=cell, status=Status.PLANNED,
                               note="Pagina 1\x0cpagina 2\x0bregel")  # fmt: skip
    theme = programme.themes.first()
    services.theme_report_texts(actor=coordinator, programme=programme,
                                texts={theme.pk: "Tekst\x01met\x1fstuurtekens"})  # fmt: skip
    client.force_login(coordinator)
    response = client.get(f"/programmas/{programme.pk}/rapportage.docx")
    assert response.status_code == 200
    words = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Pagina 1pagina 2regel" in words and "Tekstmetstuurtekens" in words


def test_a_closed_round_keeps_counting_an_action_under_its_theme_of_then(
    coordinator, contributor, programme, enschede
):
    import datetime

    from django.utils import timezone

    from dijkwacht.programmes import selectors

    first_theme, second_theme = programme.themes.order_by("position")
    done = Commitment.objects.get(
        programme=programme, organisation=enschede, status=Status.COMPLETED
    )
    assert done.action.theme == first_theme
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    march = services.round_open(
        actor=coordinator, programme=programme, title="Maart", deadline=deadline
    )
    services.round_close(actor=coordinator, progress_round=march)
    services.action_update(actor=coordinator, action=done.action, theme=second_theme)

    overview = selectors.programme_overview(programme)
    history = selectors.progress_over_rounds(programme, overview)
    march_and_now = {row.name: row.values for row in history.themes}
    assert march_and_now["Thema 1"][0] == 25  # as it was in March: 1 of 4 cells done
    assert march_and_now["Thema 2"][0] == 0
    assert march_and_now["Thema 2"][1] > 0  # now the action counts under Thema 2
