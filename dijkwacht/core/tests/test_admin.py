import pytest

from dijkwacht.core.services import audit_record

pytestmark = pytest.mark.django_db

FIRST_PASSWORD = "een-lang-en-sterk-wachtwoord"
NEW_PASSWORD = "nog-een-veel-beter-wachtwoord"

CHANGELISTS = [
    "/beheer/organisations/organisation/",
    "/beheer/organisations/partnership/",
    "/beheer/organisations/membership/",
    "/beheer/accounts/user/",
    "/beheer/accounts/apitoken/",
    "/beheer/core/auditevent/",
]


@pytest.fixture
def admin_client(client, admin_user, verified):
    client.force_login(admin_user)
    return client


def test_admin_index_is_dutch_and_has_no_groups(admin_client):
    html = admin_client.get("/beheer/").content.decode()
    assert "Dijkwacht-beheer" in html or "Platformbeheer" in html
    assert "Organisaties" in html
    assert "/beheer/auth/group/" not in html


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelists_open_for_platform_admins(admin_client, url, coordinator):
    assert admin_client.get(url).status_code == 200


def test_organisations_can_be_searched_by_cbs_code(admin_client):
    html = admin_client.get("/beheer/organisations/organisation/?q=GM0153").content.decode()
    assert "Enschede" in html
    assert "Hengelo" not in html


def test_audit_events_are_read_only(admin_client, coordinator, twente):
    from dijkwacht.core.services import audit_record

    event = audit_record(actor=coordinator, action="test.read_only", obj=twente)
    assert admin_client.get("/beheer/core/auditevent/add/").status_code == 403
    page = admin_client.get(f"/beheer/core/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()


def test_changing_an_organisation_in_the_admin_is_audited(admin_client, enschede):
    from dijkwacht.core.models import AuditEvent

    response = admin_client.post(
        f"/beheer/organisations/organisation/{enschede.pk}/change/",
        {
            "kind": enschede.kind, "name": "Enschede", "slug": enschede.slug,
            "cbs_code": enschede.cbs_code, "province": enschede.province_id,
            "valid_from": "", "valid_to": "2099-12-31", "successor": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="organisations.organisation_change")
    assert event.changes["valid_to"] == [None, "2099-12-31"]


def test_admin_creates_a_user_who_can_log_in_and_sets_a_password(admin_client, client):
    from dijkwacht.accounts.models import User
    from dijkwacht.core.models import AuditEvent

    response = admin_client.post(
        "/beheer/accounts/user/add/",
        {
            "email": "Nieuw@Gemeente.nl", "full_name": "Nieuwe Collega",
            "password1": FIRST_PASSWORD, "password2": FIRST_PASSWORD,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="nieuw@gemeente.nl")
    assert AuditEvent.objects.filter(action="accounts.user_create", object_id=str(user.pk)).exists()
    page = admin_client.get(f"/beheer/accounts/user/{user.pk}/password/")
    assert page.status_code == 200
    changed = admin_client.post(
        f"/beheer/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_admin_user_form_refuses_a_weak_password(admin_client):
    response = admin_client.post(
        "/beheer/accounts/user/add/",
        {"email": "zwak@gemeente.nl", "full_name": "Zwak", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_the_audit_log_filter_names_events_about_no_object(admin_client, admin_user):
    audit_record(actor=admin_user, action="accounts.login")
    html = admin_client.get("/beheer/core/auditevent/").content.decode()
    assert '<a href="?object_type="></a>' not in html
    assert "(geen object)</a>" in html
