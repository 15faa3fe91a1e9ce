from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel
from dijkwacht.organisations.models import OrganisationKind
from dijkwacht.organisations.roles import Role

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class Framework(TimestampedModel):
    """A norm framework in one version. A new version is a new framework: scans made against
    an older version keep their norms, whatever happens to the newer one."""

    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    description = models.TextField(_("description"), blank=True)
    meant_for = models.JSONField(
        _("meant for"),
        default=list,
        blank=True,
        help_text=_(
            'The kinds of organisation the framework is written for (e.g. ["gemeente"]); '
            "a new round selects those members. Empty: every kind."
        ),
    )
    # Raised whenever the framework's norms, themes or scale change (only the admin changes
    # them after creation): selectors keep a framework's parts in memory under this number.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("norm framework")
        verbose_name_plural = _("norm frameworks")
        ordering = ["name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="framework_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    def clean(self) -> None:
        super().clean()
        kinds = self.meant_for
        if (
            not isinstance(kinds, list)
            or not all(isinstance(kind, str) for kind in kinds)
            or not set(kinds) <= set(OrganisationKind.values)
        ):
            raise ValidationError(
                {
                    "meant_for": _("Give a list of kinds of organisation: %(kinds)s.")
                    % {"kinds": ", ".join(OrganisationKind.values)}
                }
            )

    @property
    def meant_for_labels(self) -> list[str]:
        return [str(OrganisationKind(kind).label) for kind in self.meant_for]


class ScaleOption(models.Model):
    """One answer on the framework's scale, e.g. "voldaan"; the scale is data too."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="scale"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    value = models.IntegerField(_("value"), null=True, blank=True)
    counts_as_met = models.BooleanField(_("counts as met"), default=False)
    applicable = models.BooleanField(
        _("applicable"),
        default=True,
        help_text=_("Off for “not applicable”: such answers do not count at all."),
    )

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="scaleoption_unique_code"),
            models.CheckConstraint(
                condition=Q(applicable=True) | Q(counts_as_met=False),
                name="scaleoption_not_applicable_not_met",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class FrameworkTheme(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("framework theme")
        verbose_name_plural = _("framework themes")
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="frameworktheme_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Norm(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="norms"
    )
    theme = models.ForeignKey(
        FrameworkTheme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="norms"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("norm"))
    guidance = models.TextField(_("guidance"), blank=True)
    essential = models.BooleanField(
        _("essential"), default=False, help_text=_("Needed for “basis op orde”.")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)]
    )
    # The kinds of register (codes of `catalogue.RegisterKind`) whose row in the overview of
    # registration systems is evidence for this norm: shown beside it on the scan.
    registers = models.JSONField(_("registers asked for"), default=list, blank=True)
    # The target groups (codes of `awareness.TargetGroup`) whose reach by the awareness work
    # is evidence for this norm: shown beside it on the scan.
    reach = models.JSONField(_("reach asked for"), default=list, blank=True)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        ordering = ["framework", "theme__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="norm_unique_code"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="norm_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class RoundKind(models.TextChoices):
    SELF = "zelfscan", _("self-scan")
    REVIEW = "toetsing", _("independent review")
    BOTH = "zelfscan_toetsing", _("self-scan followed by a review")


class ScanKind(models.TextChoices):
    SELF = "zelfscan", _("self-scan")
    REVIEW = "toetsing", _("independent review")


class ScanStatus(models.TextChoices):
    NOT_STARTED = "niet_gestart", _("not started")
    IN_PROGRESS = "bezig", _("in progress")
    SUBMITTED = "ingediend", _("submitted")


class ScanRoundQuerySet(models.QuerySet["ScanRound"]):
    def visible_to(self, access: Access) -> ScanRoundQuerySet:
        """Every round of the partnerships the user takes part in (what they see of it:
        `permissions.round_view`)."""
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=access.partnership_ids)


class ScanRound(TimestampedModel):
    """A round of a partnership against one framework version, e.g. "Zelfscan januari 2024"."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="scan_rounds",
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    deadline = models.DateField(_("deadline"))
    anonymise = models.BooleanField(
        _("anonymise organisations for participants"),
        default=True,
        help_text=_("Participants see the common threads without the names of organisations."),
    )
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        help_text=_("The round this one was cloned from: its answers are shown as reference."),
    )

    objects = ScanRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("scan round")
        verbose_name_plural = _("scan rounds")
        ordering = ["partnership", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="scanround_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class ScanQuerySet(models.QuerySet["Scan"]):
    def visible_to(self, access: Access) -> ScanQuerySet:
        """Coordinators: every scan of their partnerships. Contributors: their own
        organisations' self-scans, and the review of them once the coordinator released it.
        Assessors: the reviews in their partnerships, and a
        self-scan once their review of that organisation in that round is submitted. Viewers
        see results elsewhere, in aggregates only."""
        if access.is_admin:
            return self.all()
        contributing = {g.organisation_id for g in access.grants if g.role == Role.CONTRIBUTOR}
        coordinating = access.coordinating_ids
        assessing = access.assessing_ids
        # Only the conditions the grants call for: the query is built on every write of an
        # answer, and an empty condition costs as much to build as a real one.
        visible = Q(pk__in=[])
        if coordinating:
            visible |= Q(round__partnership_id__in=coordinating)
        if contributing:
            visible |= Q(
                Q(kind=ScanKind.SELF) | Q(released_at__isnull=False),
                organisation_id__in=contributing,
            )
        if assessing:
            reviewed = Scan.objects.filter(
                round=OuterRef("round"),
                organisation=OuterRef("organisation"),
                kind=ScanKind.REVIEW,
                status=ScanStatus.SUBMITTED,
            )
            visible |= Q(kind=ScanKind.REVIEW, round__partnership_id__in=assessing)
            visible |= Q(
                Q(kind=ScanKind.SELF, round__partnership_id__in=assessing), Exists(reviewed)
            )
        return self.filter(visible)


class Scan(models.Model):
    """One organisation's self-scan, or the independent review of it, in a round."""

    round = models.ForeignKey(
        ScanRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scans"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="scans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ScanKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A submitted review the coordinator released to the organisation: its contributors then
    # see it beside their self-scan. Only reviews are ever released.
    released_at = models.DateTimeField(_("released to the organisation at"), null=True, blank=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["round", "organisation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "kind"], name="scan_unique_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation} ({self.get_kind_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScanStatus.SUBMITTED


class Answer(models.Model):
    scan = models.ForeignKey(
        Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="answers"
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT)
    option = models.ForeignKey(ScaleOption, verbose_name=_("answer"), on_delete=models.PROTECT)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    # An assessor's review also records what they found and what they recommend.
    finding = models.TextField(_("finding"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    updated_at = models.DateTimeField(_("last updated"))
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["scan", "norm"]
        constraints = [models.UniqueConstraint(fields=["scan", "norm"], name="answer_one_per_norm")]

    def __str__(self) -> str:
        return f"{self.scan}: {self.norm.code} = {self.option.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never in the path."""

    return f"evidence/{instance.scan.round_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file that shows a norm is met. Never served from the media directory: only through
    the scan's own view, which checks who may see the scan."""

    scan = models.ForeignKey(
        Scan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="evidence"
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["scan", "norm", "uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class AgreedScore(models.Model):
    """After the review: the score the organisation and the assessor agree on for one norm,
    with the reason. It overrides both the self-scan and the review in the results."""

    round = models.ForeignKey(
        ScanRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="agreed"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT)
    option = models.ForeignKey(ScaleOption, verbose_name=_("answer"), on_delete=models.PROTECT)
    reason = models.TextField(_("reason"))
    agreed_at = models.DateTimeField(_("agreed at"))
    agreed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("agreed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "norm"], name="agreedscore_one_per_norm"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation} {self.norm.code}"


class ResultSource(models.TextChoices):
    SELF = "zelfscan", _("self-scan")
    REVIEW = "toetsing", _("independent review")
    AGREED = "afgesproken", _("agreed score")


def open_review() -> Exists:
    """Whether the review of the outer row's organisation in the outer row's round exists and
    is not yet submitted: while it is open, its assessors see nothing of the self-scan."""
    return Exists(
        Scan.objects.filter(
            round_id=OuterRef("round_id"),
            organisation_id=OuterRef("organisation_id"),
            kind=ScanKind.REVIEW,
        ).exclude(status=ScanStatus.SUBMITTED)
    )


class ResultQuerySet(models.QuerySet["Result"]):
    def visible_to(self, access: Access) -> ResultQuerySet:
        """The final answers of the rounds of the user's partnerships that the user's figures
        may draw on (what each role sees of them is the round view's business)."""
        if access.is_admin:
            return self.all()
        return self.filter(round__partnership_id__in=access.partnership_ids).hide_open_reviews(
            access
        )

    def hide_open_reviews(self, access: Access) -> ResultQuerySet:
        """Without the final answers an assessor may not see yet: while their review of an
        organisation is open, that organisation's final answers are its self-scan's, and the
        review is blind. So for an assessor of a partnership (who does not also coordinate
        it), every figure, page, document and API answer leaves such an organisation out
        until the review is submitted — its values, its scores and its share of any total."""
        blind = access.assessing_ids - access.coordinating_ids
        if access.is_admin or not blind:
            return self.all()
        return self.exclude(Q(round__partnership_id__in=sorted(blind)) & open_review())


class Result(models.Model):
    """The final answer of one organisation on one norm in a round, kept by the services
    whenever a scan is submitted or reopened or a score is agreed: the agreed score, else the
    submitted review, else the submitted self-scan. Every figure across organisations (the
    rode-dradenbeeld, the heatmap, the weerbaarheidsbeeld, the API's results) reads these rows,
    so they agree with each other by construction and aggregate in one indexed query."""

    round = models.ForeignKey(
        ScanRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="results"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT)
    option = models.ForeignKey(ScaleOption, verbose_name=_("answer"), on_delete=models.PROTECT)
    source = models.CharField(_("source"), max_length=20, choices=ResultSource.choices)
    # True on the rows of the organisation's most recent round on this framework: the national
    # weerbaarheidsbeeld counts every organisation once, whichever partnerships it scans with.
    latest = models.BooleanField(_("latest of the organisation"), default=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "norm"], name="result_one_per_norm"
            )
        ]
        indexes = [
            models.Index(fields=["round", "norm"], name="result_round_norm"),
            models.Index(fields=["latest", "norm"], name="result_latest_norm"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation} {self.norm.code}"


class ThreadAction(models.Model):
    """A common thread (a norm many organisations fall short of) turned into a joint action of
    a programme: the norm shows the action's progress, the action shows the norm."""

    round = models.ForeignKey(
        ScanRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="thread_actions"
    )
    norm = models.ForeignKey(Norm, verbose_name=_("norm"), on_delete=models.PROTECT)
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="scan_threads",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("common thread action")
        verbose_name_plural = _("common thread actions")
        constraints = [
            models.UniqueConstraint(fields=["round", "norm", "action"], name="threadaction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.norm.code} → {self.action}"


class ScanReminder(models.Model):
    """One reminder mail to an organisation that is behind, at most one a day (idempotent)."""

    round = models.ForeignKey(
        ScanRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reminders"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("scan reminder")
        verbose_name_plural = _("scan reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "sent_on"], name="scanreminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.organisation} {self.sent_on}"
