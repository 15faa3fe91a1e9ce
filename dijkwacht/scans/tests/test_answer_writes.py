"""Saving answers at the floor: the statements of the hot path are pinned here (the time they
take is measured in `make bench`), and the bulk save checks every answer before it writes any.

The hot path of one answer: who is asking (the session and its user, or the token with its
user), their grants, the scan read with its visibility check and locked, one upsert, one audit
line. The norm and the scale come from the framework's parts in memory."""

import pytest
from django.db import connection

from dijkwacht.accounts.services import api_token_create
from dijkwacht.core.models import AuditEvent
from dijkwacht.scans import selectors, services
from dijkwacht.scans.models import Answer, RoundKind, ScanKind, ScanStatus
from dijkwacht.scans.tests.test_api import DEADLINE, _put
from tests.factories import make_framework
from tests.statements import data_statements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified(verified):
    """Coordinators log in with a second factor; these tests are about the writes."""


@pytest.fixture
def framework():
    # Scale: nee, deels, ja (met), nvt; two themes of three norms (A.1-A.3, B.1-B.3).
    return make_framework(name="Schrijfkader", norms=3, themes=2)


@pytest.fixture
def scan(coordinator, twente, framework, enschede, hengelo):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan 2027",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip
    return scan_round.scans.get(organisation=enschede, kind=ScanKind.SELF)


@pytest.fixture
def started(scan, contributor, client):
    """The scan in progress (its first answer given), the contributor logged in."""
    client.force_login(contributor)
    assert _put(client, scan, "A.1", {"code": "ja"}).status_code == 200
    return scan


def _scan_read(statements):
    [read] = [s for s in statements if 'FROM "scans_scan"' in s]
    return read


def test_one_answer_by_the_api_is_six_statements_with_a_session(client, started):
    for code, body in (("A.1", {"code": "nee"}), ("A.2", {"code": "deels"})):  # changed, new
        with data_statements() as statements:
            response = _put(client, started, code, body)
        assert response.status_code == 200, response.content
        assert len(statements) == 6, "\n".join(statements)
    if connection.features.has_select_for_update_of:
        assert "FOR UPDATE OF" in _scan_read(statements)


def test_one_answer_by_the_api_is_five_statements_with_a_token(client, started, contributor):
    _token, key = api_token_create(actor=contributor, name="koppeling")
    client.logout()
    bearer = {"Authorization": f"Bearer {key}"}
    assert _put(client, started, "A.1", {"code": "ja"}, headers=bearer).status_code == 200
    with data_statements() as statements:
        response = _put(client, started, "A.1", {"code": "nee"}, headers=bearer)
    assert response.status_code == 200, response.content
    # The token and its user in one read, once: not again for the check before the input.
    assert len(statements) == 5, "\n".join(statements)


