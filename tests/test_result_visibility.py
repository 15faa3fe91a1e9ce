"""The URL walk over scan results: per role, every page, document and API answer that shows a
round's results is checked against what that role may see of each organisation — the blind
review included.

The check is a difference test. One organisation's self-scan (Enschede's) is given two
different sets of answers, as the services would have stored them, and every read is fetched
in both states. A read whose output changes shows something of that self-scan. For each role,
what may change is written down below; the coordinator's reads prove the test sees the change
where it is allowed. A planted marker (in the explanations and in an evidence file) must never
reach a reader who may not see the self-scan.

New scans URLs fail `test_every_scans_url_is_classified` until they are listed here as a read
(with how to call it) or as a write.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dijkwacht.organisations.models import Organisation
from dijkwacht.organisations.roles import Role
from dijkwacht.scans import services
from dijkwacht.scans.models import Answer, RoundKind, ScanKind
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory, make_framework
from tests.test_url_walk import APP_ROUTES

pytestmark = pytest.mark.django_db

MARKER = "ZELFSCAN-MERKTEKEN-7Q"
CODES = ("GM0141", "GM0147", "GM1774", "GM0153", "GM0164")  # Almelo, Borne, Dinkelland, …
BLIND = "GM0153"  # Enschede: its review is still open
REVIEWED = "GM0164"  # Hengelo: its review is submitted


@dataclass
class World:
    round: Any
    organisations: dict[str, Any]
    people: dict[str, Any]
    scale: dict[str, Any]
    norms: list[Any]
    evidence: Any = None
    scans: dict[tuple[str, str], Any] = field(default_factory=dict)

    def scan(self, code: str, kind: str) -> Any:
        return self.scans[(code, kind)]


def _fill(world: World, code: str, kind: str, answers: str, *, submit: bool = True) -> None:
    """Answer the scan's norms with the option codes in `answers` (j/d/n per norm)."""
    options = {"j": "ja", "d": "deels", "n": "nee"}
    scan = world.scan(code, kind)
    for norm, letter in zip(world.norms, answers, strict=False):
        services.answer_save(
            actor=None, scan=scan, norm=norm, option=world.scale[options[letter]],
            explanation=f"Toelichting {code} {kind}",
        )  # fmt: skip
    if submit:
        services.scan_submit(actor=None, scan=scan)


@pytest.fixture
def world() -> World:
    organisations = {code: Organisation.objects.get(cbs_code=code) for code in CODES}
    partnership = PartnershipFactory(name="Zichtbaarheid", members=list(organisations.values()))
    framework = make_framework(name="Zichtbaarheid", norms=4, essential=(1,), weights={2: 2})
    scan_round = services.scan_round_open(
        actor=None, partnership=partnership, framework=framework, title="Ronde zichtbaarheid",
        kind=RoundKind.BOTH, deadline=datetime.date(2030, 1, 31),
        organisations=list(organisations.values()), anonymise=False,
    )  # fmt: skip
    people = {}
    for role, code in (
        (Role.COORDINATOR, "GM0141"),
        (Role.ASSESSOR, "GM0141"),
        (Role.VIEWER, "GM0141"),
    ):
        people[role] = UserFactory(email=f"{role}@zichtbaarheid.test")
        MembershipFactory(
            user=people[role], organisation=organisations[code], role=role,
            partnership=partnership,
        )  # fmt: skip
    people["participant"] = UserFactory(email="deelnemer@zichtbaarheid.test")
    MembershipFactory(
        user=people["participant"], organisation=organisations["GM0147"], role=Role.CONTRIBUTOR
    )
    world = World(
        round=scan_round,
        organisations=organisations,
        people=people,
        scale={o.code: o for o in framework.scale.all()},
        norms=list(framework.norms.order_by("position")),
        scans={(s.organisation.cbs_code, s.kind): s for s in scan_round.scans.all()},
    )
    for i, code in enumerate(CODES):
        _fill(world, code, ScanKind.SELF, "jdnj"[i % 4 :] + "jdnj"[: i % 4])
        if code != BLIND:
            _fill(world, code, ScanKind.REVIEW, "njdj"[i % 4 :] + "njdj"[: i % 4])
    _fill(world, BLIND, ScanKind.REVIEW, "jn", submit=False)  # the review is under way
    world.evidence = services.evidence_add(
        actor=None, scan=world.scan(BLIND, ScanKind.SELF), norm=world.norms[0],
        upload=SimpleUploadedFile("bewijs.txt", f"{MARKER}\n".encode(), "text/plain"),
    )  # fmt: skip
    return world


