"""What awareness tells people (see dijkwacht.notifications): the activity, the day and a
link — never who else comes."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

INVITED = Event(
    key="awareness.invited",
    label=_("You are invited to an awareness session"),
    title=_("Invitation: %(activity)s on %(day)s (for %(group)s)"),
)
REGISTERED = Event(
    key="awareness.registered",
    label=_("Your registration for an awareness session"),
    title=_("%(activity)s on %(day)s: %(status)s"),
)
MOVED_UP = Event(
    key="awareness.moved_up",
    label=_("A place came free at a session you wait for"),
    title=_("A place came free: you are registered for %(activity)s on %(day)s"),
    mandatory=True,
)
REMINDER = Event(
    key="awareness.reminder",
    label=_("A reminder the day before a session you registered for"),
    title=_("Tomorrow: %(activity)s, %(time)s, %(place)s"),
)

CANCELLED = Event(
    key="awareness.cancelled",
    label=_("A session you registered for is cancelled"),
    title=_("Cancelled: %(activity)s on %(day)s"),
    mandatory=True,
)

register(INVITED, REGISTERED, MOVED_UP, REMINDER, CANCELLED)
