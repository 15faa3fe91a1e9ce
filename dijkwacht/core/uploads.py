"""Uploaded files are checked by their content, not by the name or the type the browser claims.

Only a short list of document types is accepted (`KINDS`). Office documents are zip
containers: they are accepted only when the container holds the part that makes them a real
OOXML or OpenDocument file, so a renamed zip or executable is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
PNG = Kind("png", "image/png", "PNG")
JPEG = Kind("jpg", "image/jpeg", "JPEG")
DOCX = Kind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = Kind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint",
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument")
TXT = Kind("txt", "text/plain", "tekst")

KINDS = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, TXT)

_OOXML_PART = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def sniff(head: bytes, file: IO[bytes]) -> Kind | None:
    """The kind of the file judged by its bytes, or None when it is not on the list."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(file)
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is still text.
            if error.start < len(head) - 3:
                return None
        return TXT
    return None


def _sniff_zip(file: IO[bytes]) -> Kind | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" not in names:
                return None
            for prefix, kind in _OOXML_PART.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def check_upload(upload, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> Kind:
    """The checked kind of an uploaded file; a ValidationError with a Dutch message otherwise."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(max)s MB.") % {"max": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("This type of file is not accepted. Accepted: %(kinds)s.")
            % {"kinds": ", ".join(k.label for k in KINDS)},
            code="type",
        )
    return kind


# --- Workbooks to import --------------------------------------------------------------------

# An import workbook is a few thousand rows; these bounds leave room for that many times over
# and stop a "zip bomb" (a small file that unpacks to gigabytes) before any parser reads it.
MAX_WORKBOOK_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_WORKBOOK_PARTS = 500
MAX_WORKBOOK_CELLS = 500_000
_CHUNK = 1024 * 1024


def check_workbook(data: bytes) -> None:
    """Refuse an Excel workbook that is not a zip, unpacks to too much or holds too many cells,
    before it is parsed: a ValidationError with a Dutch message. The cells are counted in the
    sheets' XML as it streams out of the zip, so counting stays within the unpacked bound."""
    not_a_workbook = ValidationError(_("This is not an Excel workbook (.xlsx)."), code="type")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_WORKBOOK_PARTS:
                raise ValidationError(_("The workbook has too many parts."), code="too_large")
            if sum(part.file_size for part in parts) > MAX_WORKBOOK_UNPACKED_BYTES:
                raise ValidationError(
                    _("The workbook unpacks to more than %(max)s MB.")
                    % {"max": MAX_WORKBOOK_UNPACKED_BYTES // (1024 * 1024)},
                    code="too_large",
                )
            cells = 0
            for part in parts:
                # Every XML part: openpyxl follows the workbook's relations to any path.
                if part.filename.endswith(".xml"):
                    cells += _count_cells(archive, part)
                    if cells > MAX_WORKBOOK_CELLS:
                        raise ValidationError(
                            _("The workbook has more than %(max)s cells.")
                            % {"max": f"{MAX_WORKBOOK_CELLS:,}".replace(",", ".")},
                            code="too_large",
                        )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise not_a_workbook from error


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?c[\s>/]")
_TAIL = 24  # longer than any match, so a tag cut in two between chunks is still found


def _count_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """Cell tags (`<c …>`, `<c/>`, prefixed `<x:c …>`) in an XML part, counted chunk by chunk
    as it is unpacked; reading stops at the unpacked bound whatever the zip's header claims.
    A match that lies in the kept tail was counted with the chunk before."""
    count = 0
    tail = b""
    read = 0
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > MAX_WORKBOOK_UNPACKED_BYTES:
                raise ValidationError(_("The workbook unpacks to too much data."), code="too_large")
            text = tail + chunk
            count += len(_CELL.findall(text)) - len(_CELL.findall(tail))
            tail = text[-_TAIL:]
    return count


# --- Upload handlers: nothing uploaded ever reaches the disk ---------------------------------

# The largest file accepted anywhere (scan evidence, a meldpunt attachment), and the largest
# request with files: five attachments and the form around them.
MAX_FILE_BYTES = MAX_EVIDENCE_BYTES
MAX_REQUEST_BYTES = 5 * MAX_FILE_BYTES + 1024 * 1024
# Beyond this a request is not read at all (a well-meaning browser never sends it).
MAX_READ_BYTES = 4 * MAX_REQUEST_BYTES
_REFUSED = "_dijkwacht_refused_uploads"


class BoundedUploadHandler(FileUploadHandler):
    """First in line (settings.FILE_UPLOAD_HANDLERS): refuses what is too large before it is
    held anywhere. A request whose Content-Length is above MAX_REQUEST_BYTES keeps its form
    fields but none of its files; a file is dropped as soon as its bytes, counted as they
    stream in, pass MAX_FILE_BYTES. What was dropped is named by `refused_uploads(request)`,
    so the form can say why next to the field. Requests beyond MAX_READ_BYTES are not read."""

    too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > MAX_REQUEST_BYTES
        if content_length > MAX_READ_BYTES:
            self._refuse("")
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if self.too_large:
            self._refuse(file_name)
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > MAX_FILE_BYTES:
            self._refuse(self.file_name or "")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self, name: str) -> None:
        if self.request is not None:
            refused = getattr(self.request, _REFUSED, [])
            refused.append(name)
            setattr(self.request, _REFUSED, refused)


class InMemoryUploadHandler(FileUploadHandler):
    """Keeps every file in memory — there is no temporary file handler after it, so an upload
    is never written to disk (a meldpunt attachment is encrypted before it is stored). The
    bounded handler before it keeps memory within MAX_REQUEST_BYTES per request."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def refused_uploads(request: Any) -> list[str]:
    """The names of the files this request sent that were too large to be read ("" when the
    whole request was)."""
    return list(getattr(request, _REFUSED, []))


def refused_message(names: list[str]) -> str:
    """Why the named files are missing, for next to the upload field."""
    named = ", ".join(n for n in names if n)
    if named:
        return _(
            "%(names)s: too large. A file may be at most %(max)s MB, all files together at "
            "most %(total)s MB."
        ) % {
            "names": named,
            "max": MAX_FILE_BYTES // (1024 * 1024),
            "total": MAX_REQUEST_BYTES // (1024 * 1024),
        }
    return _("The files together are too large: at most %(total)s MB.") % {
        "total": MAX_REQUEST_BYTES // (1024 * 1024)
    }