def _vary(world: World, variant: str) -> None:
    """Give Enschede's submitted self-scan other answers and explanations, as the services
    would have stored them (the final answers follow), without touching any timestamp."""
    option = world.scale["ja" if variant == "A" else "nee"]
    self_scan = world.scan(BLIND, ScanKind.SELF)
    Answer.objects.filter(scan=self_scan).update(option=option, explanation=f"{MARKER} {variant}")
    services.results_refresh(scan_round=world.round, organisation_id=self_scan.organisation_id)


# --- What is read, and how ------------------------------------------------------------------

Call = tuple[str, dict[str, Any], dict[str, str]]  # route name, kwargs, query


def _org_pages(world: World) -> list[tuple[dict[str, Any], dict[str, str]]]:
    return [
        ({"pk": world.round.pk, "org_pk": world.organisations[code].pk}, {})
        for code in (BLIND, REVIEWED)
    ]


def _scans(world: World, key: str = "pk") -> list[tuple[dict[str, Any], dict[str, str]]]:
    return [
        ({key: world.scan(code, kind).pk}, {})
        for code in (BLIND, REVIEWED)
        for kind in (ScanKind.SELF, ScanKind.REVIEW)
    ]


# Route name → the calls that read it for the world's round. Every GET that shows anything of
# a scan or a round's results is here.
READS: dict[str, Callable[[World], list[tuple[dict[str, Any], dict[str, str]]]]] = {
    "scans:scan_list": lambda w: [({}, {})],
    "scans:round_list": lambda w: [({}, {})],
    "scans:round_detail": lambda w: [({"pk": w.round.pk}, {})],
    "scans:round_threads": lambda w: [({"pk": w.round.pk}, {})],
    "scans:organisation_results": _org_pages,
    "scans:organisation_results_pdf": _org_pages,
    "scans:round_document": lambda w: [
        ({"pk": w.round.pk, "document": document}, {})
        for document in ("rode-draden.pdf", "rode-draden.docx", "resultaten.xlsx")
    ],
    "scans:scan_detail": _scans,
    "scans:answers_download": _scans,
    "scans:scan_gaps": _scans,
    "scans:evidence_download": lambda w: [
        ({"pk": w.evidence.scan_id, "evidence_pk": w.evidence.pk}, {})
    ],
    "scans:thread_action_new": lambda w: [({"pk": w.round.pk, "norm_id": w.norms[0].pk}, {})],
    "api-v1:list_scan_rounds": lambda w: [({}, {})],
    "api-v1:list_round_scans": lambda w: [({"round_id": w.round.pk}, {})],
    "api-v1:get_round_results": lambda w: [({"round_id": w.round.pk}, {})],
    "api-v1:get_common_threads": lambda w: [({"round_id": w.round.pk}, {})],
    "api-v1:get_provisional_threads": lambda w: [({"round_id": w.round.pk}, {})],
    "api-v1:get_round_report": lambda w: [
        ({"round_id": w.round.pk}, {"format": f}) for f in ("pdf", "docx", "xlsx")
    ],
    "api-v1:get_scan": lambda w: _scans(w, "scan_id"),
    "api-v1:get_scan_score": lambda w: _scans(w, "scan_id"),
    "api-v1:get_answer": lambda w: [
        ({**kwargs, "norm_code": w.norms[0].code}, {}) for kwargs, _q in _scans(w, "scan_id")
    ],
    "insights:home": lambda w: [({}, {})],
    "insights:partnership_detail": lambda w: [({"pk": w.round.partnership_id}, {})],
}

# Scans URLs that change something or show only the shared frameworks: not reads of results.
WRITES_AND_REFERENCE = {
    "scans:framework_list", "scans:framework_import", "scans:framework_detail",
    "scans:framework_download", "scans:answer_save", "scans:answers_upload", "scans:scan_submit",
    "scans:theme_save",
    "scans:scan_reopen",
    "scans:evidence_upload", "scans:evidence_delete", "scans:score_agree", "scans:round_new",
    "scans:round_remind", "scans:round_clone", "scans:review_release",
    "api-v1:list_frameworks", "api-v1:create_framework", "api-v1:open_scan_round",
    "api-v1:save_answer", "api-v1:save_answers", "api-v1:submit_scan",
}  # fmt: skip

