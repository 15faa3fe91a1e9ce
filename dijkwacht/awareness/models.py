"""Awareness (bewustwording): activities, their sessions and who they reached, and the sizes
of the target groups that turn attendance into reach (ADR 0014).

The kinds of activity and the target groups are data a platform administrator keeps, so a
partnership's new kind of session or a sector to reach is no code change. What an activity
reached is counts per organisation and target group, never a list of people: reach is not
secret, and the members of a partnership see each other's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel
from dijkwacht.organisations.access import Access
from dijkwacht.organisations.roles import Role

# A count above this is a typing error, not a target group (the largest municipality has
# under a million inhabitants; a congress a few thousand people).
MAX_COUNT = 10_000_000


class Vocabulary(models.Model):
    """A term of a short list: a code that never changes, a name that may, its place in the
    list, and whether it is still offered (a term in use is retired, never deleted)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityType(Vocabulary):
    """A kind of awareness activity: the monthly integrity workshop for new staff, a knowledge
    session, a congress, a roadshow, a campaign week."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("kind of activity")
        verbose_name_plural = _("kinds of activity")


class TargetGroup(Vocabulary):
    """A group an activity is for and whose reach is counted per organisation: new staff,
    staff in vulnerable positions, the council, the college, citizens, a sector."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class TargetGroupSizeQuerySet(models.QuerySet["TargetGroupSize"]):
    def visible_to(self, access: Access) -> TargetGroupSizeQuerySet:
        """The sizes of the organisations in the user's partnerships: a size is a number, and
        the members read each other's reach."""
        if access.is_admin:
            return self.all()
        return self.filter(organisation__partnerships__in=access.partnership_ids).distinct()


