"""The scans API: the same rules as the screens (who sees which scan, the blind review, what a
viewer sees of a round), as problem details when something is refused."""

import datetime

import pytest

from dijkwacht.accounts.services import api_token_create
from dijkwacht.core.models import AuditEvent
from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.roles import Role
from dijkwacht.scans import services
from dijkwacht.scans.models import Answer, Framework, RoundKind, ScanKind, ScanStatus
from tests.factories import MembershipFactory, UserFactory, make_framework

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 1, 31)
PROBLEM = "application/problem+json"
FRAMEWORK_YAML = """\
name: API-kader
version: '2027'
description: Ingelezen via de API
scale:
  - {code: nee, label: Nee, value: 0}
  - {code: ja, label: Ja, value: 1, counts_as_met: true}
themes:
  - code: B
    title: Bestuur
    norms:
      - {code: B.1, text: Er is beleid}
      - {code: B.2, text: Het beleid is vastgesteld, essential: true}
"""


@pytest.fixture(autouse=True)
def _verified(verified):
    """Coordinators and admins log in with a second factor; these tests are about the API."""


@pytest.fixture
def framework():
    # Scale: nee (0), deels (1), ja (2, met), nvt (not applicable). A.1 is essential.
    return make_framework(name="Apikader", norms=3, essential=(1,))


@pytest.fixture
def assessor(twente, overijssel):
    user = UserFactory(email="assessor@example.test")
    MembershipFactory(user=user, organisation=overijssel, role=Role.ASSESSOR, partnership=twente)
    return user


@pytest.fixture
def other_assessor(utrecht, zeist):
    user = UserFactory(email="other-assessor@example.test")
    MembershipFactory(user=user, organisation=zeist, role=Role.ASSESSOR, partnership=utrecht)
    return user


@pytest.fixture
def scan_round(coordinator, twente, framework, enschede, hengelo):
    return services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan 2027",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip


def _scan(scan_round, organisation, kind=ScanKind.SELF):
    return scan_round.scans.get(organisation=organisation, kind=kind)


def _fill(scan_round, organisation, kind, codes, *, submit=True):
    """Answer every norm of the scan with `codes` (in the framework's order), as the system."""
    scan = _scan(scan_round, organisation, kind)
    scale = {o.code: o for o in scan_round.framework.scale.all()}
    for norm, code in zip(scan_round.framework.norms.order_by("position"), codes, strict=True):
        services.answer_save(actor=None, scan=scan, norm=norm, option=scale[code])
    if submit:
        services.scan_submit(actor=None, scan=scan)
    return scan


def _put(client, scan, code, body, **kwargs):
    return client.put(
        f"/api/v1/scans/scans/{scan.pk}/answers/{code}",
        body,
        content_type="application/json",
        **kwargs,
    )


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


# --- Frameworks -----------------------------------------------------------------------------


def test_every_user_lists_the_frameworks_with_their_number_of_norms(client, contributor, framework):
    client.force_login(contributor)
    body = client.get("/api/v1/scans/frameworks").json()
    assert body == [
        {"id": framework.pk, "name": "Apikader", "version": "1", "description": "", "norms": 3}
    ]


def test_platform_admin_imports_a_framework_as_yaml(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/api/v1/scans/frameworks", FRAMEWORK_YAML, content_type="application/yaml"
    )
    assert response.status_code == 201, response.content
    framework = Framework.objects.get(name="API-kader")
    assert response.json() == {
        "id": framework.pk, "name": "API-kader", "version": "2027", "norms": 2,
    }  # fmt: skip
    assert framework.norms.get(code="B.2").essential
    assert AuditEvent.objects.filter(action="scans.framework_create").exists()

    again = client.post("/api/v1/scans/frameworks", FRAMEWORK_YAML, content_type="text/yaml")
    body = _problem(again, 422)
    assert [p["name"] for p in body["invalidParams"]] == ["version"]
    assert Framework.objects.filter(name="API-kader").count() == 1


