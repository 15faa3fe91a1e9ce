from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel
from dijkwacht.organisations.roles import (
    PARTNERSHIP_ROLES,
    SERVICE_ACCOUNT_BARRED,
    Compartment,
    Role,
)

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class OrganisationKind(models.TextChoices):
    PROVINCE = "provincie", _("province")
    MUNICIPALITY = "gemeente", _("municipality")
    RIEC = "riec", _("RIEC")
    POLICE = "politie", _("police")
    WATER_BOARD = "waterschap", _("water board")
    OTHER = "overig", _("other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def valid_on(self, day: datetime.date) -> OrganisationQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def visible_to(self, access: Access) -> OrganisationQuerySet:
        """Organisations the user works with: their own, and every member of their partnerships."""
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(pk__in=access.organisation_ids) | Q(partnerships__in=access.partnership_ids)
        ).distinct()


# A municipality's or a province's code at CBS: GM0153, PV23.
CBS_CODE = re.compile(r"GM\d{4}|PV\d{2}")


class Organisation(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    # NULL, not "", for "no code": the unique constraint must skip organisations without one.
    cbs_code = models.CharField(  # noqa: DJ001
        _("CBS code"),
        max_length=10,
        null=True,
        blank=True,
        help_text=_("For example GM0153 or PV23; codes change on 1 January."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": OrganisationKind.PROVINCE},
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Where a merged municipality went."),
    )
    # The simplified boundary, already projected to map units (see maps.py), as SVG path data.
    boundary_path = models.TextField(_("boundary (SVG path)"), blank=True, editable=False)
    bbox_min_x = models.FloatField(null=True, blank=True, editable=False)
    bbox_min_y = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_x = models.FloatField(null=True, blank=True, editable=False)
    bbox_max_y = models.FloatField(null=True, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=Q(cbs_code__isnull=False),
                name="organisation_unique_cbs_code",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="organisation_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError({"valid_to": _("The end date lies before the start date.")})
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": _("An organisation cannot succeed itself.")})
        if self.cbs_code and not CBS_CODE.fullmatch(self.cbs_code):
            raise ValidationError(
                {"cbs_code": _("A CBS code is GM and four digits, or PV and two digits.")}
            )
        if (
            self.cbs_code
            and Organisation.objects.filter(cbs_code=self.cbs_code).exclude(pk=self.pk).exists()
        ):
            # Named at the field (the constraint's own message would name no field).
            raise ValidationError(
                {"cbs_code": _("Another organisation has this CBS code already.")}
            )


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def visible_to(self, access: Access) -> PartnershipQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(pk__in=access.partnership_ids)


class Partnership(TimestampedModel):
    """A samenwerkingsverband: the tenant of programmes, scan rounds and dashboards."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), related_name="partnerships"
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True)


class Membership(TimestampedModel):
    """User × organisation × role; partnership-wide roles also name their partnership.

    Platform admins are the one role without an organisation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Required for coordinators, assessors and viewers."),
    )
    compartments = models.JSONField(
        _("compartments"),
        default=list,
        blank=True,
        help_text=_("For meldpunt handlers: the compartments they handle."),
    )
    # A handler granted later sees only the reports received from then on; older ones open
    # for them only when a colleague shares them (or two platform admins hand them over).
    # Empty: the organisation's first handlers, who see every report of their compartments.
    reports_from = models.DateTimeField(
        _("sees reports received from"),
        null=True,
        blank=True,
        help_text=_("For meldpunt handlers: older reports only when shared."),
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN, organisation__isnull=True, partnership__isnull=True)
                | (~Q(role=Role.ADMIN) & Q(organisation__isnull=False)),
                name="membership_organisation_unless_admin",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(PARTNERSHIP_ROLES)) | Q(partnership__isnull=False),
                name="membership_partnership_for_partnership_roles",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "partnership"],
                condition=Q(partnership__isnull=False),
                name="membership_unique_in_partnership",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(partnership__isnull=True, organisation__isnull=False),
                name="membership_unique_in_organisation",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=Role.ADMIN),
                name="membership_unique_admin",
            ),
        ]

    def __str__(self) -> str:
        where = self.partnership or self.organisation
        return f"{self.user} — {self.get_role_display()}" + (f" ({where})" if where else "")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.role == Role.ADMIN:
            if self.organisation_id or self.partnership_id:
                errors.setdefault("role", []).append(
                    _("A platform admin is not tied to an organisation or partnership.")
                )
        elif not self.organisation_id:
            errors.setdefault("organisation", []).append(_("Choose an organisation."))
        if self.role in PARTNERSHIP_ROLES and not self.partnership_id:
            errors.setdefault("partnership", []).append(
                _("This role works across a partnership: choose the partnership.")
            )
        if (
            self.partnership is not None
            and self.organisation_id
            and not self.partnership.members.filter(pk=self.organisation_id).exists()
        ):
            errors.setdefault("partnership", []).append(
                _("The organisation is not a member of this partnership.")
            )
        if (
            self.role in SERVICE_ACCOUNT_BARRED
            and self.user_id is not None
            and self.user.is_service_account
        ):
            errors.setdefault("role", []).append(
                _(
                    "A service account cannot be a platform admin, meldpunt handler or Bibob "
                    "officer."
                )
            )
        valid = set(Compartment.values)
        if not isinstance(self.compartments, list) or not set(self.compartments) <= valid:
            errors.setdefault("compartments", []).append(_("Unknown compartment."))
        elif self.role != Role.HANDLER and self.compartments:
            errors.setdefault("compartments", []).append(
                _("Only meldpunt handlers have compartments.")
            )
        elif self.role == Role.HANDLER and not self.compartments:
            errors.setdefault("compartments", []).append(
                _("Choose at least one compartment for a handler.")
            )
        if errors:
            raise ValidationError(errors)
