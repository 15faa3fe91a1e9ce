"""Uploaded files are checked by their content, not by the name or the type the browser claims.

Only a short list of document types is accepted (`KINDS`). Office documents are zip
containers: they are accepted only when the container holds the part that makes them a real
OOXML or OpenDocument file, so a renamed zip or executable is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
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
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint",
)  # fmt: skip
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
