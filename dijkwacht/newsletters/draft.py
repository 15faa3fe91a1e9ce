"""The first draft of an issue, written from what happened, and its text as HTML. Pure.

The selectors gather what happened since the last issue (`Digest`); `compose` writes it as
Markdown the editor rewrites: a heading, an opening to fill in, and a section per kind of
news that has any. Names typed by people (an action's title, a source's) are escaped, so a
title with an asterisk stays a title. `to_html` renders the editor's Markdown without raw
HTML and without images (markdown-it-py's CommonMark with `html` and `image` off; it refuses
`javascript:` links), for the preview, the mail and the PDF alike.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from markdown_it import MarkdownIt

# Where the editor writes the opening.
OPENING = gettext_lazy("Write an opening here: what stood out, and what you ask of the readers.")
# Per section at most this many lines; the rest is said as a number.
MAX_LINES = 25

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escaped(text: str) -> str:
    """A name as Markdown text: on one line, its marks escaped (a name never starts a line
    in the draft, so what would start a list or a heading there is no mark)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@dataclass(frozen=True)
class Change:
    action: str
    organisation: str
    before: str  # the status in words ("" when the cell had none)
    after: str


@dataclass(frozen=True)
class ProgrammeChanges:
    programme: str
    changes: list[Change]


@dataclass(frozen=True)
class Held:
    """An activity with sessions held in the period."""

    title: str
    first: datetime.date
    last: datetime.date
    sessions: int
    participants: int
    groups: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Coming:
    day: datetime.date
    title: str
    kind: str  # what it is in words ("campagne"), or "" when its title says it


@dataclass(frozen=True)
class Source:
    title: str
    holder: str


@dataclass(frozen=True)
class Thread:
    norm: str
    below: int | None  # None: a small count, not given
    applies: int | None


@dataclass(frozen=True)
class RoundThreads:
    title: str
    deadline: datetime.date
    threads: list[Thread]


@dataclass(frozen=True)
class Digest:
    newsletter: str
    number: int
    since: datetime.date
    until: datetime.date
    programmes: list[ProgrammeChanges] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    coming: list[Coming] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    rounds: list[RoundThreads] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.programmes or self.held or self.coming or self.sources or self.rounds)


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    rest = len(lines) - MAX_LINES
    more = ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
    return [*lines[:MAX_LINES], f"- *{more}*"]


def _days(held: Held) -> str:
    if held.first == held.last:
        return _day(held.first)
    return _("%(first)s to %(last)s") % {"first": _day(held.first), "last": _day(held.last)}


def _held_line(held: Held) -> str:
    sessions = ngettext("%(count)d session", "%(count)d sessions", held.sessions) % {
        "count": held.sessions
    }
    people = ngettext("%(count)d participant", "%(count)d participants", held.participants) % {
        "count": held.participants
    }
    groups = f" ({escaped(', '.join(held.groups))})" if held.groups else ""
    return f"- **{escaped(held.title)}**{groups}, {_days(held)}: {sessions}, {people}"


def _thread_line(thread: Thread) -> str:
    if thread.below is None or thread.applies is None:
        figure = _("a few organisations do not meet it")
    else:
        figure = _("%(below)d of %(applies)d organisations do not meet it") % {
            "below": thread.below,
            "applies": thread.applies,
        }
    return f"1. {escaped(thread.norm)}: {figure}"


def compose(digest: Digest) -> str:
    """The draft's Markdown (in the active language): the issue's title is not in it."""
    parts = []
    if digest.since <= digest.until:  # an issue drafted the day after the last: no period
        period = _("This issue is about %(since)s to %(until)s.") % {
            "since": _day(digest.since),
            "until": _day(digest.until),
        }
        parts.append(f"*{period}*")
    parts.append(str(OPENING))
    for programme in digest.programmes:
        parts.append(
            "# " + _("Progress of %(programme)s") % {"programme": escaped(programme.programme)}
        )
        lines = [
            f"- **{escaped(c.action)}** ({escaped(c.organisation)}): "
            + (f"{c.before} → {c.after}" if c.before else c.after)
            for c in programme.changes
        ]
        parts.append("\n".join(_capped(lines)))
    if digest.held:
        parts.append("# " + _("Sessions held"))
        parts.append("\n".join(_capped([_held_line(h) for h in digest.held])))
    if digest.rounds:
        for found in digest.rounds:
            parts.append("# " + _("Common threads of %(round)s") % {"round": escaped(found.title)})
            parts.append("\n".join(_thread_line(t) for t in found.threads))
    if digest.sources:
        parts.append("# " + _("New information sources"))
        lines = [f"- **{escaped(s.title)}** ({escaped(s.holder)})" for s in digest.sources]
        parts.append("\n".join(_capped(lines)))
    if digest.coming:
        parts.append("# " + _("Coming up"))
        lines = [
            f"- {_day(c.day)}: {escaped(c.title)}" + (f" ({c.kind})" if c.kind else "")
            for c in digest.coming
        ]
        parts.append("\n".join(_capped(lines)))
    if digest.is_empty:
        parts.append(_("Nothing was recorded in Dijkwacht since the last issue."))
    return "\n\n".join(parts) + "\n"


# No raw HTML, and no images: an image would be fetched by the PDF's renderer on the server
# and by every reader's mail program (a tracking pixel); `![x](…)` stays a link.
_RENDERER = MarkdownIt("commonmark", {"html": False}).disable("image")


def to_html(body: str) -> str:
    """The editor's Markdown as HTML: raw HTML in it is shown as text, never run. Headings
    go one level down (`#` is an `h2`): the issue's title is the page's and the mail's `h1`."""
    tokens = _RENDERER.parse(body)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
    return _RENDERER.renderer.render(tokens, _RENDERER.options, {})