def test_framework_problems_are_named_by_their_place_in_the_file(client, admin_user):
    client.force_login(admin_user)
    broken = FRAMEWORK_YAML.replace("code: B.2", "code: B.1").replace("value: 1", "value: een")
    body = _problem(client.post("/api/v1/scans/frameworks", broken, content_type="text/plain"), 422)
    assert {p["name"] for p in body["invalidParams"]} == {
        "scale[1].value", "themes[0].norms[1].code",
    }  # fmt: skip
    not_yaml = client.post("/api/v1/scans/frameworks", "a: [", content_type="application/yaml")
    assert _problem(not_yaml, 422)["invalidParams"][0]["name"] == "regel 1"
    assert not Framework.objects.filter(name="API-kader").exists()


def test_only_platform_admins_import_frameworks_and_only_as_yaml(client, coordinator, admin_user):
    client.force_login(coordinator)
    response = client.post(
        "/api/v1/scans/frameworks", FRAMEWORK_YAML, content_type="application/yaml"
    )
    _problem(response, 403)
    client.force_login(admin_user)
    response = client.post(
        "/api/v1/scans/frameworks", {"name": "x"}, content_type="application/json"
    )
    _problem(response, 415)
    assert not Framework.objects.filter(name="API-kader").exists()


# --- Rounds ---------------------------------------------------------------------------------


def test_rounds_are_listed_for_the_partnership_only(
    client, coordinator, other_assessor, scan_round, twente, framework
):
    client.force_login(coordinator)
    assert client.get("/api/v1/scans/rounds").json() == [
        {
            "id": scan_round.pk,
            "name": "Zelfscan 2027",
            "partnership": {"id": twente.pk, "slug": twente.slug, "name": twente.name},
            "kind": "zelfscan_toetsing",
            "framework": {"id": framework.pk, "name": "Apikader", "version": "1"},
            "deadline": "2027-01-31",
            "anonymise": True,
        }
    ]
    client.force_login(other_assessor)
    assert client.get("/api/v1/scans/rounds").json() == []
    response = client.get(f"/api/v1/scans/rounds/{scan_round.pk}/scans")
    _problem(response, 404)


def _round_body(twente, framework, *organisations, **extra):
    return {
        "partnership": twente.pk,
        "framework": framework.pk,
        "name": "Toetsing 2027",
        "kind": "toetsing",
        "organisations": [o.pk for o in organisations],
        "deadline": "2027-06-30",
        **extra,
    }


def test_coordinator_opens_a_round(client, coordinator, twente, framework, enschede, hengelo):
    client.force_login(coordinator)
    response = client.post(
        "/api/v1/scans/rounds",
        _round_body(twente, framework, enschede, hengelo, anonymise=False),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["kind"], body["anonymise"]) == ("Toetsing 2027", "toetsing", False)
    assert body["partnership"]["id"] == twente.pk and body["framework"]["id"] == framework.pk
    scan_round = twente.scan_rounds.get(pk=body["id"])
    assert set(scan_round.scans.values_list("kind", flat=True)) == {ScanKind.REVIEW}
    assert scan_round.scans.count() == 2

    again = client.post(
        "/api/v1/scans/rounds",
        _round_body(twente, framework, enschede),
        content_type="application/json",
    )
    _problem(again, 422)  # the title is taken in this partnership


def test_only_coordinators_open_rounds(client, contributor, twente, framework, enschede):
    client.force_login(contributor)
    response = client.post(
        "/api/v1/scans/rounds",
        _round_body(twente, framework, enschede),
        content_type="application/json",
    )
    _problem(response, 403)
    assert not twente.scan_rounds.exists()


