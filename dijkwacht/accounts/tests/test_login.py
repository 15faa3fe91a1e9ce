import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dijkwacht.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"


def _login(client, email, password="dijkwacht-demo", **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def _code(device: TOTPDevice, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def test_login_page_has_the_contract_fields(client):
    html = client.get(LOGIN).content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert 'type="email"' in html


def test_login_with_email_in_any_case_lands_on_home(client, contributor):
    response = _login(client, "Contributor@Example.TEST")
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:home")
    assert AuditEvent.objects.filter(actor=contributor, action="accounts.login").exists()


def test_wrong_password_shows_a_dutch_message_next_to_the_form(client, contributor):
    response = _login(client, contributor.email, "verkeerd-wachtwoord")
    assert response.status_code == 200
    html = response.content.decode()
    assert "utrecht-alert--error" in html
    assert "Het e-mailadres en het wachtwoord passen niet bij elkaar" in html
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, contributor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, contributor.email, "verkeerd-wachtwoord")
    response = _login(client, contributor.email)
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=contributor.email).exists()


def test_failures_for_one_account_do_not_lock_another(client, contributor, viewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, contributor.email, "verkeerd-wachtwoord")
    assert _login(client, viewer.email).status_code == 302


def test_next_parameter_is_followed_only_within_the_site(client, contributor):
    assert _login(client, contributor.email, next="/profiel/")["Location"] == "/profiel/"
    client.logout()
    assert _login(client, contributor.email, next="https://evil.example/")["Location"] == "/"


def test_logout_needs_post_and_ends_the_session(client, contributor):
    client.force_login(contributor)
    assert client.get("/uitloggen/").status_code == 405
    response = client.post("/uitloggen/")
    assert response["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(actor=contributor, action="accounts.logout").exists()
    assert client.get("/").status_code == 302


class TestSecondFactor:
    def test_contributor_needs_no_second_factor(self, client, contributor):
        client.force_login(contributor)
        assert client.get("/").status_code == 200

    def test_coordinator_without_device_is_sent_to_set_up(self, client, coordinator):
        _login(client, coordinator.email)
        response = client.get("/profiel/")
        assert response.status_code == 302
        assert response["Location"].startswith("/profiel/tweede-factor/?next=")

    def test_a_first_authenticator_needs_the_code_mailed_to_the_user(self, client, coordinator):
        """A stolen password alone does not let an attacker enrol an authenticator of their
        own: the QR code and its secret appear only after the code mailed to the user."""
        _login(client, coordinator.email)
        page = client.get("/profiel/tweede-factor/").content.decode()
        assert "<svg" not in page and 'name="token"' in page
        assert not TOTPDevice.objects.exists()
        guessed = client.post("/profiel/tweede-factor/", {"token": "123456"})
        assert "Deze code klopt niet" in guessed.content.decode()
        assert not TOTPDevice.objects.exists()

        client.post("/profiel/tweede-factor/", {"action": "send"})
        sent = mail.outbox[-1]
        assert sent.to == [coordinator.email] and "tweede factor" in sent.subject
        code = re.search(r"\b(\d{6})\b", sent.body).group(1)
        again = client.post("/profiel/tweede-factor/", {"action": "send"}, follow=True)
        assert len(mail.outbox) == 1  # a minute between codes
        assert "minuut" in again.content.decode()
        proven = client.post("/profiel/tweede-factor/", {"token": code})
        assert proven.status_code == 302

        page = client.get("/profiel/tweede-factor/")
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
        wrong = client.post("/profiel/tweede-factor/", {"token": "000000", "next": "/"})
        assert wrong.status_code == 200
        assert "Deze code klopt niet" in wrong.content.decode()
        device.refresh_from_db()
        ok = client.post("/profiel/tweede-factor/", {"token": _code(device), "next": "/"})
        assert ok.status_code == 302
        assert client.get("/").status_code == 200
        assert TOTPDevice.objects.get(user=coordinator).confirmed
        # The mailed code was for enrolment only: it is gone, and never a second factor.
        assert not EmailDevice.objects.exists()

    def test_the_service_refuses_a_first_authenticator_without_the_mailbox(self, rf, coordinator):
        from django.contrib.sessions.backends.db import SessionStore

        from dijkwacht.accounts.services import totp_device_confirm, totp_device_for_setup

        device = totp_device_for_setup(user=coordinator)
        request = rf.post("/")
        request.session = SessionStore()
        request.user = coordinator
        with pytest.raises(PermissionDenied):
            totp_device_confirm(request=request, user=coordinator, token=_code(device))
        device.refresh_from_db()
        assert not device.confirmed

    def test_next_login_asks_for_the_code(self, client, coordinator):
        device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
        _login(client, coordinator.email)
        response = client.get("/")
        assert response["Location"].startswith("/inloggen/verificatie/")
        assert client.get("/profiel/tweede-factor/")["Location"] == "/inloggen/verificatie/"
        wrong = client.post("/inloggen/verificatie/", {"token": "123456"})
        assert "Deze code klopt niet" in wrong.content.decode()
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.save()
        client.post("/inloggen/verificatie/", {"token": _code(device)})
        assert client.get("/").status_code == 200

    def test_unverified_session_gets_a_problem_from_the_api(self, client, coordinator):
        _login(client, coordinator.email)
        response = client.get("/api/v1/partnerships")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"

    def test_demo_mode_turns_the_requirement_off(self, client, coordinator, settings):
        settings.SECOND_FACTOR_REQUIRED = False
        _login(client, coordinator.email)
        assert client.get("/").status_code == 200


def test_profile_lists_the_memberships(client, coordinator, verified):
    client.force_login(coordinator)
    html = client.get("/profiel/").content.decode()
    assert "Coördinator" in html
    assert "Twente (test)" in html
    assert "Enschede" in html


@pytest.mark.parametrize(
    "password",
    ["JanDeVries2026", "jandevries", "Jan de Vries 2026", "devries.2026"],
)
def test_a_password_like_the_name_or_address_is_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from dijkwacht.accounts.models import User

    user = User(email="jan.devries@gemeente-zwolle.nl", full_name="Jan de Vries")
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert "lijkt te veel op" in " ".join(error.value.messages)


def test_an_unrelated_long_password_is_accepted():
    from django.contrib.auth.password_validation import validate_password

    from dijkwacht.accounts.models import User

    user = User(email="jan.devries@gemeente-zwolle.nl", full_name="Jan de Vries")
    validate_password("paars-fietsje-onder-de-brug-77", user)


def test_the_admin_shows_no_authenticator_secret(client, admin_user, coordinator, verified):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    client.force_login(admin_user)
    page = client.get(f"/beheer/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert client.get(f"/beheer/otp_totp/totpdevice/{device.pk}/config/").status_code in {
        403,
        404,
    }
    assert client.get("/beheer/otp_email/emaildevice/").status_code == 404


def test_the_mailbox_code_goes_to_the_users_own_address(coordinator):
    EmailDevice.objects.create(
        user=coordinator, name="mailbox proof", email="elders@example.test", confirmed=True
    )
    from dijkwacht.accounts.services import mailbox_code_send

    assert mailbox_code_send(user=coordinator)
    assert mail.outbox[-1].to == [coordinator.email]
    assert not EmailDevice.objects.get(user=coordinator).confirmed
