"""Norm frameworks as documents: read and check the YAML and Excel forms, without the database.

A framework file has a name, a version, a description, the kinds of organisation it is meant for
(`meant_for`, optional), an answer scale and themes with norms
(see data/basis_op_orde.yaml). `read_framework` returns either a checked `FrameworkSpec` or the
problems, each with the place in the file (e.g. "themes[2].norms[5].code");
`read_framework_workbook` does the same for a workbook, with places by sheet and row. Both
build the same dict and leave the rules to `check_framework`.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from dijkwacht.core.problems import Problems
from dijkwacht.core.uploads import check_workbook
from dijkwacht.exports import xlsx
from dijkwacht.organisations.models import OrganisationKind

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
SCALE_CODE = re.compile(r"^[a-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    label: str
    value: int | None
    counts_as_met: bool
    applicable: bool


@dataclass(frozen=True)
class NormSpec:
    code: str
    text: str
    guidance: str
    essential: bool
    weight: int
    registers: tuple[str, ...] = ()  # kinds of register whose overview is evidence
    reach: tuple[str, ...] = ()  # target groups whose reach by awareness work is evidence


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    title: str
    description: str
    norms: tuple[NormSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    name: str
    version: str
    description: str
    scale: tuple[ScaleSpec, ...]
    themes: tuple[ThemeSpec, ...]
    meant_for: tuple[str, ...] = ()  # OrganisationKind values; empty: every kind

    @property
    def norm_count(self) -> int:
        return sum(len(t.norms) for t in self.themes)


@dataclass
class Checker:
    problems: Problems[tuple[str, str]] = field(default_factory=Problems)

    def add(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def text(
        self, data: Any, key: str, where: str, *, required: bool = True, limit: int = 0
    ) -> str:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"{where}.{key}", _("This is required."))
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(f"{where}.{key}", _("This must be text."))
            return ""
        text = " ".join(str(value).split())
        if limit and len(text) > limit:
            self.add(f"{where}.{key}", _("At most %(limit)s characters.") % {"limit": limit})
        return text

    def boolean(self, data: Any, key: str, where: str, default: bool) -> bool:
        value = data.get(key, default) if isinstance(data, dict) else default
        if not isinstance(value, bool):
            self.add(f"{where}.{key}", _("This must be true or false."))
            return default
        return value

    def items(self, data: Any, key: str, where: str) -> list[Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value:
            self.add(f"{where}.{key}", _("This must be a list with at least one entry."))
            return []
        return value


MAX_DEPTH = 20


class _Refused(yaml.MarkedYAMLError):
    """YAML that is valid but not accepted here (see `_PlainLoader`)."""


class _PlainLoader(yaml.SafeLoader):
    """YAML without anchors and aliases — so a small file cannot expand into an enormous one
    (the "billion laughs") — and nested at most MAX_DEPTH deep. A framework needs neither."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(None, None, "anchor", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(None, None, "depth", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_framework(text: str) -> tuple[FrameworkSpec | None, list[tuple[str, str]]]:
    """Parse and check a framework file. Never raises for bad input."""
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (a SafeLoader, stricter)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"regel {mark.line + 1}" if mark is not None else "—"
        if isinstance(error, _Refused) and error.problem == "anchor":
            return None, [(where, _("Anchors and aliases (& and *) are not allowed here."))]
        if isinstance(error, _Refused):
            return None, [(where, _("The file is nested too deeply."))]
        return None, [(where, _("This is not valid YAML."))]
    return check_framework(data)


def check_framework(data: Any) -> tuple[FrameworkSpec | None, list[tuple[str, str]]]:
    """Check a framework in its file form (a dict, as YAML or a workbook gives it)."""
    if not isinstance(data, dict):
        return None, [("—", _("The file must describe one framework."))]
    check = Checker()
    name = check.text(data, "name", "framework", limit=200)
    version = check.text(data, "version", "framework", limit=20)
    description = check.text(data, "description", "framework", required=False)
    meant_for = _meant_for(check, data)
    scale = _scale(check, data)
    themes = _themes(check, data)
    if check.problems:
        return None, check.problems
    return FrameworkSpec(name, version, description, scale, themes, meant_for), []