def test_unknown_or_foreign_ids_name_the_field(
    client, coordinator, twente, utrecht, framework, enschede, utrecht_city
):
    client.force_login(coordinator)

    def invalid(**changes):
        body = {**_round_body(twente, framework, enschede), **changes}
        response = client.post("/api/v1/scans/rounds", body, content_type="application/json")
        return {p["name"] for p in _problem(response, 422)["invalidParams"]}

    foreign = client.post(
        "/api/v1/scans/rounds",
        {**_round_body(twente, framework, enschede), "partnership": utrecht.pk, "framework": 0},
        content_type="application/json",
    )
    assert _problem(foreign, 404).get("invalidParams") is None  # not theirs: nothing more
    assert invalid(framework=0) == {"framework"}
    assert invalid(organisations=[enschede.pk, 0]) == {"organisations"}
    assert invalid(organisations=[utrecht_city.pk]) == {"organisations"}
    assert invalid(organisations=[]) == {"organisations"}
    assert invalid(name=" ") == {"name"}
    assert not twente.scan_rounds.exists()


def test_round_scans_follow_who_may_see_which_scan(
    client, coordinator, contributor, assessor, viewer, scan_round, enschede, hengelo
):
    def scans(user):
        client.force_login(user)
        response = client.get(f"/api/v1/scans/rounds/{scan_round.pk}/scans")
        assert response.status_code == 200
        return {(s["organisation"]["name"], s["kind"]) for s in response.json()}

    assert len(scans(coordinator)) == 4
    assert scans(contributor) == {("Enschede", "zelfscan")}
    assert scans(assessor) == {("Enschede", "toetsing"), ("Hengelo (O.)", "toetsing")}
    assert scans(viewer) == set()
    client.force_login(contributor)
    first = client.get(f"/api/v1/scans/rounds/{scan_round.pk}/scans").json()[0]
    assert first == {
        "id": _scan(scan_round, enschede).pk,
        "organisation": {"id": enschede.pk, "name": "Enschede"},
        "kind": "zelfscan",
        "status": "niet_gestart",
    }


# --- Results and common threads ------------------------------------------------------------


@pytest.fixture
def answered(scan_round, enschede, hengelo):
    """Enschede: self-scan nee/ja/deels, review nee/ja/ja; Hengelo: self-scan ja/nee/nvt."""
    _fill(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "deels"])
    _fill(scan_round, enschede, ScanKind.REVIEW, ["nee", "ja", "ja"])
    _fill(scan_round, hengelo, ScanKind.SELF, ["ja", "nee", "nvt"])
    return scan_round


def test_results_are_the_final_answers_per_organisation(client, coordinator, answered, enschede):
    from dijkwacht.scans.api import ResultOut

    client.force_login(coordinator)
    response = client.get(f"/api/v1/scans/rounds/{answered.pk}/results")
    assert response.status_code == 200
    rows = response.json()
    assert [ResultOut.model_validate(r) for r in rows]  # the documented shape
    assert [(r["organisation"], r["norm"], r["answer"]) for r in rows] == [
        ("Enschede", "A.1", "nee"), ("Enschede", "A.2", "ja"), ("Enschede", "A.3", "ja"),
        ("Hengelo (O.)", "A.1", "ja"), ("Hengelo (O.)", "A.2", "nee"),
        ("Hengelo (O.)", "A.3", "nvt"),
    ]  # fmt: skip
    assert rows[2] == {
        "organisation": "Enschede", "organisation_id": enschede.pk, "norm": "A.3", "value": 2,
        "answer": "ja", "met": True, "applicable": True, "source": "toetsing",
    }  # fmt: skip
    assert rows[5]["value"] is None and rows[5]["applicable"] is False
    assert rows[5]["source"] == "zelfscan"


def test_results_by_organisation_are_not_for_viewers_or_anonymised_participants(
    client, viewer, contributor, other_coordinator, answered
):
    url = f"/api/v1/scans/rounds/{answered.pk}/results"
    client.force_login(viewer)
    assert _problem(client.get(url), 403)["title"]
    client.force_login(contributor)
    _problem(client.get(url), 403)
    answered.anonymise = False
    answered.save()
    assert client.get(url).status_code == 200
    client.force_login(other_coordinator)
    _problem(client.get(url), 404)


