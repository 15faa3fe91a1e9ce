"""Awareness documents: the certificate of attendance (PDF/UA), from a registration that is
still kept — once reduced to counts there is nobody to certify."""

from __future__ import annotations

from django.utils import formats, timezone, translation

from dijkwacht.awareness.models import Registration
from dijkwacht.exports.pdf import render_pdf


def certificate_pdf(registration: Registration) -> bytes:
    session = registration.session
    activity = session.activity
    starts = timezone.localtime(session.starts_at)
    with translation.override("nl"):
        return render_pdf(
            "awareness/documents/certificate.html",
            {
                "name": registration.name,
                "organisation": registration.organisation.name,
                "activity": activity,
                "organiser": activity.organiser.name,
                "day": formats.date_format(starts, "l j F Y"),
                "time": formats.time_format(starts, "H:i")
                + (
                    f"–{formats.time_format(timezone.localtime(session.ends_at), 'H:i')}"
                    if session.ends_at
                    else ""
                ),
                "issued": formats.date_format(timezone.localdate(), "j F Y"),
            },
        )
