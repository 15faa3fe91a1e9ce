import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dijkwacht.core.uploads import DOCX, ODT, PDF, TXT, XLSX, check_upload


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "bestand.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", PDF),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), DOCX),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}), XLSX),
        (_zip({"mimetype": ODT.content_type.encode(), "content.xml": b"<x/>"}), ODT),
        ("Verslag van de werksessie — één pagina".encode(), TXT),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(data, kind):
    # The claimed name and type do not matter: every upload here is called "bestand.bin".
    assert check_upload(_upload(data)) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
        _zip({"payload.exe": b"MZ"}),  # a plain zip, renamed
        _zip({"mimetype": b"application/epub+zip"}),  # another OpenDocument-like container
        b"\x7fELF\x02\x01\x01\x00",
    ],
)
def test_other_content_is_refused_whatever_its_name(data):
    with pytest.raises(ValidationError) as error:
        check_upload(_upload(data, "beleid.pdf"))
    assert error.value.code == "type"


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(_upload(b""))
    assert error.value.code == "empty"
    with pytest.raises(ValidationError) as error:
        check_upload(_upload(b"%PDF-" + b"0" * 2000), max_bytes=1024)
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    "tag", [b'<c r="A1">', b"<c\n r='A1'>", b"<c\tr='A1'>", b"<c/>", b'<x:c r="A1">']
)
def test_cells_are_counted_however_the_tag_is_written(tag, monkeypatch):
    import io
    import zipfile

    from dijkwacht.core import uploads

    monkeypatch.setattr(uploads, "MAX_WORKBOOK_CELLS", 999)
    monkeypatch.setattr(uploads, "_CHUNK", 7)  # tags cut across chunks, too
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/elders/blad.xml", b"<sheetData>" + tag * 1000 + b"</sheetData>")
    with pytest.raises(ValidationError):
        uploads.check_workbook(output.getvalue())
    monkeypatch.setattr(uploads, "MAX_WORKBOOK_CELLS", 1000)
    uploads.check_workbook(output.getvalue())  # exactly 1000: allowed
