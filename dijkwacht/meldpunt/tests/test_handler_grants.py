"""The meldpunt stays with its handlers: nobody makes themselves a handler (not in the admin,
not otherwise), a grant takes a second person and tells every handler, a new handler sees only
newer reports until a colleague shares one (or two platform admins hand them over), an
excluded handler sees nothing of the report's case, and the last handler of a report stays."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dijkwacht.core.models import AuditEvent
from dijkwacht.meldpunt import selectors, services
from dijkwacht.meldpunt.models import (
    Case,
    Exclusion,
    GrantStatus,
    HandlerGrant,
    MeldpuntSettings,
    Report,
    ReportEvent,
    ReportShare,
)
from dijkwacht.notifications.models import Notification
from dijkwacht.organisations.models import Membership
from dijkwacht.organisations.permissions import access_for
from dijkwacht.organisations.roles import Role
from dijkwacht.organisations.services import membership_create
from tests.factories import MembershipFactory, UserFactory
from tests.factories import make_handler as _handler

pytestmark = pytest.mark.django_db

SECRET = "Het pand aan de Haven wordt contant betaald"


@pytest.fixture(autouse=True)
def _setup(enschede, verified):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede,
        defaults={"accepts_reports": True, "contact_email": "integriteit@enschede.test"},
    )


@pytest.fixture
def second_admin(db):
    user = UserFactory(email="admin2@example.test", full_name="Bert Beheer")
    MembershipFactory(user=user, organisation=None, role=Role.ADMIN)
    return user


@pytest.fixture
def newcomer(db):
    return UserFactory(email="nieuw@example.test", full_name="Nina Nieuw")


def _submit(organisation, kind="ondermijning", received_days_ago=0):
    report = services.report_submit(
        organisation=organisation, kind=kind, description=SECRET, identity="anoniem"
    ).report
    if received_days_ago:
        Report.objects.filter(pk=report.pk).update(
            received_at=timezone.now() - datetime.timedelta(days=received_days_ago)
        )
        report.refresh_from_db()
    return report


def _grant(requester, approver, user, organisation, compartments=("ondermijning",)):
    grant = services.handler_grant_request(
        actor=requester, organisation=organisation, user=user,
        compartments=list(compartments), reason="Nieuwe collega integriteit",
    )  # fmt: skip
    return services.handler_grant_decide(actor=approver, grant=grant, approve=True)


def _open(report):
    return f"/meldpunt/meldingen/{report.pk}/?doel=behandeling"


# --- 3. Nobody makes themselves a handler ----------------------------------------------------


def test_the_admin_offers_no_handler_role_and_refuses_one(client, admin_user, enschede):
    client.force_login(admin_user)
    page = client.get("/beheer/organisations/membership/add/").content.decode()
    assert 'value="coordinator"' in page and 'value="handler"' not in page
    response = client.post(
        "/beheer/organisations/membership/add/",
        {"user": admin_user.pk, "organisation": enschede.pk, "role": "handler",
         "compartments": '["ondermijning"]'},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert not Membership.objects.filter(role=Role.HANDLER).exists()


def test_the_user_admin_adds_no_handler_role_either(client, admin_user, enschede):
    client.force_login(admin_user)
    url = f"/beheer/accounts/user/{admin_user.pk}/change/"
    response = client.post(
        url,
        {
            "email": admin_user.email, "full_name": admin_user.full_name, "is_active": "on",
            "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
            "memberships-0-role": "handler", "memberships-0-organisation": enschede.pk,
            "memberships-0-user": admin_user.pk,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert not Membership.objects.filter(role=Role.HANDLER).exists()


def test_a_handler_membership_is_read_only_in_the_admin(client, admin_user, hanna):
    membership = Membership.objects.get(user=hanna, role=Role.HANDLER)
    client.force_login(admin_user)
    url = f"/beheer/organisations/membership/{membership.pk}/change/"
    assert client.get(url).status_code == 200  # to read
    response = client.post(url, {"user": admin_user.pk, "role": "handler"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.user == hanna


def test_the_service_never_makes_a_handler_for_one_person(admin_user, enschede, newcomer):
    for requested_by in (None, admin_user, newcomer):
        with pytest.raises(ValidationError) as error:
            membership_create(
                actor=admin_user, user=newcomer if requested_by is not newcomer else admin_user,
                role=Role.HANDLER, organisation=enschede, compartments=["ondermijning"],
                requested_by=requested_by,
            )  # fmt: skip
        assert "twee" in str(error.value) or "two" in str(error.value)
    assert not Membership.objects.filter(role=Role.HANDLER).exists()


def test_nobody_asks_for_themselves_and_the_asker_does_not_approve(
    admin_user, second_admin, enschede, newcomer
):
    with pytest.raises(ValidationError) as error:
        services.handler_grant_request(
            actor=admin_user, organisation=enschede, user=admin_user,
            compartments=["ondermijning"], reason="Ik wil meelezen",
        )  # fmt: skip
    assert "user" in error.value.error_dict
    grant = services.handler_grant_request(
        actor=admin_user, organisation=enschede, user=newcomer, compartments=["ondermijning"],
        reason="Nieuwe collega",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.handler_grant_decide(actor=admin_user, grant=grant, approve=True)
    assert not Membership.objects.filter(role=Role.HANDLER).exists()
    services.handler_grant_decide(actor=second_admin, grant=grant, approve=True)
    membership = Membership.objects.get(user=newcomer, role=Role.HANDLER)
    assert membership.reports_from is not None
    assert AuditEvent.objects.filter(action="meldpunt.handler_grant_approve").exists()


def test_the_new_handler_cannot_approve_their_own_grant(admin_user, hanna, enschede, newcomer):
    grant = services.handler_grant_request(
        actor=hanna, organisation=enschede, user=newcomer, compartments=["integriteit"],
        reason="Versterking",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.handler_grant_decide(actor=newcomer, grant=grant, approve=True)
    services.handler_grant_decide(actor=admin_user, grant=grant, approve=True)
    assert HandlerGrant.objects.get().status == GrantStatus.APPROVED


def test_only_admins_and_the_organisations_handlers_ask_or_approve(
    coordinator, handler, admin_user, enschede, newcomer
):
    for outsider in (coordinator, handler):  # handler: of another organisation
        with pytest.raises(PermissionDenied):
            services.handler_grant_request(
                actor=outsider, organisation=enschede, user=newcomer,
                compartments=["ondermijning"], reason="Zomaar",
            )  # fmt: skip
    grant = services.handler_grant_request(
        actor=admin_user, organisation=enschede, user=newcomer, compartments=["ondermijning"],
        reason="Nieuw",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.handler_grant_decide(actor=handler, grant=grant, approve=True)


def test_every_handler_and_the_contact_are_told_of_a_grant(
    admin_user, hanna, karel, handler, enschede, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = services.handler_grant_request(
            actor=admin_user, organisation=enschede, user=newcomer,
            compartments=["ondermijning"], reason="Nieuwe collega",
        )  # fmt: skip
    assert {address for m in mail.outbox for address in m.to} == {hanna.email, karel.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.handler_grant_decide(actor=hanna, grant=grant, approve=True)
    told = {address: m for m in mail.outbox for address in m.to}
    # One mail each: the colleagues through their notifications, the contact directly.
    assert set(told) == {hanna.email, karel.email, "integriteit@enschede.test"}
    for message in told.values():
        assert "Nina Nieuw" in message.body and SECRET not in message.body
    assert handler.email not in told  # another organisation's handler
    assert Notification.objects.filter(user=karel, event="meldpunt.grant_approved").exists()


def test_the_handlers_page_asks_and_a_second_person_approves(
    client, admin_user, second_admin, enschede, newcomer
):
    client.force_login(admin_user)
    page = client.get("/meldpunt/behandelaars/")
    assert page.status_code == 200
    response = client.post(
        "/meldpunt/behandelaars/aanvragen/",
        {"organisation": enschede.pk, "user": admin_user.email,
         "compartments": ["ondermijning"], "reason": "Zelf"},
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_grant_user_error"' in response.content.decode()
    response = client.post(
        "/meldpunt/behandelaars/aanvragen/",
        {"organisation": enschede.pk, "user": newcomer.email,
         "compartments": ["ondermijning"], "reason": "Nieuwe collega"},
    )  # fmt: skip
    assert response.status_code == 302
    grant = HandlerGrant.objects.get()
    page = client.get("/meldpunt/behandelaars/").content.decode()
    assert f"/meldpunt/behandelaars/aanvragen/{grant.pk}/" not in page  # not for the asker
    client.post(f"/meldpunt/behandelaars/aanvragen/{grant.pk}/", {"besluit": "goedkeuren"})
    assert not Membership.objects.filter(role=Role.HANDLER).exists()
    client.force_login(second_admin)
    response = client.post(
        f"/meldpunt/behandelaars/aanvragen/{grant.pk}/", {"besluit": "goedkeuren"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, role=Role.HANDLER).exists()


def test_people_without_a_say_get_404_on_the_handlers_page(client, coordinator, contributor):
    for user in (coordinator, contributor):
        client.force_login(user)
        assert client.get("/meldpunt/behandelaars/").status_code == 404


# --- 4. A new handler sees only newer reports ------------------------------------------------


def test_a_new_handler_sees_only_reports_received_after_the_grant(
    client, admin_user, second_admin, hanna, enschede, newcomer
):
    old = _submit(enschede, received_days_ago=3)
    _grant(admin_user, second_admin, newcomer, enschede)
    new = _submit(enschede)
    assert set(Report.objects.visible_to(access_for(newcomer))) == {new}
    client.force_login(newcomer)
    inbox = client.get("/meldpunt/").content.decode()
    assert new.number in inbox and old.number not in inbox
    assert client.get(_open(old)).status_code == 404
    assert client.get(_open(new)).status_code == 200


def test_a_colleague_shares_an_older_report_with_a_reason(
    client, admin_user, hanna, enschede, newcomer
):
    old = _submit(enschede, received_days_ago=3)
    _grant(admin_user, hanna, newcomer, enschede)
    assert selectors.share_candidates(old) == [newcomer]
    client.force_login(hanna)
    page = client.get(_open(old)).content.decode()
    assert "form-delen" in page
    response = client.post(
        f"/meldpunt/meldingen/{old.pk}/delen/", {"user": newcomer.pk, "reason": ""}
    )
    assert 'id="id_delen_reason_error"' in response.content.decode()
    response = client.post(
        f"/meldpunt/meldingen/{old.pk}/delen/", {"user": newcomer.pk, "reason": "Overdracht"}
    )
    assert response.status_code == 302
    assert ReportEvent.objects.filter(report=old, action="share").exists()
    assert AuditEvent.objects.filter(action="meldpunt.report_share").exists()
    client.force_login(newcomer)
    assert client.get(_open(old)).status_code == 200
    with pytest.raises(ValidationError):  # already sees it
        services.report_share(actor=hanna, report=old, user=newcomer, reason="Nog eens")


def test_two_admins_hand_over_the_open_reports_nobody_else_can_handle(
    admin_user, second_admin, hanna, enschede, newcomer, django_capture_on_commit_callbacks
):
    open_report = _submit(enschede, received_days_ago=5)
    closed = _submit(enschede, received_days_ago=6)
    Report.objects.filter(pk=closed.pk).update(status="afgesloten", close_reason="geen_taak")
    _grant(admin_user, second_admin, newcomer, enschede)
    with pytest.raises(ValidationError) as error:  # Hanna is still there to share
        services.report_handover_request(
            actor=admin_user, organisation=enschede, user=newcomer, reason="Hanna vertrekt"
        )
    assert "user" in error.value.error_dict
    Membership.objects.filter(user=hanna).delete()  # the only other handler left
    handover = services.report_handover_request(
        actor=admin_user, organisation=enschede, user=newcomer, reason="Hanna is vertrokken"
    )
    with pytest.raises(PermissionDenied):
        services.report_handover_decide(actor=admin_user, handover=handover, approve=True)
    with pytest.raises(PermissionDenied):
        services.report_handover_decide(actor=newcomer, handover=handover, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.report_handover_decide(actor=second_admin, handover=handover, approve=True)
    assert done.reports == 1
    assert set(Report.objects.visible_to(access_for(newcomer))) == {open_report}
    assert ReportShare.objects.get().handover == done
    assert ReportEvent.objects.filter(report=open_report, action="handover").exists()
    told = mail.outbox[-1]
    assert "integriteit@enschede.test" in told.to and SECRET not in told.body
    assert not Report.objects.visible_to(
        access_for(admin_user)
    ).exists()  # the admins never see a report


def test_a_handover_needs_the_organisations_contact(admin_user, enschede, newcomer, second_admin):
    MeldpuntSettings.objects.filter(organisation=enschede).update(contact_email="")
    _submit(enschede, received_days_ago=2)
    _grant(admin_user, second_admin, newcomer, enschede)
    with pytest.raises(ValidationError) as error:
        services.report_handover_request(
            actor=admin_user, organisation=enschede, user=newcomer, reason="Niemand meer"
        )
    assert "organisation" in error.value.error_dict


def test_an_admin_who_gives_themselves_a_handler_role_reads_nothing(
    client, admin_user, second_admin, hanna, enschede
):
    """The attack of the outside test: an admin adds a handler membership for themselves.
    Through the admin it is refused; through two admins (the grant) it sees only new reports."""
    old = _submit(enschede, received_days_ago=1)
    grant = services.handler_grant_request(
        actor=second_admin, organisation=enschede, user=admin_user,
        compartments=["ondermijning"], reason="Wil meelezen",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.handler_grant_decide(actor=admin_user, grant=grant, approve=True)
    services.handler_grant_decide(actor=hanna, grant=grant, approve=True)
    client.force_login(admin_user)
    assert client.get(_open(old)).status_code == 404
    attachment_url = f"/meldpunt/meldingen/{old.pk}/bijlagen/1/"
    assert client.get(attachment_url).status_code == 404


# --- 5. An excluded handler sees nothing of the case -----------------------------------------


def test_an_excluded_handler_sees_nothing_of_the_reports_case(client, hanna, karel, enschede):
    first = _submit(enschede)
    second = _submit(enschede)
    case = services.case_open(actor=hanna, report=first, title="Loods aan de Haven")
    services.case_add_report(actor=hanna, case=case, report=second)
    services.meeting_add(
        actor=hanna, case=case, date=timezone.localdate(), partners="Politie",
        decisions="Bibob-toets",
    )  # fmt: skip
    services.exclusion_add(actor=hanna, report=second, user=karel, reason="Buurman")
    assert not Case.objects.visible_to(access_for(karel)).exists()
    client.force_login(karel)
    assert client.get(f"/meldpunt/casussen/{case.pk}/").status_code == 404
    assert case.number not in client.get("/meldpunt/casussen/").content.decode()
    response = client.post(
        f"/meldpunt/casussen/{case.pk}/overleg/",
        {"date": "2026-01-01", "partners": "x", "decisions": "y"},
    )
    assert response.status_code == 404
    page = client.get("/meldpunt/").content.decode()
    assert second.number not in page and first.number in page  # the other report stays his
    client.force_login(hanna)
    assert client.get(f"/meldpunt/casussen/{case.pk}/").status_code == 200


def test_a_new_handler_sees_a_case_only_when_all_its_reports_are_theirs(
    admin_user, hanna, enschede, newcomer
):
    old = _submit(enschede, received_days_ago=2)
    case = services.case_open(actor=hanna, report=old, title="Oude casus")
    _grant(admin_user, hanna, newcomer, enschede)
    assert not Case.objects.visible_to(access_for(newcomer)).exists()
    services.report_share(actor=hanna, report=old, user=newcomer, reason="Overdracht casus")
    assert list(Case.objects.visible_to(access_for(newcomer))) == [case]


# --- 6. The last handler stays ---------------------------------------------------------------


def test_the_last_handler_cannot_be_excluded_nor_exclude_themselves(hanna, karel, enschede):
    report = _submit(enschede)
    services.exclusion_add(actor=hanna, report=report, user=karel, reason="Familie")
    with pytest.raises(ValidationError) as error:
        services.exclusion_add(actor=hanna, report=report, user=hanna, reason="Ik ook")
    assert "laatste" in str(error.value) or "last" in str(error.value)
    assert Exclusion.objects.filter(report=report).count() == 1
    assert list(Report.objects.visible_to(access_for(hanna))) == [report]


def test_the_page_says_why_the_last_handler_stays(client, hanna, enschede):
    report = _submit(enschede)
    client.force_login(hanna)
    response = client.post(
        f"/meldpunt/meldingen/{report.pk}/uitsluiten/", {"user": hanna.pk, "reason": "Buurman"}
    )
    page = response.content.decode()
    assert 'id="id_uitsluiten_user_error"' in page
    assert "laatste behandelaar" in page
    assert not Exclusion.objects.exists()


def test_an_admin_cannot_change_a_handlers_address(client, admin_user, hanna):
    """The address proves the mailbox before a first second factor: with it fixed, an admin
    who resets a handler's password and authenticator still cannot take the account over."""
    client.force_login(admin_user)
    url = f"/beheer/accounts/user/{hanna.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="email"' not in page
    client.post(
        url,
        {"email": "overname@example.test", "full_name": hanna.full_name, "is_active": "on",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
         "handler_memberships-TOTAL_FORMS": "0", "handler_memberships-INITIAL_FORMS": "0"},
    )  # fmt: skip
    hanna.refresh_from_db()
    assert hanna.email == "hanna@example.test"


