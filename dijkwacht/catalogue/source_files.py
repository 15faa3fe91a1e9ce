"""A list of sources as a spreadsheet: the columns a holder's list is written in and read back
from (the download of the catalogue is a file this module reads). One source per row under a
header of Dutch column names; a row's choices may be given by their Dutch or English label or
by their code. Never raises for bad input: what is wrong comes back per row and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from dijkwacht.catalogue.models import (
    AccessLevel,
    Frequency,
    LegalBasis,
    Licence,
    RestrictionReason,
    SourceKind,
    Visibility,
)
from dijkwacht.exports.csv import FORMULA_START
from dijkwacht.exports.tables import read_table

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500

# Each field's column: the header the download writes (first) and others a file may use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("titel", "title"),
    "description": ("beschrijving", "description"),
    "kind": ("soort", "kind"),
    "themes": ("thema's", "themas", "themes"),
    "frequency": ("actualisatie", "frequency"),
    "coverage": ("gebied", "coverage"),
    "personal_data": ("persoonsgegevens", "personal data"),
    "access_level": ("toegang", "access"),
    "restriction_reason": ("reden van beperking", "reason for restriction"),
    "visibility": ("zichtbaar voor", "visible to"),
    "landing_url": ("webadres", "web address"),
    "licence": ("licentie", "licence"),
    "legal_basis": ("grondslag", "legal basis"),
    "legal_reference": ("verwijzing", "reference"),
    "recipients": ("wie mag het ontvangen", "recipients"),
    "purpose": ("doelbinding", "purpose limitation"),
    "retention": ("bewaartermijn bij de ontvanger", "retention"),
    "how_to_request": ("hoe vraag je het aan", "how to request it"),
    "decision_days": ("beslistermijn (dagen)", "decision term"),
    "owner": ("eigenaar (e-mail)", "owner"),
    "deputy": ("plaatsvervanger (e-mail)", "deputy"),
    "contact_name": ("contactpunt", "contact point"),
    "contact_email": ("e-mail contactpunt", "contact e-mail"),
    "contact_phone": ("telefoon contactpunt", "contact telephone"),
}
REQUIRED = ("title", "description", "kind", "access_level", "owner", "contact_name",
            "contact_email")  # fmt: skip
# The download's columns: the holder first (for the reader; a file is read for one holder).
HOLDER = "beheerder"
HEADER = [HOLDER, *(aliases[0] for aliases in COLUMNS.values())]

CHOICES: dict[str, type[models.TextChoices]] = {
    "kind": SourceKind,
    "frequency": Frequency,
    "access_level": AccessLevel,
    "restriction_reason": RestrictionReason,
    "visibility": Visibility,
    "licence": Licence,
    "legal_basis": LegalBasis,
}
YES = {"ja", "j", "yes", "y", "waar", "true", "1", "x"}
NO = {"nee", "n", "no", "onwaar", "false", "0", ""}


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class SourceRow:
    """One row as read: plain values by field, the owner and deputy as e-mail addresses and
    the themes as names or codes; the service checks them against the holder."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # A download protects text that a spreadsheet would run as a formula with an apostrophe.
    if text[:1] == "'" and text[1:2] and text[1:2] in "".join(FORMULA_START):
        text = text[1:]
    return text


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every way a file may name a choice (code, Dutch label, English label), case-folded."""
    names: dict[str, str] = {}
    for value, label in choices.choices:
        names[str(value).casefold()] = value
        for language in ("nl", "en"):
            with translation.override(language):
                names[str(label).casefold()] = value
    return names


def _choice(name: str) -> Callable[[str], Any]:
    def read(text: str) -> Any:
        if not text:
            return ""
        found = _labels(CHOICES[name]).get(text.casefold())
        if found is None:
            raise ValueError(_("“%(value)s” is not one of the choices.") % {"value": text})
        return found

    return read


def _yes_no(text: str) -> bool:
    if text.casefold() in YES:
        return True
    if text.casefold() in NO:
        return False
    raise ValueError(_("Write ja or nee."))


def _days(text: str) -> int:
    if not text:
        return 28
    if not re.fullmatch(r"\d{1,3}", text):
        raise ValueError(_("Write a number of days."))
    return int(text)


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.upper()) if c]


READERS: dict[str, Callable[[str], Any]] = {
    **{name: _choice(name) for name in CHOICES},
    "personal_data": _yes_no,
    "decision_days": _days,
    "coverage": _codes,
}


def read_sources_file(data: bytes) -> tuple[list[SourceRow], list[Problem]]:
    """The rows of the file, or every problem in it (a file with any problem yields none)."""
    if not data:
        return [], [Problem(None, _("The file is empty."))]
    if len(data) > MAX_BYTES:
        return [], [Problem(None, _("The file is larger than %(max)s MB.") % {"max": 2})]
    grid = read_table(data, max_rows=MAX_ROWS, max_columns=len(COLUMNS) + 10)
    if isinstance(grid, str):
        return [], [Problem(None, grid)]
    if len(grid) > MAX_ROWS + 1:
        return [], [
            Problem(None, _("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
        ]
    header = [_text(v).casefold() for v in (grid[0] if grid else ())]
    columns = {
        name: next((header.index(a) for a in aliases if a in header), None)
        for name, aliases in COLUMNS.items()
    }
    missing = [COLUMNS[name][0] for name in REQUIRED if columns[name] is None]
    if missing:
        return [], [
            Problem(1, _("The header names no column “%(column)s”.") % {"column": name})
            for name in missing
        ]
    rows: list[SourceRow] = []
    problems: list[Problem] = []
    for number, cells in enumerate(grid[1:], start=2):
        if all(_text(c) == "" for c in cells):
            continue
        row = SourceRow(number)
        for name, index in columns.items():
            if index is None:
                continue
            text = _text(cells[index]) if index < len(cells) else ""
            if name == "themes":
                # Semicolons: a theme's name may hold a comma.
                row.themes = [t.strip() for t in text.split(";") if t.strip()]
                continue
            try:
                row.values[name] = READERS[name](text) if name in READERS else text
            except ValueError as error:
                problems.append(Problem(number, f"{COLUMNS[name][0]}: {error}"))
        rows.append(row)
    if not rows and not problems:
        return [], [Problem(None, _("The file holds no sources."))]
    return ([], problems) if problems else (rows, [])
