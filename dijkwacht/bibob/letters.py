"""Letters to the applicant: a template's text with its fields filled in. Pure: no database.

A field is a name in braces, `{aanvrager}`; `{{` writes a brace. The names are Dutch because
the team types them. Filling in is the standard library's `string.Template` with that syntax,
so a template can only name fields: no lookups, no code, nothing else of the screening than
the values given.
"""

from __future__ import annotations

import datetime
import re
import string
from dataclasses import dataclass
from typing import Any, cast

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELDS = {
    "aanvrager": gettext_lazy("the name of the person or company screened"),
    "kvk": gettext_lazy("its KvK number"),
    "besluit": gettext_lazy("the decision the screening concerns"),
    "categorie": gettext_lazy("the category of the decision"),
    "kenmerk": gettext_lazy("the screening's reference"),
    "organisatie": gettext_lazy("your organisation"),
    "datum": gettext_lazy("the letter's date"),
    "termijn": gettext_lazy("the date to reply by"),
    "motivering": gettext_lazy("the reasons, written when you make the letter"),
}
LIMITS = {"subject": 200, "body": 10000, "closing": 1000}


class LetterText(string.Template):
    delimiter = "{"  # what `{{` writes
    flags = re.VERBOSE  # not ignoring case: {Aanvrager} is no field
    # A string here: string.Template compiles it with `flags` when the class is made; the
    # stubs know only the compiled pattern.
    pattern = cast(
        "re.Pattern[str]",
        r"""
        \{(?:
          (?P<escaped>\{)          |  # {{ is a brace
          (?P<named>[A-Za-z_]+)\} |  # {aanvrager}; {Aanvrager} is named, and unknown
          (?P<braced>(?!))         |  # (string.Template wants this group; it never matches)
          (?P<invalid>)               # any other brace
        )
        """,
    )


def problems(text: str) -> list[str]:
    """What is wrong with a template's text, in words for the one who wrote it."""
    found = []
    template = LetterText(text)
    if not template.is_valid():
        found.append(_("A brace that starts no field: write {{ for a brace in the text."))
    unknown = [name for name in template.get_identifiers() if name not in FIELDS]
    if unknown:
        found.append(
            _("Unknown field %(fields)s. The fields are: %(known)s.")
            % {
                "fields": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in FIELDS),
            }
        )
    return found


def names(text: str) -> set[str]:
    return set(LetterText(text).get_identifiers())


def fill(text: str, values: dict[str, str]) -> str:
    """The text with its fields filled in; a field without a value stays as it is written,
    so a gap shows in the letter instead of failing it."""
    return LetterText(text).safe_substitute(values)


def long_date(day: datetime.date) -> str:
    """5 december 2026: letters go out in Dutch, whatever language the officer reads."""
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines), each as its lines; no empty paragraph."""
    blocks = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return [block.strip("\n").split("\n") for block in blocks.split("\n\n") if block.strip()]


@dataclass(frozen=True)
class Letter:
    organisation: str
    reference: str
    date: str
    subject: str
    address: list[str]
    body: list[list[str]]
    closing: list[list[str]]

    @property
    def filename_stem(self) -> str:
        return f"brief-{self.reference.lower()}"


# A municipality and a province write as "Gemeente Enschede", "Provincie Overijssel".
SENDER_PREFIX = {"gemeente": "Gemeente", "provincie": "Provincie"}


def sender(name: str, kind: str) -> str:
    prefix = SENDER_PREFIX.get(kind)
    if prefix and not name.lower().startswith(prefix.lower()):
        return f"{prefix} {name}"
    return name


def screening_values(
    screening: Any,
    *,
    date: datetime.date,
    reply_by: datetime.date | None,
    reasons: str = "",
) -> dict[str, str]:
    """The values of the fields for one screening (its category and organisation loaded)."""
    return {
        "aanvrager": screening.subject_name,
        "kvk": screening.subject_kvk,
        "besluit": screening.decision_subject,
        "categorie": screening.category.name,
        "kenmerk": screening.reference,
        "organisatie": sender(screening.organisation.name, screening.organisation.kind),
        "datum": long_date(date),
        "termijn": long_date(reply_by) if reply_by else "",
        "motivering": reasons.strip(),
    }


def compose(
    *,
    subject: str,
    body: str,
    closing: str,
    values: dict[str, str],
    address: str = "",
) -> Letter:
    """The letter: the texts filled in, the address block the applicant's name with the lines
    the officer typed under it."""
    lines = [values["aanvrager"], *(line.strip() for line in address.splitlines())]
    return Letter(
        organisation=values["organisatie"],
        reference=values["kenmerk"],
        date=values["datum"],
        subject=" ".join(fill(subject, values).split()),
        address=[line for line in lines if line],
        body=paragraphs(fill(body, values)),
        closing=paragraphs(fill(closing, values)),
    )
