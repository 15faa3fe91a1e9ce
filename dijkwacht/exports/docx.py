"""Word documents (python-docx): an A4 document in the house font with a page-numbered footer,
tables with a bold header, shading and small print, and the bytes to send."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils.translation import gettext as _

HOUSE_FONT = "DejaVu Sans"


def new_document(*, footer: str, size: float = 10) -> Any:
    """A Word document on A4 in the house font, with '<footer> — Pagina N' at the bottom."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    style = document.styles["Normal"]
    style.font.name = HOUSE_FONT
    style.font.size = Pt(size)
    page_number_footer(document, footer)
    return document


def landscape_section(document: Any, *, margin_mm: float = 12) -> Any:
    """A new landscape section on a new page (for wide tables)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(margin_mm))
    return section


def page_number_footer(document: Any, text: str) -> None:
    """'<text> — Pagina N' in the footer, with a real page-number field."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = f"{text} — {_('Page')} "
    run = paragraph.add_run()
    for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


# Characters XML 1.0 does not allow (python-docx refuses them): control characters other than
# tab, line feed and carriage return.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: Any) -> str:
    """Text as Word can hold it: what people typed may carry a form feed or vertical tab."""
    return _NOT_XML.sub("", str(text))


def add_table(document: Any, header: list[str], rows: list[list[Any]]) -> Any:
    """A grid table with a bold header row; every value is written as text."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = clean(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = clean(text)
    return table


def shade(cell: Any, fill: str) -> None:
    """A table cell's background colour (hex, without '#')."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def small_print(item: Any, size: float) -> None:
    """Every run of a table or a paragraph in `size` points."""
    from docx.shared import Pt

    paragraphs = (
        [p for row in item.rows for cell in row.cells for p in cell.paragraphs]
        if hasattr(item, "rows")
        else [item]
    )
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def document_bytes(document: Any) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def table_of_contents(document: Any, placeholder: str) -> None:
    """A table of contents field over headings 1–2: Word fills it in when the reader updates
    the fields (python-docx cannot lay out pages), and shows `placeholder` until then."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = document.add_paragraph().add_run()
    for kind, value in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")  # asks Word to update it on opening
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)
    text = OxmlElement("w:t")
    text.text = clean(placeholder)
    run._r.append(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
