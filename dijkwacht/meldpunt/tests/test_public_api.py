"""The public meldpunt API: no account, no session, no CSRF token; the receipt code only in a
header; every wrong code the same 404, and 429 once there were too many."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.test import Client

from dijkwacht.meldpunt import services
from dijkwacht.meldpunt.models import MeldpuntSettings, Message, Report

BASE = "/api/v1/meldpunt/public"
FOLLOW_UP = f"{BASE}/follow-up"
PROBLEM = "application/problem+json"


@pytest.fixture
def accepting(enschede):
    MeldpuntSettings.objects.update_or_create(
        organisation=enschede, defaults={"accepts_reports": True}
    )
    return enschede


@pytest.fixture
def api() -> Client:
    """A client as a script would be: it enforces CSRF like a browser would not bypass it."""
    return Client(enforce_csrf_checks=True)


def _post(client: Client, url: str, body: dict, code: str | None = None):
    headers = {"X-Receipt-Code": code} if code is not None else {}
    return client.post(url, body, content_type="application/json", headers=headers)


def _submitted(organisation):
    return services.report_submit(
        organisation=organisation, kind="integriteit", description="Giften van een leverancier.",
        identity="anoniem",
    )  # fmt: skip


@pytest.mark.django_db
def test_organisations_lists_only_those_that_take_reports(api, accepting, hengelo):
    MeldpuntSettings.objects.create(organisation=hengelo, accepts_reports=False)

    response = api.get(f"{BASE}/organisations")

    assert response.status_code == 200
    assert response.json() == [{"slug": accepting.slug, "name": accepting.name}]
    assert response["API-Version"]


@pytest.mark.django_db
def test_anonymous_submit_answers_a_16_digit_code_and_keeps_no_reporter(api, accepting):
    response = _post(
        api,
        f"{BASE}/{accepting.slug}/reports",
        {
            "kind": "agressie",
            "description": "Een bezoeker bedreigde de baliemedewerker.",
            "identity": "anoniem",
            "vorm": ["bedreiging"],
            "aangifte": "ja",
            "categorie": "corruptie",
            "reporter": {"name": "Piet", "email": "piet@example.test"},
        },
    )

    assert response.status_code == 201
    code = response.json()["receipt_code"]
    assert re.fullmatch(r"\d{16}", code)
    report = Report.objects.get()
    assert report.organisation == accepting
    assert report.reporter == {}
    assert report.answers == {"vorm": ["bedreiging"], "aangifte": "ja"}
    assert report.receipt_lookup == code[:6]
    assert check_password(code[6:], report.receipt_hash)
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_open_submit_keeps_the_reporter(api, accepting):
    response = _post(
        api,
        f"{BASE}/{accepting.slug}/reports",
        {
            "kind": "anders",
            "description": "Iets anders.",
            "identity": "open",
            "reporter": {"name": "Piet Jansen", "email": "piet@example.test"},
        },
    )

    assert response.status_code == 201
    assert Report.objects.get().reporter == {"name": "Piet Jansen", "email": "piet@example.test"}


@pytest.mark.django_db
def test_missing_description_is_a_422_naming_the_field(api, accepting):
    response = _post(
        api, f"{BASE}/{accepting.slug}/reports", {"kind": "anders", "identity": "anoniem"}
    )

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["description"]
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_unknown_choices_are_a_422_naming_each_field(api, accepting):
    response = _post(
        api,
        f"{BASE}/{accepting.slug}/reports",
        {
            "kind": "iets",
            "description": "x",
            "identity": "geheim",
        },
    )
    assert response.status_code == 422
    assert {p["name"] for p in response.json()["invalidParams"]} == {"kind", "identity"}

    response = _post(
        api,
        f"{BASE}/{accepting.slug}/reports",
        {
            "kind": "integriteit",
            "description": "x",
            "identity": "anoniem",
            "categorie": "iets",
            "vorm": ["schoppen"],
            "aangifte": "misschien",
        },
    )
    assert response.status_code == 422
    assert {p["name"] for p in response.json()["invalidParams"]} == {
        "categorie",
        "vorm",
        "aangifte",
    }
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_unknown_or_closed_organisation_is_a_404_problem(api, accepting, hengelo):
    MeldpuntSettings.objects.create(organisation=hengelo, accepts_reports=False)
    body = {"kind": "anders", "description": "x", "identity": "anoniem"}

    for slug in (hengelo.slug, "bestaat-niet"):
        response = _post(api, f"{BASE}/{slug}/reports", body)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_follow_up_with_the_header_shows_status_and_messages_without_notes(api, accepting):
    submitted = _submitted(accepting)
    services.message_to_reporter(actor=None, report=submitted.report, body="Wij kijken ernaar.")
    services.note_add(actor=None, report=submitted.report, body="Intern: de inkoper.")
    services.reporter_reply(report=submitted.report, body="Nog een detail.")

    response = api.get(FOLLOW_UP, headers={"X-Receipt-Code": submitted.receipt.grouped})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ontvangen"
    assert [(m["direction"], m["body"]) for m in body["messages"]] == [
        ("aan_melder", "Wij kijken ernaar."),
        ("van_melder", "Nog een detail."),
    ]
    assert "Intern" not in response.content.decode()


@pytest.mark.django_db
def test_reporter_posts_a_message_with_the_header(api, accepting):
    submitted = _submitted(accepting)

    response = _post(api, FOLLOW_UP, {"message": "Het was op dinsdag."}, submitted.receipt.code)

    assert response.status_code == 201
    assert response.json()["direction"] == "van_melder"
    message = Message.objects.get()
    assert message.body == "Het was op dinsdag."
    assert message.direction == Message.Direction.FROM_REPORTER

    empty = _post(api, FOLLOW_UP, {"message": " "}, submitted.receipt.code)
    assert empty.status_code == 422
    assert [p["name"] for p in empty.json()["invalidParams"]] == ["message"]


@pytest.mark.django_db
def test_every_wrong_code_is_the_same_404(api, accepting):
    submitted = _submitted(accepting)
    wrong_secret = submitted.receipt.code[:6] + (
        "1" * 10 if submitted.receipt.code[6:] == "0" * 10 else "0" * 10
    )

    answers = []
    for headers in ({"X-Receipt-Code": "1111222233334444"}, {"X-Receipt-Code": wrong_secret},
                    {"X-Receipt-Code": "abc"}, {}):  # fmt: skip
        response = api.get(FOLLOW_UP, headers=headers)
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        answers.append(response.json())
    assert all(answer == answers[0] for answer in answers)


@pytest.mark.django_db
def test_after_five_wrong_codes_even_the_right_code_gets_429(api, accepting):
    submitted = _submitted(accepting)
    for n in range(5):
        assert (
            api.get(FOLLOW_UP, headers={"X-Receipt-Code": f"999999999999999{n}"}).status_code == 404
        )

    right = api.get(FOLLOW_UP, headers={"X-Receipt-Code": submitted.receipt.code})
    wrong = api.get(FOLLOW_UP, headers={"X-Receipt-Code": "1234123412341234"})
    reply = _post(api, FOLLOW_UP, {"message": "Hallo"}, submitted.receipt.code)

    assert right.status_code == wrong.status_code == reply.status_code == 429
    assert right["Content-Type"] == PROBLEM
    assert right.json() == wrong.json() == reply.json()
    assert right["Retry-After"] == "900"
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_public_operations_need_no_login_and_others_still_do(client, accepting):
    assert client.get(f"{BASE}/organisations").status_code == 200
    assert client.get("/api/v1/partnerships").status_code == 401