# Reads that show results per organisation (their change proves the coordinator sees them).
PER_ORGANISATION = {
    "scans:round_threads",  # the heatmap
    "scans:organisation_results",
    "scans:organisation_results_pdf",
    "scans:round_document",
    "api-v1:get_round_results",
    "api-v1:get_round_report",
}
# Reads that show only figures across the partnership (suppressed for viewers).
AGGREGATE = {
    "scans:round_threads",
    "scans:round_document",
    "api-v1:get_common_threads",
    "api-v1:get_round_report",
    # The partnership's dashboard: basis op orde and norms met across its organisations.
    "insights:home",
    "insights:partnership_detail",
}
# Reads that show the self-scan itself.
SELF_SCAN = {
    "scans:scan_detail",
    "scans:answers_download",
    "scans:scan_gaps",
    "api-v1:get_scan",
    "api-v1:get_answer",
}


def _scans_routes() -> set[str]:
    return {
        r.name
        for r in APP_ROUTES
        if r.name.startswith("scans:") or r.route.startswith("api/v1/scans/")
    }


def test_every_scans_url_is_classified():
    unclassified = _scans_routes() - set(READS) - WRITES_AND_REFERENCE
    assert not unclassified, (
        f"Say in tests/test_result_visibility.py whether these read scan results: {unclassified}"
    )


# --- Reading and comparing ------------------------------------------------------------------

VOLATILE = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'"X-CSRFToken": ?"[^"]*"'),
]


def _text(response: Any) -> str:
    """What a reader sees of a response, without what changes on every request."""
    content_type = response.get("Content-Type", "").split(";")[0]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type == "application/pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if content_type.endswith("wordprocessingml.document"):
        from docx import Document

        document = Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if content_type.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            f"{sheet.title}: {row}" for sheet in book.worksheets for row in sheet.values
        )
    if "json" in content_type:
        return json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
    text = body.decode("utf-8", errors="replace")
    for pattern in VOLATILE:
        text = pattern.sub("", text)
    return text


def _read_all(client: Client, world: World) -> dict[tuple[str, str], tuple[int, str]]:
    """Every read of the round as the logged-in user: (status, visible text) per URL."""
    seen = {}
    for name, calls in READS.items():
        for kwargs, query in calls(world):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url, query, HTTP_ACCEPT="*/*")
            assert response.status_code < 500, f"{url} answered {response.status_code}"
            text = _text(response) if response.status_code == 200 else ""
            seen[(name, f"{url}?{query}")] = (response.status_code, text)
    return seen


def _changed(client: Client, world: World) -> tuple[set[str], dict[Any, Any]]:
    """The route names whose output differs between the two versions of the self-scan, and
    what was read in the second."""
    _vary(world, "A")
    first = _read_all(client, world)
    _vary(world, "B")
    second = _read_all(client, world)
    return {name for (name, url) in first if first[(name, url)] != second[(name, url)]}, second


def _marked(seen: dict[Any, Any]) -> set[str]:
    return {url for (_name, url), (_status, text) in seen.items() if MARKER in text}


def test_what_each_role_sees_of_an_organisation_while_its_review_is_open(client, world, verified):
    client.force_login(world.people[Role.ASSESSOR])
    changed, seen = _changed(client, world)
    assert changed == set(), f"the open review is not blind: {changed} show the self-scan"
    assert _marked(seen) == set()
    # Not a page that hides everything: the assessor reads the other organisations' results.
    assert seen[("scans:organisation_results", _url_of(world, REVIEWED))][0] == 200

    client.force_login(world.people[Role.COORDINATOR])
    changed, seen = _changed(client, world)
    assert changed >= PER_ORGANISATION | SELF_SCAN, "the coordinator sees every organisation"
    assert _marked(seen)

    client.force_login(world.people[Role.VIEWER])
    changed, seen = _changed(client, world)
    assert changed <= AGGREGATE, f"a viewer sees only figures across the partnership: {changed}"
    assert _marked(seen) == set()

    # A contributor of another participating organisation sees the final answers of the round
    # (named, as the coordinator chose), never the self-scan itself.
    client.force_login(world.people["participant"])
    changed, seen = _changed(client, world)
    assert changed & {"scans:round_threads", "api-v1:get_round_report"}
    assert not changed & SELF_SCAN
    assert _marked(seen) == set()


def _url_of(world: World, code: str) -> str:
    kwargs = {"pk": world.round.pk, "org_pk": world.organisations[code].pk}
    return f"{reverse('scans:organisation_results', kwargs=kwargs)}?{{}}"


def test_the_assessor_sees_the_self_scan_once_the_review_is_submitted(client, world, verified):
    _fill(world, BLIND, ScanKind.REVIEW, "jnjj")
    client.force_login(world.people[Role.ASSESSOR])
    changed, seen = _changed(client, world)
    assert changed >= SELF_SCAN | {"scans:organisation_results"}
    assert _marked(seen)