def _meant_for(check: Checker, data: dict) -> tuple[str, ...]:
    """Kinds of organisation, as a list (YAML) or separated by commas (a workbook cell)."""
    value = data.get("meant_for")
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add("framework.meant_for", _("This must be a list of kinds of organisation."))
        return ()
    value = [v.strip().casefold() for v in value]
    unknown = [v for v in value if v not in OrganisationKind.values]
    if unknown:
        check.add(
            "framework.meant_for",
            _("Unknown kind of organisation “%(kind)s”; use %(kinds)s.")
            % {"kind": unknown[0], "kinds": ", ".join(OrganisationKind.values)},
        )
        return ()
    return tuple(dict.fromkeys(value))


def _scale(check: Checker, data: dict) -> tuple[ScaleSpec, ...]:
    options = []
    seen: set[str] = set()
    for index, item in enumerate(check.items(data, "scale", "framework")):
        where = f"scale[{index}]"
        code = check.text(item, "code", where)
        if code and not SCALE_CODE.match(code):
            check.add(f"{where}.code", _("Use lower-case letters, digits, - and _."))
        if code in seen:
            check.add(f"{where}.code", _("This code is used twice."))
        seen.add(code)
        value = item.get("value") if isinstance(item, dict) else None
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            check.add(f"{where}.value", _("This must be a whole number or empty."))
            value = None
        applicable = check.boolean(item, "applicable", where, True)
        met = check.boolean(item, "counts_as_met", where, False)
        if met and not applicable:
            check.add(where, _("An answer that does not apply cannot count as met."))
        options.append(
            ScaleSpec(code, check.text(item, "label", where, limit=100), value, met, applicable)
        )
    if options and not any(o.counts_as_met for o in options):
        check.add("scale", _("At least one answer must count as met."))
    return tuple(options)


def _themes(check: Checker, data: dict) -> tuple[ThemeSpec, ...]:
    themes = []
    theme_codes: set[str] = set()
    norm_codes: set[str] = set()
    for t_index, item in enumerate(check.items(data, "themes", "framework")):
        where = f"themes[{t_index}]"
        code = check.text(item, "code", where, limit=20)
        if code and not CODE.match(code):
            check.add(f"{where}.code", _("Use letters, digits, “.”, - and _."))
        if code in theme_codes:
            check.add(f"{where}.code", _("This code is used twice."))
        theme_codes.add(code)
        norms = []
        for n_index, norm in enumerate(check.items(item, "norms", where)):
            n_where = f"{where}.norms[{n_index}]"
            n_code = check.text(norm, "code", n_where, limit=20)
            if n_code and not CODE.match(n_code):
                check.add(f"{n_where}.code", _("Use letters, digits, “.”, - and _."))
            if n_code in norm_codes:
                check.add(f"{n_where}.code", _("This code is used twice."))
            norm_codes.add(n_code)
            weight = norm.get("weight", 1) if isinstance(norm, dict) else 1
            if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
                check.add(f"{n_where}.weight", _("The weight is a whole number from 1 to 100."))
                weight = 1
            norms.append(
                NormSpec(
                    code=n_code,
                    text=check.text(norm, "text", n_where),
                    guidance=check.text(norm, "guidance", n_where, required=False),
                    essential=check.boolean(norm, "essential", n_where, False),
                    weight=weight,
                    registers=_registers(check, norm, n_where),
                    reach=_reach(check, norm, n_where),
                )
            )
        themes.append(
            ThemeSpec(
                code=code,
                title=check.text(item, "title", where, limit=200),
                description=check.text(item, "description", where, required=False),
                norms=tuple(norms),
            )
        )
    return tuple(themes)


MAX_REGISTERS = 10
REGISTER_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")


