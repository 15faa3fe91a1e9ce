"""The documents toolkit knows no domain: these build documents from plain values only."""

import csv
import io

from docx import Document
from openpyxl import load_workbook

from dijkwacht.exports import docx, xlsx
from dijkwacht.exports.csv import csv_document, csv_safe
from dijkwacht.exports.download import attachment


def test_csv_cells_never_start_a_formula():
    assert csv_safe(["=1+1", "+31", "-", "@SUM", "Enschede", None, 3]) == [
        "'=1+1", "'+31", "'-", "'@SUM", "Enschede", "", "3"
    ]  # fmt: skip


def test_a_csv_document_opens_in_dutch_excel():
    text = csv_document(["Naam", "Aantal"], [["=SOM(A1)", 3], ["Enschede", None]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Naam", "Aantal"], ["'=SOM(A1)", "3"], ["Enschede", ""]]


def test_a_table_sheet_has_a_bold_frozen_filtered_header_and_text_stays_text():
    book, sheet = xlsx.new_workbook("Een heel lange bladnaam die Excel niet toestaat")
    xlsx.table_sheet(sheet, ["Code", "Tekst"], [["A1", '=HYPERLINK("x")'], ["A2", "b"]],
                     widths=[8, 40], wrap=[2])  # fmt: skip
    read = load_workbook(io.BytesIO(xlsx.workbook_bytes(book))).worksheets[0]
    assert len(read.title) == 31
    assert read["A1"].font.bold and read.freeze_panes == "A2"
    assert read.auto_filter.ref == "A1:B3"
    assert read["B2"].value == '=HYPERLINK("x")' and read["B2"].data_type == "s"
    assert read["B3"].alignment.wrap_text
    assert read.column_dimensions["B"].width == 40


def test_a_word_document_has_a_table_a_page_number_and_shading():
    document = docx.new_document(footer="Voettekst")
    table = docx.add_table(document, ["Onderwerp", "Waarde"], [["Datum", 3]])
    docx.shade(table.rows[1].cells[1], "FADCDC")
    docx.small_print(table, 7)
    read = Document(io.BytesIO(docx.document_bytes(document)))
    assert [c.text for c in read.tables[0].rows[1].cells] == ["Datum", "3"]
    assert read.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold
    footer = read.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Voettekst") and "PAGE" in footer._p.xml
    assert "FADCDC" in read.tables[0].rows[1].cells[1]._tc.xml


def test_a_download_names_its_file_and_type():
    response = attachment(b"%PDF-", "verslag-2026.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag-2026.pdf"'
