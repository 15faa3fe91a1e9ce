"""One report as a PDF for forwarding (to the RIEC, the police, another organisation).

The handler names passages to redact; every occurrence is replaced before anything is
rendered, in the description, the answers and the messages. The reporter's identity and the
internal notes are never in the export. Making one is logged (access log, audit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.exports.pdf import render_pdf
from dijkwacht.meldpunt.answers import export_rows
from dijkwacht.meldpunt.models import Message, Report

REDACTED = "[weggelakt]"


def redact(text: str, passages: list[str]) -> str:
    """Every occurrence of every passage (ignoring case) replaced by "[weggelakt]"; longer
    passages first, so a short one inside a long one cannot leave a remainder."""
    for passage in sorted({p.strip() for p in passages if p.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(passage), REDACTED, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class ExportLine:
    label: str
    text: str


def export_context(report: Report, passages: list[str]) -> dict[str, Any]:
    answers = [
        ExportLine(label, redact(text, passages))
        for label, text in export_rows(report.answers or {})
    ]
    messages = [
        ExportLine(f"{m.at:%d-%m-%Y} — {m.get_direction_display()}", redact(m.body, passages))
        for m in report.messages.exclude(direction=Message.Direction.INTERNAL).order_by("at")
    ]
    return {
        "report": report,
        "description": redact(report.description, passages),
        "answers": answers,
        "messages": messages,
        "redactions": len({p.strip() for p in passages if p.strip()}),
        "generated_on": timezone.localdate(),
        "title": _("Report %(number)s") % {"number": report.number},
    }


def report_pdf(report: Report, passages: list[str]) -> bytes:
    return render_pdf("meldpunt/reports/report.html", export_context(report, passages))
