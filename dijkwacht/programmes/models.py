from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel

if TYPE_CHECKING:
    from dijkwacht.organisations.access import Access


class Status(models.TextChoices):
    """A matrix cell's status. The colours follow the legend of the Maas en Leijgraaf plan
    (blue structural, green completed, red not taken up, orange undetermined)."""

    STRUCTURAL = "structureel", _("structural")
    COMPLETED = "voltooid", _("completed")
    IN_PROGRESS = "in_uitvoering", _("in progress")
    PLANNED = "gepland", _("planned")
    NOT_TAKEN_UP = "niet_opgepakt", _("not taken up")
    UNDETERMINED = "onbepaald", _("undetermined")


class Cadence(models.TextChoices):
    ONCE = "eenmalig", _("one-off")
    MONTHLY = "maandelijks", _("monthly")
    SIX_WEEKLY = "zeswekelijks", _("every six weeks")
    QUARTERLY = "per_kwartaal", _("quarterly")
    YEARLY = "jaarlijks", _("yearly")
    STRUCTURAL = "structureel", _("structural")


def money(verbose_name: Any) -> models.DecimalField:
    """An optional amount in euros, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, access: Access) -> ProgrammeQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=access.partnership_ids)


class Programme(TimestampedModel):
    """An action plan of a partnership (uitvoeringsplan, actieplan, projectplan)."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("start of period"), null=True, blank=True)
    period_end = models.DateField(_("end of period"), null=True, blank=True)
    steering_body = models.CharField(
        _("steering body"), max_length=200, blank=True, help_text=_("For example DVO Twente.")
    )
    reporting_cadence = models.CharField(
        _("reporting cadence"), max_length=20, choices=Cadence.choices, blank=True
    )
    total_budget = money(_("total budget"))
    execution_budget = money(_("execution budget"))
    stale_after_days = models.PositiveIntegerField(
        _("no input after (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("A cell nobody updated for this many days shows as “no input”."),
    )
    is_draft = models.BooleanField(_("draft"), default=False)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_(
            "Close the programme when its period is over: the matrix then shows the final "
            "state and nobody updates its cells any more. Leave empty while it runs."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Raised by every service that changes what the matrix shows; part of the key under which
    # a rendered matrix is cached (see views.matrix_table_html).
    matrix_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["partnership", "-period_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="programme_unique_name"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="programme_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        """A closed programme keeps its final state: no cell updates, no rounds, and no
        "no input" (nobody is expected to update it any more)."""
        return self.closed_on is not None

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The end lies before the start.")})
        if self.closed_on and self.closed_on > timezone.localdate():
            raise ValidationError(
                {"closed_on": _("A programme is closed today or earlier, not in the future.")}
            )
        if self.closed_on and self.period_start and self.closed_on < self.period_start:
            raise ValidationError({"closed_on": _("The programme closes before it starts.")})
        if (
            self.total_budget is not None
            and self.execution_budget is not None
            and self.execution_budget > self.total_budget
        ):
            raise ValidationError(
                {"execution_budget": _("The execution budget is larger than the total budget.")}
            )


REPORT_TEXT_MAX_LENGTH = 3000


class Theme(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)
    ambition = models.TextField(_("ambition"), blank=True)
    # What the coordinator tells the steering body about the theme in the next progress report.
    report_text = models.TextField(
        _("coordinator's text for the report"),
        blank=True,
        max_length=REPORT_TEXT_MAX_LENGTH,
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.title or str(_("(without theme)"))


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, access: Access) -> ActionQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(programme__partnership_id__in=access.partnership_ids)


class CurrentActionManager(models.Manager.from_queryset(ActionQuerySet)):  # type: ignore[misc]
    """The actions of the plan as it stands: a removed action keeps its cells and their
    history (`Action.with_removed`) but leaves the plan, the matrix, the reports and the API."""

    def get_queryset(self) -> ActionQuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class Action(TimestampedModel):
    """An action of a programme; an action with sub-actions is a subproject."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="actions"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_actions",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices, blank=True)
    planned_period = models.CharField(_("planned period"), max_length=100, blank=True)
    budget_planned = money(_("budget planned"))
    budget_spent = money(_("budget spent"))
    expected_result = models.TextField(_("expected result"), blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)

    objects = CurrentActionManager()
    with_removed = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["programme", "position", "id"]
        # A cell or closed round of a removed action still reaches it.
        base_manager_name = "with_removed"

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def budget_remaining(self) -> Decimal | None:
        """What is left of what the action planned; None when it planned nothing."""
        if self.budget_planned is None:
            return None
        return self.budget_planned - (self.budget_spent or Decimal(0))

    def clean(self) -> None:
        super().clean()
        if self.theme_id and self.theme and self.theme.programme_id != self.programme_id:
            raise ValidationError({"theme": _("The theme belongs to another programme.")})
        if self.parent_id and self.parent:
            if self.parent.programme_id != self.programme_id:
                raise ValidationError({"parent": _("The action belongs to another programme.")})
            if self.parent.parent_id is not None or self.parent_id == self.pk:
                raise ValidationError({"parent": _("Sub-actions cannot have sub-actions.")})


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def visible_to(self, access: Access) -> CommitmentQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(programme__partnership_id__in=access.partnership_ids)


class CurrentCommitmentManager(models.Manager.from_queryset(CommitmentQuerySet)):  # type: ignore[misc]
    """The cells of the actions in the plan; a removed action's cells keep their history."""

    def get_queryset(self) -> CommitmentQuerySet:
        return super().get_queryset().filter(action__removed_at__isnull=True)


class Commitment(models.Model):
    """A matrix cell: what one organisation does for one action."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="commitments"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNDETERMINED
    )
    planned_period = models.CharField(
        _("planned period"),
        max_length=100,
        blank=True,
        help_text=_("As the plan says it, for example “Herhaling in 2019” or “2018–2019”."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), null=True, blank=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous_status = models.CharField(
        _("status last time"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("The cell's status in the programme this one was copied from."),
    )

    objects = CurrentCommitmentManager()
    with_removed = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["action", "organisation"]
        base_manager_name = "with_removed"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="commitment_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["programme", "organisation"], name="commitment_prog_org")]

    def __str__(self) -> str:
        return f"{self.action} × {self.organisation}"


class StatusUpdate(models.Model):
    """Append-only history of a cell: who changed what, when and why."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="updates"
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by (name)"), max_length=200, blank=True)
    old_status = models.CharField(
        _("old status"), max_length=20, choices=Status.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    old_planned_period = models.CharField(_("old planned period"), max_length=100, blank=True)
    new_planned_period = models.CharField(_("new planned period"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["commitment", "-occurred_at"], name="statusupdate_cell_time")
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.old_status} → {self.new_status}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError(_("History cannot be changed."))
        super().save(*args, **kwargs)


class ProgressRoundQuerySet(models.QuerySet["ProgressRound"]):
    def visible_to(self, access: Access) -> ProgressRoundQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(programme__partnership_id__in=access.partnership_ids)

    def open(self) -> ProgressRoundQuerySet:
        return self.filter(closed_at__isnull=True)


class ProgressRound(models.Model):
    """A round in which every organisation updates its cells before a deadline (e.g. the
    next steering meeting); closing it freezes the matrix as it stood."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProgressRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress round")
        verbose_name_plural = _("progress rounds")
        ordering = ["programme", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(closed_at__isnull=True),
                name="progressround_one_open_per_programme",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RoundCell(models.Model):
    """A matrix cell as it stood when its round closed. Never changed afterwards."""

    round = models.ForeignKey(
        ProgressRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="cells"
    )
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE)
    # The action's theme when the round closed: the progress over the rounds counts each round
    # as it was, even after an action moved to another theme. A theme removed since counts
    # under the actions without a theme.
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    planned_period = models.CharField(_("planned period"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("last updated"), null=True, blank=True)
    updated_in_round = models.BooleanField(_("updated in this round"))

    class Meta:
        verbose_name = _("cell in a closed round")
        verbose_name_plural = _("cells in closed rounds")
        ordering = ["round", "action", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "action", "organisation"], name="roundcell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.action_id} × {self.organisation_id} = {self.status}"


class RoundReminder(models.Model):
    """A reminder mailed to an organisation's contributors; one per organisation per day."""

    round = models.ForeignKey(
        ProgressRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reminders"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"))
    outstanding = models.PositiveIntegerField(_("cells still to update"))

    class Meta:
        verbose_name = _("round reminder")
        verbose_name_plural = _("round reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "sent_on"], name="roundreminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} → {self.organisation_id} ({self.sent_on})"
