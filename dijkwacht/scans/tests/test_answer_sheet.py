"""A scan's answers out to Excel and back: the sheet it downloads comes back in with the
answers filled in; every row is checked before any answer is saved, and each problem names
its row next to the upload field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from dijkwacht.core.models import AuditEvent
from dijkwacht.scans import services
from dijkwacht.scans.models import Answer, RoundKind, ScanKind
from dijkwacht.scans.tests.test_api import DEADLINE
from tests.factories import make_framework

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _verified(verified):
    """Coordinators log in with a second factor; these tests are about the sheet."""


@pytest.fixture
def framework():
    return make_framework(name="Blad", norms=3, themes=2)  # A.1-A.3, B.1-B.3


@pytest.fixture
def scan(coordinator, twente, framework, enschede, hengelo):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan 2027",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip
    return scan_round.scans.get(organisation=enschede, kind=ScanKind.SELF)


def _download(client, scan):
    response = client.get(f"/scans/{scan.pk}/antwoorden.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def _upload(client, scan, book, name="antwoorden.xlsx"):
    data = io.BytesIO()
    book.save(data)
    return client.post(
        f"/scans/{scan.pk}/antwoorden/inlezen/",
        {"file": SimpleUploadedFile(name, data.getvalue(), XLSX)},
    )


def _fill(sheet, answers):
    """Write `answers` (norm code → (answer, explanation)) into the downloaded sheet."""
    header = [c.value for c in sheet[1]]
    code, answer, note = (header.index(name) + 1 for name in
                          ("Normcode", "Antwoord (code)", "Toelichting"))  # fmt: skip
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, code).value in answers:
            given = answers[sheet.cell(row, code).value]
            sheet.cell(row, answer).value, sheet.cell(row, note).value = given


def _stored(scan):
    return dict(Answer.objects.filter(scan=scan).values_list("norm__code", "option__code"))


def test_the_downloaded_sheet_comes_back_with_its_answers(client, contributor, scan, framework):
    services.answer_save(actor=None, scan=scan, norm=framework.norms.get(code="A.1"),
                         option=framework.scale.get(code="nee"))  # fmt: skip
    client.force_login(contributor)
    book = _download(client, scan)
    sheet = book["Antwoorden"]
    assert [c.value for c in sheet[1]] == [
        "Normcode", "Thema", "Norm", "Antwoord (code)", "Toelichting", "Bewijs (link)",
    ]  # fmt: skip
    codes = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert codes == ["A.1", "A.2", "A.3", "B.1", "B.2", "B.3"]
    assert sheet.cell(2, 4).value == "nee"  # the answer so far
    # The answer column offers the scale's codes, listed on the sheet "Schaal".
    assert sheet.data_validations.dataValidation[0].formula1 == "Schaal!$A$2:$A$5"
    assert [r[0] for r in book["Schaal"].iter_rows(min_row=2, values_only=True)] == [
        "nee", "deels", "ja", "nvt",
    ]  # fmt: skip
    _fill(sheet, {"A.1": ("ja", " Beleid vastgesteld "), "B.2": ("DEELS", None)})
    response = _upload(client, scan, book)
    assert response.status_code == 302, response.content.decode()[-3000:]
    # Rows left empty stay unanswered; the answer code is read whatever its case.
    assert _stored(scan) == {"A.1": "ja", "B.2": "deels"}
    assert Answer.objects.get(scan=scan, norm__code="A.1").explanation == "Beleid vastgesteld"
    lines = AuditEvent.objects.filter(action="scans.answer_save", actor=contributor)
    assert sorted(next(iter(e.changes)) for e in lines) == ["A.1", "B.2"]
    page = client.get(f"/scans/{scan.pk}/").content.decode()
    assert "2 antwoorden uit het blad opgeslagen" in page


def test_one_wrong_row_and_nothing_is_saved_with_each_problem_by_row(client, contributor, scan):
    client.force_login(contributor)
    book = _download(client, scan)
    sheet = book["Antwoorden"]
    _fill(sheet, {"A.1": ("ja", ""), "A.3": ("misschien", ""), "B.1": ("nee", "x" * 4001)})
    sheet.append(["Z.9", "", "", "ja"])  # row 8: no such norm
    sheet.append(["A.1", "", "", "nee"])  # row 9: A.1 again
    response = _upload(client, scan, book)
    assert response.status_code == 400
    html = response.content.decode()
    for row, words in ((4, "misschien"), (5, "4000"), (8, "Z.9"), (9, "rij 2")):
        assert f"Rij {row}:" in html and words in html, (row, words)
    assert "Het blad heeft 4 problemen; er is niets opgeslagen." in html
    assert _stored(scan) == {}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"geen excel", "antwoorden.xlsx", "geen Excel-werkmap"),
        (b"a;b", "antwoorden.csv", "Excel-werkmap (.xlsx)"),
    ],
)
def test_a_file_that_is_no_answer_sheet_is_refused_next_to_the_field(
    client, contributor, scan, content, name, message
):
    client.force_login(contributor)
    response = client.post(
        f"/scans/{scan.pk}/antwoorden/inlezen/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _stored(scan) == {}


def test_a_sheet_without_the_columns_names_what_is_missing(client, contributor, scan):
    client.force_login(contributor)
    book = Workbook()
    book.active.title = "Antwoorden"
    book.active.append(["Code", "Antwoord"])
    book.active.append(["A.1", "ja"])
    html = _upload(client, scan, book).content.decode()
    assert "Rij 1:" in html and "Normcode" in html and "Antwoord (code)" in html
    assert _stored(scan) == {}


def test_a_submitted_scan_takes_no_sheet(client, contributor, coordinator, scan, framework):
    yes = framework.scale.get(code="ja")
    for norm in framework.norms.all():
        services.answer_save(actor=None, scan=scan, norm=norm, option=yes)
    services.scan_submit(actor=None, scan=scan)
    client.force_login(contributor)
    book = _download(client, scan)
    _fill(book["Antwoorden"], {"A.1": ("nee", "")})
    assert _upload(client, scan, book).status_code == 403
    assert _stored(scan)["A.1"] == "ja"


def test_a_sheet_of_two_columns_keeps_the_texts_and_skips_what_is_stored(
    client, contributor, scan, framework
):
    """Another tool's export with only the norm and the answer: the stored explanation stays;
    a row that says what is stored writes nothing (no audit line)."""
    a1 = framework.norms.get(code="A.1")
    yes = framework.scale.get(code="ja")
    services.answer_save(actor=None, scan=scan, norm=a1, option=yes, explanation="Beleid 2026")
    client.force_login(contributor)
    book = Workbook()
    book.active.title = "Antwoorden"
    for row in (["Normcode", "Antwoord (code)"], ["a.1", "ja"], ["B.1", "nee"]):
        book.active.append(row)
    audit = AuditEvent.objects.count()
    assert _upload(client, scan, book).status_code == 302
    assert _stored(scan) == {"A.1": "ja", "B.1": "nee"}
    assert Answer.objects.get(scan=scan, norm__code="A.1").explanation == "Beleid 2026"
    assert AuditEvent.objects.count() == audit + 1  # B.1 only
