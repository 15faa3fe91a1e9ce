"""Plain-text plan import: read themes and actions from the text of a programme or action plan.

Pure and ORM-free: `parse_plan` takes the text a user pasted (or extracted from a PDF or Word
file) and returns plain frozen dataclasses; services turn them into models. It never raises, runs
in linear time and accounts for every line: each non-blank line ends up in the plan, is ignored
by one of the rules below, or comes back as a `Problem`. `line_uses` shows which.

Lines
  - Line breaks are \\n, \\r\\n and \\r. A byte order mark, zero-width characters and soft
    hyphens are removed; non-breaking spaces and tabs count as spaces (tabs also separate table
    cells). Text is whitespace-normalised; `**bold**` markers are dropped.
  - A line with control characters, or with more than 10% replacement characters (binary
    garbage), is unreadable and reported.
  - A line without any letter ("3", "15.03.2021", "-----") and a page number ("2 van 5",
    "Pagina 3") is page furniture and ignored, and so is a list marker with nothing after it.
  - "1.", "1)", "2.3" or "2.3." followed by text is a numbered line; "1.000 euro" is not. So
    are "I.", "II)" (Roman, up to XXXIX, in a text that has both "I" and "II"), "Thema 2: …",
    "Speerpunt: …" (themes; without a number, or with one that is no numeral, they follow the
    one before), "Actie 3: …", "Maatregel 1.2 – …" (actions), and
    "1 Title" without a point when "1.1" entries occur in the text. Each way of numbering is a
    style of its own: a list continues only in its own style.
  - "•", "◦", "▪", "·" and the like, and "-", "*", "–", "—", "+" followed by a space, start a
    bullet; so does a lowercase letter label ("a.", "b)"). A label right after a bullet
    ("- a. tekst") is dropped, since the order of the items keeps it.
  - "Ambitie: …" (or "Ambities", with ":" or a dash) is an ambition.
  - A line that splits on tabs into three or more non-empty cells, or two when it is not a
    numbered line or bullet ("1.<TAB>Tekst"), is a table row (see Tables).
  - "¹ tekst" (superscript digits) is a footnote.
  - Lines right below a numbered line, bullet, ambition or footnote, without a blank line in
    between, continue it (wrapped text); a word split by a hyphen at the line end is rejoined.
  - The remaining lines form text blocks, separated by blank lines. A block of short lines (at
    most 12 words, not ending in "." or ";") is a heading block: titles, letterheads,
    addresses, salutations, signatures. Any other block is prose.

Themes
  - Overview: a compact numbered list (entries directly below each other) of which at least
    half the entries come back later as a heading (same letters and digits, ignoring case,
    spaces and punctuation, or contained in the heading) names the themes. The later heading
    opens its theme and gives its title (the theme's line stays the entry's); an entry that
    never comes back is a theme without actions.
  - "Thema" lines are themes and "Actie" lines actions, whatever follows them.
  - A list restarting at 1 right below a theme numbered in another style (or its ambition)
    holds that theme's actions, however short their lines ("1. Vastgoed" with "1) Screening"),
    unless the rules below make it a list of themes.
  - A numbered list is a list of themes when an entry is followed by "Ambitie:", when an entry
    has sub-numbered entries ("1" with "1.1"), when at least half its entries are followed by
    a list in another style that starts at 1, when it has two or more entries that are all
    short labels (at most four words before an optional colon, not opening with "we", "wij" and
    the like) and at least half carry bullets ("1. Integriteit:" with "- …" below; text after
    the label's colon is an action of the theme; letter labels "a.", "b." below an arabic
    number are the action's parts, not actions), or when all entries are short and each is
    followed by prose (numbered section headings).
  - A heading directly followed by "Ambitie:" is a theme.
  - A theme runs until the next theme. Text right after an overview list leaves its last theme.

Actions
  - Any other numbered list holds actions. Bullets and deeper-numbered lines below an action are
    its items, until the next numbered line, heading, prose, table or ambition. A one-line
    lead-in ending in ":" does not end it.
  - Bullets that are not under a numbered action are actions inside a theme (bullets indented
    further are their items). Outside any theme they are actions only when the document has no
    other plan structure; otherwise they are an explanatory list and are reported.
  - Tables: the first row is the header. Each further row with a letter in its first cell is an
    action titled by that cell, its other cells paired with the header's (municipality, period).
    A row with an empty first cell continues the row above. A tab-separated block with fewer
    than two lines, or without such a row, is read as text.
  - A footnote marker at the end of an action title is removed and the footnote's text becomes
    an item of that action.
  - A numbered list right below a line ending in ":" that says "geadviseerd", "voorgesteld",
    "besluit" and the like holds the decision points of a proposal, not plan actions: reported.
  - Trailing list separators ("; en", ";", ",") are removed from action titles and items.

Ignored and reported
  - Ignored: blank lines, page furniture, heading blocks, and a one-line lead-in ending in ":"
    right above a list or table.
  - Reported: prose (one problem per paragraph, at its first line), decision points,
    explanatory bullet lists, unreadable lines, ambitions without a theme, footnotes without a
    marker, numbered lines without text, table rows without a title.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ParsedAction:
    title: str  # one line, whitespace-normalised
    items: tuple[str, ...]  # sub-items (bullets), each whitespace-normalised, wrapped lines joined
    number: str = ""  # "1", "2.3" when the source numbers it, else ""
    line: int = 0  # 1-based line number where it starts
    # For table rows: (column header, cell text) pairs, e.g. (("CGM", "2018-2019"), ...)
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ParsedTheme:
    title: str  # "" for actions outside any theme
    ambition: str = ""
    number: str = ""
    line: int = 0
    actions: tuple[ParsedAction, ...] = ()


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based
    text: str  # the offending line, shortened to about 120 characters
    message: str  # plain language, in the language active when the plan was parsed


@dataclass(frozen=True)
class ParsedPlan:
    themes: tuple[ParsedTheme, ...]
    problems: tuple[Problem, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "themes": [
                {
                    "title": theme.title,
                    "ambition": theme.ambition,
                    "number": theme.number,
                    "actions": [
                        {
                            "title": action.title,
                            "items": list(action.items),
                            "number": action.number,
                            **({"columns": dict(action.columns)} if action.columns else {}),
                        }
                        for action in theme.actions
                    ],
                }
                for theme in self.themes
            ]
        }


def parse_plan(text: str) -> ParsedPlan:
    """Read the themes and actions of a plan; whatever cannot be placed comes back as problems."""
    return _Parser(text).run()[0]


def line_uses(text: str) -> tuple[str, ...]:
    """What `parse_plan` did with each line (index 0 is line 1), to check that nothing is lost.

    "" for a blank line; "theme", "ambition", "action", "item", "table" (a row) or
    "table-header" for a line that went into the plan; "heading", "lead-in" or "furniture" for
    a line ignored by rule; "problem@N" for a line covered by the problem reported at line N.
    """
    return _Parser(text).run()[1]


# Messages shown to the user beside the line they concern. Lazy, so the module stays importable
# without settings; `_problems` turns them into plain text in the active language.
MSG_PROSE = _("This text is not part of an action or theme and was not imported.")
MSG_PROSE_BEFORE = _("Introductory text before the first theme or action; not imported.")
MSG_PROSE_AFTER = _("Text after the last theme or action; not imported.")
MSG_DECISION = _(
    "This is a decision point of the proposal, not an action of the plan; not imported."
)
MSG_LOOSE_BULLET = _(
    "This list is part of the explanation, not under an action or theme; not imported."
)
MSG_UNREADABLE = _("This line contains unreadable characters and was not imported.")
MSG_AMBITION_ALONE = _("This ambition is not under a theme and was not imported.")
MSG_FOOTNOTE_ALONE = _(
    "No action with the same reference was found for this footnote; not imported."
)
MSG_EMPTY_NUMBER = _("This numbered line has no text and was not imported.")
MSG_TABLE_ROW = _("This table row has no action in the first column and was not imported.")
# A problem that covers several lines (a paragraph of prose) names the range after the message.
MSG_LINE_RANGE = _("%(message)s (lines %(first)d to %(last)d)")

PROBLEM_TEXT_LENGTH = 120

_BLANK = "blank"
_UNREADABLE = "unreadable"
_FURNITURE = "furniture"
_NUMBER = "number"
_BULLET = "bullet"
_AMBITION = "ambition"
_FOOTNOTE = "footnote"
_TABLE = "table"
_TEXT = "text"

# Roles of numbered lines, decided per list before the walk.
_OVERVIEW = "overview"
_OCCURRENCE = "occurrence"
_THEME = "theme"
_LABEL_THEME = "label-theme"
_ACTION = "action"
_ITEM = "item"
_DECISION = "decision"
_THEME_ROLES = (_OVERVIEW, _OCCURRENCE, _THEME, _LABEL_THEME)

# Numbering styles: a list continues only in its own style, so "1." themes and the "1)"
# actions that restart under each of them are two kinds of list.
_STYLE_DOT = "."
_STYLE_PARENTHESIS = ")"
_STYLE_ROMAN = "roman"
_STYLE_THEME_WORD = "thema"
_STYLE_ACTION_WORD = "actie"
# Bullets: "a.", "b)" below "1." are the parts of action 1, as in "1. / a." outlines.
_STYLE_LETTER = "letter"

# Uses that mean "this line is in the plan"; they delimit before/after-the-plan prose.
_PLAN_USES = ("theme", "ambition", "action", "item", "table", "table-header")

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# C0/C1 controls other than tab, vertical tab, form feed and NEL (which PDF extractions emit as
# spacing) and lone surrogates: the line came from a binary file.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
# A stray replacement character is a wrongly decoded "€" or "ë" in good text; many of them are
# a binary file decoded leniently.
REPLACEMENT_SHARE = 0.1
# At most six levels and two-digit sub-numbers, so "1.000 euro" and dates are no list entries.
_NUMBERED = re.compile(r"(\d{1,3}(?:\.\d{1,2}){0,5})([.)]?)(?:\s+(.*))?")
_BULLET_MARK = re.compile(
    "(?:[•◦▪▫‣⁃●○■□►▶➢➤✓✔·\uf0a7\uf0b7\uf0d8\uf076\uf0fc]\\s*|[-*–—+]\\s+)(.*)"
)
_LETTER_LABEL = re.compile(r"([a-z])[.)]\s+(.*)")
_ROMAN = re.compile(r"([IVX]{1,6})[.)]\s+(.*)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_ROMAN_START = re.compile(r"\s*(I{1,2})[.)]\s")
# "Thema 2: Vastgoed", "Speerpunt: Integriteit"; "Actie 3: Training", "Maatregel 1.2 - Scan".
_THEME_WORD = re.compile(
    r"(?i)(?:thema|speerpunt|pijler|programmalijn)(?:\s+(\d{1,2}|[IVX]{1,6}))?\s*[:.\-–—]\s+(.*)"
)
_ACTION_WORD = re.compile(
    r"(?i)(?:actie|maatregel|activiteit)\s+(\d{1,3}(?:\.\d{1,2})?)\s*[:.)\-–—]\s+(.*)"
)
# "1 Bewustwording": a number without "." or ")" is a heading only when "1.1" entries follow.
_BARE_NUMBER = re.compile(r"(\d{1,2})\s+([A-ZÀ-Ý].*)")
_DECIMAL_PREFIX = re.compile(r"\s*(\d{1,2})\.\d{1,2}\.?\s+\S")
_AMBITION_MARK = re.compile(r"(?i)ambities?(?:\s*[:\-–—]\s*(.*))?")
_FOOTNOTE_MARK = re.compile(f"([{_SUPERSCRIPTS}]+)\\s*(.*)")
_MARKER_AT_END = re.compile(f"\\s*([{_SUPERSCRIPTS}]+)$")
_PAGE = re.compile(
    r"(?i)(?:pagina|page|blz\.?|p\.)\s*\d+(?:\s*(?:van|of|/)\s*\d+)?|\d+\s*(?:van|of|/)\s*\d+"
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LIST_SEPARATOR = re.compile(r"\s*[;,](?:\s+(?:en|of))?\s*$")
_DECISION_WORDS = re.compile(
    r"(?i)\b(?:geadviseerd|voorgesteld|besluit|besluiten|beslispunten|beslispunt|gevraagd|verzocht)\b"
)
_ELISION_WORDS = ("en", "of", "tot", "noch")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ALNUM = re.compile(r"[^\W_]")
_NON_ALNUM = re.compile(r"[\W_]+")

HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 120
LABEL_MAX_WORDS = 4
# A label that opens with a personal pronoun is a sentence ("We doen het volgende:"), not a name.
_PRONOUNS = frozenset({"we", "wij", "ik", "u", "zij", "ze", "hij", "men", "jullie"})
KEY_MIN_CHARS = 4
CONTAINED_KEY_MIN_CHARS = 10
# Overview matching may skip or compare many headings; the cap keeps adversarial input linear.
CONTAINMENT_BUDGET = 10_000


@dataclass(slots=True)
class _Line:
    index: int  # 0-based
    text: str  # whitespace-normalised content
    kind: str = _TEXT
    number: str = ""
    body: str = ""
    indent: int = 0
    cells: tuple[str, ...] = ()
    style: str = ""  # numbered lines: how they are numbered (see _STYLE_*)


@dataclass(slots=True)
class _Node:
    kind: str
    lines: list[int]  # 0-based indices of the lines it covers
    text: str = ""
    number: str = ""
    indent: int = 0
    heading: bool = False  # text blocks: all lines short and heading-like
    # Numbered lines: "2.3" has depth 2, prefix "2" and last 3.
    depth: int = 0
    prefix: str = ""
    last: int = 0
    style: str = ""

    @property
    def first(self) -> int:
        return self.lines[0]


@dataclass
class _ActionDraft:
    title: str
    number: str
    line: int
    items: list[str] = field(default_factory=list)
    columns: list[list[str]] = field(default_factory=list)
    indent: int = 0
    lines: list[int] = field(default_factory=list)

    def freeze(self) -> ParsedAction:
        return ParsedAction(
            title=self.title,
            items=tuple(self.items),
            number=self.number,
            line=self.line,
            columns=tuple((header, cell) for header, cell in self.columns) if self.columns else (),
        )


@dataclass
class _ThemeDraft:
    title: str
    number: str
    line: int
    ambition: str = ""
    actions: list[_ActionDraft] = field(default_factory=list)

    def freeze(self) -> ParsedTheme:
        return ParsedTheme(
            title=self.title,
            ambition=self.ambition,
            number=self.number,
            line=self.line,
            actions=tuple(action.freeze() for action in self.actions),
        )


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _arabic(roman: str) -> str:
    """ "IV" → "4"; "" for what is no well-formed Roman numeral ("IIII", "VX")."""
    if roman.isdigit():
        return roman
    total = 0
    for i, letter in enumerate(roman):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[roman[i + 1]] if i + 1 < len(roman) else 0
        total += -value if value < following else value
    return str(total) if 0 < total < 40 and _roman(total) == roman else ""


def _roman(number: int) -> str:
    out = []
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _has_letter(text: str) -> bool:
    if text.isascii():
        return _ASCII_LETTER.search(text) is not None
    # The pattern also admits numerals such as "¹"; isalpha settles those few.
    return any(match.group().isalpha() for match in _LETTER.finditer(text))


def _shorten(text: str) -> str:
    text = _normalise(_CONTROL.sub("\ufffd", text))
    if len(text) <= PROBLEM_TEXT_LENGTH:
        return text
    return text[: PROBLEM_TEXT_LENGTH - 1].rstrip() + "…"


def _heading_like(text: str) -> bool:
    if not text or len(text) > HEADING_MAX_CHARS or text[-1] in ".;":
        return False
    return len(text.split()) <= HEADING_MAX_WORDS and _ALNUM.search(text) is not None


def _key(text: str) -> str:
    """Letters and digits only, case-folded: how a theme is recognised when it comes back."""
    return _NON_ALNUM.sub("", text.casefold())


def _split_label(text: str) -> tuple[str, str]:
    if ":" in text:
        label, rest = text.split(":", 1)
        return label.strip(), rest.strip()
    return text.rstrip(" .;,"), ""


def _is_short_label(label: str) -> bool:
    words = label.split()
    return (
        0 < len(words) <= LABEL_MAX_WORDS
        and words[0].casefold() not in _PRONOUNS
        and _has_letter(label)
        and not any(ch in label for ch in ".;")
    )


def _join(parts: list[str]) -> str:
    """Join wrapped lines; "bewustwordings-" + "bijeenkomsten" loses the line break, while the
    Dutch elision "in- en externe" keeps its space."""
    if len(parts) == 1:
        return parts[0]
    out: list[str] = []
    previous = ""
    for part in parts:
        if not part:
            continue
        if previous:
            hyphenated = (
                len(previous) > 1
                and previous[-1] == "-"
                and previous[-2].isalpha()
                and part[0].islower()
                and part.split(maxsplit=1)[0] not in _ELISION_WORDS
            )
            out.append("" if hyphenated else " ")
        out.append(part)
        previous = part
    return "".join(out)


def _clean_title(text: str) -> str:
    return _LIST_SEPARATOR.sub("", _BOLD.sub(r"\1", text)).strip()


def _theme_title(text: str) -> str:
    return _BOLD.sub(r"\1", text).strip().rstrip(" .:;,")


class _Parser:
    def __init__(self, text: str) -> None:
        if isinstance(text, bytes | bytearray):
            text = bytes(text).decode("utf-8", "replace")
        elif not isinstance(text, str):
            text = str(text)
        self.raw_lines = _LINE_BREAK.split(text)
        self.lines: list[_Line] = []
        self.nodes: list[_Node] = []
        self.uses: list[str] = [""] * len(self.raw_lines)
        # (0-based line, lines covered, message; None means prose, worded by position later)
        self.reports: list[tuple[int, list[int], Promise | None]] = []
        self.role: dict[int, str] = {}
        self.occurrence_of: dict[int, int] = {}  # heading node -> overview entry node
        self.parent_of: dict[int, int | None] = {}
        self.budget = CONTAINMENT_BUDGET
        self.keys: dict[int, str] = {}  # heading candidates' keys, by node
        self.decimal_prefixes = {
            match.group(1)
            for raw in self.raw_lines
            if (match := _DECIMAL_PREFIX.match(raw[:20])) is not None
        }
        # "I." is a Roman theme only in a text that also has "II.": "V. de Vries" is a name.
        romans = {
            match.group(1)
            for raw in self.raw_lines
            if (match := _ROMAN_START.match(raw[:12])) is not None
        }
        self.roman = {"I", "II"} <= romans

    def run(self) -> tuple[ParsedPlan, tuple[str, ...]]:
        self._classify_lines()
        self._find_tables()
        self._build_nodes()
        self._find_overviews()
        self._classify_lists()
        themes = self._walk()
        problems = self._problems()
        return ParsedPlan(themes=themes, problems=problems), tuple(self.uses)

    # Lines -----------------------------------------------------------------------------------

    def _classify_lines(self) -> None:
        for index, raw in enumerate(self.raw_lines):
            if _CONTROL.search(raw) or (
                "\ufffd" in raw and raw.count("\ufffd") > REPLACEMENT_SHARE * len(raw.strip())
            ):
                self.lines.append(_Line(index, _shorten(raw), _UNREADABLE))
                continue
            if not raw.isascii():
                raw = unicodedata.normalize("NFC", _INVISIBLE.sub("", raw))
            line = _Line(index, _normalise(raw))
            self.lines.append(line)
            if not line.text:
                line.kind = _BLANK
                continue
            if raw[0].isspace():
                line.indent = len(raw[: len(raw) - len(raw.lstrip())].expandtabs(4))
            cells = [_normalise(cell) for cell in raw.split("\t")] if "\t" in raw else []
            while cells and not cells[-1]:
                cells.pop()
            filled = sum(1 for cell in cells if cell)
            if filled >= 3 or (filled == 2 and not self._marker_line(line)):
                line.kind = _TABLE
                line.cells = tuple(cells)
                continue
            if filled == 1 and not cells[0]:
                # Possibly the wrapped cell of the table row above; _find_tables decides.
                line.cells = tuple(cells)
            if self._marker_line(line):
                continue
            if not _has_letter(line.text) or _PAGE.fullmatch(line.text):
                line.kind = _FURNITURE

    def _marker_line(self, line: _Line) -> bool:
        """Recognise numbered lines, bullets, ambitions and footnotes; set their kind."""
        text = line.text
        match = _NUMBERED.fullmatch(text)
        if match and (match.group(2) or ("." in match.group(1) and match.group(3))):
            line.style = _STYLE_PARENTHESIS if match.group(2) == ")" else _STYLE_DOT
            return self._set_marker(line, _NUMBER, match.group(3) or "", match.group(1))
        match = _BARE_NUMBER.fullmatch(text)
        if match and match.group(1) in self.decimal_prefixes:
            line.style = _STYLE_DOT
            return self._set_marker(line, _NUMBER, match.group(2), match.group(1))
        match = _THEME_WORD.fullmatch(text)
        if match:
            # Unnumbered (or oddly numbered: "Thema IIII") ones are numbered in order later.
            number = _arabic(match.group(1).upper()) if match.group(1) else ""
            line.style = _STYLE_THEME_WORD
            return self._set_marker(line, _NUMBER, match.group(2), number)
        match = _ACTION_WORD.fullmatch(text)
        if match:
            line.style = _STYLE_ACTION_WORD
            return self._set_marker(line, _NUMBER, match.group(2), match.group(1))
        match = _ROMAN.fullmatch(text)
        if match and self.roman and _arabic(match.group(1)):
            line.style = _STYLE_ROMAN
            return self._set_marker(line, _NUMBER, match.group(2), _arabic(match.group(1)))
        match = _BULLET_MARK.fullmatch(text) or _LETTER_LABEL.fullmatch(text)
        if match:
            body = match.group(match.lastindex or 1)
            label = _LETTER_LABEL.fullmatch(body)
            if match.re is _LETTER_LABEL:
                line.style = _STYLE_LETTER
            return self._set_marker(line, _BULLET, label.group(2) if label else body)
        match = _AMBITION_MARK.fullmatch(text)
        if match:
            line.kind = _AMBITION
            line.body = match.group(1) or ""
            return True
        match = _FOOTNOTE_MARK.fullmatch(text)
        if match and _has_letter(match.group(2)):
            return self._set_marker(line, _FOOTNOTE, match.group(2), match.group(1))
        return False

    @staticmethod
    def _set_marker(line: _Line, kind: str, body: str, number: str = "") -> bool:
        # A marker followed by text without letters ("- 3 -", "1. 2019") is page furniture.
        line.kind = kind if not body or _has_letter(body) else _FURNITURE
        line.body = body
        line.number = number
        return True

    def _find_tables(self) -> None:
        """Validate runs of tab-separated lines; what is no real table is read as text."""
        index = 0
        while index < len(self.lines):
            if self.lines[index].kind != _TABLE:
                index += 1
                continue
            run = [index]
            probe = index + 1
            while probe < len(self.lines):
                candidate = self.lines[probe]
                if candidate.kind == _TEXT and candidate.cells and probe == run[-1] + 1:
                    candidate.kind = _TABLE
                if candidate.kind == _TABLE:
                    run.append(probe)
                elif candidate.kind != _BLANK:
                    break
                probe += 1
            run_end = run[-1] + 1
            # Cells indented by the same number of tabs on every row are no extra column.
            indent = min(
                next((i for i, cell in enumerate(self.lines[r].cells) if cell), 0) for r in run
            )
            for r in run:
                self.lines[r].cells = self.lines[r].cells[indent:]
            titled = any(_has_letter(self.lines[r].cells[0]) for r in run[1:])
            if len(run) < 2 or not titled:
                for r in run:
                    line = self.lines[r]
                    line.text = _normalise(" ".join(line.cells))
                    line.cells = ()
                    if not self._marker_line(line):
                        line.kind = _FURNITURE if not _has_letter(line.text) else _TEXT
            index = run_end

    # Nodes -----------------------------------------------------------------------------------

    def _build_nodes(self) -> None:
        lines = self.lines
        index = 0
        theme_word = 0  # the number of the last "Thema" line, for those that carry none
        while index < len(lines):
            line = lines[index]
            kind = line.kind
            if kind == _BLANK:
                index += 1
            elif kind == _FURNITURE:
                self.uses[index] = "furniture"
                index += 1
            elif kind == _UNREADABLE:
                self._report([index], MSG_UNREADABLE)
                index += 1
            elif kind == _TABLE:
                covered = []
                while index < len(lines) and lines[index].kind in (_TABLE, _BLANK):
                    if lines[index].kind == _TABLE:
                        covered.append(index)
                    index += 1
                self.nodes.append(_Node(_TABLE, covered))
            elif kind == _TEXT:
                covered = []
                while index < len(lines) and lines[index].kind == _TEXT:
                    covered.append(index)
                    index += 1
                texts = [lines[i].text for i in covered]
                heading = all(_heading_like(text) for text in texts)
                self.nodes.append(_Node(_TEXT, covered, _join(texts), heading=heading))
            else:
                covered = [index]
                parts = [line.body]
                index += 1
                while index < len(lines) and lines[index].kind == _TEXT:
                    covered.append(index)
                    parts.append(lines[index].text)
                    index += 1
                node = _Node(
                    kind,
                    covered,
                    _join(parts),
                    number=line.number,
                    indent=line.indent,
                    style=line.style,
                )
                if kind == _NUMBER and node.style == _STYLE_THEME_WORD:
                    theme_word = int(line.number) if line.number else theme_word + 1
                    node.number = str(theme_word)
                if kind == _NUMBER:
                    node.prefix, _, last = node.number.rpartition(".")
                    node.depth, node.last = node.number.count(".") + 1, int(last)
                self.nodes.append(node)

    def _next(self, k: int) -> _Node | None:
        return self.nodes[k + 1] if k + 1 < len(self.nodes) else None

    # Structure -------------------------------------------------------------------------------

    def _find_overviews(self) -> None:
        nodes = self.nodes
        keys: dict[str, list[int]] = {}
        candidates: list[int] = []
        for k, node in enumerate(nodes):
            if (node.kind == _TEXT and node.heading) or (
                node.kind == _NUMBER and _heading_like(node.text)
            ):
                key = _key(node.text)
                self.keys[k] = key
                if len(key) >= KEY_MIN_CHARS:
                    keys.setdefault(key, []).append(k)
                    candidates.append(k)
        k = 0
        while k < len(nodes):
            run = self._compact_run(k)
            if len(run) >= 2:
                self._match_overview(run, keys, candidates)
            k = run[-1] + 1 if run else k + 1

    def _compact_run(self, k: int) -> list[int]:
        nodes = self.nodes
        if nodes[k].kind != _NUMBER or k in self.occurrence_of:
            return []
        run = [k]
        while run[-1] + 1 < len(nodes):
            nxt = run[-1] + 1
            node, previous = nodes[nxt], nodes[run[-1]]
            if (
                node.kind != _NUMBER
                or nxt in self.occurrence_of
                or node.depth != previous.depth
                or node.prefix != previous.prefix
                or node.style != previous.style
                or node.last != previous.last + 1
            ):
                break
            run.append(nxt)
        return run

    def _match_overview(
        self, run: list[int], keys: dict[str, list[int]], candidates: list[int]
    ) -> None:
        taken: dict[int, int] = {}
        start = bisect.bisect_right(candidates, run[-1])
        for entry in run:
            key = _key(self.nodes[entry].text)
            if len(key) < KEY_MIN_CHARS:
                continue
            found = None
            same = keys.get(key, [])
            for candidate in same[bisect.bisect_right(same, run[-1]) :]:
                if candidate not in taken and self._free(candidate):
                    found = candidate
                    break
                self.budget -= 1
                if self.budget <= 0:
                    break
            if found is None and len(key) >= CONTAINED_KEY_MIN_CHARS:
                for candidate in candidates[start:]:
                    if self.budget <= 0:
                        break
                    self.budget -= 1
                    # Only a heading that says more ("Landsgrensoverschrijdende ondermijning" for
                    # "Grensoverschrijdende ondermijning") may rename an entry: words are kept.
                    if (
                        key in self.keys[candidate]
                        and candidate not in taken
                        and self._free(candidate)
                    ):
                        found = candidate
                        break
            if found is not None:
                taken[found] = entry
        if taken and 2 * len(taken) >= len(run):
            for entry in run:
                self.role[entry] = _OVERVIEW
            for candidate, entry in taken.items():
                self.occurrence_of[candidate] = entry
                self.role[candidate] = _OCCURRENCE

    def _free(self, k: int) -> bool:
        return k not in self.occurrence_of and k not in self.role

    def _classify_lists(self) -> None:
        """Group the remaining numbered lines into lists and give every list one role."""
        nodes = self.nodes
        last_at_depth: dict[int, int] = {}
        last_in_group: dict[tuple[int | None, int, str], int] = {}
        lists: list[list[int]] = []
        list_of: dict[int, int] = {}
        children: set[int] = set()
        for k, node in enumerate(nodes):
            if node.kind != _NUMBER:
                continue
            depth = node.depth
            for deeper in [d for d in last_at_depth if d > depth]:
                del last_at_depth[deeper]
            parent = last_at_depth.get(depth - 1)
            if parent is not None and nodes[parent].number != node.prefix:
                parent = None
            last_at_depth[depth] = k
            if k in self.role:
                continue
            self.parent_of[k] = parent
            if parent is not None:
                children.add(parent)
            group = (parent, depth, node.style)
            previous = last_in_group.get(group)
            if previous is not None and node.last == nodes[previous].last + 1:
                lists[list_of[previous]].append(k)
                list_of[k] = list_of[previous]
            else:
                lists.append([k])
                list_of[k] = len(lists) - 1
            last_in_group[group] = k
        for entries in lists:
            parent = self.parent_of[entries[0]]
            if parent is None:
                role = self._list_role(entries, children)
            else:
                parent_role = self.role.get(parent, _ACTION)
                if parent_role in _THEME_ROLES:
                    role = _ACTION
                elif parent_role == _DECISION:
                    role = _DECISION
                else:
                    role = _ITEM
            for entry in entries:
                self.role[entry] = role

    def _list_role(self, entries: list[int], children: set[int]) -> str:
        nodes = self.nodes
        before = nodes[entries[0] - 1] if entries[0] > 0 else None
        if (
            before is not None
            and before.kind == _TEXT
            and before.text.endswith(":")
            and _DECISION_WORDS.search(self.lines[before.lines[-1]].text)
        ):
            return _DECISION
        style = nodes[entries[0]].style
        if style == _STYLE_THEME_WORD:
            return _THEME
        if style == _STYLE_ACTION_WORD:
            return _ACTION
        following = [self._next(entry) for entry in entries]
        if any(node is not None and node.kind == _AMBITION for node in following):
            return _THEME
        if any(entry in children for entry in entries):
            return _THEME
        # Each entry opens a list of its own, numbered another way from 1: "1. Horeca" with
        # "1) Controles", "2) Bibob" below it.
        restarting = sum(
            1
            for node in following
            if node is not None
            and node.kind == _NUMBER
            and node.style != style
            and node.style != _STYLE_THEME_WORD
            and node.last == 1
            and node.depth == nodes[entries[0]].depth
        )
        if restarting and 2 * restarting >= len(entries):
            return _THEME
        # Right under a theme numbered another way (its ambition between them at most), a list
        # restarting at 1 holds its actions, however short ("1. Vastgoed" with "1) Screening").
        above = entries[0] - 1
        while above >= 0 and nodes[above].kind == _AMBITION:
            above -= 1
        if (
            above >= 0
            and nodes[above].kind == _NUMBER
            and self.role.get(above) in _THEME_ROLES
            and nodes[above].style != style
            and nodes[entries[0]].last == 1
        ):
            return _ACTION
        texts = [nodes[entry].text for entry in entries]
        arabic = style in (_STYLE_DOT, _STYLE_PARENTHESIS)
        with_bullets = sum(
            1
            for node in following
            if node is not None
            and node.kind == _BULLET
            and not (arabic and node.style == _STYLE_LETTER)
        )
        if (
            len(entries) >= 2
            and with_bullets
            and 2 * with_bullets >= len(entries)
            and all(_is_short_label(_split_label(text)[0]) for text in texts)
        ):
            return _LABEL_THEME
        if all(
            node is not None and node.kind == _TEXT and not node.heading for node in following
        ) and all(_heading_like(text) for text in texts):
            return _THEME
        return _ACTION

    # Walk ------------------------------------------------------------------------------------

    def _walk(self) -> tuple[ParsedTheme, ...]:
        nodes = self.nodes
        themes: list[_ThemeDraft] = []
        unthemed: list[_ActionDraft] = []
        loose: list[_ActionDraft] = []
        theme_of: dict[int, _ThemeDraft] = {}
        action_of: dict[int, _ActionDraft] = {}
        by_marker: dict[str, _ActionDraft] = {}
        current: _ThemeDraft | None = None
        open_action: _ActionDraft | None = None
        open_is_numbered = False
        in_decision = False
        after_overview = False

        def add_action(action: _ActionDraft) -> None:
            (current.actions if current is not None else unthemed).append(action)

        def new_action(title: str, number: str, node: _Node) -> _ActionDraft:
            title = _clean_title(title)
            marker = _MARKER_AT_END.search(title)
            action = _ActionDraft(title, number, node.first + 1, indent=node.indent)
            if marker:
                action.title = _clean_title(title[: marker.start()])
                by_marker[marker.group(1)] = action
            return action

        for k, node in enumerate(nodes):
            kind = node.kind
            if kind == _NUMBER:
                role = self.role.get(k, _ACTION)
                in_decision = role == _DECISION
                if role == _DECISION:
                    open_action = None
                    self._report(node.lines, MSG_DECISION)
                    continue
                if not _has_letter(node.text):
                    self._report(node.lines, MSG_EMPTY_NUMBER)
                    continue
                if role in _THEME_ROLES:
                    open_action = None
                    after_overview = role == _OVERVIEW
                    if role == _OCCURRENCE:
                        current = theme_of[self.occurrence_of[k]]
                        current.title = _theme_title(node.text)
                    else:
                        title, rest = (
                            _split_label(node.text) if role == _LABEL_THEME else (node.text, "")
                        )
                        title = _theme_title(title)
                        if role == _OVERVIEW:
                            title = title[:1].upper() + title[1:]
                        current = _ThemeDraft(title, node.number, node.first + 1)
                        theme_of[k] = current
                        themes.append(current)
                        if rest:
                            add_action(new_action(rest, "", node))
                    self._use(node, "theme")
                elif role == _ITEM:
                    parent = self._action_ancestor(k, action_of)
                    target = parent or open_action
                    if target is not None:
                        target.items.append(_clean_title(node.text))
                        action_of[k] = target
                        self._use(node, "item")
                    else:
                        action = new_action(node.text, node.number, node)
                        add_action(action)
                        action_of[k] = action
                        self._use(node, "action")
                else:
                    action = new_action(node.text, node.number, node)
                    add_action(action)
                    action_of[k] = action
                    open_action, open_is_numbered = action, True
                    self._use(node, "action")
            elif kind == _BULLET:
                if in_decision:
                    self._report(node.lines, MSG_DECISION)
                elif not node.text:
                    self._use(node, "furniture")
                elif open_action is not None and (
                    open_is_numbered or node.indent >= open_action.indent + 2
                ):
                    open_action.items.append(_clean_title(node.text))
                    open_action.lines.extend(node.lines)
                    self._use(node, "item")
                else:
                    action = new_action(node.text, "", node)
                    action.lines.extend(node.lines)
                    if current is not None:
                        add_action(action)
                    else:
                        loose.append(action)
                    open_action, open_is_numbered = action, False
                    self._use(node, "action")
            elif kind == _AMBITION:
                open_action, in_decision = None, False
                if current is not None and node.text:
                    current.ambition = _join([current.ambition, _BOLD.sub(r"\1", node.text)])
                    self._use(node, "ambition")
                elif current is not None:
                    self._use(node, "furniture")
                else:
                    self._report(node.lines, MSG_AMBITION_ALONE)
            elif kind == _FOOTNOTE:
                target = by_marker.get(node.number)
                if target is not None:
                    target.items.append(_clean_title(node.text))
                    self._use(node, "item")
                else:
                    self._report(node.lines, MSG_FOOTNOTE_ALONE)
            elif kind == _TABLE:
                open_action, in_decision = None, False
                self._table(node, add_action, new_action)
            else:
                in_decision = False
                if k in self.occurrence_of:
                    open_action, after_overview = None, False
                    current = theme_of[self.occurrence_of[k]]
                    current.title = _theme_title(node.text)
                    self._use(node, "theme")
                    continue
                following = self._next(k)
                if after_overview:
                    current, after_overview = None, False
                if node.heading and following is not None and following.kind == _AMBITION:
                    last = node.lines[-1]
                    current = _ThemeDraft(_theme_title(self.lines[last].text), "", last + 1)
                    themes.append(current)
                    open_action = None
                    for index in node.lines[:-1]:
                        self.uses[index] = "heading"
                    self.uses[last] = "theme"
                elif node.heading:
                    open_action = None
                    self._use(node, "heading")
                elif (
                    len(node.lines) == 1
                    and node.text.endswith(":")
                    and following is not None
                    and following.kind in (_NUMBER, _BULLET, _TABLE)
                ):
                    self._use(node, "lead-in")
                else:
                    open_action = None
                    self._report(node.lines, None)

        if themes or unthemed:
            for action in loose:
                for index in action.lines:
                    self._report([index], MSG_LOOSE_BULLET)
        else:
            unthemed = loose
        result = [_ThemeDraft("", "", 0, actions=unthemed)] if unthemed else []
        result.extend(themes)
        return tuple(theme.freeze() for theme in result)

    def _action_ancestor(self, k: int, action_of: dict[int, _ActionDraft]) -> _ActionDraft | None:
        parent = self.parent_of.get(k)
        while parent is not None:
            if parent in action_of:
                return action_of[parent]
            parent = self.parent_of.get(parent)
        return None

    def _table(
        self,
        node: _Node,
        add_action: Callable[[_ActionDraft], None],
        new_action: Callable[[str, str, _Node], _ActionDraft],
    ) -> None:
        header, *rows = (self.lines[index] for index in node.lines)
        names = header.cells[1:]
        added = False
        previous: _ActionDraft | None = None
        for row in rows:
            first, cells = row.cells[0], row.cells[1:]
            if _has_letter(first):
                previous = new_action(first, "", node)
                previous.line = row.index + 1
                width = max(len(names), len(cells))
                previous.columns = [
                    [names[i] if i < len(names) else "", cells[i] if i < len(cells) else ""]
                    for i in range(width)
                ]
                add_action(previous)
                added = True
                self.uses[row.index] = "table"
            elif not first and previous is not None:
                for i, cell in enumerate(cells):
                    if i < len(previous.columns):
                        previous.columns[i][1] = _join([previous.columns[i][1], cell])
                    else:
                        previous.columns.append([names[i] if i < len(names) else "", cell])
                self.uses[row.index] = "table"
            else:
                self._report([row.index], MSG_TABLE_ROW)
        if added:
            self.uses[header.index] = "table-header"
        else:
            self._report([header.index], MSG_TABLE_ROW)

    # Accounting ------------------------------------------------------------------------------

    def _use(self, node: _Node, use: str) -> None:
        for index in node.lines:
            self.uses[index] = use

    def _report(self, lines: list[int], message: Promise | None) -> None:
        self.reports.append((lines[0], lines, message))
        for index in lines:
            self.uses[index] = f"problem@{lines[0] + 1}"

    def _problems(self) -> tuple[Problem, ...]:
        used = [i for i, use in enumerate(self.uses) if use in _PLAN_USES]
        first_used = used[0] if used else None
        last_used = used[-1] if used else None
        problems = []
        for start, lines, reported in sorted(self.reports, key=lambda report: report[0]):
            # Problem.message is plain text in the active language, not a lazy string.
            if reported is not None:
                message = str(reported)
            else:
                if first_used is not None and start < first_used:
                    message = str(MSG_PROSE_BEFORE)
                elif last_used is not None and start > last_used:
                    message = str(MSG_PROSE_AFTER)
                else:
                    message = str(MSG_PROSE)
                if len(lines) > 1:
                    message = str(MSG_LINE_RANGE) % {
                        "message": message,
                        "first": start + 1,
                        "last": lines[-1] + 1,
                    }
            problems.append(Problem(start + 1, _shorten(self.lines[start].text), message))
        return tuple(problems)


# Correcting what was read -----------------------------------------------------------------------

KIND_THEME = "theme"
KIND_ACTION = "action"
KIND_ITEM = "item"
KIND_SKIP = "skip"
KINDS = (KIND_THEME, KIND_ACTION, KIND_ITEM, KIND_SKIP)


@dataclass(frozen=True)
class PlanEntry:
    """One theme, action or item of a read plan, in reading order: what the import preview
    lists, each with the kind the coordinator may change."""

    kind: str
    text: str
    line: int = 0  # 0 for an item (items carry no line of their own)
    number: str = ""
    ambition: str = ""
    columns: tuple[tuple[str, str], ...] = ()


def plan_entries(plan: ParsedPlan) -> list[PlanEntry]:
    entries = []
    for theme in plan.themes:
        if theme.title:
            entries.append(
                PlanEntry(KIND_THEME, theme.title, theme.line, theme.number, theme.ambition)
            )
        for action in theme.actions:
            entries.append(
                PlanEntry(
                    KIND_ACTION, action.title, action.line, action.number, columns=action.columns
                )
            )
            entries.extend(PlanEntry(KIND_ITEM, item) for item in action.items)
    return entries


def reclassify(plan: ParsedPlan, kinds: dict[int, str]) -> ParsedPlan:
    """The plan with entries (indexes into `plan_entries`) read as another kind: a theme
    opens a theme, an action joins the theme above it, an item joins the action above it (or
    is an action when there is none), and a skipped entry is left out. What an entry keeps
    follows its new kind: a theme's ambition only stays with a theme, an action's number and
    table columns only with an action. The items of an action made a theme become its
    actions."""
    unthemed: list[_ActionDraft] = []
    themes: list[_ThemeDraft] = []
    current: _ThemeDraft | None = None
    action: _ActionDraft | None = None
    for index, entry in enumerate(plan_entries(plan)):
        kind = kinds.get(index, entry.kind)
        if kind not in KINDS:
            kind = entry.kind
        if kind == KIND_SKIP:
            continue
        if kind == KIND_THEME:
            was_theme = entry.kind == KIND_THEME
            current = _ThemeDraft(
                _theme_title(entry.text),
                entry.number if was_theme else "",
                entry.line,
                ambition=entry.ambition if was_theme else "",
            )
            themes.append(current)
            action = None
        elif kind == KIND_ITEM and action is not None:
            action.items.append(entry.text)
        else:
            was_action = entry.kind == KIND_ACTION
            action = _ActionDraft(entry.text, entry.number if was_action else "", entry.line)
            if was_action:
                action.columns = [list(pair) for pair in entry.columns]
            (current.actions if current is not None else unthemed).append(action)
    result = [_ThemeDraft("", "", 0, actions=unthemed)] if unthemed else []
    result.extend(themes)
    return ParsedPlan(themes=tuple(t.freeze() for t in result), problems=plan.problems)
