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

BIBOB_GRANTED = Event(
    key="organisations.bibob_granted",
    label=_("Someone becomes a Bibob officer (the organisation's Bibob team, platform admins)"),
    title=_("%(who)s is now a Bibob officer of %(organisation)s"),
    body_template="organisations/email/bibob_granted.txt",
    mandatory=True,
)

register(ADMIN_GRANTED, BIBOB_GRANTED)
