"""Accounts owns people's ways in: password login, the second factor, API tokens, invitations
and the service accounts of koppelingen."""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.accounts import selectors, tasks
from dijkwacht.accounts.models import (
    SECOND_FACTOR_REQUIRED,
    ApiToken,
    Invitation,
    User,
    hash_token,
)
from dijkwacht.accounts.types import Actor
from dijkwacht.core.services import audit_record


@transaction.atomic
def user_create(*, actor: Actor, email: str, full_name: str, password: str | None = None) -> User:
    user = User(email=email, full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        changes={"email": (None, user.email), "full_name": (None, full_name)},
    )
    return user


# --- Invitations and service accounts --------------------------------------------------------

SERVICE_ACCOUNT_DOMAIN = "koppelingen.invalid"


@transaction.atomic
def user_invite(*, actor: Actor, email: str, full_name: str) -> Invitation:
    """Invite a person by e-mail to choose a password: a new account without one, or a new
    link for an invited person who has not chosen one yet. Someone who already has a password
    (or a service account) is not invited: they log in as they do."""
    address = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    if user is None:
        user = user_create(actor=actor, email=address, full_name=full_name.strip())
    elif user.is_service_account or user.has_usable_password() or user.last_login:
        raise ValidationError(
            {"email": _("This person already has an account: they can log in with it.")}
        )
    elif not user.is_active:
        raise ValidationError(
            {"email": _("This account is blocked: an admin makes it active again first.")}
        )
    invitation = Invitation.objects.create(user=user, invited_by=actor)
    audit_record(
        actor=actor,
        action="accounts.user_invite",
        obj=user,
        changes={"email": (None, user.email)},
    )
    # After the commit: a worker must find the invitation, and a rolled-back one sends nothing.
    transaction.on_commit(partial(tasks.send_invitation.enqueue, invitation.pk))
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> None:
    """The invited person chose a password (checked by the invitation page's form): saved,
    with the invitation closed, in one transaction."""
    user.set_password(password)
    user.save(update_fields=["password"])
    Invitation.objects.open().filter(user=user).update(accepted_at=timezone.now())
    audit_record(actor=user, action="accounts.invitation_accept", obj=user)


# A forgotten password: at most this many links an hour to one address, and this many asked
# from one client address (a mailbox is not flooded, nor are addresses tried in bulk).
RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 20


def _counted(key: str) -> int:
    """One more in this hour's count under `key` (the shared cache, so every app server sees
    it); the count after it."""
    cache.add(key, 0, 60 * 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60 * 60)
        return 1


def _throttle_key(kind: str, value: str) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:reset:{kind}:{value}".encode()).hexdigest()
    return f"accounts-reset:{kind}:{hour}:{digest[:32]}"