def _codes(check: Checker, norm: Any, where: str, key: str, example: str) -> tuple[str, ...]:
    """An optional list of codes (at most MAX_REGISTERS, each once)."""
    value = norm.get(key, []) if isinstance(norm, dict) else []
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or len(value) > MAX_REGISTERS
        or not all(isinstance(v, str) and REGISTER_CODE.fullmatch(v) for v in value)
    ):
        check.add(f"{where}.{key}", example)
        return ()
    return tuple(dict.fromkeys(value))


def _registers(check: Checker, norm: Any, where: str) -> tuple[str, ...]:
    """Optional: the codes of the kinds of register (as the overview of registration systems
    names them: signalen, agressie, …) whose row is evidence for the norm."""
    example = _("A list of at most %(max)s codes of kinds of register, such as [agressie].")
    return _codes(check, norm, where, "registers", example % {"max": MAX_REGISTERS})


def _reach(check: Checker, norm: Any, where: str) -> tuple[str, ...]:
    """Optional: the codes of the target groups (as the awareness module names them:
    nieuwe-medewerkers, kwetsbare-functies, …) whose reach is evidence for the norm."""
    example = _("A list of at most %(max)s codes of target groups, such as [nieuwe-medewerkers].")
    return _codes(check, norm, where, "reach", example % {"max": MAX_REGISTERS})


def framework_yaml(spec_dict: dict[str, Any]) -> str:
    """YAML text for a framework as `selectors.framework_as_dict` gives it."""
    return yaml.safe_dump(spec_dict, allow_unicode=True, sort_keys=False, width=100)


# The workbook form. Sheet and column names are part of the file format, so they stay Dutch
# whatever the interface language.
KADER_SHEET = "Kader"
SCALE_SHEET = "Schaal"
NORMS_SHEET = "Normen"
KADER_KEYS = {
    "naam": "name",
    "versie": "version",
    "omschrijving": "description",
    "bedoeld voor": "meant_for",
}
SCALE_COLUMNS = ["code", "label", "waarde", "telt als voldaan", "van toepassing"]
SCALE_KEYS = ["code", "label", "value", "counts_as_met", "applicable"]
NORM_COLUMNS = ["thema-code", "thema", "code", "norm", "toelichting", "essentieel", "gewicht"]
NORM_KEYS = {
    "code": "code",
    "norm": "text",
    "toelichting": "guidance",
    "essentieel": "essential",
    "gewicht": "weight",
}
THEME_DESCRIPTION = "thema-omschrijving"  # optional eighth column of "Normen"
REGISTERS = "registraties"  # optional ninth: codes of kinds of register, separated by commas
REACH = "bereik"  # optional tenth: codes of target groups, separated by commas
MAX_ROWS = 5000
# A 2 MB upload can unpack to gigabytes of XML; refuse before openpyxl starts parsing.
TRUE_WORDS = {"ja", "j", "true", "waar", "yes", "1", "x"}
FALSE_WORDS = {"nee", "n", "false", "onwaar", "no", "0"}


def _place(sheet: str, row: int | None = None, column: str | None = None) -> str:
    place = sheet if row is None else f"{sheet}, rij {row}"
    return place if column is None else f"{place}, kolom {column}"


def _words(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split()).casefold()


def _text_cell(value: Any) -> Any:
    """A cell for a text field: Excel turns "1" into 1 and "2024-01-01" into a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _whole_cell(value: Any) -> Any:
    """A cell for a whole number; anything else passes through for the checker to refuse."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    return _text_cell(value)


