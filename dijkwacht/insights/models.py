"""Indicators as data: a figure about an area over time (drug-waste dumpings per province per
year, Bibob advices per year, inhabitants per municipality), with its definition and source.

An indicator without a partnership is reference data for everyone (public national figures,
kept by platform admins); one with a partnership belongs to it and is kept by its
coordinators. Values are keyed by area code and the first day of their period, so a value
can be given for a municipality (`GM0153`), a province (`PV23`), the country (`NL01`, as CBS
writes it) or a partnership (its slug): the indicator's level is the finest area it draws,
the others are its comparisons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percentage")
    PER_10000 = "per_10000", _("per 10,000 inhabitants")
    NUMBER = "number", _("figure")


class PeriodType(models.TextChoices):
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")


class Level(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    PROVINCE = "province", _("province")
    PARTNERSHIP = "partnership", _("partnership")
    COUNTRY = "country", _("the Netherlands")


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_better", _("higher is better")
    HIGHER_IS_WORSE = "higher_worse", _("higher is worse")
    NEUTRAL = "neutral", _("neutral")


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, access: Access) -> IndicatorQuerySet:
        """The national reference figures, and those of the partnerships the user works in."""
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(partnership__isnull=True) | Q(partnership_id__in=access.partnership_ids)
        )


class Indicator(TimestampedModel):
    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("Empty: a national figure for everyone, kept by platform admins."),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=0, validators=[MaxValueValidator(4)]
    )
    period_type = models.CharField(
        _("period"), max_length=10, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    level = models.CharField(
        _("geographic level"), max_length=20, choices=Level.choices, default=Level.MUNICIPALITY
    )
    polarity = models.CharField(
        _("polarity"), max_length=20, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    suppress_small = models.BooleanField(
        _("suppress small values"),
        default=False,
        help_text=_("Values from 1 to 4 read “<5” for everyone who cannot edit the indicator."),
    )
    measures_population = models.BooleanField(
        _("inhabitants"),
        default=False,
        help_text=_("The number of inhabitants: the base of the figures per 10,000 inhabitants."),
    )
    fictitious = models.BooleanField(
        _("example figures"),
        default=False,
        help_text=_("Made-up values for a demonstration, marked as such wherever they appear."),
    )
    source_name = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    source_licence = models.CharField(_("licence"), max_length=100, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="indicator_name_unique_in_partnership"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(partnership__isnull=True),
                name="indicator_name_unique_national",
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=4), name="indicator_decimals_at_most_four"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.suppress_small and self.unit != Unit.COUNT:
            errors["suppress_small"] = _("Only counts are suppressed: choose the unit count.")
        if self.level == Level.PARTNERSHIP and self.partnership_id is None:
            errors["level"] = _("A national indicator has no partnership to give values for.")
        same_name = Indicator.objects.filter(partnership=self.partnership_id, name=self.name)
        if self.name and same_name.exclude(pk=self.pk).exists():
            # Named at the field (the constraint's own message would name no field).
            errors["name"] = _("There is already an indicator with this name.")
        if errors:
            raise ValidationError(errors)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    area = models.CharField(_("area code"), max_length=200)
    period = models.DateField(_("period"), help_text=_("The first day of the period."))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="indicator_value_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="indicator_value_period")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area} {self.period}: {self.value}"


# --- The annual report ------------------------------------------------------------------------


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def visible_to(self, access: Access) -> AnnualReportQuerySet:
        """A draft is the partnership's coordinators'; once published, everyone who works in
        the partnership reads its versions."""
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(partnership_id__in=access.coordinating_ids)
            | Q(partnership_id__in=access.partnership_ids, published_at__isnull=False)
        )


class AnnualReport(TimestampedModel):
    """The year's report of a partnership, or of one of its members, as the coordinator
    composes it: the period, and what they write beside the platform's facts. The facts are
    read afresh until a version is published; each version keeps its own frozen copy."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        help_text=_("Empty: the report of the whole partnership."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("up to and including"))
    # What the coordinator writes, by the key of its place in the report: a section
    # ("samenvatting"), a theme ("thema-12"), an indicator's explanation ("indicator-3").
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    # The plan per indicator ("indicator-3" → "120"), as the coordinator typed it.
    plans = models.JSONField(_("plans"), default=dict, blank=True)
    published_at = models.DateTimeField(_("last published"), null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                condition=Q(organisation__isnull=True),
                name="annual_report_one_per_year",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation", "year"],
                condition=Q(organisation__isnull=False),
                name="annual_report_one_per_organisation_year",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="annual_report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if (
            self.period_start
            and self.period_end
            and (self.period_end - self.period_start).days > 731
        ):
            errors["period_end"] = _("A report covers at most two years.")
        elif (
            self.period_start
            and self.period_end
            and self.year
            and not self.period_start.year <= self.year <= self.period_end.year
        ):
            errors["period_start"] = _("The period must include the report's year.")
        same = AnnualReport.objects.filter(
            partnership=self.partnership_id, organisation=self.organisation_id, year=self.year
        )
        if self.partnership_id and self.year and same.exclude(pk=self.pk).exists():
            errors["year"] = _("There is already a report for this year.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AnnualReportVersion(models.Model):
    """A published version: the facts and texts as they were at that moment, never changed."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual report"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_by_name = models.CharField(_("published by"), max_length=200)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("annual report version")
        verbose_name_plural = _("annual report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="annual_report_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
