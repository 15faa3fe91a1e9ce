"""What organisations tells people (see dijkwacht.notifications)."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

ADMIN_GRANTED = Event(
    key="organisations.admin_granted",
    label=_("Someone becomes a platform admin (platform admins)"),
    title=_("%(who)s is now a platform admin of Dijkwacht"),
    body_template="organisations/email/admin_granted.txt",
    mandatory=True,
)

register(ADMIN_GRANTED)
