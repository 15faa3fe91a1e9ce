"""The annual report: composed beside the platform's facts, frozen when published (later data
does not change a version), small counts suppressed in every version, persons left out of
the public one, readers and another partnership kept to what they may see, and the
documents (PDF/UA and Word) through the pages, the background and the API."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dijkwacht.core.models import AuditEvent
from dijkwacht.exports.models import DocumentJob
from dijkwacht.insights import annual, documents, indicators, selectors, services
from dijkwacht.insights.models import (
    AnnualReport,
    Indicator,
    IndicatorValue,
    Level,
    PeriodType,
    Polarity,
    Unit,
)
from dijkwacht.meldpunt import services as meldpunt_services
from dijkwacht.meldpunt.models import Kind, MeldpuntSettings
from dijkwacht.programmes.models import Action, Commitment, Status
from dijkwacht.programmes.selectors import programmes_in_period
from tests.factories import make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

YEAR = timezone.localdate().year


def _report(actor, partnership, year=YEAR, organisation=None):
    return services.annual_report_create(
        actor=actor,
        partnership=partnership,
        organisation=organisation,
        year=year,
        title=f"Jaarverslag {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )


def _section(content, key):
    return next((s for s in content["sections"] if s["key"] == key), None)


def _reports(organisation, count):
    MeldpuntSettings.objects.get_or_create(organisation=organisation, accepts_reports=True)
    for _ in range(count):
        meldpunt_services.report_submit(
            organisation=organisation, kind="integriteit", description="x", identity="anoniem"
        )


def _draft_document(report, kind):
    return {"kind": "insights.annual_report", "report": report.pk, "version": "concept",
            "format": kind}  # fmt: skip


def _docx_text(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


# --- Pure parts ----------------------------------------------------------------------------------


def test_a_years_figure_sums_the_counts_of_its_quarters_and_takes_the_last_of_a_rate():
    values = {
        datetime.date(2024, 1, 1): Decimal(10),
        datetime.date(2024, 4, 1): Decimal(12),
        datetime.date(2023, 10, 1): Decimal(99),
    }
    assert indicators.year_figure(
        values, year=2024, unit=Unit.COUNT, period_type=PeriodType.QUARTER
    ) == (Decimal(22), 2)
    assert indicators.year_figure(
        values, year=2024, unit=Unit.PERCENT, period_type=PeriodType.QUARTER
    ) == (Decimal(12), 2)
    assert indicators.year_figure(
        values, year=2022, unit=Unit.COUNT, period_type=PeriodType.QUARTER
    ) == (None, 0)


@pytest.mark.parametrize(
    ("actual", "plan", "polarity", "expected"),
    [
        (Decimal(12), Decimal(10), Polarity.HIGHER_IS_BETTER, (Decimal(2), "better")),
        (Decimal(12), Decimal(10), Polarity.HIGHER_IS_WORSE, (Decimal(2), "worse")),
        (Decimal(8), Decimal(10), Polarity.HIGHER_IS_WORSE, (Decimal(-2), "better")),
        (Decimal(10), Decimal(10), Polarity.HIGHER_IS_BETTER, (Decimal(0), "on_plan")),
        (Decimal(12), Decimal(10), Polarity.NEUTRAL, (Decimal(2), "")),
        (None, Decimal(10), Polarity.HIGHER_IS_BETTER, (None, "")),
    ],
)
def test_a_deviation_from_the_plan_is_better_or_worse_by_the_indicators_polarity(
    actual, plan, polarity, expected
):
    assert annual._deviation(actual, plan, polarity) == expected


# --- Composing and publishing --------------------------------------------------------------------


def test_the_draft_reads_the_facts_now_and_a_published_version_never_changes(
    coordinator, twente, enschede, hengelo
):
    programme = make_programme(twente, [enschede, hengelo], name="Weerbaar Twente")
    Action.objects.filter(programme=programme).update(
        budget_planned=Decimal("1000"), budget_spent=Decimal("250")
    )
    report = _report(coordinator, twente)
    content = annual.content(report, coordinator)
    theme_key = _section(content, "themas")["facts"]["programmes"][0]["themes"][0]["key"]

    services.annual_report_save(
        actor=coordinator,
        report=report,
        texts={"samenvatting": "Een goed jaar.", theme_key: "Over thema 1."},
        plans={},
    )
    version = services.annual_report_publish(actor=coordinator, report=report)
    frozen = json.dumps(version.content, sort_keys=True)

    summary = _section(version.content, "samenvatting")
    assert summary["text"] == "Een goed jaar."
    assert summary["facts"]["programmes"] == [
        {"name": "Weerbaar Twente", "total": 4, "done": 0, "percent": 0}
    ]
    theme = _section(version.content, "themas")["facts"]["programmes"][0]["themes"][0]
    assert theme["text"] == "Over thema 1."
    assert [(c["status"], c["n"]) for c in theme["actions"][0]["cells"]] == [("onbepaald", 2)]
    budget = _section(version.content, "budget")["facts"]["programmes"][0]
    assert (budget["planned"], budget["spent"]) == ("2000.00", "500.00")  # two actions
    assert version.number == 1 and version.published_by == coordinator

    # The data and the draft change; the version does not, the draft does.
    Commitment.objects.filter(programme=programme).update(status=Status.COMPLETED)
    services.annual_report_save(
        actor=coordinator, report=report, texts={"samenvatting": "Later herschreven."}, plans={}
    )
    version.refresh_from_db()
    assert json.dumps(version.content, sort_keys=True) == frozen
    report.refresh_from_db()
    now = annual.content(report, coordinator)
    assert _section(now, "samenvatting")["facts"]["programmes"][0]["done"] == 4
    assert _section(now, "samenvatting")["text"] == "Later herschreven."
    assert _section(now, "themas")["facts"]["programmes"][0]["themes"][0]["text"] == (
        "Over thema 1."
    )  # not on this save: kept

    second = services.annual_report_publish(actor=coordinator, report=report)
    assert second.number == 2
    assert list(selectors.report_versions(report).values_list("number", flat=True)) == [2, 1]
    assert AuditEvent.objects.filter(action="insights.annual_report_publish").count() == 2


def test_only_a_coordinator_of_the_partnership_composes_and_one_report_per_year(
    coordinator, contributor, other_coordinator, twente, utrecht_city
):
    with pytest.raises(PermissionDenied):
        _report(contributor, twente)
    with pytest.raises(PermissionDenied):
        _report(other_coordinator, twente)
    with pytest.raises(ValidationError) as refused:
        _report(coordinator, twente, organisation=utrecht_city)
    assert "organisation" in refused.value.message_dict
    report = _report(coordinator, twente)
    with pytest.raises(ValidationError) as twice:
        _report(coordinator, twente)
    assert "year" in twice.value.message_dict
    with pytest.raises(ValidationError) as elsewhere:
        services.annual_report_create(
            actor=coordinator, partnership=twente, organisation=None, year=YEAR - 3,
            title="Mis", period_start=datetime.date(YEAR, 1, 1),
            period_end=datetime.date(YEAR, 12, 31),
        )  # fmt: skip
    assert "period_start" in elsewhere.value.message_dict
    with pytest.raises(PermissionDenied):
        services.annual_report_publish(actor=contributor, report=report)


def test_small_counts_are_suppressed_in_every_version_and_a_sum_that_gives_one_away_left_out(
    coordinator, twente, enschede, hengelo
):
    _reports(enschede, 7)
    _reports(hengelo, 3)  # the marker organisation: 1–4 reports
    signals = Indicator.objects.create(
        partnership=twente,
        name="Signalen",
        definition="Per gemeente.",
        unit=Unit.COUNT,
        level=Level.MUNICIPALITY,
        suppress_small=True,
        source_name="Eigen registratie",
    )
    checks = Indicator.objects.create(
        partnership=twente,
        name="Bibob-toetsen",
        definition="Per kwartaal.",
        unit=Unit.COUNT,
        period_type=PeriodType.QUARTER,
        level=Level.PARTNERSHIP,
        polarity=Polarity.HIGHER_IS_BETTER,
        source_name="Eigen registratie",
    )
    this, last = datetime.date(YEAR, 1, 1), datetime.date(YEAR - 1, 1, 1)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, area=area, period=period, value=value)
        for indicator, area, period, value in (
            (signals, "GM0153", this, 12),
            (signals, "GM0164", this, 3),
            (signals, "GM0153", last, 20),
            (signals, "GM0164", last, 9),
            (checks, twente.slug, this, 30),
            (checks, twente.slug, datetime.date(YEAR, 4, 1), 25),
        )
    )
    report = _report(coordinator, twente)
    services.annual_report_save(
        actor=coordinator,
        report=report,
        texts={},
        plans={f"indicator-{checks.pk}": Decimal(50), f"indicator-{signals.pk}": Decimal(10)},
    )
    content = services.annual_report_publish(actor=coordinator, report=report).content

    meldpunt = _section(content, "meldpunt")["facts"]
    column = meldpunt["kinds"].index(str(Kind.INTEGRITY.label).capitalize())
    quarter = (timezone.localdate().month - 1) // 3
    # 7 + 3 this quarter: the total would give Hengelo's 3 away next to Enschede's 7.
    assert meldpunt["quarters"][quarter]["counts"][column] == "×"
    assert meldpunt["totals"][column] == "×"
    rows = {r["name"]: r for r in _section(content, "indicatoren")["facts"]["indicators"]}
    assert rows["Signalen"]["actual"] == "×"  # 15 − Enschede's 12 gives Hengelo's 3 away
    assert rows["Signalen"]["previous"] == "29"
    assert rows["Signalen"]["deviation"] == ""  # no deviation from a figure left out
    assert rows["Bibob-toetsen"]["actual"] == "55"
    assert rows["Bibob-toetsen"]["partial"] is True  # two of four quarters
    assert (rows["Bibob-toetsen"]["plan"], rows["Bibob-toetsen"]["deviation"]) == ("50", "+5")
    assert rows["Bibob-toetsen"]["verdict"] == ""  # half a year against a year's plan: no verdict

    pdf, _name = documents.annual_report_document(coordinator, report, None, "pdf", public=False)
    assert pdf.startswith(b"%PDF")
    assert "\n3\n" not in _docx_text(
        documents.annual_report_document(coordinator, report, None, "docx", public=False)[0]
    )


def test_the_public_version_leaves_out_every_person(coordinator, twente, enschede):
    programme = make_programme(twente, [enschede], name="Weerbaar Twente", actions=1)
    Action.objects.filter(programme=programme).update(owner=coordinator)
    report = _report(coordinator, twente)
    version = services.annual_report_publish(actor=coordinator, report=report)
    name = coordinator.get_full_name()

    internal, internal_name = documents.annual_report_document(
        coordinator, report, version, "docx", public=False
    )
    public, public_name = documents.annual_report_document(
        coordinator, report, version, "docx", public=True
    )

    assert name in _docx_text(internal)
    assert name not in _docx_text(public)
    assert "Actie 1.1" in _docx_text(public)
    assert (internal_name, public_name) == (
        f"jaarverslag-{twente.slug}-{YEAR}-v1.docx",
        f"jaarverslag-{twente.slug}-{YEAR}-v1-openbaar.docx",
    )
    pdf, _n = documents.annual_report_document(coordinator, report, version, "pdf", public=True)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nl", "a tagged, Dutch PDF (PDF/UA)"
    pages = [page.extract_text() for page in reader.pages]
    assert all(name not in page for page in pages)
    # The contents on the cover name each section with its page; every page is numbered.
    assert re.search(r"Thema's en acties\s*\.*\s*3", pages[0]), pages[0]
    assert f"Pagina 3 van {len(pages)}" in pages[2]
    internal_pdf, _n = documents.annual_report_document(
        coordinator, report, version, "pdf", public=False
    )
    assert name in "".join(p.extract_text() for p in PdfReader(io.BytesIO(internal_pdf)).pages)


# --- Who sees what ------------------------------------------------------------------------------


def test_a_draft_is_its_composers_and_a_published_report_every_members(
    client, coordinator, viewer, other_coordinator, twente
):
    report = _report(coordinator, twente)
    assert list(selectors.annual_reports_for(viewer)) == []
    client.force_login(viewer)
    assert client.get(reverse("insights:report_detail", args=[report.pk])).status_code == 404

    services.annual_report_publish(actor=coordinator, report=report)
    assert list(selectors.annual_reports_for(viewer)) == [report]
    page = client.get(reverse("insights:report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert "Publiceren" not in page.content.decode()  # a reader gets the versions only
    assert client.post(reverse("insights:report_publish", args=[report.pk])).status_code == 302
    assert report.versions.count() == 1

    # A reader may not have the draft made, even by naming it.
    started = client.post(reverse("exports:start"), _draft_document(report, "pdf"))
    assert started.status_code == 404

    client.force_login(other_coordinator)
    assert client.get(reverse("insights:report_detail", args=[report.pk])).status_code == 404
    assert client.get("/api/v1/reports/annual").json() == []
    assert client.get(f"/api/v1/reports/annual/{report.pk}").status_code == 404


# --- The pages, the background and the API ------------------------------------------------------


def test_a_coordinator_composes_on_the_page_and_a_plan_that_is_not_a_number_is_named(
    client, coordinator, twente, enschede
):
    make_programme(twente, [enschede], name="Weerbaar Twente", actions=1)
    checks = Indicator.objects.create(
        partnership=twente,
        name="Bibob-toetsen",
        definition="Per jaar.",
        unit=Unit.COUNT,
        level=Level.PARTNERSHIP,
        source_name="Eigen registratie",
    )
    client.force_login(coordinator)
    created = client.post(
        reverse("insights:report_create"), {"subject": str(twente.pk), "year": YEAR}
    )
    report = AnnualReport.objects.get()
    assert created.url == reverse("insights:report_detail", args=[report.pk])
    assert (report.title, report.period_start) == (
        f"Jaarverslag {YEAR} — {twente.name}", datetime.date(YEAR, 1, 1)
    )  # fmt: skip

    url = reverse("insights:report_detail", args=[report.pk])
    page = client.get(url)
    text = page.content.decode()
    assert "Weerbaar Twente" in text and "Bibob-toetsen" in text
    key = f"indicator-{checks.pk}"
    form = {
        "title": report.title,
        "period_start": f"{YEAR}-01-01",
        "period_end": f"{YEAR}-12-31",
        "text-samenvatting": "Samenvatting van het jaar.",
        f"plan-{key}": "veel",
        f"text-{key}": "Meer toetsen dan gedacht.",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "„veel” is geen getal." in refused.content.decode() or "is geen getal" in (
        refused.content.decode()
    )
    report.refresh_from_db()
    assert report.texts == {}  # nothing half-saved

    form[f"plan-{key}"] = "1.250,5"
    saved = client.post(url, form)
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.plans == {key: "1250.5000"}
    assert report.texts[key] == "Meer toetsen dan gedacht."
    assert 'value="1.250,5"' in client.get(url).content.decode()

    published = client.post(reverse("insights:report_publish", args=[report.pk]))
    assert published.status_code == 302
    assert report.versions.get().content["sections"][0]["text"] == "Samenvatting van het jaar."

    listed = client.get(reverse("insights:report_list") + "?status=published&formaat=csv")
    assert f"{report.title};{twente.name};;{YEAR};gepubliceerd;1" in listed.content.decode(
        "utf-8-sig"
    )


def test_the_documents_are_made_in_the_background_and_through_the_api(
    client, coordinator, viewer, twente, enschede, django_capture_on_commit_callbacks
):
    make_programme(twente, [enschede], name="Weerbaar Twente", actions=1)
    report = _report(coordinator, twente)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("exports:start"), _draft_document(report, "docx"))
    job = DocumentJob.objects.get(pk=started.url.rstrip("/").rsplit("/", 1)[1])
    assert job.state == DocumentJob.State.DONE, job.state
    assert job.filename == f"jaarverslag-{twente.slug}-{YEAR}-concept.docx"
    assert "Weerbaar Twente" in _docx_text(bytes(job.content))

    services.annual_report_publish(actor=coordinator, report=report)
    client.force_login(viewer)
    listed = client.get("/api/v1/reports/annual").json()
    assert [(r["id"], r["partnership"], r["year"], r["status"]) for r in listed] == [
        (report.pk, twente.slug, YEAR, "published")
    ]
    pdf = client.get(f"/api/v1/reports/annual/{report.pk}?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    word = client.get(f"/api/v1/reports/annual/{report.pk}?format=docx&variant=openbaar")
    assert word.status_code == 200
    assert "openbaar" in word["Content-Disposition"]
    assert client.get(f"/api/v1/reports/annual/{report.pk}?version=7").status_code == 404


def test_a_kinds_total_is_left_out_where_it_would_give_a_withheld_quarter_away(
    coordinator, twente, enschede, hengelo
):
    from dijkwacht.meldpunt.models import Report

    _reports(enschede, 7)
    _reports(hengelo, 9)
    earlier = timezone.now() - datetime.timedelta(days=100)
    moved = Report.objects.filter(organisation=hengelo).order_by("pk")[:6]
    Report.objects.filter(pk__in=[r.pk for r in moved]).update(received_at=earlier)
    report = services.annual_report_create(
        actor=coordinator, partnership=twente, organisation=None, year=YEAR, title="Kwartalen",
        period_start=timezone.localdate(earlier).replace(day=1), period_end=timezone.localdate(),
    )  # fmt: skip

    meldpunt = _section(annual.content(report, coordinator), "meldpunt")["facts"]

    column = meldpunt["kinds"].index(str(Kind.INTEGRITY.label).capitalize())
    counts = [q["counts"][column] for q in meldpunt["quarters"]]
    # This quarter: Enschede 7 and Hengelo 3, so its total is withheld; the earlier one
    # shows Hengelo's 6. The year's 16 minus 6 would give this quarter's 10 away.
    assert counts[-1] == "×" and "6" in counts
    assert meldpunt["totals"][column] == "×"


def test_an_organisations_report_withholds_a_year_that_stands_on_a_small_quarter(
    coordinator, twente, enschede, hengelo
):
    checks = Indicator.objects.create(
        partnership=twente,
        name="Bibob-toetsen",
        definition="Per kwartaal.",
        unit=Unit.COUNT,
        period_type=PeriodType.QUARTER,
        level=Level.MUNICIPALITY,
        suppress_small=True,
        source_name="Eigen registratie",
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=checks, area=area, period=datetime.date(year, month, 1), value=v)
        for area, year, month, v in (
            ("GM0153", YEAR, 1, 12),
            ("GM0153", YEAR, 4, 3),  # the page shows "<5": the year's sum would give it away
            ("GM0153", YEAR - 1, 1, 20),
            ("GM0153", YEAR - 1, 4, 9),
        )
    )
    report = _report(coordinator, twente, organisation=enschede)
    rows = _section(annual.content(report, coordinator), "indicatoren")["facts"]["indicators"]
    assert [(r["actual"], r["previous"]) for r in rows] == [("×", "29")]

    # An organisation without an area (the province is one, a police unit is not) has none.
    enschede.cbs_code = ""
    enschede.save(update_fields=["cbs_code"])
    report.refresh_from_db()
    assert _section(annual.content(report, coordinator), "indicatoren")["facts"] is None


def test_every_section_takes_a_text_and_each_programmes_loose_actions_their_own(
    client, coordinator, twente, enschede
):
    for name in ("Plan A", "Plan B"):
        programme = make_programme(twente, [enschede], name=name, actions=1)
        Action.objects.filter(programme=programme).update(theme=None)
    report = _report(coordinator, twente)
    content = annual.content(report, coordinator)
    keys = annual.text_keys(content)
    assert [k for k in keys if k.startswith("programma-")] == [
        f"programma-{p.pk}" for p in twente.programmes.order_by("name")
    ]
    assert "meldpunt" in keys and _section(content, "meldpunt")["facts"] is None

    client.force_login(coordinator)
    url = reverse("insights:report_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert page.count('name="text-meldpunt"') == 1
    saved = client.post(
        url,
        {
            "title": report.title,
            "period_start": f"{YEAR}-01-01",
            "period_end": f"{YEAR}-12-31",
            "text-meldpunt": "Dit jaar kwamen er geen meldingen binnen.\r\n\r\nDat is nieuw.",
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.texts == {
        "meldpunt": "Dit jaar kwamen er geen meldingen binnen.\n\nDat is nieuw."
    }
    word = _docx_text(
        documents.annual_report_document(coordinator, report, None, "docx", public=False)[0]
    )
    assert "Dit jaar kwamen er geen meldingen binnen.\nDat is nieuw." in word


def test_an_organisations_report_leaves_out_the_programmes_it_has_no_cell_in(
    twente, enschede, hengelo
):
    ours = make_programme(twente, [enschede], name="Plan van Enschede", is_draft=False)
    make_programme(twente, [hengelo], name="Plan van Hengelo", is_draft=False)

    found = programmes_in_period(
        twente, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31), enschede
    )
    everyone = programmes_in_period(twente, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))

    assert [p.programme for p in found] == [ours]
    assert {p.programme.name for p in everyone} >= {"Plan van Enschede", "Plan van Hengelo"}


def test_the_word_contents_list_the_sections_and_not_themselves(coordinator, twente, enschede):
    from docx import Document

    make_programme(twente, [enschede], name="Weerbaar Twente", actions=1)
    report = _report(coordinator, twente)
    data, _name = documents.annual_report_document(coordinator, report, None, "docx", public=False)

    paragraphs = Document(io.BytesIO(data)).paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in paragraphs if p.style.name == "TOC Heading"] == ["Inhoud"]
    assert "Inhoud" not in headings
    assert "Samenvatting" in headings


def test_awareness_has_its_section_with_reach_and_campaigns_in_the_word_document(
    client, coordinator, twente, enschede, django_capture_on_commit_callbacks
):
    from dijkwacht.awareness import services as awareness_services
    from dijkwacht.awareness.models import TargetGroup
    from tests.factories import make_activity

    report = _report(coordinator, twente)
    assert _section(annual.content(report, coordinator), "bewustwording")["facts"] is None
    start = datetime.date(YEAR, 1, 1)
    days = (timezone.localdate() - start).days
    make_activity(twente, enschede, groups=("raad",), days_ago=(min(days, 20),),
                  came={(enschede, "raad"): 7})  # fmt: skip
    awareness_services.campaign_save(
        actor=coordinator, partnership=twente, organiser=enschede,
        target_groups=TargetGroup.objects.filter(code="burgers"), organisations=[],
        title="Meld Misdaad Anoniem", starts_on=start, ends_on=start + datetime.timedelta(days=13),
    )  # fmt: skip
    facts = _section(annual.content(report, coordinator), "bewustwording")["facts"]
    assert (facts["sessions"], facts["participants"]) == (1, 7)
    assert facts["reach"] == [
        {"group": "Gemeenteraad of Provinciale Staten", "reached": 7, "size": "—",
         "share": "omvang onbekend", "unknown": 3}
    ]  # fmt: skip
    assert [c["title"] for c in facts["campaigns"]] == ["Meld Misdaad Anoniem"]
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("exports:start"), _draft_document(report, "docx"))
    job = DocumentJob.objects.get(pk=started.url.rstrip("/").rsplit("/", 1)[1])
    text = _docx_text(bytes(job.content))
    assert "Meld Misdaad Anoniem" in text and "Gemeenteraad of Provinciale Staten" in text
