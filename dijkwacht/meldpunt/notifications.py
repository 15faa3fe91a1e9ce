"""What the meldpunt tells its handlers (see dijkwacht.notifications). Never a report's
content or anything of its reporter: a compartment, an organisation, a number, a count."""

from django.utils.translation import gettext_lazy as _

from dijkwacht.notifications.events import Event, register

NEW_REPORT = Event(
    key="meldpunt.new_report",
    label=_("A new report in your compartment"),
    title=_("A new report in compartment %(compartment)s of %(organisation)s"),
)
IDENTITY_REQUEST = Event(
    key="meldpunt.identity_request",
    label=_("A colleague asks to see a reporter's identity (four eyes)"),
    title=_("A colleague asks to see the reporter's identity of report %(number)s"),
)
GRANT_REQUESTED = Event(
    key="meldpunt.grant_requested",
    label=_("A new handler awaits approval"),
    title=_("A new meldpunt handler of %(organisation)s awaits approval"),
    body_template="meldpunt/email/grant_requested.txt",
    mandatory=True,  # the second pair of eyes: nobody may miss that someone asks
)
GRANT_APPROVED = Event(
    key="meldpunt.grant_approved",
    label=_("A new handler is granted"),
    title=_("A new meldpunt handler of %(organisation)s is granted"),
    body_template="meldpunt/email/grant_approved.txt",
    mandatory=True,
)
DEADLINES = Event(
    key="meldpunt.deadlines",
    label=_("Reports whose legal deadline is near or has passed"),
    title=_("Reports with a deadline that is near or has passed: %(count)s"),
    body_template="meldpunt/email/reminder.txt",
    mandatory=True,
)

register(NEW_REPORT, IDENTITY_REQUEST, GRANT_REQUESTED, GRANT_APPROVED, DEADLINES)
