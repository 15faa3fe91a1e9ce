"""What scans tell people (see dijkwacht.notifications)."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

ROUND_OPENED = Event(
    key="scans.round_opened",
    label=_("A scan round opens for your organisation"),
    title=_("Scan round “%(round)s” of %(partnership)s: submit before %(deadline)s"),
)
SCAN_SUBMITTED = Event(
    key="scans.scan_submitted",
    label=_("An organisation submits its self-scan (coordinators and assessors)"),
    title=_("%(organisation)s submitted its self-scan in “%(round)s”"),
)
REVIEW_SUBMITTED = Event(
    key="scans.review_submitted",
    label=_("An independent review is submitted"),
    title=_("The independent review of %(organisation)s in “%(round)s” is submitted"),
)
ROUND_REMINDER = Event(
    key="scans.round_reminder",
    label=_("Reminder: a self-scan still to submit"),
    title=_("The scan “%(round)s” is due on %(deadline)s"),
    body_template="scans/email/round_reminder.txt",
)

register(ROUND_OPENED, SCAN_SUBMITTED, REVIEW_SUBMITTED, ROUND_REMINDER)