def test_one_answer_on_screen_is_six_statements(client, started, framework):
    """A change of an answer the page shows (its `seen` set): six statements. A norm's first
    answer adds one, the count of answered norms for the page's counter."""
    norm = framework.norms.get(code="A.2")
    option = framework.scale.get(code="deels")
    url = f"/scans/{started.pk}/normen/{norm.pk}/"
    with data_statements() as statements:
        response = client.post(
            url,
            {f"n{norm.pk}-option": option.pk, f"n{norm.pk}-explanation": " Half "},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200, response.content
    assert len(statements) == 7, "\n".join(statements)
    answer = Answer.objects.get(scan=started, norm=norm)
    assert (answer.option, answer.explanation) == (option, "Half")
    with data_statements() as statements:
        response = client.post(
            url,
            {
                f"n{norm.pk}-option": option.pk,
                f"n{norm.pk}-explanation": "Half, met plan",
                f"n{norm.pk}-seen": answer.updated_at.isoformat(),
            },
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200, response.content
    assert len(statements) == 6, "\n".join(statements)


def test_the_first_answer_also_marks_the_scan_in_progress(client, scan, contributor, framework):
    client.force_login(contributor)
    selectors.framework_parts(framework)  # read once per process and revision
    with data_statements() as statements:
        assert _put(client, scan, "A.1", {"code": "ja"}).status_code == 200
    assert len(statements) == 7, "\n".join(statements)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.IN_PROGRESS


def _bulk(client, scan, answers, **kwargs):
    return client.put(
        f"/api/v1/scans/scans/{scan.pk}/answers",
        {"answers": answers},
        content_type="application/json",
        **kwargs,
    )


def test_a_theme_at_once_costs_what_one_answer_costs(client, started, contributor):
    theme = [
        {"norm": "B.1", "code": "ja", "explanation": " Geregeld "},
        {"norm": "B.2", "value": 1},
        {"norm": "B.3", "value": None},
        {"norm": "A.1", "code": "nee"},
    ]
    with data_statements() as statements:
        response = _bulk(client, started, theme)
    assert response.status_code == 200, response.content
    assert len(statements) == 6, "\n".join(statements)
    assert [(row["norm"], row["answer"]["code"]) for row in response.json()] == [
        ("B.1", "ja"), ("B.2", "deels"), ("B.3", "nvt"), ("A.1", "nee"),
    ]  # fmt: skip
    stored = dict(Answer.objects.filter(scan=started).values_list("norm__code", "option__code"))
    assert stored == {"A.1": "nee", "B.1": "ja", "B.2": "deels", "B.3": "nvt"}
    assert Answer.objects.get(scan=started, norm__code="B.1").explanation == "Geregeld"
    lines = AuditEvent.objects.filter(action="scans.answer_save", object_id=str(started.pk))
    # One line per answer: the first answer (A.1) and the four of the theme.
    assert sorted(next(iter(e.changes)) for e in lines) == ["A.1", "A.1", "B.1", "B.2", "B.3"]
    assert {e.actor for e in lines} == {contributor}


def test_one_wrong_answer_and_none_is_saved_with_every_problem_named(client, started):
    before = list(Answer.objects.filter(scan=started).values_list("norm__code", "option__code"))
    audit = AuditEvent.objects.count()
    response = _bulk(
        client,
        started,
        [
            {"norm": "B.1", "code": "ja"},
            {"norm": "B.2", "code": "misschien"},
            {"norm": "Z.9", "code": "ja"},
            {"norm": "B.3", "code": "ja", "evidence_url": "geen link"},
            {"norm": "B.1", "code": "nee"},
        ],
    )
    assert response.status_code == 422, response.content
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["answers.1.code", "answers.2.norm"]
    assert "ja (2)" in response.json()["invalidParams"][0]["reason"]  # the scale, to choose from
    assert list(Answer.objects.filter(scan=started).values_list("norm__code", "option__code")) == (
        before
    )
    assert AuditEvent.objects.count() == audit
    # What only the service sees (a wrong link, a norm twice) is named by place as well.
    response = _bulk(
        client,
        started,
        [
            {"norm": "B.1", "code": "ja"},
            {"norm": "B.3", "code": "ja", "evidence_url": "geen link"},
            {"norm": "B.1", "code": "nee"},
        ],
    )
    assert response.status_code == 422, response.content
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["answers.1.evidence_url", "answers.2.norm"]
    assert not Answer.objects.filter(scan=started, norm__code__startswith="B").exists()


def test_a_bulk_save_is_refused_whole_once_the_scan_is_submitted(client, started, framework):
    for norm in framework.norms.exclude(code="A.1"):
        assert _put(client, started, norm.code, {"code": "ja"}).status_code == 200
    services.scan_submit(actor=None, scan=started)
    response = _bulk(client, started, [{"norm": "A.1", "code": "nee"}])
    assert response.status_code == 403
    assert Answer.objects.get(scan=started, norm__code="A.1").option.code == "ja"


def test_a_bulk_save_has_a_documented_size(client, started):
    """The body's shape is judged before anything is looked at: 400, as for every schema."""
    for answers in ([], [{"norm": "A.1", "code": "ja"}] * 1001):
        response = _bulk(client, started, answers)
        assert response.status_code == 400
        assert [p["name"] for p in response.json()["invalidParams"]] == ["answers"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not connection.features.has_select_for_update_of, reason="row locks only on PostgreSQL"
)
def test_answering_locks_only_the_own_scan(scan, contributor, enschede, hengelo, framework):
    """While one organisation's answer is being written (its scan locked), another
    organisation of the round answers without waiting; the scan's own submission waits."""
    import threading

    from django.db import OperationalError, connections, transaction

    other = scan.round.scans.get(organisation=hengelo, kind=ScanKind.SELF)
    yes = framework.scale.get(code="ja")
    outcome: dict[str, object] = {}
    locked, finish = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            selectors.get_scan_for_update(contributor, scan.pk)
            locked.set()
            finish.wait(10)
        connections.close_all()

    def without_waiting(name: str, write) -> None:
        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '500ms'")
                write()
            outcome[name] = "done"
        except OperationalError:
            outcome[name] = "waited"
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    for name, write in (
        ("other organisation", lambda: services.answer_save(
            actor=None, scan=other, norm=framework.norms.get(code="A.1"), option=yes)),
        ("same scan", lambda: services.answer_save(
            actor=None, scan=scan, norm=framework.norms.get(code="A.1"), option=yes)),
    ):  # fmt: skip
        worker = threading.Thread(target=without_waiting, args=(name, write))
        worker.start()
        worker.join(10)
    finish.set()
    holder.join(10)
    assert outcome == {"other organisation": "done", "same scan": "waited"}


def _theme_url(scan, theme_code):
    return f"/scans/{scan.pk}/themas/{scan.round.framework.themes.get(code=theme_code).pk}/"


def _theme_post(client, scan, theme_code, data):
    return client.post(_theme_url(scan, theme_code), data)


def _field(framework, code, name):
    return f"n{framework.norms.get(code=code).pk}-{name}"


def test_a_theme_is_saved_in_one_request_only_where_it_changed(client, started, framework):
    """B.1 and B.3 are filled in, B.2 is left empty; A.1 is sent as it is stored."""
    scale = {o.code: o.pk for o in framework.scale.all()}
    data = {
        _field(framework, "B.1", "option"): scale["ja"],
        _field(framework, "B.1", "explanation"): " Geregeld ",
        _field(framework, "B.3", "option"): scale["nvt"],
    }
    audit = AuditEvent.objects.count()
    url = _theme_url(started, "B")
    with data_statements() as statements:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"].endswith(f"#theme-{framework.themes.get(code='B').pk}")
    stored = dict(Answer.objects.filter(scan=started).values_list("norm__code", "option__code"))
    assert stored == {"A.1": "ja", "B.1": "ja", "B.3": "nvt"}
    assert AuditEvent.objects.count() == audit + 2
    # Session, user, grants, the scan locked, its answers in the theme, one upsert and one
    # audit insert: whatever the theme's size.
    assert len(statements) == 7, "\n".join(statements)
    unchanged = {_field(framework, "A.1", "option"): scale["ja"]}
    assert _theme_post(client, started, "A", unchanged).status_code == 302
    assert AuditEvent.objects.count() == audit + 2  # nothing changed, nothing written


def test_one_wrong_answer_in_a_theme_and_none_is_saved(client, started, framework):
    scale = {o.code: o.pk for o in framework.scale.all()}
    data = {
        _field(framework, "B.1", "option"): scale["ja"],
        _field(framework, "B.2", "option"): scale["ja"],
        _field(framework, "B.2", "evidence_url"): "geen link",
    }
    response = _theme_post(client, started, "B", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Niets in dit thema is opgeslagen" in html
    assert html.count('aria-invalid="true"') == 1  # B.2's link only, not the empty B.3
    assert not Answer.objects.filter(scan=started, norm__code__startswith="B").exists()


def test_a_submitted_scan_takes_no_theme(client, started, framework):
    for norm in framework.norms.exclude(code="A.1"):
        assert _put(client, started, norm.code, {"code": "ja"}).status_code == 200
    services.scan_submit(actor=None, scan=started)
    data = {_field(framework, "A.1", "option"): framework.scale.get(code="nee").pk}
    assert _theme_post(client, started, "A", data).status_code == 403


def test_a_theme_from_an_older_page_does_not_undo_a_colleagues_answer(
    client, started, framework, coordinator
):
    """The page showed A.1 as "ja"; meanwhile a colleague answered "nee". Sending the theme
    with A.1 as the page showed it saves nothing, and says why at A.1."""
    page = client.get(f"/scans/{started.pk}/").content.decode()
    seen_field = _field(framework, "A.1", "seen")
    seen = page.split(f'name="{seen_field}" value="', 1)[1].split('"', 1)[0]
    scale = {o.code: o.pk for o in framework.scale.all()}
    services.answer_save(actor=coordinator, scan=started, norm=framework.norms.get(code="A.1"),
                         option=framework.scale.get(code="nee"))  # fmt: skip
    data = {
        _field(framework, "A.1", "option"): scale["ja"],
        seen_field: seen,
        _field(framework, "A.2", "option"): scale["deels"],
    }
    response = _theme_post(client, started, "A", data)
    assert response.status_code == 400
    assert "Iemand heeft dit antwoord gewijzigd" in response.content.decode()
    stored = dict(Answer.objects.filter(scan=started).values_list("norm__code", "option__code"))
    assert stored == {"A.1": "nee"}
