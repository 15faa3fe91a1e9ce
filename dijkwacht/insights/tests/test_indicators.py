"""Indicators as data: periods and numbers as people write them, a file checked row by row
before anything is written, who keeps and who reads an indicator, the comparison with the
partnership, province and country, small counts suppressed, the map and the API."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dijkwacht.core.models import AuditEvent
from dijkwacht.insights import indicators, maps, selectors, services
from dijkwacht.insights.dashboard import Reader
from dijkwacht.insights.indicator_files import MAX_ROWS, RawRow, read_values_file
from dijkwacht.insights.models import Indicator, IndicatorValue, Level, PeriodType, Unit
from dijkwacht.meldpunt import services as meldpunt_services
from dijkwacht.meldpunt.models import MeldpuntSettings
from tests.factories import add_indicator_values, make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("verified")]

Y2023, Y2024 = datetime.date(2023, 1, 1), datetime.date(2024, 1, 1)


def _rows(*rows):
    return [RawRow(number, *row) for number, row in enumerate(rows, start=2)]


# --- Periods, numbers, codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period_type", "day"),
    [
        ("2024", PeriodType.YEAR, datetime.date(2024, 1, 1)),
        (2024.0, PeriodType.YEAR, datetime.date(2024, 1, 1)),
        ("2024-K3", PeriodType.QUARTER, datetime.date(2024, 7, 1)),
        ("2024 q4", PeriodType.QUARTER, datetime.date(2024, 10, 1)),
        ("K1 2025", PeriodType.QUARTER, datetime.date(2025, 1, 1)),
        ("2024-03", PeriodType.MONTH, datetime.date(2024, 3, 1)),
        ("11-2024", PeriodType.MONTH, datetime.date(2024, 11, 1)),
        (
            datetime.datetime(2024, 5, 17, tzinfo=datetime.UTC),
            PeriodType.MONTH,
            datetime.date(2024, 5, 1),
        ),
    ],
)
def test_a_period_is_read_as_people_write_it(text, period_type, day):
    assert indicators.parse_period(text, period_type) == day


@pytest.mark.parametrize(
    ("text", "period_type", "message"),
    [
        ("2024-K3", PeriodType.YEAR, "is geen periode van deze indicator"),
        ("2024", PeriodType.QUARTER, "2024-K3"),
        ("2024-13", PeriodType.MONTH, "2024-03"),
        ("1800", PeriodType.YEAR, "tussen 1900 en 2100"),
        ("", PeriodType.YEAR, "periode ontbreekt"),
        (datetime.date(2024, 1, 1), PeriodType.YEAR, "als tekst"),
    ],
)
def test_a_period_that_does_not_fit_gets_a_dutch_message(text, period_type, message):
    with pytest.raises(indicators.BadPeriod) as error:
        indicators.parse_period(text, period_type)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1.234", "1234"),
        ("1.234.567,25", "1234567.25"),
        (" 1 234 ", "1234"),
        (17, "17"),
        (3.25, "3.25"),
        ("-0,5", "-0.5"),
        ("0.125", "0.125"),  # a group of thousands never starts with 0
        ("1,234.5", "1234.5"),  # English thousands
        ("12,5%", "12.5"),
        ("'-12,5", "-12.5"),  # as a CSV export guards a cell starting with a minus
        ("2.49999", "2.5"),
    ],
)
def test_a_number_is_read_in_dutch_and_english_notation(text, number):
    assert indicators.parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["veel", "", "1e400", "NaN", "inf", True, "99999999999999.99999"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(indicators.BadNumber):
        indicators.parse_number(text)


def test_an_area_codes_level_and_what_it_may_hold():
    assert indicators.level_of("gm0153") == Level.MUNICIPALITY
    assert indicators.level_of("PV23") == Level.PROVINCE
    assert indicators.level_of("NL01") == Level.COUNTRY
    assert indicators.level_of("district-twente") == Level.PARTNERSHIP
    assert indicators.fits(Level.COUNTRY, Level.MUNICIPALITY)
    assert not indicators.fits(Level.MUNICIPALITY, Level.PROVINCE)
    assert indicators.value_text(Decimal("1234.5"), Unit.NUMBER, 1) == "1.234,5"
    assert indicators.value_text(Decimal("12.5"), Unit.PERCENT, 1) == "12,5%"
    assert indicators.value_text(Decimal("12.98"), Unit.PERCENT, 0) == "13%"  # rounded, not cut


# --- Files ----------------------------------------------------------------------------------


def test_a_dutch_csv_with_a_byte_order_mark_and_semicolons_is_read():
    data = "\ufeffCode;Naam;Periode;Waarde\nGM0153;Enschede;2024;12,5\n;;;\n".encode()
    rows, problems = read_values_file(data)
    assert problems == []
    assert rows == [RawRow(2, "GM0153", "2024", "12,5")]


def test_an_excel_workbook_is_read_from_its_first_sheet():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["gebiedscode", "jaar", "waarde"])
    book.active.append(["GM0164", 2023, 7])
    output = io.BytesIO()
    book.save(output)
    rows, problems = read_values_file(output.getvalue())
    assert problems == []
    assert rows == [RawRow(2, "GM0164", 2023, 7)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"gemeente;jaar\nGM0153;2024\n", "„code”"),
        (b"code;periode;waarde\n", "geen waarden"),
        (b"\xff\xfe\x00c\x00o", "UTF-8"),
        (b"PK\x03\x04not a zip", "Excel"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, message):
    rows, problems = read_values_file(data)
    assert rows == []
    assert message in " ".join(str(p) for p in problems)


def test_an_excel_percentage_is_read_as_the_percentage_it_shows():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["code", "periode", "waarde"])
    book.active.append(["GM0164", "2023", 0.125])
    book.active["C2"].number_format = "0.0%"
    output = io.BytesIO()
    book.save(output)
    rows, _problems = read_values_file(output.getvalue())
    assert indicators.parse_number(rows[0].value) == Decimal("12.5")


def test_a_file_with_too_many_rows_is_refused_before_its_rows_are_checked():
    data = ("code;periode;waarde\n" + "GM0153;2024;1\n" * (MAX_ROWS + 5)).encode()
    rows, problems = read_values_file(data)
    assert rows == []
    assert "meer dan" in str(problems[0])


# --- Writing values -------------------------------------------------------------------------


def test_values_are_written_and_a_value_of_the_same_area_and_period_replaced(coordinator, twente):
    indicator = make_indicator(twente)
    add_indicator_values(indicator, {("GM0153", Y2023): "4", ("GM0164", Y2023): "9"})

    done = services.indicator_values_import(
        actor=coordinator,
        indicator=indicator,
        rows=_rows(("gm0153", "2023", "5"), ("GM0153", "2024", "6,0"), ("PV23", 2024, "40")),
    )

    assert (done.written, done.replaced, done.removed) == (3, 1, 0)
    stored = dict(indicator.values.values_list("area", "value"))
    assert IndicatorValue.objects.get(indicator=indicator, area="GM0153", period=Y2023).value == 5
    assert stored["GM0164"] == 9  # not in the file: kept
    assert stored["PV23"] == 40
    assert AuditEvent.objects.filter(action="insights.indicator_values_import").exists()


def test_replacing_all_values_keeps_only_the_files(coordinator, twente):
    indicator = make_indicator(twente)
    add_indicator_values(indicator, {("GM0153", Y2023): "4", ("GM0164", Y2023): "9"})
    done = services.indicator_values_import(
        actor=coordinator,
        indicator=indicator,
        rows=_rows(("GM0153", "2024", "1")),
        replace_all=True,
    )
    assert done.removed == 2
    assert list(indicator.values.values_list("area", "period")) == [("GM0153", Y2024)]


def test_every_wrong_row_is_named_and_nothing_is_written(coordinator, twente):
    indicator = make_indicator(twente, level=Level.MUNICIPALITY)
    add_indicator_values(indicator, {("GM0153", Y2023): "4"})

    with pytest.raises(services.ValuesRejected) as rejected:
        services.indicator_values_import(
            actor=coordinator,
            indicator=indicator,
            rows=_rows(
                ("GM0153", "2024", "5"),  # fine
                ("GM9999", "2024", "5"),  # no such municipality
                ("GM0164", "2024", "vijf"),  # not a number
                ("GM0164", "2024-K1", "5"),  # not a year
                ("GM0153", "2024", "6"),  # the same area and period again
                ("district-elders", "2024", "6"),  # not this partnership
                ("", "2024", "1"),  # no code
            ),
        )

    problems = {p.row: p.message for p in rejected.value.problems}
    assert set(problems) == {3, 4, 5, 6, 7, 8}
    assert "GM9999" in problems[3]
    assert "„vijf” is geen getal" in problems[4]
    assert "2024-K1" in problems[5]
    assert "rij 2" in problems[6]
    assert "district-elders" in problems[7]
    assert "code ontbreekt" in problems[8]
    assert list(indicator.values.values_list("area", "value")) == [("GM0153", Decimal(4))]


def test_a_count_is_a_whole_number_of_zero_or_more(coordinator, twente):
    indicator = make_indicator(twente)
    with pytest.raises(services.ValuesRejected) as rejected:
        services.indicator_values_import(
            actor=coordinator,
            indicator=indicator,
            rows=_rows(("GM0153", "2024", "3,5"), ("GM0164", "2024", "-1")),
        )
    assert [p.row for p in rejected.value.problems] == [2, 3]
    assert "geheel getal" in rejected.value.problems[0].message


def test_an_indicator_with_values_keeps_its_period_type_and_a_fitting_level(admin_user):
    indicator = make_indicator()
    add_indicator_values(indicator, {("GM0153", Y2024): "4"})
    with pytest.raises(ValidationError) as changed:
        services.indicator_update(actor=admin_user, indicator=indicator, period_type="month")
    assert "period_type" in changed.value.error_dict
    with pytest.raises(ValidationError) as coarser:
        services.indicator_update(actor=admin_user, indicator=indicator, level=Level.PROVINCE)
    assert "level" in coarser.value.error_dict
    with pytest.raises(ValidationError) as suppressing:
        services.indicator_update(
            actor=admin_user, indicator=indicator, unit=Unit.NUMBER, suppress_small=True
        )
    assert "suppress_small" in suppressing.value.error_dict
    with pytest.raises(ValidationError) as taken:
        services.indicator_create(
            actor=admin_user, partnership=None, name="Signalen", definition="x",
            unit=Unit.COUNT, source_name="x",
        )  # fmt: skip
    assert "name" in taken.value.error_dict


def test_a_value_finer_than_the_indicators_level_is_refused(admin_user):
    indicator = make_indicator(level=Level.PROVINCE)
    with pytest.raises(services.ValuesRejected) as rejected:
        services.indicator_values_import(
            actor=admin_user, indicator=indicator, rows=_rows(("GM0153", "2024", "5"))
        )
    assert "fijner" in rejected.value.problems[0].message


def test_only_who_keeps_an_indicator_writes_its_values(
    coordinator, viewer, other_coordinator, admin_user, twente
):
    own = make_indicator(twente)
    national = make_indicator(name="Landelijk")
    rows = _rows(("GM0153", "2024", "5"))
    for actor, indicator in [(viewer, own), (other_coordinator, own), (coordinator, national)]:
        with pytest.raises(PermissionDenied):
            services.indicator_values_import(actor=actor, indicator=indicator, rows=rows)
    services.indicator_values_import(actor=admin_user, indicator=national, rows=rows)
    assert national.values.count() == 1


def test_a_coordinator_creates_an_indicator_for_their_partnership_only(
    coordinator, twente, utrecht
):
    fields = {
        "name": "Nieuw",
        "definition": "Iets.",
        "unit": Unit.COUNT,
        "source_name": "Eigen registratie",
    }
    made = services.indicator_create(actor=coordinator, partnership=twente, **fields)
    assert made.partnership == twente
    for partnership in (utrecht, None):
        with pytest.raises(PermissionDenied):
            services.indicator_create(actor=coordinator, partnership=partnership, **fields)


# --- Reading --------------------------------------------------------------------------------


def test_a_reader_sees_national_indicators_and_their_partnerships_only(
    viewer, other_coordinator, twente, utrecht
):
    national, own, other = make_indicator(name="L"), make_indicator(twente), make_indicator(utrecht)
    assert set(selectors.indicator_list_for(viewer)) == {national, own}
    assert set(selectors.indicator_list_for(other_coordinator)) == {national, other}


def test_the_page_compares_the_members_with_the_partnership_province_and_country(
    coordinator, twente
):
    indicator = make_indicator(twente)
    add_indicator_values(
        indicator,
        {
            ("GM0153", Y2023): "10",
            ("GM0164", Y2023): "6",
            ("GM0153", Y2024): "12",  # Hengelo has no value in 2024: no sum that year
            ("PV23", Y2024): "80",
            ("NL01", Y2024): "900",
            ("GM0344", Y2024): "99",  # Utrecht: not a member, not shown
        },
    )

    figures = selectors.indicator_figures(coordinator, indicator, twente)

    assert figures.labels == ["2023", "2024"]
    comparison = {row.name: [c.text for c in row.cells] for row in figures.comparison}
    assert comparison == {
        twente.name: ["16", "—"],
        "Provincie Overijssel": ["—", "80"],
        "Nederland": ["—", "900"],
    }
    members = {row.name: [c.text for c in row.cells] for row in figures.members}
    assert members == {"Enschede": ["10", "12"], "Hengelo (O.)": ["6", "—"]}


def test_small_counts_are_suppressed_for_readers_and_a_sum_that_would_give_one_away_is_left_out(
    coordinator, viewer, twente
):
    indicator = make_indicator(twente, suppress_small=True)
    add_indicator_values(indicator, {("GM0153", Y2024): "12", ("GM0164", Y2024): "3"})

    seen = selectors.indicator_figures(viewer, indicator, twente)
    members = {row.name: row.cells[0].text for row in seen.members}
    assert members == {"Enschede": "12", "Hengelo (O.)": "<5"}
    assert seen.comparison[0].cells[0].text == "×"  # 15 − 12 would give Hengelo's 3 away
    assert ("GM0164", "Hengelo (O.)", "2024", "<5") in selectors.value_rows(viewer, indicator)

    # A stored total of a larger area minus the parts shown would give Hengelo's 3 away.
    add_indicator_values(indicator, {("PV23", Y2024): "40", ("NL01", Y2024): "900"})
    seen = selectors.indicator_figures(viewer, indicator, twente)
    assert [row.cells[0].text for row in seen.comparison] == ["×", "×", "×"]
    download = selectors.value_rows(viewer, indicator)
    assert ("PV23", "Provincie Overijssel", "2024", "×") in download
    api = selectors.values_out(viewer, indicator, list(selectors.value_list(indicator)))
    assert {r["code"]: r["value"] for r in api} == {
        "GM0153": 12.0, "GM0164": None, "NL01": None, "PV23": None,
    }  # fmt: skip

    kept = selectors.indicator_figures(coordinator, indicator, twente)
    assert {row.name: row.cells[0].text for row in kept.members}["Hengelo (O.)"] == "3"
    assert [row.cells[0].text for row in kept.comparison] == ["15", "40", "900"]


def test_the_indicator_pages_for_a_reader_and_for_who_keeps_it(
    client, coordinator, viewer, other_coordinator, twente
):
    indicator = make_indicator(twente, fictitious=True)
    add_indicator_values(indicator, {("GM0153", Y2024): "12", ("NL01", Y2024): "400"})
    detail = reverse("insights:indicator_detail", args=[indicator.pk])

    client.force_login(viewer)
    page = client.get(detail).content.decode()
    assert "Voorbeeldcijfers." in page
    assert "<svg" in page and "Nederland" in page
    # A count grows with its area: the chart draws the member, the country is beside it.
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "Enschede" in chart and "Nederland" not in chart
    assert "Vergeleken met de provincie en het land" in page
    assert reverse("insights:indicator_values", args=[indicator.pk]) not in page
    assert client.get(reverse("insights:indicator_values", args=[indicator.pk])).status_code == 404
    listing = client.get(reverse("insights:indicator_list")).content.decode()
    assert "Signalen" in listing
    # Its row names the latest period with a value, as the indicator's periods read.
    row = listing[listing.index("Signalen") :]
    row = row[: row.index("</tr>")]
    assert '<td class="utrecht-table__cell">2024</td>' in row

    client.force_login(coordinator)
    assert (
        reverse("insights:indicator_values", args=[indicator.pk])
        in client.get(detail).content.decode()
    )

    client.force_login(other_coordinator)
    assert client.get(detail).status_code == 404
    download = reverse("insights:indicator_values_download", args=[indicator.pk])
    assert client.get(download).status_code == 404


def test_an_upload_with_wrong_rows_lists_them_at_the_field_and_saves_nothing(
    client, coordinator, twente
):
    indicator = make_indicator(twente)
    url = reverse("insights:indicator_values", args=[indicator.pk])
    client.force_login(coordinator)
    bad = SimpleUploadedFile("waarden.csv", b"code;periode;waarde\nGM0153;2024;12\nGM0000;2024;x\n")

    response = client.post(url, {"file": bad})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Rij 3:" in page and "GM0000" in page and "„x” is geen getal" in page
    assert not indicator.values.exists()

    good = SimpleUploadedFile("waarden.csv", b"code;periode;waarde\nGM0153;2024;12\n")
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert indicator.values.get().value == 12


def test_the_values_download_reads_back_as_an_import(client, coordinator, twente):
    indicator = make_indicator(twente)
    add_indicator_values(indicator, {("GM0153", Y2024): "12.5", ("PV23", Y2023): "40"})
    client.force_login(coordinator)
    data = client.get(reverse("insights:indicator_values_download", args=[indicator.pk])).content
    rows, problems = read_values_file(data)
    assert problems == []
    assert [(r.code, r.period, r.value) for r in rows] == [
        ("PV23", "2023", "40"),
        ("GM0153", "2024", "12,5"),
    ]


def test_a_coordinator_creates_an_indicator_on_the_page(client, coordinator, twente):
    make_indicator(name="Leegstaande panden")  # a national one of the same name is no obstacle
    client.force_login(coordinator)
    response = client.post(
        reverse("insights:indicator_create"),
        {
            "owner": str(twente.pk),
            "name": "Leegstaande panden",
            "definition": "Panden die langer dan een jaar leegstaan.",
            "unit": Unit.COUNT,
            "decimals": 0,
            "period_type": PeriodType.YEAR,
            "level": Level.MUNICIPALITY,
            "polarity": "higher_worse",
            "source_name": "BAG-analyse",
        },
    )
    assert Indicator.objects.get(name="Leegstaande panden", partnership=twente)
    assert response.status_code == 302
    again = client.post(
        reverse("insights:indicator_create"),
        {"owner": str(twente.pk), "name": "Leegstaande panden", "unit": Unit.NUMBER,
         "suppress_small": "on", "decimals": 7},
    )  # fmt: skip
    page = again.content.decode()
    assert again.status_code == 200
    assert "Er is al een indicator met deze naam." in page
    assert "Alleen aantallen worden afgeschermd" in page
    assert "hoogstens 4 is" in page
    assert Indicator.objects.filter(partnership=twente).count() == 1


# --- The map --------------------------------------------------------------------------------


def test_a_municipal_indicator_colours_the_map_at_its_latest_period(coordinator, twente):
    indicator = make_indicator(twente, unit=Unit.NUMBER, decimals=1)
    add_indicator_values(indicator, {("GM0153", Y2023): "1", ("GM0153", Y2024): "7.5"})
    reader = Reader(coordinator, twente, timezone.now())
    key = maps.stored_key(indicator)

    drawn = maps.indicator_map(reader, key, maps.PARTNERSHIP)

    rows = {r.name: r for r in drawn.rows}
    assert rows["Enschede"].value == "7,5"
    assert rows["Hengelo (O.)"].value == "geen gegevens"
    assert "2024" in drawn.indicator.name


def test_reports_per_10000_inhabitants_need_the_base_and_keep_a_small_count_suppressed(
    coordinator, twente, enschede, hengelo
):
    reader = Reader(coordinator, twente, timezone.now())
    assert "meldingen-per-inwoners" not in [i.key for i in maps.indicators_for(reader, "x")]
    base = make_indicator(name="Inwoners", measures_population=True)
    add_indicator_values(base, {("GM0153", Y2024): "160000", ("GM0164", Y2024): "90000"})
    _reports(enschede, 8)
    _reports(hengelo, 2)

    drawn = maps.indicator_map(reader, "meldingen-per-inwoners", maps.PARTNERSHIP)

    rows = {r.name: r.value for r in drawn.rows}
    assert rows["Enschede"] == "0,5"
    assert rows["Hengelo (O.)"] == "<5"


def _reports(organisation, count):
    MeldpuntSettings.objects.get_or_create(organisation=organisation, accepts_reports=True)
    for _ in range(count):
        meldpunt_services.report_submit(
            organisation=organisation, kind="integriteit", description="x", identity="anoniem"
        )


# --- The API --------------------------------------------------------------------------------


def test_the_api_lists_creates_and_replaces_values_under_the_same_rules(
    client, coordinator, viewer, twente
):
    client.force_login(coordinator)
    created = client.post(
        "/api/v1/indicators",
        {
            "name": "Signalen",
            "definition": "Per gemeente.",
            "unit": "count",
            "source_name": "Eigen registratie",
            "suppress_small": True,
            "partnership": twente.slug,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/v1/indicators/{pk}/values"

    refused = client.put(
        url,
        {
            "values": [
                {"code": "GM0153", "period": "2024", "value": 2},
                {"code": "GM0", "period": 2024, "value": "x"},
            ]
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["values[1]", "values[1]"]
    assert not IndicatorValue.objects.filter(indicator_id=pk).exists()

    written = client.put(
        url,
        {
            "values": [
                {"code": "GM0153", "period": "2024", "value": 2},
                {"code": "GM0164", "period": 2024, "value": "7"},
            ]
        },
        content_type="application/json",
    )
    assert written.json() == {"written": 2, "removed": 0}

    client.force_login(viewer)
    values = client.get(url).json()
    assert values == [
        {"code": "GM0153", "period": "2024", "value": None, "suppressed": True},
        {"code": "GM0164", "period": "2024", "value": 7.0, "suppressed": False},
    ]
    assert client.put(url, {"values": []}, content_type="application/json").status_code == 403
    listed = client.get("/api/v1/indicators").json()
    assert [i["name"] for i in listed] == ["Signalen"]
    assert listed[0]["partnership"] == twente.slug


def test_the_api_answers_404_for_another_partnerships_indicator(client, other_coordinator, twente):
    indicator = make_indicator(twente)
    client.force_login(other_coordinator)
    assert client.get(f"/api/v1/indicators/{indicator.pk}/values").status_code == 404
    response = client.put(
        f"/api/v1/indicators/{indicator.pk}/values", {"values": []}, content_type="application/json"
    )
    assert response.status_code == 404
