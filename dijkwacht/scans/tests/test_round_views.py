"""The round pages: opening and following a round, the rode-dradenbeeld for each kind of
reader, a thread turned into action, an organisation's results, evidence and agreed scores."""

import datetime
import re

import pytest
from django.core import mail

from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.roles import Role
from dijkwacht.programmes.models import Commitment
from dijkwacht.scans import services
from dijkwacht.scans.models import AgreedScore, Evidence, RoundKind, ScanKind, ScanRound
from dijkwacht.scans.services import framework_load_default
from tests.factories import MembershipFactory, UserFactory, make_framework, make_programme

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2030, 1, 31)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def framework():
    return make_framework(name="Schermronde", norms=3, essential=(1,))


@pytest.fixture
def assessor(twente, overijssel):
    user = UserFactory(email="toetser@example.test")
    MembershipFactory(user=user, organisation=overijssel, role=Role.ASSESSOR, partnership=twente)
    return user


def _fill(scan_round, organisation, kind, codes, actor=None, **texts):
    scan = scan_round.scans.get(organisation=organisation, kind=kind)
    scale = {o.code: o for o in scan_round.framework.scale.all()}
    for norm, code in zip(scan_round.framework.norms.order_by("position"), codes, strict=True):
        services.answer_save(actor=actor, scan=scan, norm=norm, option=scale[code], **texts)
    services.scan_submit(actor=actor, scan=scan)
    return scan


@pytest.fixture
def scan_round(coordinator, twente, framework, enschede, hengelo):
    """Enschede and Hengelo, both short of A.1; Hengelo also of A.2."""
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Zelfscan scherm",
        kind=RoundKind.SELF, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip
    _fill(scan_round, enschede, ScanKind.SELF, ["nee", "ja", "ja"])
    _fill(scan_round, hengelo, ScanKind.SELF, ["deels", "nee", "ja"])
    return scan_round


def test_coordinator_opens_a_round_for_chosen_members(
    client, coordinator, twente, framework, enschede, hengelo, verified
):
    client.force_login(coordinator)
    assert f"/scanrondes/nieuw/{twente.pk}/" in client.get("/scanrondes/").content.decode()
    page = client.get(f"/scanrondes/nieuw/{twente.pk}/").content.decode()
    assert hengelo.name in page
    data = {"title": "Zelfscan 2030", "kind": RoundKind.SELF, "framework": framework.pk,
            "deadline": "2030-03-01", "organisations": [enschede.pk],
            "anonymise": "on"}  # fmt: skip
    response = client.post(f"/scanrondes/nieuw/{twente.pk}/", data)
    scan_round = ScanRound.objects.get(title="Zelfscan 2030")
    assert response.status_code == 302 and response.url == f"/scanrondes/{scan_round.pk}/"
    assert list(scan_round.scans.values_list("organisation__name", flat=True)) == [enschede.name]


def test_a_round_without_organisations_is_refused_next_to_the_field(
    client, coordinator, twente, framework, verified
):
    client.force_login(coordinator)
    data = {"title": "Leeg", "kind": RoundKind.SELF, "framework": framework.pk,
            "deadline": "2030-03-01"}  # fmt: skip
    response = client.post(f"/scanrondes/nieuw/{twente.pk}/", data)
    assert response.status_code == 200
    assert "organisations" in response.context["form"].errors
    assert not ScanRound.objects.filter(title="Leeg").exists()


def test_only_coordinators_reach_the_form(client, contributor, twente, verified):
    client.force_login(contributor)
    assert client.get(f"/scanrondes/nieuw/{twente.pk}/").status_code == 404


