"""The newsletter's documents: the issue as PDF (its archive copy, made when it is sent) and
its mail, as plain text (the editor's Markdown) with an HTML alternative."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dijkwacht.exports.pdf import render_pdf
from dijkwacht.newsletters.draft import to_html
from dijkwacht.newsletters.models import Issue, Subscriber
from dijkwacht.newsletters.tokens import confirm_token, unsubscribe_token
from dijkwacht.notifications.tasks import absolute_url


def _body_html(issue: Issue) -> str:
    return mark_safe(to_html(issue.body))  # noqa: S308 - markdown-it escapes; raw HTML off


def issue_pdf(issue: Issue) -> bytes:
    """The issue as it went, for the archive (PDF/UA)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "newsletters/documents/issue.html",
            {
                "issue": issue,
                "series": issue.series,
                "body": _body_html(issue),
                "sent_on": issue.sent_at or timezone.now(),
            },
        )


def issue_mail(issue: Issue, subscriber: Subscriber) -> EmailMultiAlternatives:
    """The issue to one subscriber, with the one-click unsubscribe of RFC 8058: mail
    programs show an "unsubscribe" button that posts to the link without opening it."""
    series = issue.series
    unsubscribe = absolute_url(
        reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscriber)])
    )
    context = {
        "issue": issue,
        "series": series,
        "partnership": series.partnership,
        "body": _body_html(issue),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("newsletters/email/issue.txt", context)
        html = render_to_string("newsletters/email/issue.html", context)
    host = settings.DIJKWACHT_BASE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    message = EmailMultiAlternatives(
        subject=" ".join(issue.title.split()),  # one line, whatever was stored
        body=text,
        to=[subscriber.email],
        reply_to=[series.reply_to] if series.reply_to else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter-{series.pk}.{host or 'dijkwacht'}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def invitation_mail(subscriber: Subscriber) -> EmailMultiAlternatives:
    series = subscriber.series
    context = {
        "series": series,
        "partnership": series.partnership,
        "subscriber": subscriber,
        "confirm_url": absolute_url(
            reverse("newsletters:confirm", args=[confirm_token(subscriber)])
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation: %(newsletter)s") % {"newsletter": " ".join(series.title.split())}
        text = render_to_string("newsletters/email/invitation.txt", context)
    return EmailMultiAlternatives(subject=subject[:200], body=text, to=[subscriber.email])
