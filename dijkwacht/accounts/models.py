import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dijkwacht.accounts.signals import superuser_created

# The duty to log in with a second factor, answered like a permission by the backend that
# knows the user's roles (`organisations.backends.RoleBackend`).
SECOND_FACTOR_REQUIRED = "accounts.second_factor_required"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        """Platform admin: `createsuperuser` gives the account the admin role (a membership,
        granted by whoever listens to `superuser_created`), not a flag."""
        user = self.create_user(email, password, **extra)
        superuser_created.send(sender=self.model, user=user)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser):
    """A person who logs in with an e-mail address.

    What the person may do comes from their memberships (organisation × role), read through the
    predicates in `dijkwacht.organisations.permissions`.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive accounts cannot log in.")
    )
    # A koppeling (another system) that works through API tokens only: no password, no mail,
    # and never a role that reaches the meldpunt or makes it a platform admin.
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        editable=False,
        help_text=_("Works through API tokens only; it cannot log in."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    preferred_partnership = models.ForeignKey(
        "organisations.Partnership",
        verbose_name=_("preferred partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # Permissions: asked of the authentication backends, as Django's own user model does. The
    # answers come from the user's memberships (`organisations.backends.RoleBackend`); there
    # are no groups or permission flags.

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_active and _backends_grant("has_perm", self, perm, obj)

    def has_perms(self, perm_list, obj: object = None) -> bool:
        return all(self.has_perm(p, obj) for p in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and _backends_grant("has_module_perms", self, app_label)

    @property
    def is_staff(self) -> bool:
        """The Django admin's notion of staff: whoever the backends let into the admin."""
        return self.has_module_perms("admin")

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    if TYPE_CHECKING:
        # Added to the request's user by django_otp's OTPMiddleware.
        def is_verified(self) -> bool: ...


def _backends_grant(question: str, user: User, *args: object) -> bool:
    """Whether any authentication backend answers yes; a backend that raises PermissionDenied
    ends the question with no."""
    for backend in auth.get_backends():
        ask = getattr(backend, question, None)
        if ask is None:
            continue
        try:
            if ask(user, *args):
                return True
        except PermissionDenied:
            return False
    return False


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the key is shown once on creation."""

    PREFIX = "dkw_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_unique_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An e-mail that invites a person to choose a password. The link in it is made when it is
    sent (`accounts.tokens`), never stored; a new invitation sends a new link."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.user.email

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        return "expired" if self.expires_at <= timezone.now() else "open"
