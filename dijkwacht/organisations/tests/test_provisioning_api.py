"""A platform admin sets up a partnership through the API alone: organisations, the partnership
with its members, people invited by e-mail, their roles, and a service account with a token —
with the admin's rules and the audit trail."""

import re

import pytest
from django.core import mail
from django.test import Client

from dijkwacht.accounts.models import ApiToken, Invitation, User
from dijkwacht.accounts.services import api_token_create
from dijkwacht.core.models import AuditEvent
from dijkwacht.notifications.services import notify
from dijkwacht.organisations.models import Membership, Organisation, Partnership
from dijkwacht.organisations.notifications import ADMIN_GRANTED
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.selectors import partnership_list_for

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def api(client, admin_user):
    """The admin's own API token, as a provisioning script would use it."""
    _token, key = api_token_create(actor=admin_user, name="inrichting")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def test_a_partnership_is_set_up_end_to_end_through_the_api(
    api, client, admin_user, enschede, django_capture_on_commit_callbacks
):
    # Two organisations, one of them new.
    made = api.post(
        "/api/v1/organisations",
        {"kind": "riec", "name": "RIEC Oost-Nederland"},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    riec = made.json()
    assert riec["slug"] == "riec-oost-nederland" and riec["kind"] == "riec"
    assert made["API-Version"]

    # The partnership with both as members.
    made = api.post(
        "/api/v1/partnerships",
        {"name": "Weerbaar Oost", "members": [enschede.pk, riec["id"]]},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    partnership = made.json()
    assert partnership["members"] == sorted([enschede.pk, riec["id"]])

    # A person invited by e-mail: an account without a password, a link by mail.
    with django_capture_on_commit_callbacks(execute=True):
        invited = api.post(
            "/api/v1/invitations",
            {"email": "Nieuwe.Coordinator@Enschede.example", "full_name": "Nina Nieuw"},
            content_type=JSON,
        )
    assert invited.status_code == 201, invited.content
    invitation = invited.json()
    assert invitation["email"] == "nieuwe.coordinator@enschede.example"
    assert invitation["status"] == "open"
    person = User.objects.get(pk=invitation["user"])
    assert not person.has_usable_password()
    assert [m.to for m in mail.outbox] == [["nieuwe.coordinator@enschede.example"]]

    # Her role: coordinator of the new partnership, at Enschede.
    role = api.post(
        "/api/v1/memberships",
        {
            "user": person.pk,
            "role": "coordinator",
            "organisation": enschede.pk,
            "partnership": partnership["id"],
            "title": "Programmamanager",
        },
        content_type=JSON,
    )
    assert role.status_code == 201, role.content
    assert role.json()["role"] == "coordinator"

    # She follows the link, chooses a password and logs in to her partnership.
    link = re.search(r"https?://\S+/uitnodiging/\S+/", mail.outbox[0].body).group(0)
    api.defaults.pop("HTTP_AUTHORIZATION")
    page = client.get(link, follow=True)
    # The token leaves the address bar before the form shows (Django's reset view).
    form_url = page.redirect_chain[-1][0]
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    assert "kies-wachtwoord" in form_url
    password = "Lange-zin-als-wachtwoord-2026"
    chosen = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert chosen.status_code == 302
    person.refresh_from_db()
    assert person.check_password(password)
    assert Invitation.objects.get(pk=invitation["id"]).status == "accepted"
    # The link works once.
    client.cookies.clear()
    used = client.get(link, follow=True)
    assert used.status_code == 200 and 'name="new_password1"' not in used.content.decode()
    logged_in = client.post(
        "/inloggen/", {"username": "nieuwe.coordinator@enschede.example", "password": password}
    )
    assert logged_in.status_code == 302
    # A coordinator sets up a second factor first (proving her mailbox), then works in her
    # partnership.
    assert "/profiel/tweede-factor/" in client.get("/").url
    assert [p.slug for p in partnership_list_for(person)] == ["weerbaar-oost"]

    # Everything the admin did is in the audit trail, by the admin.
    actions = set(AuditEvent.objects.filter(actor=admin_user).values_list("action", flat=True))
    assert {
        "organisations.organisation_create",
        "organisations.partnership_create",
        "accounts.user_invite",
        "organisations.membership_create",
    } <= actions


def test_changes_are_patches_of_what_is_sent(
    api, admin_user, twente, enschede, hengelo, overijssel, viewer
):
    riec = api.post(
        "/api/v1/organisations", {"kind": "riec", "name": "RIEC Oost"}, content_type=JSON
    ).json()
    url = f"/api/v1/organisations/{riec['id']}"
    response = api.patch(url, {"name": "RIEC Oost-Nederland"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["slug"] == "riec-oost" and response.json()["kind"] == "riec"
    event = AuditEvent.objects.get(action="organisations.organisation_update")
    assert event.changes == {"name": ["RIEC Oost", "RIEC Oost-Nederland"]}
    # A field the operation does not know is refused, not quietly ignored.
    assert api.patch(url, {"naam": "X"}, content_type=JSON).status_code == 400

    # The CBS reference data changes with its yearly load, not by hand.
    refused = api.patch(
        f"/api/v1/organisations/{enschede.pk}", {"name": "Gemeente Enschede"}, content_type=JSON
    )
    assert refused.status_code == 422
    assert refused.json()["invalidParams"][0]["name"] == "cbs_code"
    assert Organisation.objects.get(pk=enschede.pk).name == "Enschede"

    # Members: the whole list. One that people hold a role through stays until they do not.
    members = f"/api/v1/partnerships/{twente.pk}"
    held = api.patch(members, {"members": [enschede.pk, overijssel.pk]}, content_type=JSON)
    assert held.status_code == 422 and "Hengelo" in held.json()["invalidParams"][0]["reason"]
    viewer.memberships.all().delete()
    response = api.patch(members, {"members": [enschede.pk]}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["members"] == [enschede.pk]
    assert list(twente.members.all()) == [enschede]
    assert twente.name == Partnership.objects.get(pk=twente.pk).name  # the name stays


def test_bad_input_is_refused_per_field_and_writes_nothing(api, enschede, overijssel):
    before = Organisation.objects.count()
    cases = [
        ({"kind": "gemeente", "name": "Dubbel", "cbs_code": "GM0153"}, "cbs_code"),
        ({"kind": "gemeente", "name": "Enschede", "slug": "enschede"}, "slug"),
        ({"kind": "gemeente", "name": "Buiten", "province": 999_999}, "province"),
        ({"kind": "gemeente", "name": "Code", "cbs_code": "ﬃﬃﬃ"}, "cbs_code"),
        ({"kind": "gemeente", "name": "Fout", "province": enschede.pk}, "province"),
        (
            {"kind": "gemeente", "name": "Omgekeerd", "valid_from": "2026-01-01",
             "valid_to": "2025-01-01"},
            "valid_to",
        ),
    ]  # fmt: skip
    for body, field in cases:
        response = api.post("/api/v1/organisations", body, content_type=JSON)
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert field in {p["name"] for p in response.json()["invalidParams"]}, response.json()
    response = api.post(
        "/api/v1/organisations", {"kind": "gemeente", "name": "Nul\x00teken"}, content_type=JSON
    )
    assert response.status_code == 400
    assert Organisation.objects.count() == before

    response = api.post(
        "/api/v1/partnerships", {"name": "Leeg", "members": [enschede.pk, 999_999]},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["invalidParams"][0]["name"] == "members"
    assert not Partnership.objects.filter(name="Leeg").exists()


def test_roles_follow_the_admins_rules(
    api, admin_user, loner, enschede, twente, hengelo, django_capture_on_commit_callbacks, verified
):
    def grant(**body):
        return api.post("/api/v1/memberships", {"user": loner.pk, **body}, content_type=JSON)

    # A meldpunt handler takes two people, on the meldpunt's handlers page.
    refused = grant(role="handler", organisation=enschede.pk)
    assert refused.status_code == 422 and refused.json()["invalidParams"][0]["name"] == "role"
    # A partnership-wide role names its partnership, of which the organisation is a member.
    assert grant(role="viewer", organisation=enschede.pk).status_code == 422
    assert grant(role="viewer", organisation=999_999, partnership=twente.pk).status_code == 422
    made = grant(role="viewer", organisation=hengelo.pk, partnership=twente.pk)
    assert made.status_code == 201
    membership = made.json()
    # Once is enough.
    assert grant(role="viewer", organisation=hengelo.pk, partnership=twente.pk).status_code == 422

    # A change is a patch; a role does not become a handler's by an edit.
    url = f"/api/v1/memberships/{membership['id']}"
    assert api.patch(url, {"role": "handler"}, content_type=JSON).status_code == 422
    changed = api.patch(url, {"title": "Analist"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["title"] == "Analist"
    assert api.get(f"/api/v1/memberships?user={loner.pk}").json() == [changed.json()]

    # A platform admin is not made with a token (which skips the second factor)...
    refused = grant(role="admin")
    assert refused.status_code == 403
    assert api.patch(url, {"role": "admin"}, content_type=JSON).status_code == 403
    assert not Membership.objects.filter(user=loner, role=Role.ADMIN).exists()
    # ...but in a session, and the other admins are told.
    api.defaults.pop("HTTP_AUTHORIZATION")
    api.force_login(admin_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert grant(role="admin").status_code == 201
    assert [m.to for m in mail.outbox] == [[admin_user.email]]

    # Ending a role.
    assert api.delete(url).status_code == 204
    assert not Membership.objects.filter(pk=membership["id"]).exists()
    assert AuditEvent.objects.filter(action="organisations.membership_delete").exists()


def test_a_service_account_works_with_its_token_and_nothing_else(
    api, client, admin_user, enschede, twente, verified
):
    made = api.post("/api/v1/service-accounts", {"name": "BI-tool Twente"}, content_type=JSON)
    assert made.status_code == 201, made.content
    account = made.json()
    assert account["is_service_account"] and account["email"].endswith(".invalid")
    again = api.post("/api/v1/service-accounts", {"name": "bi tool twente"}, content_type=JSON)
    assert again.status_code == 422

    # Never a role that reaches the meldpunt, the Bibob register or the platform's keys (an
    # admin is made in a session only).
    admin_session = Client()
    admin_session.force_login(admin_user)
    for who, role in ((api, "bibob"), (admin_session, "admin")):
        body = {"user": account["id"], "role": role}
        if role != "admin":
            body["organisation"] = enschede.pk
        refused = who.post("/api/v1/memberships", body, content_type=JSON)
        assert refused.status_code == 422, role
        assert refused.json()["invalidParams"][0]["name"] == "role"
    viewer = api.post(
        "/api/v1/memberships",
        {"user": account["id"], "role": "viewer", "organisation": enschede.pk,
         "partnership": twente.pk},
        content_type=JSON,
    )  # fmt: skip
    assert viewer.status_code == 201

    tokens = f"/api/v1/service-accounts/{account['id']}/api-tokens"
    made = api.post(tokens, {"name": "productie"}, content_type=JSON)
    assert made.status_code == 201
    key = made.json()["key"]
    assert key.startswith("dkw_")
    listed = api.get(tokens).json()
    assert [t["name"] for t in listed] == ["productie"] and "key" not in listed[0]

    # The koppeling reads what a viewer of Twente reads.
    api.defaults.pop("HTTP_AUTHORIZATION")
    as_tool = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/me", headers=as_tool).json()["id"] == account["id"]
    assert [p["slug"] for p in client.get("/api/v1/partnerships", headers=as_tool).json()] == [
        twente.slug
    ]
    # It cannot log in, and is never mailed or invited.
    person = User.objects.get(pk=account["id"])
    assert not person.has_usable_password()
    # Not even when someone gives it a password.
    person.set_password("Een-wachtwoord-voor-de-koppeling")
    person.save()
    login = client.post(
        "/inloggen/", {"username": person.email, "password": "Een-wachtwoord-voor-de-koppeling"}
    )
    assert login.status_code == 200 and "_auth_user_id" not in client.session
    assert notify([person], ADMIN_GRANTED, {"who": "x"}) == []
    _admin_token, admin_key = api_token_create(actor=admin_user, name="tweede")
    as_admin = {"Authorization": f"Bearer {admin_key}"}
    invite = client.post(
        "/api/v1/invitations",
        {"email": person.email, "full_name": "x"},
        content_type=JSON,
        headers=as_admin,
    )
    assert invite.status_code == 422

    # Revoked, the token stops working at once.
    token_id = listed[0]["id"]
    assert client.delete(f"{tokens}/{token_id}", headers=as_admin).status_code == 204
    assert client.get("/api/v1/me", headers=as_tool).status_code == 401
    assert not ApiToken.objects.filter(pk=token_id).exists()


def test_only_platform_admins_provision(client, coordinator, twente, enschede, verified):
    client.force_login(coordinator)
    for method, url, body in [
        ("post", "/api/v1/organisations", {"kind": "riec", "name": "X"}),
        ("post", "/api/v1/partnerships", {"name": "X"}),
        ("post", "/api/v1/invitations", {"email": "x@example.test", "full_name": "X"}),
        ("post", "/api/v1/service-accounts", {"name": "X"}),
        ("post", "/api/v1/memberships", {"user": coordinator.pk, "role": "admin"}),
        ("get", "/api/v1/users", None),
        ("get", "/api/v1/memberships", None),
        ("get", "/api/v1/invitations", None),
        # An organisation the coordinator sees, but may not change.
        ("patch", f"/api/v1/organisations/{enschede.pk}", {"name": "X"}),
        ("patch", f"/api/v1/partnerships/{twente.pk}", {"name": "X"}),
    ]:
        response = getattr(client, method)(url, body, content_type=JSON)
        assert response.status_code == 403, (method, url, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
    # People and their roles are not theirs to see at all.
    own = coordinator.memberships.get()
    for url in (f"/api/v1/users/{coordinator.pk}", f"/api/v1/memberships/{own.pk}"):
        assert client.get(url).status_code == 404
    assert Organisation.objects.get(pk=enschede.pk).name == "Enschede"
    assert not Membership.objects.filter(user=coordinator, role=Role.ADMIN).exists()


def test_an_invitation_again_sends_a_new_link_until_it_is_accepted(
    api, coordinator, django_capture_on_commit_callbacks
):
    body = {"email": "later@example.test", "full_name": "Lars Later"}
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post("/api/v1/invitations", body, content_type=JSON).json()
        second = api.post("/api/v1/invitations", body, content_type=JSON).json()
    assert first["user"] == second["user"] and first["id"] != second["id"]
    assert len(mail.outbox) == 2
    # Someone who has an account already logs in as they do.
    taken = api.post(
        "/api/v1/invitations",
        {"email": coordinator.email.upper(), "full_name": "Coby"},
        content_type=JSON,
    )
    assert taken.status_code == 422 and taken.json()["invalidParams"][0]["name"] == "email"
    assert api.get("/api/v1/invitations?status=open").json()[0]["id"] == second["id"]
    assert api.get("/api/v1/invitations?status=accepted").json() == []


def test_an_invitation_link_works_once_for_an_active_account_and_its_latest_invitation(
    api, client, django_capture_on_commit_callbacks
):
    body = {"email": "link@example.test", "full_name": "Lieke Link"}

    def invite() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            assert api.post("/api/v1/invitations", body, content_type=JSON).status_code == 201
        return re.search(r"https?://\S+(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)

    def works(link: str) -> bool:
        client.cookies.clear()
        return 'name="new_password1"' in client.get(link, follow=True).content.decode()

    first = invite()
    assert works(first)
    person = User.objects.get(email="link@example.test")
    person.is_active = False
    person.save()
    assert not works(first)  # blocked: the link does nothing
    person.is_active = True
    person.save()
    second = invite()
    assert works(second) and not works(first)  # a new invitation replaces the link before