def test_common_threads_agree_with_the_results(client, coordinator, answered):
    client.force_login(coordinator)
    threads = client.get(f"/api/v1/scans/rounds/{answered.pk}/common-threads").json()
    rows = client.get(f"/api/v1/scans/rounds/{answered.pk}/results").json()
    # A.1 and A.2: one of two falls short (in the framework's order); A.3: none of one.
    assert [t["norm"]["code"] for t in threads] == ["A.1", "A.2", "A.3"]
    for thread in threads:
        mine = [r for r in rows if r["norm"] == thread["norm"]["code"] and r["applicable"]]
        assert thread["below"] == sum(1 for r in mine if not r["met"])
        assert thread["total"] == len(mine)
        assert thread["suppressed"] is False
    assert threads[0] == {
        "norm": {"code": "A.1", "text": "Norm 1"}, "below": 1, "total": 2, "suppressed": False,
    }  # fmt: skip


def test_viewers_see_small_counts_suppressed(client, viewer, answered):
    client.force_login(viewer)
    threads = client.get(f"/api/v1/scans/rounds/{answered.pk}/common-threads").json()
    by_code = {t["norm"]["code"]: t for t in threads}
    # Counts from 1 to 4 are withheld; nothing else is.
    assert by_code["A.1"] == {
        "norm": {"code": "A.1", "text": "Norm 1"}, "below": None, "total": None,
        "suppressed": True,
    }  # fmt: skip
    assert (by_code["A.3"]["below"], by_code["A.3"]["total"]) == (0, None)
    assert all(t["suppressed"] for t in threads)


def test_common_threads_are_not_for_other_partnerships(client, other_assessor, answered):
    client.force_login(other_assessor)
    _problem(client.get(f"/api/v1/scans/rounds/{answered.pk}/common-threads"), 404)


# --- Round documents ------------------------------------------------------------------------


