"""What programmes tell people (see dijkwacht.notifications)."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

ROUND_OPENED = Event(
    key="programmes.round_opened",
    label=_("A progress round opens for your organisation"),
    title=_("Progress round “%(round)s” of %(programme)s: update your actions before %(deadline)s"),
)
ROUND_REMINDER = Event(
    key="programmes.round_reminder",
    label=_("Reminder: actions still to update in a progress round"),
    title=_("Actions of %(organisation)s to update before %(deadline)s: %(count)s"),
    body_template="programmes/email/round_reminder.txt",
)

register(ROUND_OPENED, ROUND_REMINDER)