def test_progress_reminders_and_the_next_round_from_the_round_page(
    client, coordinator, contributor, twente, framework, enschede, hengelo, verified,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Voortgang",
        kind=RoundKind.SELF, deadline=DEADLINE, organisations=[enschede, hengelo],
    )  # fmt: skip
    _fill(scan_round, hengelo, ScanKind.SELF, ["ja", "ja", "ja"])
    client.force_login(coordinator)
    progress = client.get(f"/scanrondes/{scan_round.pk}/").context["progress"]
    assert [(row.organisation.name, row.state.value) for row in progress] == [
        (enschede.name, "not_started"), (hengelo.name, "submitted"),
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/scanrondes/{scan_round.pk}/herinneren/")
    assert [m.to for m in mail.outbox] == [[contributor.email]]

    response = client.post(
        f"/scanrondes/{scan_round.pk}/volgende/",
        {"title": "Voortgang 2", "deadline": "2030-06-30", "framework": framework.pk},
    )
    following = ScanRound.objects.get(title="Voortgang 2")
    assert response.url == f"/scanrondes/{following.pk}/"
    assert following.previous == scan_round and following.scans.count() == 2


def test_coordinator_sees_threads_heatmap_and_names(client, coordinator, scan_round, verified):
    client.force_login(coordinator)
    response = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/")
    threads = response.context["threads"]
    assert [(t.norm.code, t.below, t.total) for t in threads] == [
        ("A.1", 2, 2), ("A.2", 1, 2), ("A.3", 0, 2),
    ]  # fmt: skip
    page = response.content.decode()
    assert "Gemeente Enschede" in page or "Enschede" in page
    heatmap = response.context["heatmap"]
    assert [row.label for row in heatmap.rows] == sorted(
        row.organisation.name for row in heatmap.rows
    )
    # Each cell carries its answer in words for screen readers, not only a colour.
    assert '<span class="dw-visually-hidden">Nee</span>' in page
    assert "Make it a joint action" in page or "gezamenlijke actie" in page


def test_participants_of_an_anonymised_round_see_labels_and_their_own_name(
    client, contributor, scan_round, hengelo, enschede, verified
):
    client.force_login(contributor)  # a contributor of Enschede
    response = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/")
    labels = [row.label for row in response.context["heatmap"].rows]
    assert enschede.name in labels
    assert hengelo.name not in labels and hengelo.name not in response.content.decode()
    assert response.context["can_coordinate"] is False


def test_named_round_shows_participants_the_names(
    client, contributor, scan_round, hengelo, verified
):
    ScanRound.objects.filter(pk=scan_round.pk).update(anonymise=False)
    client.force_login(contributor)
    response = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/")
    labels = [r.label for r in response.context["heatmap"].rows]
    assert hengelo.name in labels


def test_viewers_see_only_suppressed_figures(
    client, viewer, scan_round, enschede, hengelo, verified
):
    client.force_login(viewer)
    response = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/")
    # The viewer's own organisation (Hengelo) is named in the page header; the content names none.
    content = response.content.decode().split("<h1")[1]
    assert response.context["heatmap"] is None
    assert enschede.name not in content and hengelo.name not in content
    assert "&lt;5" in content
    assert client.get(f"/scanrondes/{scan_round.pk}/").context["progress"] is None
    results = f"/scanrondes/{scan_round.pk}/organisaties/{enschede.pk}/"
    assert client.get(results).status_code == 404


def test_thread_becomes_an_action_from_the_page_and_the_action_shows_the_norm(
    client, coordinator, scan_round, twente, enschede, hengelo, framework, verified
):
    programme = make_programme(twente, [enschede], actions=0)
    norm = framework.norms.get(code="A.1")
    client.force_login(coordinator)
    url = f"/scanrondes/{scan_round.pk}/rode-draden/{norm.pk}/actie/"
    form_page = client.get(url)
    assert [o.name for o in form_page.context["short"]] == sorted([enschede.name, hengelo.name])
    theme = programme.themes.first()
    response = client.post(
        url, {"target": f"p{programme.pk}-t{theme.pk}", "title": "Integriteit op orde"}
    )
    action = programme.actions.get(title="Integriteit op orde")
    assert response.url == f"/acties/{action.pk}/"
    assert set(Commitment.objects.filter(action=action).values_list("organisation", flat=True)) == {
        enschede.pk, hengelo.pk,
    }  # fmt: skip
    action_page = client.get(response.url).content.decode()
    assert "A.1" in action_page and "Zelfscan scherm" in action_page
    threads_page = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/").content.decode()
    assert "Integriteit op orde" in threads_page


def test_organisation_results_for_the_own_contributor_not_for_others(
    client, contributor, other_contributor, coordinator, scan_round, enschede, hengelo, verified
):
    client.force_login(contributor)
    own = client.get(f"/scanrondes/{scan_round.pk}/organisaties/{enschede.pk}/")
    assert own.status_code == 200
    assert own.context["results"].basis_op_orde is False  # A.1 is essential and not met
    assert own.context["results"].shortfalls == ["A.1"]
    assert client.get(f"/scanrondes/{scan_round.pk}/organisaties/{hengelo.pk}/").status_code == 404
    client.force_login(coordinator)
    assert client.get(f"/scanrondes/{scan_round.pk}/organisaties/{hengelo.pk}/").status_code == 200


def test_evidence_is_uploaded_and_served_only_to_those_who_see_the_scan(
    client, contributor, other_contributor, coordinator, twente, framework, enschede, verified
):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Bewijs",
        kind=RoundKind.SELF, deadline=DEADLINE, organisations=[enschede],
    )  # fmt: skip
    scan = scan_round.scans.get()
    norm = framework.norms.get(code="A.1")
    client.force_login(contributor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/scans/{scan.pk}/normen/{norm.pk}/bewijs/",
        {"file": SimpleUploadedFile("integriteitsbeleid.pdf", PDF, "application/pdf")},
    )
    evidence = Evidence.objects.get()
    page = client.get(f"/scans/{scan.pk}/").content.decode()
    assert "integriteitsbeleid.pdf" in page
    download = client.get(f"/scans/{scan.pk}/bewijs/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"

    refused = client.post(
        f"/scans/{scan.pk}/normen/{norm.pk}/bewijs/",
        {"file": SimpleUploadedFile("beleid.pdf", b"MZ\x90\x00", "application/pdf")},
        follow=True,
    )
    assert Evidence.objects.count() == 1
    assert "beleid.pdf" not in [e.filename for e in Evidence.objects.all()]
    assert "A.1" in refused.content.decode()

    client.force_login(other_contributor)
    assert client.get(f"/scans/{scan.pk}/bewijs/{evidence.pk}/").status_code == 404


def test_an_agreed_score_is_recorded_on_the_gap_page(
    client, coordinator, assessor, twente, framework, enschede, verified
):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Toetsing",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede],
    )  # fmt: skip
    self_scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja"])
    _fill(scan_round, enschede, ScanKind.REVIEW, ["nee", "ja", "ja"], actor=assessor)
    norm = framework.norms.get(code="A.1")
    client.force_login(assessor)
    page = client.get(f"/scans/{self_scan.pk}/verschillen/")
    assert page.context["can_agree"] is True
    ja = framework.scale.get(code="ja")
    missing_reason = client.post(
        f"/scans/{self_scan.pk}/verschillen/{norm.pk}/afspreken/",
        {f"n{norm.pk}-option": ja.pk, f"n{norm.pk}-reason": ""},
    )
    assert missing_reason.status_code == 200 and not AgreedScore.objects.exists()
    client.post(
        f"/scans/{self_scan.pk}/verschillen/{norm.pk}/afspreken/",
        {f"n{norm.pk}-option": ja.pk, f"n{norm.pk}-reason": "Besluit van 3 juli nagezonden"},
    )
    agreed = AgreedScore.objects.get()
    assert (agreed.option, agreed.reason) == (ja, "Besluit van 3 juli nagezonden")
    results = client.get(f"/scanrondes/{scan_round.pk}/organisaties/{enschede.pk}/")
    assert results.context["results"].basis_op_orde is True