def test_the_other_admins_are_told_of_a_new_admin(
    client, admin_user, second_admin, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/beheer/organisations/membership/add/", {"user": newcomer.pk, "role": "admin"}
        )
    assert response.status_code == 302
    told = {address: m for m in mail.outbox for address in m.to}
    assert set(told) == {admin_user.email, second_admin.email}
    assert all(newcomer.email in m.body for m in told.values())


def test_changing_the_meldpunt_contact_tells_the_old_and_new_address_and_the_handlers(
    client, admin_user, hanna, enschede, django_capture_on_commit_callbacks
):
    settings_row = MeldpuntSettings.objects.get(organisation=enschede)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/beheer/meldpunt/meldpuntsettings/{settings_row.pk}/change/",
            {"organisation": enschede.pk, "accepts_reports": "on", "introduction": "",
             "contact_email": "mij@example.test"},
        )  # fmt: skip
    told = mail.outbox[-1]
    assert set(told.to) == {"integriteit@enschede.test", "mij@example.test", hanna.email}


def test_a_report_is_not_moved_where_nobody_can_handle_it(enschede):
    handler = _handler(enschede, "alleen-integriteit@example.test", ["integriteit"])
    report = _submit(enschede, kind="integriteit")
    with pytest.raises(ValidationError) as error:
        services.report_move(actor=handler, report=report, compartment="agressie")
    assert "compartment" in error.value.error_dict
    report.refresh_from_db()
    assert report.compartment == "integriteit"


def test_a_handler_grants_only_the_compartments_they_handle(enschede, newcomer):
    integrity = _handler(enschede, "integriteit@example.test", ["integriteit"])
    with pytest.raises(ValidationError) as error:
        services.handler_grant_request(
            actor=integrity, organisation=enschede, user=newcomer,
            compartments=["ondermijning"], reason="Uitbreiding",
        )  # fmt: skip
    assert "compartments" in error.value.error_dict


def test_a_share_reason_is_encrypted_and_not_in_the_audit(admin_user, hanna, enschede, newcomer):
    from django.db import connection

    old = _submit(enschede, received_days_ago=2)
    _grant(admin_user, hanna, newcomer, enschede)
    services.report_share(actor=hanna, report=old, user=newcomer, reason="Het pand-dossier")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM meldpunt_reportshare")
        assert "pand-dossier" not in cursor.fetchone()[0]
    assert not AuditEvent.objects.filter(reason__contains="pand-dossier").exists()
    assert ReportShare.objects.get().reason == "Het pand-dossier"