def _bool_cell(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    word = _words(_text_cell(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _blank(values: tuple[Any, ...]) -> bool:
    return all(_words(v) == "" for v in values)


@dataclass
class _WorkbookReader:
    """Builds the framework dict from a workbook's rows, remembering for each place in the
    dict (e.g. "themes[2].norms[5].code") the sheet, row and column it came from."""

    problems: Problems[tuple[str, str]] = field(default_factory=Problems)
    places: dict[str, str] = field(
        default_factory=lambda: {
            "framework": KADER_SHEET,
            "framework.scale": SCALE_SHEET,
            "scale": SCALE_SHEET,
            "framework.themes": NORMS_SHEET,
        }
    )

    def place(self, where: str) -> str:
        path = where
        while path:
            if path in self.places:
                return self.places[path]
            shorter = re.sub(r"(\.[^.\[\]]*|\[\d+\])$", "", path)
            if shorter == path:
                break
            path = shorter
        return where

    def header(self, sheet: str, rows: list[tuple[Any, ...]], columns: list[str]) -> bool:
        found = [_words(v) for v in (rows[0] if rows else ())][: len(columns)]
        if found != columns:
            self.problems.append(
                (
                    _place(sheet, 1),
                    _("The first row must be: %(columns)s.") % {"columns": " | ".join(columns)},
                )
            )
            return False
        return True

    def read(self, sheets: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any] | None:
        headers_ok = self.header(SCALE_SHEET, sheets[SCALE_SHEET], SCALE_COLUMNS)
        headers_ok &= self.header(NORMS_SHEET, sheets[NORMS_SHEET], NORM_COLUMNS)
        if not headers_ok:
            return None
        document: dict[str, Any] = {}
        self.framework(sheets[KADER_SHEET], document)
        document["scale"] = self.scale(sheets[SCALE_SHEET])
        document["themes"] = self.themes(sheets[NORMS_SHEET])
        return document

    def framework(self, rows: list[tuple[Any, ...]], document: dict[str, Any]) -> None:
        for number, values in enumerate(rows, start=1):
            key, value = (*values, None, None)[:2]
            if _blank((key, value)):
                continue
            name = KADER_KEYS.get(_words(key))
            if name is None:
                self.problems.append(
                    (
                        _place(KADER_SHEET, number),
                        _("Unknown field “%(key)s”; use %(keys)s.")
                        % {"key": _text_cell(key) or "", "keys": ", ".join(KADER_KEYS)},
                    )
                )
            elif name in document:
                self.problems.append((_place(KADER_SHEET, number), _("This field is given twice.")))
            else:
                document[name] = _text_cell(value)
                self.places[f"framework.{name}"] = _place(KADER_SHEET, number)

    def scale(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        options: list[dict[str, Any]] = []
        for number, values in enumerate(rows[1:], start=2):
            values = (*values, *([None] * len(SCALE_COLUMNS)))[: len(SCALE_COLUMNS)]
            if _blank(values):
                continue
            where = f"scale[{len(options)}]"
            self.places[where] = _place(SCALE_SHEET, number)
            option: dict[str, Any] = {}
            for column, key, value in zip(SCALE_COLUMNS, SCALE_KEYS, values, strict=True):
                self.places[f"{where}.{key}"] = _place(SCALE_SHEET, number, column)
                if key == "value":
                    option[key] = _whole_cell(value)
                elif key in ("counts_as_met", "applicable"):
                    # empty: the default, as when a YAML file leaves the field out
                    self.yes_no(option, key, value, _place(SCALE_SHEET, number, column))
                else:
                    option[key] = _text_cell(value)
            options.append(option)
        return options

    def themes(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        width = len(NORM_COLUMNS) + 3
        optional = [_words(v) for v in rows[0][len(NORM_COLUMNS) :]]
        with_description = THEME_DESCRIPTION in optional
        with_registers = REGISTERS in optional
        at_description = (
            len(NORM_COLUMNS) + optional.index(THEME_DESCRIPTION) if with_description else 0
        )
        at_registers = len(NORM_COLUMNS) + optional.index(REGISTERS) if with_registers else 0
        at_reach = len(NORM_COLUMNS) + optional.index(REACH) if REACH in optional else 0
        themes: list[dict[str, Any]] = []
        index_by_code: dict[str, int] = {}
        for number, values in enumerate(rows[1:], start=2):
            values = (*values, *([None] * width))[:width]
            if _blank(values):
                continue
            theme_code, title, *norm_values = values[: len(NORM_COLUMNS)]
            description = values[at_description] if with_description else None
            registers = values[at_registers] if with_registers else None
            reach = values[at_reach] if at_reach else None
            key = _words(theme_code)
            if not key:
                self.problems.append(
                    (_place(NORMS_SHEET, number, "thema-code"), _("This is required."))
                )
                continue
            if key not in index_by_code:
                index_by_code[key] = len(themes)
                where = f"themes[{len(themes)}]"
                self.places[where] = self.places[f"{where}.norms"] = _place(NORMS_SHEET, number)
                self.places[f"{where}.code"] = _place(NORMS_SHEET, number, "thema-code")
                themes.append({"code": _text_cell(theme_code), "norms": []})
            t_index = index_by_code[key]
            theme = themes[t_index]
            where = f"themes[{t_index}]"
            self.theme_text(theme, where, "title", "thema", title, number)
            self.theme_text(theme, where, "description", THEME_DESCRIPTION, description, number)
            n_where = f"{where}.norms[{len(theme['norms'])}]"
            self.places[n_where] = _place(NORMS_SHEET, number)
            norm: dict[str, Any] = {}
            for column, value in zip(NORM_COLUMNS[2:], norm_values, strict=True):
                name = NORM_KEYS[column]
                self.places[f"{n_where}.{name}"] = _place(NORMS_SHEET, number, column)
                if name == "essential":
                    self.yes_no(norm, name, value, _place(NORMS_SHEET, number, column))
                elif name == "weight":
                    if _words(value) != "":
                        norm[name] = _whole_cell(value)
                else:
                    norm[name] = _text_cell(value)
            if _words(registers):
                self.places[f"{n_where}.registers"] = _place(NORMS_SHEET, number, REGISTERS)
                norm["registers"] = [c.strip() for c in str(registers).split(",") if c.strip()]
            if _words(reach):
                self.places[f"{n_where}.reach"] = _place(NORMS_SHEET, number, REACH)
                norm["reach"] = [c.strip() for c in str(reach).split(",") if c.strip()]
            theme["norms"].append(norm)
        return themes

    def yes_no(self, item: dict[str, Any], key: str, value: Any, place: str) -> None:
        if _words(value) == "":
            return
        answer = _bool_cell(value)
        if answer is None:
            self.problems.append((place, _("Use ja or nee.")))
        else:
            item[key] = answer

    def theme_text(
        self, theme: dict[str, Any], where: str, key: str, column: str, value: Any, row: int
    ) -> None:
        """A theme's title or description: given on one of its rows, the first one usually;
        a different text on a later row is a mistake rather than a choice."""
        value = _text_cell(value)
        if value is None:
            return
        if theme.get(key) is None:
            theme[key] = value
            self.places[f"{where}.{key}"] = _place(NORMS_SHEET, row, column)
        elif _words(theme[key]) != _words(value):
            self.problems.append(
                (
                    _place(NORMS_SHEET, row, column),
                    _("The theme has another text here than on %(place)s.")
                    % {"place": self.places[f"{where}.{key}"]},
                )
            )


def _workbook_rows(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the three sheets (at most MAX_ROWS + 1 each). Raises for a damaged file."""
    widths = {KADER_SHEET: 2, SCALE_SHEET: len(SCALE_COLUMNS), NORMS_SHEET: len(NORM_COLUMNS) + 3}
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for name, width in widths.items():
            if name not in book.sheetnames:
                continue
            rows: list[tuple[Any, ...]] = []
            for values in book[name].iter_rows(max_col=width, values_only=True):
                rows.append(tuple(values))
                if len(rows) > MAX_ROWS:
                    break
            sheets[name] = rows
        return sheets
    finally:
        book.close()


def read_framework_workbook(data: bytes) -> tuple[FrameworkSpec | None, list[tuple[str, str]]]:
    """Read and check a framework from an Excel workbook. Never raises for bad input; every
    problem names its sheet and row (and column), e.g. "Normen, rij 7, kolom gewicht".

    The layout, as `framework_workbook` writes it:

    - sheet "Kader": one field per row, the name in column A and the value in column B:
      ``naam``, ``versie`` and ``omschrijving`` (optional).
    - sheet "Schaal": header row ``code | label | waarde | telt als voldaan | van toepassing``,
      then one answer per row, in order. ``waarde`` is a whole number or empty.
    - sheet "Normen": header row
      ``thema-code | thema | code | norm | toelichting | essentieel | gewicht``, optionally
      followed by ``thema-omschrijving``; then one norm per row. Themes come in the order
      their code first appears; a theme's title (and description) only needs to be on one of
      its rows. ``gewicht`` is a whole number from 1 to 100 (empty: 1).

    Yes/no columns take ja/nee, true/false, 1/0 or x; empty means the default, as when a YAML
    file leaves the field out: "nee", except for "van toepassing" ("ja"). Blank rows are skipped.
    """
    not_a_workbook = [("—", _("This is not an Excel workbook (.xlsx)."))]
    try:
        check_workbook(data)
    except ValidationError as error:
        return None, [("—", " ".join(error.messages))]
    try:
        sheets = _workbook_rows(data)
    except Exception:
        return None, not_a_workbook
    reader = _WorkbookReader()
    for name in (KADER_SHEET, SCALE_SHEET, NORMS_SHEET):
        if name not in sheets:
            reader.problems.append((name, _("The sheet is missing from the workbook.")))
        elif len(sheets[name]) > MAX_ROWS:
            reader.problems.append(
                (name, _("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})
            )
    if reader.problems:
        return None, reader.problems
    document = reader.read(sheets)
    if document is None:
        return None, reader.problems
    spec, problems = check_framework(document)
    found = Problems(reader.problems)
    found.extend((reader.place(where), message) for where, message in problems)
    found.more += getattr(problems, "more", 0)
    if found:
        return None, found
    return spec, []


def framework_workbook(spec_dict: dict[str, Any]) -> bytes:
    """The workbook form of a framework as `selectors.framework_as_dict` gives it; what
    `read_framework_workbook` reads back."""

    def yes_no(value: bool) -> str:
        return "ja" if value else "nee"

    book, kader = xlsx.new_workbook(KADER_SHEET)
    for key, name in KADER_KEYS.items():
        value = spec_dict.get(name)
        kader.append([key, (", ".join(value) if isinstance(value, list) else value) or None])
        xlsx.bold_row(kader, kader.max_row, wrap=False)
    xlsx.wrap_columns(kader, [2])
    xlsx.set_widths(kader, [16, 100])

    xlsx.table_sheet(
        book.create_sheet(SCALE_SHEET),
        SCALE_COLUMNS,
        (
            [
                option["code"],
                option["label"],
                option.get("value"),
                yes_no(option.get("counts_as_met", False)),
                yes_no(option.get("applicable", True)),
            ]
            for option in spec_dict.get("scale", [])
        ),
        widths=[24, 30, 10, 16, 16],
        filters=False,
    )
    xlsx.table_sheet(
        book.create_sheet(NORMS_SHEET),
        [*NORM_COLUMNS, THEME_DESCRIPTION, REGISTERS, REACH],
        (
            [
                theme["code"],
                theme["title"] if position == 0 else None,
                norm["code"],
                norm["text"],
                norm.get("guidance") or None,
                yes_no(norm.get("essential", False)),
                norm.get("weight", 1),
                (theme.get("description") or None) if position == 0 else None,
                ", ".join(norm.get("registers", [])) or None,
                ", ".join(norm.get("reach", [])) or None,
            ]
            for theme in spec_dict.get("themes", [])
            for position, norm in enumerate(theme.get("norms", []))
        ),
        widths=[12, 30, 10, 60, 60, 12, 10, 60, 30, 30],
        wrap=[2, 4, 5, 8, 9, 10],
        filters=False,
    )
    return xlsx.workbook_bytes(book)
