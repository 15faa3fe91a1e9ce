"""The meldpunt: reports from the public intake, their handling, cases and retention.

Every free text, answer, message and attachment is an encrypted field (`core.fields`). No
model here holds an IP address, user agent, session or account of an anonymous reporter; a
report's string form never contains its content (it ends up in audit and access logs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dijkwacht.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from dijkwacht.organisations.roles import Compartment, Role

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class Kind(models.TextChoices):
    UNDERMINING = "ondermijning", _("signal of undermining crime")
    INTEGRITY = "integriteit", _("integrity concern")
    AGGRESSION = "agressie", _("aggression or violence against an employee")
    OTHER = "anders", _("something else")


# Where a kind of report lands. "Something else" is triaged by the integrity handlers, who
# move it to another compartment when it turns out to belong there.
COMPARTMENT_OF_KIND = {
    Kind.UNDERMINING: Compartment.UNDERMINING,
    Kind.INTEGRITY: Compartment.INTEGRITY,
    Kind.AGGRESSION: Compartment.AGGRESSION,
    Kind.OTHER: Compartment.INTEGRITY,
}


class Identity(models.TextChoices):
    ANONYMOUS = "anoniem", _("anonymous")
    CONFIDENTIAL = "vertrouwelijk", _("confidential")
    OPEN = "open", _("open")


class Status(models.TextChoices):
    RECEIVED = "ontvangen", _("received")
    ACKNOWLEDGED = "bevestigd", _("acknowledged")
    IN_PROGRESS = "in_behandeling", pgettext_lazy("meldpunt status", "in progress")
    FORWARDED = "doorgezet", _("forwarded")
    CLOSED = "afgesloten", _("closed")


class CloseReason(models.TextChoices):
    NOT_UNDERMINING = "niet_ondermijnend", _("not undermining")
    NOT_OUR_TASK = "geen_taak", _("not a task of the organisation")
    HANDLED = "afgehandeld", _("handled")
    FORWARDED = "doorgezet", _("forwarded")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class ForwardTarget(models.TextChoices):
    RIEC = "riec", _("RIEC informatieplein")
    POLICE = "politie", _("police")
    MMA = "mma", _("Meld Misdaad Anoniem")
    BIBOB = "bibob", _("Bibob coordinator")
    CONFIDANT = "vertrouwenspersoon", _("confidential adviser")
    OTHER = "andere_organisatie", _("another organisation")


class IntegrityCategory(models.TextChoices):
    """The categories of the national model for registering integrity breaches."""

    CORRUPTION = "corruptie", _("corruption")
    FRAUD = "fraude_diefstal", _("fraud and theft")
    WASTE = "verspilling", _("waste and abuse of resources")
    POWERS = "misbruik_bevoegdheden", _("misuse of powers")
    BEHAVIOUR = "ongewenst_gedrag", _("undesirable behaviour")
    INTERESTS = "belangenverstrengeling", _("incompatible positions and interests")
    INFORMATION = "informatie", _("misuse or leaking of information")
    PRIVATE = "privegedrag", _("misconduct in private time")
    GIFTS = "geschenken", _("gifts and favours")


class AggressionForm(models.TextChoices):
    VERBAL = "verbaal", _("verbal")
    THREAT = "bedreiging", _("threat")
    PHYSICAL = "fysiek", _("physical")
    VANDALISM = "vernieling", _("vandalism")
    ONLINE = "online", _("online")


class AggressionMeasure(models.TextChoices):
    """Measures the employer takes against a perpetrator (Veilige Publieke Taak)."""

    WARNING_LETTER = "waarschuwingsbrief", _("warning letter")
    LOCATION_BAN = "locatieverbod", _("ban from the premises")
    SERVICE_BAN = "dienstverleningsverbod", _("ban from services")
    DAMAGES = "schadeverhaal", _("recovery of damages")
    OTHER = "anders", _("another measure")


class BannerColour(models.TextChoices):
    """Colours an organisation may give its meldpunt's banner: each carries white text at a
    contrast of at least 4.5:1 (the shades are in meldpunt/public.css), so no choice can make
    the name unreadable."""

    BLUE = "blauw", _("blue")
    GREEN = "groen", _("green")
    RED = "rood", _("red")
    PURPLE = "paars", _("purple")
    ORANGE = "oranje", _("dark orange")
    GREY = "grijs", _("grey")


class MeldpuntSettings(models.Model):
    """Per organisation: whether it takes reports, and the clocks of the whistleblower law."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="meldpunt",
    )
    accepts_reports = models.BooleanField(_("accepts reports"), default=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the form: who handles reports, in plain language."),
    )
    banner_colour = models.CharField(
        _("banner colour"),
        max_length=10,
        choices=BannerColour.choices,
        blank=True,
        help_text=_(
            "The public pages show the organisation's name in a banner of this colour, so an "
            "employee sees whose meldpunt it is. Empty: the platform's colour."
        ),
    )
    contact_email = models.EmailField(
        _("contact for the meldpunt"),
        blank=True,
        help_text=_(
            "Who at the organisation is told when handlers are granted or reports are handed "
            "over (for example the integrity coordinator)."
        ),
    )

    class Meta:
        verbose_name = _("meldpunt settings")
        verbose_name_plural = _("meldpunt settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Deadline(models.Model):
    """The clocks per kind (data): acknowledgement after receipt, feedback after
    acknowledgement. The law: 7 days and 3 months."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge within (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("feedback within (days after acknowledgement)"),
        default=91,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, access: Access) -> CaseQuerySet:
        """Cases are undermining work: handlers with the ondermijning compartment of the case's
        organisation. A case is made of its reports, so it is visible only to a handler who
        sees every one of them: whoever is excluded from one of its reports, or was granted
        after it and had it not shared, sees nothing of the case."""
        organisations = [
            g.organisation_id
            for g in access.grants
            if g.role == Role.HANDLER
            and g.organisation_id is not None
            and Compartment.UNDERMINING in g.compartments
        ]
        if not organisations:
            return self.none()
        hidden = Report.objects.filter(case=OuterRef("pk")).exclude(
            pk__in=Report.objects.visible_to(access).values("pk")
        )
        return self.filter(organisation_id__in=organisations).exclude(Exists(hidden))


class Case(models.Model):
    """An undermining case: one or more reports, meetings, interventions and an evaluation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meldpunt_cases",
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    title = EncryptedTextField(_("working title"))
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Casus {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, access: Access) -> ReportQuerySet:
        """Only handlers of the report's own organisation, in a compartment granted to them,
        and not excluded from that report; a handler granted after the meldpunt started sees
        the reports received from the grant on, and older ones a colleague shared with them.
        Nobody else — no coordinator, viewer or platform admin — ever receives a report's
        content: they see counts (`selectors.statistics`)."""
        user_id = access.user_id
        if user_id is None:
            return self.none()
        scope = Q()
        found = False
        shared = Q(pk__in=ReportShare.objects.filter(user_id=user_id).values("report_id"))
        for grant in access.grants:
            if grant.role == Role.HANDLER and grant.organisation_id and grant.compartments:
                mine = Q(organisation_id=grant.organisation_id, compartment__in=grant.compartments)
                if grant.reports_from is not None:
                    mine &= Q(received_at__gte=grant.reports_from) | shared
                scope |= mine
                found = True
        if not found:
            return self.none()
        return self.filter(scope).exclude(exclusions__user_id=user_id)


class Report(models.Model):
    """One report. Its content is encrypted; what is in the clear is what the clocks, the
    inbox and the statistics need: organisation, kind, compartment, status and dates."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meldpunt_reports",
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    compartment = models.CharField(_("compartment"), max_length=20, choices=Compartment.choices)
    identity = models.CharField(_("identity"), max_length=20, choices=Identity.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    feedback_given_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    # The receipt code: a lookup part in the clear, the secret part only as a slow hash.
    receipt_lookup = models.CharField(_("receipt lookup"), max_length=8, unique=True)
    receipt_hash = models.CharField(_("receipt hash"), max_length=200)
    description = EncryptedTextField(_("what happened"))
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    # Only for confidential and open reports; never for anonymous ones.
    reporter = EncryptedJSONField(_("reporter"), default=dict, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["organisation", "compartment", "status"], name="report_inbox_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | ~Q(close_reason=""),
                name="report_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Melding {self.number}"


class ReportEvent(models.Model):
    """Append-only history of a report: every transition, with who and when."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    # Forwarding target and reference, closing reason, moved compartment: no content.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.action}"


class Message(models.Model):
    """A message between handler and reporter, or an internal note (never shown to the
    reporter)."""

    class Direction(models.TextChoices):
        TO_REPORTER = "aan_melder", _("to the reporter")
        FROM_REPORTER = "van_melder", _("from the reporter")
        INTERNAL = "intern", _("internal note")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    at = models.DateTimeField(_("at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = EncryptedTextField(_("message"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_direction_display()}"


class Attachment(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = EncryptedBinaryField(_("content"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: bijlage {self.pk}"


class Exclusion(models.Model):
    """A handler kept out of one report (conflict of interest)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="exclusions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"))
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="exclusion_once")]

    def __str__(self) -> str:
        return f"{self.report}: {self.user}"


class GrantStatus(models.TextChoices):
    PENDING = "aangevraagd", _("requested")
    APPROVED = "goedgekeurd", _("approved")
    REFUSED = "afgewezen", _("refused")


class TwoPersonRequest(models.Model):
    """What one person asks and a second decides, neither of them the person it is for: a new
    handler (`HandlerGrant`) or a handover of reports (`ReportHandover`)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new handler"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requested_by=F("user")), name="%(class)s_not_for_oneself"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
                name="%(class)s_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.user} ({self.get_status_display()})"


class HandlerGrant(TwoPersonRequest):
    """Four eyes on who handles reports: one person asks for a handler membership, a second
    approves it, and neither may be the person who gets it. Each must be a platform admin or
    an existing handler of the organisation. The approval creates the membership, which sees
    only reports received from then on, and tells every handler of the organisation."""

    compartments = models.JSONField(_("compartments"), default=list)

    class Meta(TwoPersonRequest.Meta):
        verbose_name = _("handler grant")
        verbose_name_plural = _("handler grants")


class ReportShare(models.Model):
    """A report received before a handler was granted, shared with them by a colleague (or
    handed over by two platform admins when no colleague is left), with the reason."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = EncryptedTextField(_("reason"))
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    handover = models.ForeignKey(
        "ReportHandover",
        verbose_name=_("handover"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
    )

    class Meta:
        verbose_name = _("shared report")
        verbose_name_plural = _("shared reports")
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="share_once")]

    def __str__(self) -> str:
        return f"{self.report}: {self.user}"


class ReportHandover(TwoPersonRequest):
    """When no handler is left who can share them, two platform admins together hand the
    organisation's open reports to a new handler; the organisation's meldpunt contact is told.
    The admins never see the reports themselves."""

    reports = models.PositiveIntegerField(_("reports handed over"), default=0)

    class Meta(TwoPersonRequest.Meta):
        verbose_name = _("handover of reports")
        verbose_name_plural = _("handovers of reports")


class IdentityReveal(models.Model):
    """Four eyes: a handler asks to see a confidential reporter's identity, a second handler
    approves with a reason; only then the first sees it."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="reveals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    request_reason = EncryptedTextField(_("reason for the request"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_reason = EncryptedTextField(_("reason for approval"), blank=True)

    class Meta:
        verbose_name = _("identity reveal")
        verbose_name_plural = _("identity reveals")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="reveal_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.requested_by}"


class Purpose(models.TextChoices):
    HANDLING = "behandeling", _("handling the report")
    FORWARDING = "doorzetten", _("forwarding")
    CASE = "casus", _("case work")
    SUPERVISION = "toezicht", _("supervision (privacy officer)")
    EXPORT = "export", _("export for forwarding")


class AccessLog(models.Model):
    """Every opening of a report or case: who, when, which, why. Append-only; the privacy
    officer (platform admin) reviews it."""

    at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_number = models.CharField(_("report"), max_length=20, blank=True)
    case_number = models.CharField(_("case"), max_length=20, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    action = models.CharField(_("what"), max_length=40, default="open")

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.report_number or self.case_number}"


class CaseMeeting(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    partners = EncryptedTextField(_("partners present"))
    decisions = EncryptedTextField(_("decisions"))
    follow_ups = EncryptedTextField(_("follow-ups"), blank=True)

    class Meta:
        verbose_name = _("case meeting")
        verbose_name_plural = _("case meetings")
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.date}"


class InterventionCategory(models.TextChoices):
    ADMINISTRATIVE = "bestuurlijk", _("administrative")
    CRIMINAL = "strafrechtelijk", _("criminal law")
    FISCAL = "fiscaal", _("fiscal")
    CIVIL = "privaatrechtelijk", _("private law")
    CARE = "zorg_sociaal", _("care and social")


class InterventionType(models.Model):
    """The list of interventions is data, e.g. "closing premises (art. 13b Opiumwet)"."""

    category = models.CharField(_("category"), max_length=20, choices=InterventionCategory.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("kind of intervention")
        verbose_name_plural = _("kinds of intervention")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    class State(models.TextChoices):
        PLANNED = "gepland", _("planned")
        ONGOING = "lopend", _("ongoing")
        DONE = "afgerond", _("done")
        DROPPED = "vervallen", _("dropped")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="interventions"
    )
    type = models.ForeignKey(
        InterventionType, verbose_name=_("intervention"), on_delete=models.PROTECT
    )
    partner = models.CharField(_("partner"), max_length=200)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    outcome = EncryptedTextField(_("outcome"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.type}"


class Evaluation(models.Model):
    """Required before a case closes: what worked, what did not, the lessons."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evaluation"
    )
    worked = EncryptedTextField(_("what worked"))
    did_not_work = EncryptedTextField(_("what did not work"))
    lessons = EncryptedTextField(_("lessons"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.case}: evaluatie"


class RetentionRule(models.Model):
    """How long a closed report is kept, per kind and closing reason (data). A blank kind or
    reason matches any; the most specific rule wins."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    in_case = models.BooleanField(_("for reports in a case"), default=False)
    # A century at most: longer is no retention, and beyond it dates stop adding up.
    days = models.PositiveIntegerField(
        _("keep for (days after closing)"), validators=[MaxValueValidator(36_500)]
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "close_reason", "in_case"], name="retention_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind or '*'} / {self.close_reason or '*'}: {self.days}"


class DeletionLog(models.Model):
    """What the retention task destroyed: never the content, only what, when and by which
    rule."""

    at = models.DateTimeField(_("at"), db_index=True)
    record_type = models.CharField(_("record type"), max_length=40)
    number = models.CharField(_("number"), max_length=20)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    rule = models.CharField(_("rule"), max_length=100)

    class Meta:
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.record_type} {self.number}"


class HandlerReminder(models.Model):
    """One reminder mail a day to a handler with reports whose clock is (nearly) due."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    reports = models.PositiveIntegerField(_("reports"), default=0)

    class Meta:
        verbose_name = _("handler reminder")
        verbose_name_plural = _("handler reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="handlerreminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"
