"""A forgotten password: a link by mail, valid once and for two hours, that tells nobody
whether an address has an account."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.accounts.services import (
    RESETS_PER_ADDRESS,
    api_token_create,
    password_reset_request,
    service_account_create,
)
from dijkwacht.accounts.tokens import password_reset_tokens
from dijkwacht.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = "Een-nieuwe-lange-zin-2026"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _ask(client, email, capture):
    with capture(execute=True):
        return client.post("/wachtwoord-vergeten/", {"email": email}, follow=True)


def _link() -> str:
    return re.search(r"https?://\S+?(/nieuw-wachtwoord/\S+/)", mail.outbox[-1].body).group(1)


def test_a_person_chooses_a_new_password_from_the_mailed_link(
    client, contributor, django_capture_on_commit_callbacks
):
    page = _ask(client, "Contributor@Example.test", django_capture_on_commit_callbacks)
    assert "een link onderweg" in page.content.decode()
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    link = _link()

    form = client.get(link, follow=True)
    assert 'name="new_password1"' in form.content.decode()
    assert form.redirect_chain[-1][0].endswith("/nieuw-wachtwoord/")  # the token left the URL
    saved = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert saved.status_code == 302
    contributor.refresh_from_db()
    assert contributor.check_password(NEW)
    assert AuditEvent.objects.filter(action="accounts.password_reset", actor=contributor).exists()

    # Once only.
    client.cookies.clear()
    assert 'name="new_password1"' not in client.get(link, follow=True).content.decode()


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_sent(
    client, contributor, admin_user, django_capture_on_commit_callbacks
):
    known = _ask(client, contributor.email, django_capture_on_commit_callbacks)
    unknown = _ask(client, "niemand@example.test", django_capture_on_commit_callbacks)

    def said(page, email):
        main = page.content.decode().split("<main")[1].split("</main>")[0]
        return re.sub(r'nonce="[^"]*"|value="[^"]*"', "", main.replace(email, "X"))

    assert said(known, contributor.email) == said(unknown, "niemand@example.test")
    assert len(mail.outbox) == 1


def test_no_link_for_a_service_account_or_a_blocked_account(
    client, contributor, admin_user, django_capture_on_commit_callbacks
):
    account = service_account_create(actor=admin_user, name="Koppeling")
    account.set_password("Een-wachtwoord-voor-de-koppeling")
    account.save()
    contributor.is_active = False
    contributor.save()
    for email in (account.email, contributor.email):
        _ask(client, email, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_mailbox_is_not_flooded(contributor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(RESETS_PER_ADDRESS + 3):
            password_reset_request(email=contributor.email, client="192.0.2.1")
    assert len(mail.outbox) == RESETS_PER_ADDRESS


def test_a_link_expires_after_two_hours(
    client, contributor, django_capture_on_commit_callbacks, monkeypatch
):
    _ask(client, contributor.email, django_capture_on_commit_callbacks)
    link = _link()
    later = password_reset_tokens._now() + datetime.timedelta(hours=2, minutes=1)
    monkeypatch.setattr(password_reset_tokens, "_now", lambda: later)
    assert 'name="new_password1"' not in client.get(link, follow=True).content.decode()


def test_an_invitation_link_does_not_reset_a_password_and_the_reverse(
    client, contributor, django_capture_on_commit_callbacks
):
    _ask(client, contributor.email, django_capture_on_commit_callbacks)
    reset = _link()
    as_invitation = reset.replace("/nieuw-wachtwoord/", "/uitnodiging/")
    assert 'name="new_password1"' not in client.get(as_invitation, follow=True).content.decode()


def test_no_reset_by_mail_for_a_role_whose_second_factor_is_not_set_up(
    client, coordinator, django_capture_on_commit_callbacks
):
    """A first authenticator is set up with password and mailbox together: a reset by mail
    would hand both to whoever reads the mailbox."""
    page = _ask(client, coordinator.email, django_capture_on_commit_callbacks)
    assert "een link onderweg" in page.content.decode()  # the same answer as always
    assert mail.outbox == []
    assert AuditEvent.objects.filter(
        action="accounts.password_reset_refused", object_id=str(coordinator.pk)
    ).exists()
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    _ask(client, coordinator.email, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_reset_ends_the_api_tokens(client, contributor, django_capture_on_commit_callbacks):
    _token, key = api_token_create(actor=contributor, name="script")
    _ask(client, contributor.email, django_capture_on_commit_callbacks)
    form = client.get(_link(), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
