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