def test_documents_of_the_round_download(client, coordinator, scan_round, verified):
    client.force_login(coordinator)
    pdf = client.get(f"/scanrondes/{scan_round.pk}/rode-draden.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    docx = client.get(f"/scanrondes/{scan_round.pk}/rode-draden.docx")
    xlsx = client.get(f"/scanrondes/{scan_round.pk}/resultaten.xlsx")
    assert docx.content[:2] == b"PK" and xlsx.content[:2] == b"PK"
    assert client.get(f"/scanrondes/{scan_round.pk}/iets-anders.pdf").status_code == 404


def test_rounds_of_another_partnership_are_404(client, other_coordinator, scan_round, verified):
    client.force_login(other_coordinator)
    for url in ("", "rode-draden/", "rode-draden.pdf", "resultaten.xlsx"):
        assert client.get(f"/scanrondes/{scan_round.pk}/{url}").status_code == 404
    assert Organisation.objects.exists()


def test_participants_find_their_own_scan_and_results_on_the_round_page(
    client, contributor, scan_round, enschede, verified
):
    client.force_login(contributor)
    response = client.get(f"/scanrondes/{scan_round.pk}/")
    assert [s.organisation for s in response.context["mine"]] == [enschede]
    assert f"/scanrondes/{scan_round.pk}/organisaties/{enschede.pk}/" in response.content.decode()
    assert response.context["progress"] is None


def test_coordinator_reopens_a_submitted_scan_with_a_reason(
    client, coordinator, contributor, scan_round, enschede, verified
):
    from dijkwacht.core.models import AuditEvent
    from dijkwacht.scans.models import ScanStatus

    scan = scan_round.scans.get(organisation=enschede)
    client.force_login(contributor)
    assert client.get(f"/scans/{scan.pk}/").context["reopen_form"] is None
    assert client.post(f"/scans/{scan.pk}/heropenen/", {"reason": "x"}).status_code == 403
    client.force_login(coordinator)
    client.post(f"/scans/{scan.pk}/heropenen/", {"reason": ""})
    scan.refresh_from_db()
    assert scan.status == ScanStatus.SUBMITTED
    client.post(f"/scans/{scan.pk}/heropenen/", {"reason": "Verkeerd bewijsstuk bij A.2"})
    scan.refresh_from_db()
    assert scan.status == ScanStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(
        action="scans.scan_reopen", reason="Verkeerd bewijsstuk bij A.2"
    ).exists()
    # The final results no longer count the reopened self-scan.
    threads = client.get(f"/scanrondes/{scan_round.pk}/rode-draden/").context["threads"]
    assert threads[0].total == 1


def test_a_new_round_selects_the_members_the_framework_is_written_for(
    client, coordinator, twente, enschede, hengelo, overijssel, verified
):
    """The shipped framework is for municipalities: the province (and a RIEC) can be ticked,
    but are not selected to begin with."""
    framework_load_default()
    client.force_login(coordinator)
    page = client.get(f"/scanrondes/nieuw/{twente.pk}/").content.decode()
    checked = set(re.findall(r'value="(\d+)"[^>]*checked', page))
    assert checked == {str(enschede.pk), str(hengelo.pk)}
    assert f'value="{overijssel.pk}"' in page
    assert "Zelfscan" in page  # the kinds of round start with a capital


def test_a_framework_for_every_kind_selects_every_member(
    client, coordinator, twente, framework, enschede, hengelo, overijssel, verified
):
    client.force_login(coordinator)
    page = client.get(f"/scanrondes/nieuw/{twente.pk}/").content.decode()
    checked = set(re.findall(r'value="(\d+)"[^>]*checked', page))
    assert checked == {str(enschede.pk), str(hengelo.pk), str(overijssel.pk)}


def test_the_side_by_side_link_shows_only_to_who_may_open_it(
    client, coordinator, contributor, assessor, twente, framework, enschede, verified
):
    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Toetsing",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede],
    )  # fmt: skip
    self_scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja"])
    _fill(scan_round, enschede, ScanKind.REVIEW, ["nee", "ja", "ja"], actor=assessor)
    link = f'href="/scans/{self_scan.pk}/verschillen/"'
    for user, sees in ((coordinator, True), (contributor, False)):
        client.force_login(user)
        page = client.get(f"/scans/{self_scan.pk}/").content.decode()
        assert (link in page) is sees
        status = client.get(f"/scans/{self_scan.pk}/verschillen/").status_code
        assert status == (200 if sees else 404)


