from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel


class Framework(TimestampedModel):
    """A norm framework in one version. A new version is a new framework: scans made against
    an older version keep their norms, whatever happens to the newer one."""

    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("norm framework")
        verbose_name_plural = _("norm frameworks")
        ordering = ["name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="framework_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


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
        "accounts.User", verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("scan round")
        verbose_name_plural = _("scan rounds")
        ordering = ["partnership", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="scanround_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


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
        "accounts.User", verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

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
        "accounts.User", verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["scan", "norm"]
        constraints = [models.UniqueConstraint(fields=["scan", "norm"], name="answer_one_per_norm")]

    def __str__(self) -> str:
        return f"{self.scan}: {self.norm.code} = {self.option.code}"