@transaction.atomic
def password_reset_request(*, email: str, client: str) -> None:
    """Mail a link to choose a new password to the person with this address, if there is one
    who logs in with a password (never a service account or a blocked account). The caller
    says the same whatever happened, so the page tells nobody whether an address has an
    account; beyond the hourly limits nothing is sent."""
    address = User.objects.normalize_email(email.strip()).lower()
    if (
        _counted(_throttle_key("client", client)) > RESETS_PER_CLIENT
        or _counted(_throttle_key("address", address)) > RESETS_PER_ADDRESS
    ):
        return
    for user in User.objects.filter(
        email__iexact=address, is_active=True, is_service_account=False
    ):
        if not user.has_usable_password():
            continue
        if user.has_perm(SECOND_FACTOR_REQUIRED) and not selectors.has_second_factor(user):
            # The first authenticator is set up with password and mailbox together: a reset
            # by mail would give whoever reads the mailbox both. An admin helps instead.
            audit_record(actor=None, action="accounts.password_reset_refused", obj=user)
            continue
        audit_record(actor=None, action="accounts.password_reset_request", obj=user)
        transaction.on_commit(partial(tasks.send_password_reset.enqueue, user.pk))


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> None:
    """The person chose a new password from the mailed link (the form checked it). Their
    second factor stays as it was: a new password does not replace it. Their API tokens end:
    whoever knew the old password may have made one."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = ApiToken.objects.filter(user=user).delete()[0]
    audit_record(
        actor=user,
        action="accounts.password_reset",
        obj=user,
        changes={"api_tokens": (revoked, 0)} if revoked else None,
    )


@transaction.atomic
def service_account_create(*, actor: Actor, name: str) -> User:
    """An account for a koppeling: it works with API tokens a platform admin makes for it, has
    no password and gets no mail (its address is in a domain that never receives any)."""
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise ValidationError({"name": _("Give the service account a name with letters.")})
    email = f"{slug}@{SERVICE_ACCOUNT_DOMAIN}"
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"name": _("A service account with this name exists already.")})
    user = User(email=email, full_name=name, is_service_account=True)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.service_account_create",
        obj=user,
        changes={"full_name": (None, name)},
    )
    return user


# Session key: the identity provider asserted a second factor at this sign-in (accounts.oidc).
PROVIDER_SECOND_FACTOR = "dijkwacht_provider_second_factor"


def session_login(*, request: HttpRequest, user: User) -> None:
    auth_login(request, user)
    request.session.pop(PROVIDER_SECOND_FACTOR, None)  # a password sign-in asserts none
    audit_record(actor=user, action="accounts.login", obj=user)


def provider_login_record(*, request: HttpRequest, user: User, second_factor: bool) -> None:
    """After a sign-in with the organisation's identity provider (already logged in by the
    OIDC library): remember whether the provider checked a second factor, for this session."""
    request.session[PROVIDER_SECOND_FACTOR] = second_factor
    audit_record(
        actor=user,
        action="accounts.provider_login",
        obj=user,
        changes={"second_factor_by_provider": (None, second_factor)},
    )


def session_logout_record(*, user: User) -> None:
    audit_record(actor=user, action="accounts.logout", obj=user)


# --- Proving the mailbox before the first second factor -------------------------------------

MAILBOX_DEVICE = "mailbox proof"


def mailbox_code_send(*, user: User) -> bool:
    """Mail a one-time code to the user's address, so that setting up a first authenticator
    takes their mailbox as well as their password (a stolen password alone would otherwise let
    an attacker enrol an authenticator of their own). The code is an unconfirmed django-otp
    e-mail device: never a second factor for logging in. False while the previous code is
    younger than the cool-down (a minute)."""
    device = EmailDevice.objects.filter(user=user, name=MAILBOX_DEVICE).first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name=MAILBOX_DEVICE, confirmed=False)
    if device.email or device.confirmed:
        # Only ever the user's own address, and never a device to log in with.
        device.email, device.confirmed = None, False
        device.save(update_fields=["email", "confirmed"])
    allowed, _reason = device.generate_is_allowed()
    if not allowed:
        return False
    device.generate_challenge()
    audit_record(actor=user, action="accounts.mailbox_code_send", obj=user)
    return True


def mailbox_code_verify(*, request: HttpRequest, user: User, token: str) -> None:
    """Check the mailed code (wrong tries slow down, as django-otp throttles them); when it is
    right, remember in this session that the mailbox is the user's."""
    device = EmailDevice.objects.filter(user=user, name=MAILBOX_DEVICE).first()
    if device is None or not device.verify_token(token.strip()):
        audit_record(actor=user, action="accounts.mailbox_code_failed", obj=user)
        raise ValidationError(
            {"token": _("This code is not correct, or no longer valid. Ask for a new one.")}
        )
    device.delete()
    selectors.remember_mailbox(request, user)
    audit_record(actor=user, action="accounts.mailbox_code_verified", obj=user)


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up; made once, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Dijkwacht", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, user: User, token: str) -> TOTPDevice:
    """Confirm the authenticator being set up. A first one only after the mailbox proof in
    this session; a replacement only by someone who passed the current one."""
    if not selectors.has_second_factor(user):
        if not selectors.mailbox_proven(request, user):
            raise PermissionDenied(_("Confirm your e-mail address first."))
    elif not getattr(user, "is_verified", lambda: False)():
        raise PermissionDenied(_("Log in with your current second factor first."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ValidationError({"token": _("This code is not correct. Try the next code.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One confirmed device per person: an older one stops working.
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    otp_login(request, device)
    audit_record(actor=user, action="accounts.totp_device_confirm", obj=user)
    return device


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token.strip()):
        audit_record(actor=user, action="accounts.second_factor_failed", obj=user)
        raise ValidationError({"token": _("This code is not correct. Try the next code.")})
    otp_login(request, device)
    audit_record(actor=user, action="accounts.second_factor_verified", obj=user)


@transaction.atomic
def api_token_create(*, actor: User, name: str, owner: User | None = None) -> tuple[ApiToken, str]:
    """A new token for the acting user, or (`owner`) for a service account a platform admin
    keeps; the key is returned once and never stored."""
    owner = owner or actor
    if owner.pk != actor.pk and not owner.is_service_account:
        raise PermissionDenied(_("A token is made by its own user, or for a service account."))
    key = ApiToken.new_key()
    token = ApiToken(user=owner, name=name.strip(), key_hash=hash_token(key))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="accounts.api_token_create",
        obj=token,
        changes={"name": (None, token.name), "user": (None, owner.email)},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    audit_record(
        actor=actor,
        action="accounts.api_token_revoke",
        obj=token,
        changes={"name": (token.name, None)},
    )
    token.delete()


def api_token_authenticate(*, key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
