from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dijkwacht.core.forms import LineText
from dijkwacht.newsletters.models import CADENCES
from dijkwacht.newsletters.services import MAX_INVITED

# The problems of an invitation list named one by one; the rest as a number.
SHOWN_PROBLEMS = 20


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


def parse_addresses(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, address) per line of "Name <address>", "address" or "address, name" lines;
    and a problem per line that is not an address, by line number."""
    people: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if "<" not in line and ("," in line or ";" in line or "\t" in line):
            first, _sep, rest = line.replace(";", ",").replace("\t", ",").partition(",")
            line = f"{rest.strip()} <{first.strip()}>" if "@" in first else f"{first} <{rest}>"
        name, address = parseaddr(line)
        try:
            validate_email(address)
        except ValidationError:
            problems.append(
                str(_("Line %(line)d: “%(text)s” is not an e-mail address."))
                % {"line": number, "text": line[:80]}
            )
            continue
        people.append((name, address))
    return people, problems


class InviteForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses to invite"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line: an address, or a name and an address (Jan Jansen <j.jansen@"
            "gemeente.nl>). Each gets a mail with a link to confirm; nobody receives the "
            "newsletter without confirming."
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
