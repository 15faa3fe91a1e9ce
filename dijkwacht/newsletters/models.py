"""Newsletters (ADR 0014, decision 8): a partnership's series for one audience, its issues
drafted from what happened since the last one, and the people who asked to receive it.

A subscriber is an e-mail address, not an account: officials and administrators without a
login read the newsletter too. They come in by invitation only (a confirmed opt-in) and go in
one click; going deletes the address. An issue is archived as PDF when it is sent, and its
mail is sent in the background, one delivery row per subscriber, so a crash or a second
worker never sends twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dijkwacht.core.models import TimestampedModel
from dijkwacht.organisations.access import Access

# The cadences a partnership's newsletters keep (the seeds: every six weeks for officials,
# every quarter for administrators). The values are the awareness calendar's repeats.
CADENCES = [
    ("monthly", pgettext_lazy("newsletter cadence", "every month")),
    ("six-weekly", pgettext_lazy("newsletter cadence", "every six weeks")),
    ("quarterly", pgettext_lazy("newsletter cadence", "every quarter")),
    ("yearly", pgettext_lazy("newsletter cadence", "every year")),
]


class SeriesQuerySet(models.QuerySet["Series"]):
    def visible_to(self, access: Access) -> SeriesQuerySet:
        """Everyone in the partnership reads its newsletters; who receives them is the
        editors' (the partnership's coordinators) alone."""
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=access.partnership_ids)


class Series(TimestampedModel):
    """A newsletter for one audience: "Nieuwsbrief voor ambtenaren", every six weeks."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("Who it is for, e.g. officials of the member municipalities."),
    )
    cadence = models.CharField(_("cadence"), max_length=20, choices=CADENCES)
    reply_to = models.EmailField(
        _("reply address"),
        blank=True,
        help_text=_("Where replies to the newsletter go; empty: nowhere."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["partnership", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="series_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class IssueState(models.TextChoices):
    DRAFT = "concept", _("draft")
    SENDING = "verzenden", _("being sent")
    SENT = "verzonden", _("sent")


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, access: Access) -> IssueQuerySet:
        if access.is_admin:
            return self.all()
        return self.filter(series__partnership_id__in=access.partnership_ids)


class Issue(TimestampedModel):
    """One number of a newsletter: drafted from what happened since `since`, rewritten by its
    editor (Markdown), sent once and archived as PDF."""

    series = models.ForeignKey(
        Series, verbose_name=_("newsletter"), on_delete=models.PROTECT, related_name="issues"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    planned_on = models.DateField(_("planned for"))
    # What it tells of: from the day after the last issue's `until` to the day it was drafted.
    since = models.DateField(_("covers from"))
    until = models.DateField(_("covers until"))
    body = models.TextField(_("text"), max_length=50_000, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=IssueState.choices, default=IssueState.DRAFT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Counts of the sending (the deliveries' states, kept when they are gone).
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    failed = models.PositiveIntegerField(_("not delivered"), default=0)
    skipped = models.PositiveIntegerField(_("unsubscribed meanwhile"), default=0)
    unknown = models.PositiveIntegerField(_("not known whether delivered"), default=0)
    pdf = models.BinaryField(_("archived PDF"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["series", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="issue_unique_number"),
            # One draft at a time: the next issue is drafted from the last one sent.
            models.UniqueConstraint(
                fields=["series"], condition=~Q(state="verzonden"), name="issue_one_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.number}"

    @property
    def progress(self) -> int:
        """Percent of the recipients handled (delivered or not), while it is being sent."""
        if self.state == IssueState.SENT or not self.recipients:
            return 100 if self.state == IssueState.SENT else 0
        done = self.delivered + self.failed + self.skipped + self.unknown
        return min(99, done * 100 // self.recipients)


class Subscriber(models.Model):
    """An address that receives a newsletter: invited by an editor, receiving once confirmed
    (`confirmed_at`), gone (deleted) when it unsubscribes."""

    series = models.ForeignKey(
        Series, verbose_name=_("newsletter"), on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["series", "email"], name="subscriber_once")]

    def __str__(self) -> str:
        return self.email


class DeliveryState(models.TextChoices):
    WAITING = "wacht", _("waiting")
    CLAIMED = "bezig", _("being sent")
    SENT = "verzonden", _("sent")
    FAILED = "mislukt", _("not delivered")
    SKIPPED = "vervallen", _("unsubscribed meanwhile")
    UNKNOWN = "onbekend", _("not known whether delivered")


class Delivery(models.Model):
    """One issue to one subscriber, while it is being sent (the issue keeps the counts when
    the deliveries go). The worker claims a delivery before it sends (waiting → being sent,
    marked with the moment of the claim), so a second worker finds nothing to send; it is sent
    once the mail server took it. A claim a worker never finished is "not known": the mail may
    or may not have gone, and it is not sent again."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # None: the subscriber left before the mail went.
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.WAITING
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "state"], name="delivery_issue_state")]

    def __str__(self) -> str:
        return f"{self.issue}: {self.get_state_display()}"
