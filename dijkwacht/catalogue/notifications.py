"""What the catalogue tells people (see dijkwacht.notifications): names and dates only."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

REQUEST_SUBMITTED = Event(
    key="catalogue.request_submitted",
    label=_("Someone asks for access to a source you own"),
    title=_("%(organisation)s asks for access to “%(source)s”: decide by %(due)s"),
)
REQUEST_DECIDED = Event(
    key="catalogue.request_decided",
    label=_("The owner decided on your request for access to a source"),
    title=_("Your request for “%(source)s”: %(decision)s"),
)

CONTACT_CONFIRM = Event(
    key="catalogue.contact_confirm",
    label=_("Confirm your entry (or one you keep) in a partnership's contact persons"),
    title=_("Is this still right? %(name)s, contact for %(theme)s at %(organisation)s"),
)

register(REQUEST_SUBMITTED, REQUEST_DECIDED, CONTACT_CONFIRM)
