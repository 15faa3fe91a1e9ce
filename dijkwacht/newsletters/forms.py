from __future__ import annotations

import datetime
import re
from email.utils import getaddresses
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.forms import LineText
from dijkwacht.newsletters.models import CADENCES
from dijkwacht.newsletters.services import MAX_INVITED

# The problems of an invitation list named one by one; the rest as a number.
SHOWN_PROBLEMS = 20
# The longest address a mail server takes (and the column holds).
MAX_ADDRESS = 254


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.CharField(
        label=_("Audience"),
        max_length=200,
        help_text=_("Who it is for, e.g. officials of the member municipalities."),
    )
    cadence = forms.ChoiceField(label=_("Cadence"), choices=CADENCES)
    reply_to = forms.EmailField(
        label=_("Reply address"),
        required=False,
        max_length=MAX_ADDRESS,
        help_text=_("Where replies to the newsletter go; empty: nowhere."),
    )


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    planned_on = forms.DateField(
        label=_("Planned for"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    body = LineText(
        label=_("Text"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_(
            "Markdown: a line starting with # is a heading, with - an item of a list; "
            "**bold**, *italic*, [text](https://…) a link. An empty line starts a new paragraph."
        ),
    )

    def clean_planned_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["planned_on"]
        if not 2000 <= day.year <= 2100:
            raise ValidationError(_("Enter a date between 2000 and 2100."))
        return day


_BRACKETED = re.compile(r"^(?P<name>[^<>]*)<(?P<address>[^<>]*)>\s*$")


def _pairs(line: str) -> list[tuple[str, str]]:
    """(name, address) of one line. With one address: "Name <address>", "Jansen, Jan
    <address>" (as Outlook copies it), "address, Name", or a spreadsheet's row (tab between);
    the rest of the line is the name. With more: a list separated by commas or semicolons."""
    if line.count("@") > 1:
        return getaddresses([line.replace(";", ",")])
    bracketed = _BRACKETED.match(line)
    if bracketed:
        name = bracketed["name"].strip().strip("\"'").strip()
        return [(" ".join(name.split()), bracketed["address"].strip())]
    cells = [c.strip() for c in re.split(r"[,;\t]", line) if c.strip()]
    addresses = [c for c in cells if "@" in c]
    names = [c for c in cells if "@" not in c]
    return [(" ".join(names), addresses[0] if addresses else line)]


def parse_addresses(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, address) per address in the text, and a problem per line with something that is
    not an address, by line number and as the line was typed."""
    people: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = _pairs(line.strip())
        wrong = False
        for name, address in found:
            try:
                validate_email(address)
                if len(address) > MAX_ADDRESS:
                    raise ValidationError("too long")
            except ValidationError:
                wrong = True
            else:
                people.append((name, address))
        if wrong or not found:
            problems.append(
                gettext("Line %(line)d: “%(text)s” is not an e-mail address.")
                % {"line": number, "text": line.strip()[:80]}
            )
    return people, problems


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses to invite"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line: an address, or a name and an address (Jan Jansen <j.jansen@"
            "gemeente.nl>); a column of names and one of addresses pasted from a spreadsheet "
            "will do. Each gets a mail with a link to confirm; nobody receives the newsletter "
            "without confirming."
        ),
    )

    def clean_addresses(self) -> list[tuple[str, str]]:
        people, problems = parse_addresses(self.cleaned_data["addresses"])
        if problems:
            shown = problems[:SHOWN_PROBLEMS]
            if len(problems) > SHOWN_PROBLEMS:
                rest = len(problems) - SHOWN_PROBLEMS
                shown.append(
                    ngettext("And %(count)d more line.", "And %(count)d more lines.", rest)
                    % {"count": rest}
                )
            raise ValidationError(shown)
        if not people:
            raise ValidationError(_("Give at least one address."))
        if len(people) > MAX_INVITED:
            raise ValidationError(
                _("Invite at most %(max)d addresses at once.") % {"max": MAX_INVITED}
            )
        return people


def issue_initial(issue: Any) -> dict[str, Any]:
    return {"title": issue.title, "planned_on": issue.planned_on, "body": issue.body}
