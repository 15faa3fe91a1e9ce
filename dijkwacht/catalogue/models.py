"""The information position: the sources the partners hold, described as factsheets with their
sharing passport, and the requests for access to the shielded ones.

Dijkwacht keeps the description of a source, never its data: a request records who asked
what for which purpose, and the owner's decision with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.models import TimestampedModel
from dijkwacht.organisations.access import Access
from dijkwacht.organisations.models import Partnership
from dijkwacht.organisations.roles import Role

# The roles that keep their organisation's sources and see the requests for them.
KEEPING_ROLES = frozenset({Role.COORDINATOR, Role.CONTRIBUTOR})


class ReferenceList(models.Model):
    """An entry of a short list that platform admins keep (by code, in their order)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(ReferenceList):
    """A theme of the approach (vakantieparken, vastgoed, Bibob, …) by which sources, contact
    persons and the checklist's outcomes are filed."""

    class Meta(ReferenceList.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class SourceKind(models.TextChoices):
    DATASET = "dataset", _("dataset")
    REGISTER = "register", _("register")
    VIEWER = "viewer", _("data viewer")
    REPORT = "rapportage", _("report or analysis")
    PERSON_SYSTEM = "persoonsniveau", _("person-level system")


class Frequency(models.TextChoices):
    """How often a source is brought up to date (the EU's frequency list, as DONL uses it)."""

    CONTINUOUS = "CONT", _("continuously")
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL = "ANNUAL", _("yearly")
    IRREGULAR = "IRREG", _("irregularly")
    NEVER = "NEVER", _("not updated")
    UNKNOWN = "UNKNOWN", _("unknown")


class AccessLevel(models.TextChoices):
    """Open, under conditions or shielded: DONL's access rights (publiek, beperkt, niet
    publiek)."""

    OPEN = "publiek", _("open")
    CONDITIONS = "beperkt", _("under conditions")
    SHIELDED = "niet_publiek", _("shielded")


class RestrictionReason(models.TextChoices):
    """Why a source is not open: DONL's reasons for restriction (its access-rights terms,
    after the grounds of the Woo), by their term."""

    PRIVACY = "PRIVACY", _("privacy (personal data)")
    CRIMINAL_LAW = "STRAFRECHT", _("criminal law (investigation and prosecution)")
    INSPECTION = "INSPECTIE_CONTROLE_TOEZICHT", _("inspection, control and supervision")
    CONFIDENTIAL = "VERTROUWELIJK", _("confidential")
    STATE_SECURITY = "STAATSVEILIGHEID", _("state security")
    ECONOMIC = "ECONOMISCHE_BELANGEN", _("economic or financial interests of the state")
    RELATIONS = "BELANG_BETREKKINGEN", _("international relations")
    POLICY_VIEWS = "PERSOONLIJKE_BELEIDSOPVATTINGEN", _("personal views on policy")
    THIRD_PARTIES = "RECHTEN_VAN_DERDEN", _("rights of third parties")
    CROWN = "GEVAAR_EENHEID_KROON", _("unity of the Crown")


class LegalBasis(models.TextChoices):
    """The ground on which a source may be shared with another partner."""

    AVG_TASK = "avg_6_1_e", _("GDPR art. 6(1)(e): a task in the public interest")
    AVG_OBLIGATION = "avg_6_1_c", _("GDPR art. 6(1)(c): a legal obligation")
    WPG = "wpg", _("Police Data Act (Wpg)")
    WJSG = "wjsg", _("Judicial and Criminal Records Act (Wjsg)")
    BIBOB = "bibob", _("Bibob Act")
    RIEC_COVENANT = "riec_convenant", _("RIEC covenant")
    OPEN_DATA = "woo", _("Open Government Act (Woo): public")
    OTHER = "overig", _("other")


class Visibility(models.TextChoices):
    PARTNERSHIP = "samenwerking", _("the partnerships of the holder")
    ORGANISATION = "organisatie", _("own organisation only")


class Licence(models.TextChoices):
    """For an open source: the licence it is published under (DONL's licence list)."""

    CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl", _("CC0 1.0 (public domain)")
    CC_BY = "http://creativecommons.org/licenses/by/4.0/deed.nl", _("CC BY 4.0")
    PUBLIC_DOMAIN = (
        "http://creativecommons.org/publicdomain/mark/1.0/deed.nl",
        _("public domain mark"),
    )
    UNKNOWN = "http://standaarden.overheid.nl/owms/terms/licentieonbekend", _("unknown")


def _members_in(organisation_field: str, partnership_ids: frozenset[int]) -> Exists:
    """The organisation in `organisation_field` is a member of one of these partnerships."""
    return Exists(
        Partnership.members.through.objects.filter(
            organisation_id=OuterRef(organisation_field), partnership_id__in=partnership_ids
        )
    )


def _kept_or_shared(access: Access, organisation_field: str) -> Q:
    """What an organisation keeps (a source, an area): its own people see all of it; the
    partnerships it takes part in see what it shares with them (`Visibility.PARTNERSHIP`)."""
    visible = Q(**{f"{organisation_field}__in": access.organisation_ids})
    if access.partnership_ids:
        visible |= Q(
            _members_in(organisation_field, access.partnership_ids),
            visibility=Visibility.PARTNERSHIP,
        )
    return visible


class InformationSourceQuerySet(models.QuerySet["InformationSource"]):
    def visible_to(self, access: Access) -> InformationSourceQuerySet:
        """The holder's people see every source of their organisation; the partnerships the
        holder takes part in see the sources it shares with them. An own-organisation source
        never reaches anyone else."""
        return self.all() if access.is_admin else self.filter(_kept_or_shared(access, "holder_id"))


class InformationSource(TimestampedModel):
    """A factsheet: what a source holds, who holds it, how open it is, and its sharing
    passport (on what ground, to whom, for what, and how to ask)."""

    holder = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="information_sources",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_sources",
        help_text=_("Decides on requests for access."),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputised_sources",
        help_text=_("Decides when the owner is away."),
    )
    contact_name = models.CharField(
        _("contact point"), max_length=200, help_text=_("A team or desk, for example.")
    )
    contact_email = models.EmailField(_("contact e-mail address"))
    contact_phone = models.CharField(_("contact telephone number"), max_length=30, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="sources", blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    frequency = models.CharField(
        _("update frequency"), max_length=20, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    coverage = models.JSONField(
        _("geographic coverage"),
        default=list,
        blank=True,
        help_text=_("CBS codes of the municipalities and provinces it covers (GM0153, PV23)."),
    )
    personal_data = models.BooleanField(_("holds personal data"), default=False)
    access_level = models.CharField(_("access"), max_length=20, choices=AccessLevel.choices)
    restriction_reason = models.CharField(
        _("reason for restriction"), max_length=40, choices=RestrictionReason.choices, blank=True
    )
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.PARTNERSHIP
    )
    landing_url = models.URLField(_("web address"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=100, choices=Licence.choices, blank=True)
    # The sharing passport.
    legal_basis = models.CharField(
        _("legal basis for sharing"), max_length=30, choices=LegalBasis.choices, blank=True
    )
    legal_reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("The article or agreement, for example art. 4:3 Wpg or covenant art. 8."),
    )
    recipients = models.TextField(_("who may receive it"), max_length=2000, blank=True)
    purpose = models.TextField(_("purpose limitation"), max_length=2000, blank=True)
    retention = models.CharField(_("retention at the receiver"), max_length=300, blank=True)
    how_to_request = models.TextField(_("how to request it"), max_length=2000, blank=True)
    decision_days = models.PositiveSmallIntegerField(
        _("decision term (days)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Within how many days the owner decides on a request."),
    )

    objects = InformationSourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("information source")
        verbose_name_plural = _("information sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(access_level=AccessLevel.OPEN) | ~Q(restriction_reason=""),
                name="catalogue_source_restricted_has_reason",
                violation_error_message=_("Say why the source is not open."),
            ),
            models.CheckConstraint(
                condition=Q(access_level=AccessLevel.OPEN) | ~Q(legal_basis=""),
                name="catalogue_source_restricted_has_basis",
                violation_error_message=_("Name the legal basis on which it may be shared."),
            ),
            models.CheckConstraint(
                condition=Q(decision_days__gte=1, decision_days__lte=365),
                name="catalogue_source_decision_days",
                violation_error_message=_("The term is 1 to 365 days."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.access_level == AccessLevel.OPEN


class RequestStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("waiting for a decision")
    GRANTED = "toegekend", _("granted")
    REFUSED = "afgewezen", _("refused")
    WITHDRAWN = "ingetrokken", _("withdrawn")


DECIDED = (RequestStatus.GRANTED, RequestStatus.REFUSED)


class SourceRequestQuerySet(models.QuerySet["SourceRequest"]):
    def visible_to(self, access: Access) -> SourceRequestQuerySet:
        """The person who asked; the source's owner and deputy; the people who keep the
        holder's sources. Nobody else, not even the partnership's coordinator: what a member
        asks for is between the member and the holder."""
        if access.is_admin:
            return self.all()
        if access.user_id is None:
            return self.none()
        keeping = {
            g.organisation_id
            for g in access.grants
            if g.role in KEEPING_ROLES and g.organisation_id is not None
        }
        return self.filter(
            Q(requester_id=access.user_id)
            | Q(source__owner_id=access.user_id)
            | Q(source__deputy_id=access.user_id)
            | Q(source__holder_id__in=keeping)
        )


class SourceRequest(TimestampedModel):
    """A member's request for access to a source that is not open: purpose and ground, and
    the owner's decision with its reason. The data itself never passes through Dijkwacht."""

    source = models.ForeignKey(
        InformationSource,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="source_requests",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="source_requests",
    )
    purpose = models.TextField(_("purpose"), max_length=2000)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("reference"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    due = models.DateField(_("decide by"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)

    objects = SourceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for access")
        verbose_name_plural = _("requests for access")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED) | (Q(decided_at__isnull=False) & ~Q(reason="")),
                name="catalogue_request_decision_has_reason",
            ),
            models.UniqueConstraint(
                fields=["source", "requester"],
                condition=Q(status=RequestStatus.SUBMITTED),
                name="catalogue_request_one_waiting",
                violation_error_message=_(
                    "You already asked for this source; wait for the decision or withdraw it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.organisation})"


# --- Registration systems ---------------------------------------------------------------------


class RegisterKind(ReferenceList):
    """What an organisation registers (signals of undermining, integrity reports, aggression
    incidents, Bibob, permits, …): the columns of the overview of registration systems."""

    class Meta(ReferenceList.Meta):
        verbose_name = _("kind of register")
        verbose_name_plural = _("kinds of register")


class Hosting(models.TextChoices):
    OWN = "eigen", _("own system")
    SHARED = "gedeeld", _("shared with other organisations")


class ReachesRiec(models.TextChoices):
    YES = "ja", _("yes")
    PARTLY = "deels", _("partly")
    NO = "nee", _("no")
    UNKNOWN = "onbekend", _("unknown")


class RegistrationSystemQuerySet(models.QuerySet["RegistrationSystem"]):
    def visible_to(self, access: Access) -> RegistrationSystemQuerySet:
        """The organisation's own people, and the partnerships it takes part in: which
        system a member uses is what the partnership compares."""
        if access.is_admin:
            return self.all()
        visible = Q(organisation_id__in=access.organisation_ids)
        if access.partnership_ids:
            visible |= Q(_members_in("organisation_id", access.partnership_ids))
        return self.filter(visible)


class RegistrationSystem(TimestampedModel):
    """Which system an organisation registers one kind of thing in, or that it has none (a
    gap, said out loud): one per organisation and kind."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="registration_systems",
    )
    kind = models.ForeignKey(
        RegisterKind,
        verbose_name=_("kind of register"),
        on_delete=models.PROTECT,
        related_name="systems",
    )
    has_register = models.BooleanField(_("has a register"), default=True)
    product = models.CharField(
        _("product"), max_length=200, blank=True, help_text=_("The application, or Excel.")
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    hosting = models.CharField(
        _("own or shared"), max_length=20, choices=Hosting.choices, default=Hosting.OWN
    )
    in_use_since = models.DateField(_("in use since"), null=True, blank=True)
    reaches_riec = models.CharField(
        _("signals reach the RIEC"),
        max_length=20,
        choices=ReachesRiec.choices,
        default=ReachesRiec.UNKNOWN,
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    objects = RegistrationSystemQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "kind__position"]
        verbose_name = _("registration system")
        verbose_name_plural = _("registration systems")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="catalogue_system_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(has_register=False) | ~Q(product=""),
                name="catalogue_system_register_has_product",
                violation_error_message=_("Name the product, or say there is no register."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.kind}"


# --- Contact persons per theme ----------------------------------------------------------------


def working_partnership_ids(access: Access) -> frozenset[int]:
    """The partnerships a user works in: named in a grant, or through an organisation they
    work for — not those they only read figures of as a viewer."""
    working = [g for g in access.grants if g.role != Role.VIEWER]
    organisations = {g.organisation_id for g in working if g.organisation_id is not None}
    ids = {g.partnership_id for g in working if g.partnership_id is not None}
    for organisation in access.organisations:
        if organisation.pk in organisations:
            ids |= organisation.partnership_ids
    return frozenset(ids)


class ContactPersonQuerySet(models.QuerySet["ContactPerson"]):
    def visible_to(self, access: Access) -> ContactPersonQuerySet:
        """Everyone who works in the partnership: the roster tells a member whom to call. Not a
        viewer, who reads figures only: the roster holds names and telephone numbers."""
        if access.is_admin:
            return self.all()
        return self.filter(partnership_id__in=working_partnership_ids(access))


class ContactPerson(TimestampedModel):
    """Whom a partnership calls about a theme at a member organisation, with a deputy. Kept
    minimal (work details only) and confirmed again every six months."""

    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"))
    deputy_name = models.CharField(_("deputy"), max_length=150, blank=True)
    deputy_phone = models.CharField(_("deputy's telephone number"), max_length=30, blank=True)
    deputy_email = models.EmailField(_("deputy's e-mail address"), blank=True)
    # The person's own account, found by their e-mail address: they see and correct their entry.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_entries",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["theme__position", "organisation__name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "theme"],
                name="catalogue_contact_one_per_theme",
                violation_error_message=_(
                    "This organisation already has a contact person for this theme."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}, {self.theme})"


# --- The practical checklist ------------------------------------------------------------------


class Checklist(TimestampedModel):
    """ "When and how do I involve the province?": the platform's default (no partnership), or
    a partnership's own. Its text lives in versions."""

    partnership = models.OneToOneField(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist",
    )

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(partnership__isnull=True),
                name="catalogue_one_default_checklist",
            )
        ]

    def __str__(self) -> str:
        return str(self.partnership or _("default"))


class ChecklistVersion(models.Model):
    """A version of a checklist's tree, as its YAML text: never changed, a change is a new
    version. Records keep the version they were made with."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["checklist", "-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="catalogue_checklist_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.checklist} v{self.number}"


class ChecklistRecordQuerySet(models.QuerySet["ChecklistRecord"]):
    def visible_to(self, access: Access) -> ChecklistRecordQuerySet:
        """The person who made it, and the partnership's coordinators (who count them)."""
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(user_id=access.user_id) | Q(partnership_id__in=access.coordinating_ids)
        )


class ChecklistRecord(models.Model):
    """A completed checklist, kept: who, when, the answers and the outcome — never the details
    of a case. It may name the programme action or meldpunt case it was about."""

    version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("checklist version"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="checklist_records",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.PROTECT,
        related_name="checklist_records",
    )
    created_at = models.DateTimeField(_("completed at"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=100)
    outcome_title = models.CharField(_("outcome title"), max_length=300)
    party = models.CharField(_("whom to involve"), max_length=20)
    path = models.JSONField(_("answers"), default=list)
    action = models.ForeignKey(
        "programmes.Action",
        verbose_name=_("programme action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_records",
    )
    case = models.ForeignKey(
        "meldpunt.Case",
        verbose_name=_("meldpunt case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_records",
    )

    objects = ChecklistRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("completed checklist")
        verbose_name_plural = _("completed checklists")

    def __str__(self) -> str:
        return f"{self.outcome_title} ({self.created_at:%Y-%m-%d})"


# --- Areas on the map ----------------------------------------------------------------------------

# Colours of the layers, told apart by readers with a colour vision deficiency (Okabe and Ito),
# each drawn with a dark outline so it stands out against every class of the coloured map.
LAYER_COLOURS = (
    ("#e69f00", _("orange")),
    ("#d55e00", _("vermilion")),
    ("#cc79a7", _("reddish purple")),
    ("#009e73", _("bluish green")),
    ("#f0e442", _("yellow")),
    ("#56b4e9", _("sky blue")),
    ("#000000", _("black")),
)


class AreaKind(ReferenceList):
    """A kind of area drawn as a layer of the map (vakantieparken, bedrijventerreinen, havens,
    no-fly zones, …): its colour, the statuses its areas may have (a park: vital, not vital,
    in approach), and the theme whose contact persons and sources concern its areas."""

    colour = models.CharField(
        _("colour"), max_length=7, choices=LAYER_COLOURS, default=LAYER_COLOURS[0][0]
    )
    statuses = models.JSONField(
        _("statuses"),
        default=list,
        blank=True,
        help_text=_("The statuses an area of this kind may have, in their order; none: free."),
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="area_kinds",
    )

    class Meta(ReferenceList.Meta):
        verbose_name = _("kind of area")
        verbose_name_plural = _("kinds of area")

    def clean(self) -> None:
        """The statuses are a list of short texts, each once (kept in the admin as JSON)."""
        statuses = self.statuses
        if not (
            isinstance(statuses, list)
            and all(isinstance(s, str) and 0 < len(s.strip()) <= 50 for s in statuses)
            and len({s.casefold() for s in statuses}) == len(statuses)
        ):
            raise ValidationError(
                {
                    "statuses": _(
                        'A list of different texts of at most 50 characters, such as ["vitaal", '
                        '"in aanpak"], or [].'
                    )
                }
            )


class AreaQuerySet(models.QuerySet["Area"]):
    def visible_to(self, access: Access) -> AreaQuerySet:
        """Like a source: the owner's people see every area of their organisation; the
        partnerships the owner takes part in see the areas it shares with them. A shielded
        area (own organisation only) never reaches anyone else."""
        return self.all() if access.is_admin else self.filter(_kept_or_shared(access, "owner_id"))


class Area(TimestampedModel):
    """An area an organisation keeps on a layer of the map: a holiday park, a business park, a
    harbour, a zone. Its outline is kept in WGS84 as GeoJSON, and for the maps already
    projected (see `organisations.maps`), with the municipality its inside point lies in."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        AreaKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="areas"
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.PARTNERSHIP
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=50, blank=True)
    units = models.PositiveIntegerField(
        _("number of units"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_("Chalets, pitches, plots or companies: what counts for this kind."),
    )
    attributes = models.JSONField(_("other properties"), default=dict, blank=True)
    geometry = models.JSONField(_("geometry (GeoJSON, WGS84)"))
    is_point = models.BooleanField(_("point"), default=False, editable=False)
    path = models.TextField(_("outline (SVG path)"), blank=True, editable=False)
    bbox_min_x = models.FloatField(editable=False)
    bbox_min_y = models.FloatField(editable=False)
    bbox_max_x = models.FloatField(editable=False)
    bbox_max_y = models.FloatField(editable=False)
    point_x = models.FloatField(editable=False)
    point_y = models.FloatField(editable=False)
    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas_within",
        editable=False,
    )
    sources = models.ManyToManyField(
        InformationSource, verbose_name=_("sources"), blank=True, related_name="areas"
    )
    actions = models.ManyToManyField(
        "programmes.Action", verbose_name=_("programme actions"), blank=True, related_name="areas"
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "name"], name="area_unique_name"),
        ]
        indexes = [models.Index(fields=["kind", "municipality"], name="area_kind_municipality")]

    def __str__(self) -> str:
        return self.name