def test_the_coordinator_releases_the_review_and_the_organisation_reads_it(
    client, coordinator, contributor, assessor, twente, framework, enschede, verified
):
    from dijkwacht.core.models import AuditEvent

    scan_round = services.scan_round_open(
        actor=coordinator, partnership=twente, framework=framework, title="Toetsing",
        kind=RoundKind.BOTH, deadline=DEADLINE, organisations=[enschede],
    )  # fmt: skip
    self_scan = _fill(scan_round, enschede, ScanKind.SELF, ["ja", "ja", "ja"])
    review = _fill(
        scan_round, enschede, ScanKind.REVIEW, ["nee", "ja", "ja"], actor=assessor,
        finding="Geen vastgesteld beleid gevonden",
    )  # fmt: skip
    gaps = f"/scans/{self_scan.pk}/verschillen/"
    release = f"/scans/{self_scan.pk}/toetsing-vrijgeven/"

    client.force_login(contributor)
    assert client.get(gaps).status_code == 404  # blind until released
    assert client.post(release).status_code == 404
    client.force_login(assessor)
    assert client.post(release).status_code == 403

    client.force_login(coordinator)
    assert "Toetsing vrijgeven aan Enschede" in client.get(gaps).content.decode()
    assert client.post(release).status_code == 302
    assert AuditEvent.objects.filter(action="scans.review_release").count() == 1

    client.force_login(contributor)
    page = client.get(f"/scans/{self_scan.pk}/").content.decode()
    assert f'href="{gaps}"' in page
    side_by_side = client.get(gaps).content.decode()
    assert "Geen vastgesteld beleid gevonden" in side_by_side
    assert "/afspreken/" not in side_by_side  # reading, not agreeing scores
    assert client.get(f"/scans/{review.pk}/").status_code == 200

    # Reopened to be redone, the review is the organisation's to read no more.
    services.scan_reopen(actor=coordinator, scan=review, reason="Bewijs nagekomen")
    assert client.get(gaps).status_code == 404
