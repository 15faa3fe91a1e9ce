"""What the Bibob register tells its team (see dijkwacht.notifications): the reference, the
term and its date, never the subject, the decision or a note (art. 28 Wet Bibob)."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

TERM_DUE = Event(
    key="bibob.term_due",
    label=_("A term of one of your Bibob screenings runs out soon"),
    title=_("Bibob screening %(reference)s: %(term)s runs out on %(due)s"),
    mandatory=True,  # a statutory term: nobody on the team may miss it
)
TERM_OVERDUE = Event(
    key="bibob.term_overdue",
    label=_("A term of one of your Bibob screenings has passed"),
    title=_("Bibob screening %(reference)s: %(term)s ran out on %(due)s"),
    mandatory=True,
)

register(TERM_DUE, TERM_OVERDUE)