REPORT_MAGIC = {
    "pdf": ("application/pdf", b"%PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
}


@pytest.mark.parametrize("kind", list(REPORT_MAGIC))
def test_round_documents_download(client, coordinator, answered, kind):
    client.force_login(coordinator)
    response = client.get(f"/api/v1/scans/rounds/{answered.pk}/report?format={kind}")
    assert response.status_code == 200, response.content[:500]
    content_type, magic = REPORT_MAGIC[kind]
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert f'.{kind}"' in response["Content-Disposition"]


def test_viewers_get_the_common_threads_report_but_not_the_results_workbook(
    client, viewer, answered
):
    client.force_login(viewer)
    base = f"/api/v1/scans/rounds/{answered.pk}/report"
    response = client.get(f"{base}?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    _problem(client.get(f"{base}?format=xlsx"), 403)


def test_round_documents_are_not_for_other_partnerships_and_know_their_formats(
    client, other_coordinator, coordinator, answered
):
    base = f"/api/v1/scans/rounds/{answered.pk}/report"
    client.force_login(other_coordinator)
    for kind in REPORT_MAGIC:
        _problem(client.get(f"{base}?format={kind}"), 404)
    client.force_login(coordinator)
    body = _problem(client.get(f"{base}?format=odt"), 422)
    assert body["invalidParams"][0]["name"] == "format"


# --- One scan -------------------------------------------------------------------------------


def test_scan_shows_its_norms_with_the_answers(client, contributor, scan_round, enschede):
    _fill(scan_round, enschede, ScanKind.SELF, ["ja", "nvt", "nee"], submit=False)
    scan = _scan(scan_round, enschede)
    Answer.objects.filter(scan=scan, norm__code="A.1").update(
        explanation="Beleid 2026", evidence_url="https://example.test/beleid"
    )
    client.force_login(contributor)
    body = client.get(f"/api/v1/scans/scans/{scan.pk}").json()
    assert {k: body[k] for k in ("id", "kind", "status")} == {
        "id": scan.pk, "kind": "zelfscan", "status": "bezig",
    }  # fmt: skip
    assert body["round"] == {"id": scan_round.pk, "name": "Zelfscan 2027"}
    assert body["organisation"] == {"id": enschede.pk, "name": "Enschede"}
    assert body["norms"][0] == {
        "code": "A.1", "text": "Norm 1", "theme": "A", "essential": True, "weight": 1,
        "answer": {"value": 2, "code": "ja", "label": "Ja", "explanation": "Beleid 2026",
                   "evidence_url": "https://example.test/beleid"},
    }  # fmt: skip
    assert body["norms"][1]["answer"]["value"] is None


def test_contributor_never_sees_another_organisations_scan(
    client, contributor, scan_round, hengelo, enschede
):
    client.force_login(contributor)
    for scan in (_scan(scan_round, hengelo), _scan(scan_round, enschede, ScanKind.REVIEW)):
        for suffix in ("", "/score", "/answers/A.1"):
            _problem(client.get(f"/api/v1/scans/scans/{scan.pk}{suffix}"), 404)
        _problem(_put(client, scan, "A.1", {"code": "ja"}), 404)
        _problem(client.post(f"/api/v1/scans/scans/{scan.pk}/submit"), 404)


def test_the_review_is_blind_until_it_is_submitted(client, assessor, scan_round, enschede):
    self_scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja"])
    review = _scan(scan_round, enschede, ScanKind.REVIEW)
    client.force_login(assessor)
    _problem(client.get(f"/api/v1/scans/scans/{self_scan.pk}"), 404)
    for norm in ("A.1", "A.2", "A.3"):
        assert _put(client, review, norm, {"code": "nee"}).status_code == 200
    response = client.post(f"/api/v1/scans/scans/{review.pk}/submit")
    assert response.json() == {"id": review.pk, "status": "ingediend"}
    response = client.get(f"/api/v1/scans/scans/{self_scan.pk}")
    assert response.status_code == 200
    assert response.json()["norms"][0]["answer"]["code"] == "ja"


def test_answering_a_norm_by_value_or_code(client, contributor, scan_round, enschede):
    scan = _scan(scan_round, enschede)
    client.force_login(contributor)
    response = _put(client, scan, "A.1", {"value": 1, "explanation": "  Half af "})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "value": 1, "code": "deels", "label": "Deels", "explanation": "Half af",
        "evidence_url": "",
    }  # fmt: skip
    assert _put(client, scan, "A.1", {"code": "ja"}).json()["code"] == "ja"
    assert _put(client, scan, "A.2", {"value": None}).json()["code"] == "nvt"
    answers = dict(Answer.objects.filter(scan=scan).values_list("norm__code", "option__code"))
    assert answers == {"A.1": "ja", "A.2": "nvt"}
    assert client.get(f"/api/v1/scans/scans/{scan.pk}/answers/A.2").json()["code"] == "nvt"
    _problem(client.get(f"/api/v1/scans/scans/{scan.pk}/answers/A.3"), 404)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.IN_PROGRESS


def test_answering_writes_the_audit_trail(client, contributor, scan_round, enschede):
    scan = _scan(scan_round, enschede)
    client.force_login(contributor)
    _put(client, scan, "A.3", {"code": "deels"})
    event = AuditEvent.objects.get(action="scans.answer_save")
    assert event.actor == contributor
    assert event.changes == {"A.3": [None, "deels"]}
    assert event.object_id == str(scan.pk)


def test_answering_with_an_api_token(client, contributor, scan_round, enschede):
    scan = _scan(scan_round, enschede)
    _token, key = api_token_create(actor=contributor, name="koppeling")
    response = _put(client, scan, "A.1", {"code": "ja"}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.content
    assert Answer.objects.get(scan=scan).updated_by == contributor
    response = _put(client, scan, "A.1", {"code": "ja"}, headers={"Authorization": "Bearer nope"})
    _problem(response, 401)


def test_an_answer_off_the_scale_is_a_422_on_the_field(client, contributor, scan_round, enschede):
    scan = _scan(scan_round, enschede)
    client.force_login(contributor)
    for body, field in (({"value": 7}, "value"), ({"code": "misschien"}, "code"), ({}, "value")):
        problem = _problem(_put(client, scan, "A.1", body), 422)
        assert [p["name"] for p in problem["invalidParams"]] == [field]
    problem = _problem(_put(client, scan, "A.1", {"code": "ja", "evidence_url": "geen link"}), 422)
    assert [p["name"] for p in problem["invalidParams"]] == ["evidence_url"]
    _problem(_put(client, scan, "Z.9", {"code": "ja"}), 404)
    assert not Answer.objects.filter(scan=scan).exists()


def test_answers_are_refused_once_submitted_or_for_someone_else(
    client, contributor, coordinator, viewer, scan_round, enschede
):
    scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja"])
    client.force_login(contributor)
    _problem(_put(client, scan, "A.1", {"code": "nee"}), 403)
    client.force_login(viewer)
    _problem(_put(client, scan, "A.1", {"code": "nee"}), 404)
    assert set(Answer.objects.filter(scan=scan).values_list("option__code", flat=True)) == {"ja"}


def test_saving_an_answer_takes_a_fixed_small_number_of_queries(
    client, contributor, scan_round, enschede, django_assert_max_num_queries
):
    scan = _scan(scan_round, enschede)
    client.force_login(contributor)
    _put(client, scan, "A.1", {"code": "nee"})
    # Session, user, grants (2), scan, norm, scale, the locked scan, the answer read and
    # written, the audit line, and savepoints: 15 in production, where the service's own
    # transaction is the outermost one; the test's transaction turns it into one more
    # savepoint and its release.
    for code in ("A.1", "A.2"):  # an update and an insert
        with django_assert_max_num_queries(17):
            assert _put(client, scan, code, {"code": "ja"}).status_code == 200


def test_submitting_needs_every_norm_answered(client, contributor, scan_round, enschede):
    scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "nee", "nvt"], submit=False)
    Answer.objects.filter(scan=scan, norm__code="A.3").delete()
    client.force_login(contributor)
    url = f"/api/v1/scans/scans/{scan.pk}/submit"
    body = _problem(client.post(url), 422)
    assert "1" in body["detail"]
    _put(client, scan, "A.3", {"code": "nvt"})
    response = client.post(url)
    assert response.json() == {"id": scan.pk, "status": "ingediend"}
    _problem(client.post(url), 403)


def test_scan_score(client, contributor, scan_round, enschede):
    _fill(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "nvt"], submit=False)
    scan = _scan(scan_round, enschede)
    client.force_login(contributor)
    assert client.get(f"/api/v1/scans/scans/{scan.pk}/score").json() == {
        "overall": {"percent": 50.0, "met": 1, "applicable": 2},
        "themes": [{"code": "A", "title": "A", "percent": 50.0, "met": 1, "applicable": 2}],
        "basis_op_orde": False,
        "shortfalls": ["A.1"],
    }


def test_a_new_organisation_in_the_partnership_sees_no_scan_of_others(
    client, twente, scan_round, enschede
):
    newcomer = Organisation.objects.create(name="Gemeente Almelo", slug="gemeente-almelo")
    twente.members.add(newcomer)
    user = UserFactory()
    MembershipFactory(user=user, organisation=newcomer, role=Role.CONTRIBUTOR)
    client.force_login(user)
    assert client.get(f"/api/v1/scans/rounds/{scan_round.pk}/scans").json() == []
    _problem(client.get(f"/api/v1/scans/scans/{_scan(scan_round, enschede).pk}"), 404)
    _problem(client.get(f"/api/v1/scans/rounds/{scan_round.pk}/results"), 403)
