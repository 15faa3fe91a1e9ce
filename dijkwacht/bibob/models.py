"""The Bibob register: a municipality's integrity screenings under the Wet Bibob, with the
statutory clock, and the retention of what the team keeps.

Bibob information is secret by law (art. 28 Wet Bibob). Only members with the `bibob` role of
the owning organisation see a screening (`Screening.objects.visible_to`); everyone else reads
counts. The subject's data and every free text are encrypted fields (`core.fields`), read only
through the selectors that log each opening. A screening's string form is its reference alone:
it ends up in audit and access logs.

The legal terms, the categories and the retention periods are rows, not code: a changed rule
is a change of data.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from dijkwacht.core.fields import EncryptedTextField
from dijkwacht.organisations.roles import Role

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class Domain(models.TextChoices):
    """The kinds of decision the Wet Bibob reaches."""

    PERMIT = "vergunning", _("permit")
    SUBSIDY = "subsidie", _("subsidy")
    TENDER = "aanbesteding", _("tender (public contract)")
    REAL_ESTATE = "vastgoed", _("real-estate transaction")
    OTHER = "overig", pgettext_lazy("bibob domain", "other")


class Category(models.Model):
    """A kind of decision within a domain (alcohol and horeca permit, building permit above a
    threshold, subsidy, sale of land, …): what a policy says Bibob applies to, and what a
    screening is about. Reference data that platform admins keep."""

    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("Bibob category")
        verbose_name_plural = _("Bibob categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class LegalTerms(models.Model):
    """The terms of the Wet Bibob from a date on (data, so a changed law is a new row): the
    LBB's term for its advice and its one extension, the longest suspension of the decision
    term, and how early the team is warned."""

    valid_from = models.DateField(_("valid from"), unique=True)
    advice_weeks = models.PositiveSmallIntegerField(
        _("LBB advice within (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    extension_weeks = models.PositiveSmallIntegerField(
        _("extension at most (weeks)"),
        default=4,
        validators=[MaxValueValidator(52)],
    )
    suspension_weeks = models.PositiveSmallIntegerField(
        _("decision term suspended at most (weeks)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    questionnaire_days = models.PositiveSmallIntegerField(
        _("questionnaire returned within (days)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before a term runs out"),
        default=14,
        validators=[MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("legal terms")
        verbose_name_plural = _("legal terms")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%Y-%m-%d}"


class SubjectKind(models.TextChoices):
    PERSON = "persoon", _("natural person")
    COMPANY = "onderneming", _("company or legal person")


class Trigger(models.TextChoices):
    """Why the screening started (the policy rule, or a signal)."""

    POLICY = "beleid", _("category in the Bibob policy")
    INDICATION = "indicatie", _("indications during the application")
    RIEC = "riec", _("signal from the RIEC")
    PROSECUTION = "om", _("tip from the public prosecutor (art. 26)")
    OTHER = "anders", _("another signal")


class Status(models.TextChoices):
    OPEN = "open", _("opened")
    QUESTIONNAIRE = "vragenformulier", _("questionnaire sent")
    INVESTIGATION = "eigen_onderzoek", _("own investigation")
    LBB = "lbb_advies", _("LBB advice requested")
    WEIGHING = "afweging", _("weighing")
    VIEW = "zienswijze", _("applicant's view requested")
    DECIDED = "besloten", _("decided")


class Finding(models.TextChoices):
    """The conclusion of the team's own investigation (or of the LBB's advice)."""

    NONE = "geen", _("no degree of danger")
    LBB_NEEDED = "lbb_nodig", _("serious indications: LBB advice needed")
    LESSER = "mindere_mate", _("a lesser degree of danger")
    SERIOUS = "ernstige_mate", _("a serious degree of danger")


# A conclusion that goes into the national Bibob register (since 1 October 2022).
DANGER = (Finding.LESSER, Finding.SERIOUS)


class AdviceConclusion(models.TextChoices):
    NONE = "geen", _("no degree of danger")
    LESSER = "mindere_mate", _("a lesser degree of danger")
    SERIOUS = "ernstige_mate", _("a serious degree of danger")


class Outcome(models.TextChoices):
    GRANTED = "verleend", pgettext_lazy("bibob decision", "granted")
    CONDITIONS = "voorschriften", _("granted with conditions")
    REFUSED = "geweigerd", pgettext_lazy("bibob decision", "refused")
    WITHDRAWN = "ingetrokken", pgettext_lazy("bibob decision", "withdrawn")
    NOT_PROCESSED = "buiten_behandeling", _("not processed")


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def visible_to(self, access: Access) -> ScreeningQuerySet:
        """Only the Bibob officers of the owning organisation: no coordinator, viewer or
        platform admin, and no other organisation (art. 28 Wet Bibob)."""
        organisations = {
            g.organisation_id
            for g in access.grants
            if g.role == Role.BIBOB and g.organisation_id is not None
        }
        if not organisations:
            return self.none()
        return self.filter(organisation_id__in=organisations)


class Screening(models.Model):
    """One Bibob screening of one decision. The dates of its steps are fields (the clock and
    the lists read them in the database); each step is also kept as a `Step`."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="bibob_screenings",
    )
    reference = models.CharField(_("reference"), max_length=20)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="screenings",
    )
    # The decision and the subject name people and places: encrypted.
    decision_subject = EncryptedTextField(_("the decision it concerns"))
    decision_due_on = models.DateField(
        _("legal term of the decision"),
        null=True,
        blank=True,
        help_text=_("The last day to decide, before any suspension for an LBB advice."),
    )
    subject_kind = models.CharField(
        _("person or company screened"), max_length=20, choices=SubjectKind.choices
    )
    subject_name = EncryptedTextField(_("name of the subject"))
    subject_kvk = EncryptedTextField(_("KvK number"), blank=True)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    trigger_note = EncryptedTextField(_("about the trigger"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    questionnaire_sent_on = models.DateField(_("questionnaire sent on"), null=True, blank=True)
    questionnaire_due_on = models.DateField(_("questionnaire due on"), null=True, blank=True)
    questionnaire_reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    questionnaire_received_on = models.DateField(
        _("questionnaire received on"), null=True, blank=True
    )
    questionnaire_complete = models.BooleanField(_("questionnaire complete"), null=True, blank=True)
    investigated_on = models.DateField(_("own investigation done on"), null=True, blank=True)
    finding = models.CharField(
        _("finding of the own investigation"), max_length=20, choices=Finding.choices, blank=True
    )
    riec_consulted_on = models.DateField(_("RIEC consulted on"), null=True, blank=True)
    lbb_requested_on = models.DateField(_("LBB advice requested on"), null=True, blank=True)
    lbb_reference = models.CharField(_("LBB reference"), max_length=40, blank=True)
    lbb_extension_weeks = models.PositiveSmallIntegerField(
        _("LBB term extended by (weeks)"), default=0
    )
    lbb_paused_days = models.PositiveIntegerField(
        _("days the LBB waited for the applicant"), default=0
    )
    lbb_paused_since = models.DateField(
        _("LBB waits for the applicant since"), null=True, blank=True
    )
    lbb_advice_on = models.DateField(_("LBB advice received on"), null=True, blank=True)
    lbb_conclusion = models.CharField(
        _("LBB conclusion"), max_length=20, choices=AdviceConclusion.choices, blank=True
    )
    view_requested_on = models.DateField(_("view requested on"), null=True, blank=True)
    view_received_on = models.DateField(_("view received on"), null=True, blank=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    registered_on = models.DateField(
        _("entered in the national Bibob register on"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bibob screening")
        verbose_name_plural = _("Bibob screenings")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="bibob_screening_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(lbb_extension_weeks__lte=52), name="bibob_extension_bounded"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_on__isnull=True)
                | (~Q(outcome="") & Q(decided_on__isnull=False)),
                name="bibob_decision_has_date",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def danger_concluded(self) -> bool:
        return self.lbb_conclusion in DANGER or self.finding in DANGER


class Step(models.Model):
    """A step recorded on a screening, in order (append-only): what, on which date, by whom,
    with the team's note (encrypted)."""

    screening = models.ForeignKey(
        Screening, verbose_name=_("screening"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("step"), max_length=30)
    date = models.DateField(_("date"))
    value = models.CharField(_("value"), max_length=40, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        # The reference alone: an admin's delete confirmation lists protected steps by this,
        # and the kind of step (a register entry, say) would tell a conclusion.
        return str(self.screening)

    @property
    def display_value(self) -> str:
        """The step's value as the team reads it (a finding, a conclusion, a decision)."""
        labels = {
            "investigate": dict(Finding.choices),
            "lbb_advice": dict(AdviceConclusion.choices),
            "decide": dict(Outcome.choices),
        }.get(self.action)
        if labels is not None:
            return str(labels.get(self.value, self.value))
        if self.action == "lbb_extend" and self.value:
            return ngettext("%(weeks)s week", "%(weeks)s weeks", int(self.value)) % {
                "weeks": self.value
            }
        if self.action in ("questionnaire_send", "questionnaire_remind") and self.value:
            due = datetime.date.fromisoformat(self.value)
            return _("return by %(date)s") % {"date": due.strftime("%d-%m-%Y")}
        return ""


class Recipient(models.TextChoices):
    """To whom art. 28 Wet Bibob lets the body pass Bibob information on."""

    SUBJECT = "betrokkene", _("the person concerned")
    THIRD_PARTY = "derde", _("a third party named in the advice, for their part")
    RIEC = "riec", _("the RIEC, in support of the body")
    TRIANGLE = "driehoek", _("the triangle (mayor, public prosecutor, police)")
    OBJECTION = "bezwaar", _("the objection committee")
    COURT = "rechter", _("a court")
    OTHER_BODY = "bestuursorgaan", _("another administrative body for a Bibob screening")


class Disclosure(models.Model):
    """Bibob information passed on outside the team: an explicit step with its legal ground
    (art. 28 Wet Bibob), never undone."""

    screening = models.ForeignKey(
        Screening,
        verbose_name=_("screening"),
        on_delete=models.CASCADE,
        related_name="disclosures",
    )
    recipient = models.CharField(_("to"), max_length=20, choices=Recipient.choices)
    recipient_name = EncryptedTextField(_("name of the recipient"), blank=True)
    # Free text that may name people ("to the lawyer of …"): encrypted like the rest.
    legal_ground = EncryptedTextField(_("legal ground"))
    what = EncryptedTextField(_("what was passed on"))
    date = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return str(self.screening)


class Purpose(models.TextChoices):
    HANDLING = "behandeling", _("handling the screening")
    EXPORT = "export", _("export")
    DISCLOSURE = "delen", _("passing information on")
    LETTER = "brief", _("letter to the applicant")


class AccessLog(models.Model):
    """Every opening of a screening's content: who, when, which, why. Append-only; it names
    the reference, never the subject."""

    at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("reference"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)

    class Meta:
        verbose_name = _("Bibob access log entry")
        verbose_name_plural = _("Bibob access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.reference}"


class RetentionRule(models.Model):
    """How long a decided screening is kept, per decision (data); blank matches every
    decision, and a rule for the decision itself wins."""

    outcome = models.CharField(
        _("decision"), max_length=20, choices=Outcome.choices, blank=True, unique=True
    )
    # A century at most: longer is no retention, and beyond it dates stop adding up.
    days = models.PositiveIntegerField(
        _("keep for (days after the decision)"), validators=[MaxValueValidator(36_500)]
    )

    class Meta:
        verbose_name = _("Bibob retention rule")
        verbose_name_plural = _("Bibob retention rules")

    def __str__(self) -> str:
        return f"{self.outcome or '*'}: {self.days}"


class DeletionLog(models.Model):
    """What the retention job destroyed: the reference, its organisation, the decision and the
    rule, never the content."""

    at = models.DateTimeField(_("at"), db_index=True)
    reference = models.CharField(_("reference"), max_length=20)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("decision"), max_length=20, blank=True)
    decided_on = models.DateField(_("decided on"), null=True)
    rule = models.CharField(_("rule"), max_length=100)

    class Meta:
        verbose_name = _("Bibob deletion log entry")
        verbose_name_plural = _("Bibob deletion log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.reference}"


# --- The Bibob policies -----------------------------------------------------------------------


class Application(models.TextChoices):
    """Whether a policy applies the Wet Bibob to a category of decision."""

    ALWAYS = "altijd", _("always")
    INDICATED = "indicatie", _("if indicated")
    NEVER = "nooit", _("never")


class PolicyQuerySet(models.QuerySet["Policy"]):
    def visible_to(self, access: Access) -> PolicyQuerySet:
        """Policies are public texts: the policies of the members of every partnership the user
        takes part in, their own organisations' and those partnerships' references."""
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(organisation__partnerships__in=access.partnership_ids)
            | Q(organisation_id__in=access.organisation_ids)
            | Q(partnership_id__in=access.partnership_ids)
        ).distinct()


class Policy(models.Model):
    """An organisation's Bibob policy (its beleidsregel), or the reference policy a partnership
    agreed on: one or the other owns it. Policies are public texts, not Bibob information: every
    member of the owner's partnerships reads them."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="bibob_policy",
        null=True,
        blank=True,
    )
    partnership = models.OneToOneField(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="bibob_reference_policy",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    document_url = models.URLField(
        _("where it is published"),
        blank=True,
        help_text=_("Where the policy is published, for example on lokaleregelgeving.overheid.nl."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bibob policy")
        verbose_name_plural = _("Bibob policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, partnership__isnull=True)
                | Q(organisation__isnull=True, partnership__isnull=False),
                name="bibob_policy_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PolicyRule(models.Model):
    """What a policy says of one category: whether Bibob applies, from which amount, with
    which questionnaire and where."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="rules"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.CharField(_("Bibob applied"), max_length=20, choices=Application.choices)
    threshold = models.PositiveBigIntegerField(
        _("from an amount of (€)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10**12)],
    )
    questionnaire = models.CharField(_("questionnaire"), max_length=200, blank=True)
    areas = models.CharField(_("where it applies"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("policy rule")
        verbose_name_plural = _("policy rules")
        constraints = [
            models.UniqueConstraint(fields=["policy", "category"], name="bibob_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.category}"

    @property
    def amount(self) -> str:
        """The threshold as Dutch readers write it: 500.000."""
        return f"{self.threshold:,}".replace(",", ".") if self.threshold is not None else ""


class LetterKind(models.TextChoices):
    QUESTIONNAIRE = "vragenformulier", _("questionnaire sent")
    INTENTION = "voornemen_weigering", _("intention to refuse")


class LetterTemplate(models.Model):
    """A team's own text of a letter to the applicant, with fields such as {aanvrager} filled
    in when the letter is made (`letters.py`). Without one the team writes on the default text
    (`defaults.LETTERS`). A template holds no Bibob information: it is the same for every
    applicant."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="bibob_letter_templates",
    )
    kind = models.CharField(_("letter"), max_length=30, choices=LetterKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    closing = models.TextField(_("closing and signature"), max_length=1000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="bibob_letter_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"
