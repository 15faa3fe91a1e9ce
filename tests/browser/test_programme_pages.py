"""Every page of the programmes module (and the norm frameworks) passes axe-core (WCAG 2.1
A/AA) and works under the CSP, visited with the demo data as a coordinator and a contributor."""

import datetime

from playwright.sync_api import Page, expect

from dijkwacht.organisations.models import Organisation
from dijkwacht.programmes.models import Programme
from dijkwacht.scans.models import Framework, RoundKind, ScanKind
from dijkwacht.scans.services import scan_round_open


def test_programme_pages_are_accessible(page: Page, demo, log_in, accessibility_problems, context):
    twente = Programme.objects.get(name="Weerbare Overheid en Maatschappij 2024")
    closed = twente.rounds.order_by("opened_at").first()
    pages = {
        "programmes": "/programmas/",
        "programme": f"/programmas/{twente.pk}/",
        "matrix": f"/programmas/{twente.pk}/matrix/",
        "matrix filtered": f"/programmas/{twente.pk}/matrix/?status=gepland&stale=on",
        "rounds": f"/programmas/{twente.pk}/rondes/",
        "round": f"/programmas/{twente.pk}/rondes/{closed.pk}/",
        "edit": f"/programmas/{twente.pk}/bewerken/",
        "plan import": "/programmas/importeren/",
        "excel import": f"/programmas/{twente.pk}/excel-importeren/",
        "action": f"/acties/{twente.actions.order_by('position').first().pk}/",
        "norm frameworks": "/normenkaders/",
        "norm framework": f"/normenkaders/{Framework.objects.get().pk}/",
    }
    problems: list[str] = []
    log_in("coordinator@dijkwacht.test")
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{name}: {url}"
        expect(page.locator("main h1")).to_be_visible()
        problems += accessibility_problems(name)

    scan_round = scan_round_open(
        actor=None, partnership=twente.partnership, framework=Framework.objects.get(),
        title="Zelfscan (browser)", kind=RoundKind.SELF, deadline=datetime.date(2030, 1, 1),
        organisations=[Organisation.objects.get(cbs_code="GM0153")],
    )  # fmt: skip
    scan = scan_round.scans.get(kind=ScanKind.SELF)
    context.clear_cookies()
    log_in("enschede@dijkwacht.test")
    for name, url in {
        "my actions": "/mijn-acties/",
        "matrix (contributor)": pages["matrix"],
        "scans": "/scans/",
        "self-scan": f"/scans/{scan.pk}/",
    }.items():
        page.goto(url)
        problems += accessibility_problems(name)
    assert not problems, "\n\n".join(problems)