class TargetGroupSize(TimestampedModel):
    """How many people an organisation's target group has, from a date on: 1,200 staff in
    vulnerable positions from 1 January; 45 new staff this year. A new size from a later date
    keeps the old one for the periods before it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("holds from"))
    size = models.PositiveIntegerField(_("size"), validators=[MaxValueValidator(MAX_COUNT)])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TargetGroupSizeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "target_group__position", "valid_from"]
        verbose_name = _("size of a target group")
        verbose_name_plural = _("sizes of target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "target_group", "valid_from"],
                name="awareness_one_size_per_day",
                violation_error_message=_("This group already has a size from this date."),
            ),
        ]


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, access: Access) -> ActivityQuerySet:
        """Everyone in the partnership, viewers too: an activity and its counts name nobody."""
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=access.partnership_ids)


class Activity(TimestampedModel):
    """An awareness activity of a partnership, organised by one of its members: a workshop,
    a yearly meeting, a congress. It is held in one or more sessions (a monthly workshop is
    one activity with a session each month) and may carry out an action of a programme."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.ForeignKey(
        ActivityType, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places per session"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Leave empty when there is no limit."),
    )
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("programme action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The action of a programme this activity carries out."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="+"
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations taking part"),
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # People register through Dijkwacht and the organiser takes attendance: the counts come
    # from the check-in. Without it the organiser counts who came by hand.
    registration = models.BooleanField(_("registration through Dijkwacht"), default=False)
    questions = models.TextField(
        _("questions at registration"),
        blank=True,
        max_length=600,
        help_text=_("At most three, one per line (a dietary wish, a question for the speaker)."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep registrations for (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("After this, only the counts remain: names and e-mail addresses are deleted."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Session(models.Model):
    """One dated occasion of an activity, with its own attendance."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    # The calendar feeds' SEQUENCE rises with it (`calendar.sequence`).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="awareness_session_ends_after_start",
                violation_error_message=_("A session ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class Participation(models.Model):
    """How many people of one organisation's target group took part in a session: the count
    reach is made of. It names nobody."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(MAX_COUNT)]
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation", "target_group"],
                name="awareness_one_count_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.count}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    DECLINED = "declined", _("cannot come")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def visible_to(self, access: Access) -> RegistrationQuerySet:
        """Personal data: the person themself, the organiser's coordinators and contributors
        and the partnership's coordinators, and the coordinators of the person's own
        organisation (ADR 0014) — nobody else, viewers never."""
        if access.is_admin:
            return self.all()
        own = Q(user_id=access.user_id) if access.user_id is not None else Q(pk__in=[])
        organising = {
            g.organisation_id
            for g in access.grants
            if g.role in (Role.COORDINATOR, Role.CONTRIBUTOR) and g.organisation_id is not None
        }
        coordinating_own = {
            g.organisation_id
            for g in access.grants
            if g.role == Role.COORDINATOR and g.organisation_id is not None
        }
        return self.filter(
            own
            | Q(session__activity__partnership_id__in=access.coordinating_ids)
            | Q(session__activity__organiser_id__in=organising)
            | Q(organisation_id__in=coordinating_own)
        )


class Registration(TimestampedModel):
    """A person at a session: who, for which organisation and target group, whether they come
    (registered, on the waiting list, cancelled, cannot come) and whether they came. Personal
    data: after the activity's retention period only the counts remain (`Participation`)."""

    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # The person's account; none for someone the organiser registered.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    attended_at = models.DateTimeField(_("present since"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]  # the waiting list's order
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="awareness_one_registration_per_person",
                violation_error_message=_("You are already registered for this session."),
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status="registered"),
                name="awareness_present_means_registered",
                violation_error_message=_("Only someone registered is present."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.get_status_display()}"


class DeletionLog(models.Model):
    """What the retention job reduced to counts: the session, how many registrations it
    deleted and by which rule — never a name."""

    at = models.DateTimeField(_("at"), db_index=True)
    # The log outlives the activity: a removed one leaves its title here.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    activity_title = models.CharField(_("activity"), max_length=200)
    session_on = models.DateField(_("session of"))
    deleted = models.PositiveIntegerField(_("registrations deleted"))
    rule = models.CharField(_("rule"), max_length=100)

    class Meta:
        verbose_name = _("awareness deletion log entry")
        verbose_name_plural = _("awareness deletion log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.activity_id}"


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, access: Access) -> CampaignQuerySet:
        """Everyone in the partnership: a campaign and its figures name nobody."""
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=access.partnership_ids)


class Campaign(TimestampedModel):
    """A planned period of outreach with its channels and materials (the yearly Meld Misdaad
    Anoniem campaign), and what it reached, entered afterwards and compared with the
    campaign before it."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    channels = models.TextField(
        _("channels"),
        blank=True,
        max_length=2000,
        help_text=_("One per line: posters, social media, the local paper, a mailing."),
    )
    materials = models.TextField(
        _("materials"),
        blank=True,
        max_length=2000,
        help_text=_("One per line: a poster, a flyer, a link to the campaign page."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="+"
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations taking part"),
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("compared with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The earlier campaign its figures are compared with."),
    )
    # What it reached, entered afterwards (none: not known).
    people_reached = models.PositiveIntegerField(
        _("people reached"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    page_visits = models.PositiveIntegerField(
        _("page visits"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    # Reports received elsewhere (Meld Misdaad Anoniem); the meldpunt's own are counted.
    reports_before = models.PositiveIntegerField(
        _("reports elsewhere, as many days before"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_COUNT)],
    )
    reports_during = models.PositiveIntegerField(
        _("reports elsewhere, during"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_COUNT)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="awareness_campaign_ends_after_start",
                violation_error_message=_("A campaign ends on or after its first day."),
            ),
            models.CheckConstraint(
                condition=~Q(previous=models.F("pk")),
                name="awareness_campaign_not_its_own_previous",
                violation_error_message=_("A campaign is not compared with itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.channels.splitlines() if line.strip()]

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class CancelledItem(models.Model):
    """A calendar item taken off (a session or a campaign removed before its day), kept so
    the feeds keep it as cancelled until its day has passed: a subscribed Outlook shows it
    struck through instead of silently dropping it."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uid = models.CharField(_("UID"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"))
    sequence = models.PositiveIntegerField(_("sequence"), default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("cancelled calendar item")
        verbose_name_plural = _("cancelled calendar items")

    def __str__(self) -> str:
        return self.uid


class CalendarLink(models.Model):
    """A person's secret link to a calendar feed that Outlook subscribes to: of one
    partnership, or of all theirs. Only the key's SHA-256 is stored (the link is shown once);
    the feed holds what the person may see at the moment it is read, and deleting the link
    revokes it."""

    PREFIX = "dwc_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every partnership of the person."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.partnership_id or '*'}"


class Course(models.Model):
    """A short course of the learning module: a few pages to read and a few questions. Its
    words are data (loaded by a migration, kept in the admin); who completes it counts as
    reached in its target group, until the renewal comes due."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=2000)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose reach a completion counts for."),
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renew after (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CoursePage(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="pages"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), max_length=10000, help_text=_("Paragraphs: an empty line between.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("course page")
        verbose_name_plural = _("course pages")

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class CourseQuestion(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=500)
    choices = models.TextField(_("answers"), max_length=3000, help_text=_("One per line."))
    correct = models.PositiveSmallIntegerField(
        _("right answer"),
        validators=[MinValueValidator(1)],
        help_text=_("Its number: 1 is the first."),
    )
    explanation = models.TextField(_("explanation"), blank=True, max_length=2000)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("course question")
        verbose_name_plural = _("course questions")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if not 2 <= len(self.choice_list) <= 8:
            raise ValidationError({"choices": _("Give between 2 and 8 answers, one per line.")})
        if self.correct > len(self.choice_list):
            raise ValidationError({"correct": _("The right answer is one of the answers.")})


class CourseCompletionQuerySet(models.QuerySet["CourseCompletion"]):
    def visible_to(self, access: Access) -> CourseCompletionQuerySet:
        """The person, and the coordinators of the organisation it counts for: a completion is
        personal; everyone else sees counts."""
        if access.is_admin:
            return self.all()
        coordinating = {
            g.organisation_id
            for g in access.grants
            if g.role == Role.COORDINATOR and g.organisation_id is not None
        }
        return self.filter(Q(user_id=access.user_id) | Q(organisation_id__in=coordinating))


class CourseCompletion(models.Model):
    """A person completed a course for their organisation: it counts until `valid_until`."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="completions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_on = models.DateField(_("completed on"))
    valid_until = models.DateField(_("counts until"), db_index=True)
    right = models.PositiveSmallIntegerField(_("answered right"))
    total = models.PositiveSmallIntegerField(_("questions"))

    objects = CourseCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("completed_on")),
                name="awareness_completion_counts_from_its_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.user_id} {self.completed_on:%Y-%m-%d}"
