"""Every importer (plan text, programme workbook, framework YAML and Excel) takes what a hostile
or careless user sends — bombs included — and answers within bounded time and memory with a
clear Dutch message, writing nothing.

The bombs: a workbook that unpacks to far more than it weighs, one with more cells than any
plan has, YAML whose anchors expand a few lines into millions of nodes ("billion laughs"),
YAML nested thousands deep, and more problems than a page can hold. Then Hypothesis: random
bytes, and real exports with random values typed into their cells.
"""

from __future__ import annotations

import copy
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from dijkwacht.core.uploads import MAX_WORKBOOK_CELLS, MAX_WORKBOOK_UNPACKED_BYTES
from dijkwacht.programmes import workbook
from dijkwacht.programmes.models import Action, Commitment, Programme, StatusUpdate
from dijkwacht.programmes.plan_text import parse_plan
from dijkwacht.scans.frameworks import (
    framework_workbook,
    framework_yaml,
    read_framework,
    read_framework_workbook,
)
from dijkwacht.scans.models import Framework
from tests.factories import make_programme

MEGABYTE = 1024 * 1024
FRAMEWORK = {
    "name": "Fuzzkader",
    "version": "1",
    "description": "",
    "scale": [
        {"code": "ja", "label": "Ja", "value": 1, "counts_as_met": True, "applicable": True},
        {"code": "nee", "label": "Nee", "value": 0, "counts_as_met": False, "applicable": True},
    ],
    "themes": [
        {
            "code": "A",
            "title": "Thema A",
            "description": "",
            "norms": [
                {"code": f"A.{i}", "text": f"Norm {i}", "guidance": "", "essential": i == 1,
                 "weight": 1}
                for i in range(1, 4)
            ],
        }
    ],
}  # fmt: skip


def bounded(work: Callable[[], Any], *, seconds: float = 10, megabytes: int = 200) -> Any:
    """Run `work`, failing when it takes longer or allocates more at its peak than given. The
    bounds are generous safety nets (a bomb takes minutes and gigabytes), not speed targets."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = work()
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * MEGABYTE, f"allocated {peak / MEGABYTE:.0f} MB at its peak"
    return result


def zip_bytes(parts: dict[str, Callable[[Any], None]]) -> bytes:
    """A zip whose parts are written by the given functions (streamed, so a bomb is cheap)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, write in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                write(part)
    return output.getvalue()


def unpacking_bomb() -> bytes:
    """A few hundred kilobytes that unpack to twice the accepted size."""

    def blanks(part):
        for _ in range(2 * MAX_WORKBOOK_UNPACKED_BYTES // MEGABYTE):
            part.write(b" " * MEGABYTE)

    return zip_bytes({"xl/worksheets/sheet1.xml": blanks})


def cell_bomb() -> bytes:
    """Within the unpacked size, but with more cells than accepted."""
    cell = b'<c r="A1"><v>1</v></c>'
    per_row = 100

    def cells(part):
        part.write(b"<worksheet><sheetData>")
        for _row in range(MAX_WORKBOOK_CELLS // per_row + 10):
            part.write(b"<row>" + cell * per_row + b"</row>")
        part.write(b"</sheetData></worksheet>")

    return zip_bytes({"xl/worksheets/sheet1.xml": cells})


LAUGHS = "\n".join(
    ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f",*{chr(97 + i)}" * 8 + "]"
       for i in range(8)]
)  # fmt: skip


ENGLISH = {
    "the", "this", "must", "should", "not", "cannot", "invalid", "error", "file", "row",
    "column", "required", "value", "missing", "sheet", "workbook", "too", "traceback",
}  # fmt: skip


def dutch(messages: list[str]) -> None:
    """Every message is in Dutch: no English word outside the quoted value it is about."""
    import re

    assert messages
    for message in messages:
        words = set(re.findall(r"[a-z]+", re.sub(r"“[^”]*”", "", message).lower()))
        assert not words & ENGLISH, message


# --- The bombs --------------------------------------------------------------------------------


@pytest.mark.parametrize("bomb", [unpacking_bomb, cell_bomb], ids=["unpacking", "cells"])
def test_workbook_bombs_are_refused_before_they_are_parsed(bomb):
    content = bomb()
    assert len(content) < 2 * MEGABYTE
    with translation.override("nl"):
        parsed = bounded(lambda: workbook.read_workbook(content))
        spec, problems = bounded(lambda: read_framework_workbook(content))
    assert [str(p.message) for p in parsed.problems] == [problems[0][1]]
    assert spec is None and len(problems) == 1
    assert "werkmap" in problems[0][1]
    dutch([problems[0][1]])


def test_yaml_anchors_and_deep_nesting_are_refused():
    with translation.override("nl"):
        spec, problems = bounded(lambda: read_framework(LAUGHS), seconds=10, megabytes=20)
        assert spec is None and "&" in problems[0][1]
        deep = "a: " + "[" * 5000 + "]" * 5000
        spec, problems = bounded(lambda: read_framework(deep), seconds=10, megabytes=50)
        assert spec is None and problems[0][1] == "Het bestand is te diep genest."
    dutch([problems[0][1]])


def test_a_framework_made_of_errors_keeps_a_page_of_them_and_counts_the_rest():
    document = copy.deepcopy(FRAMEWORK)
    document["themes"][0]["norms"] = [
        {"code": "", "text": "", "weight": 9999, "essential": "misschien"} for _ in range(2000)
    ]
    with translation.override("nl"):
        spec, problems = bounded(lambda: read_framework(framework_yaml(document)))
    assert spec is None
    assert len(problems) == 200 and problems.more > 5000
    assert f"nog {problems.more} fouten" in problems.more_text


# --- Through the pages: nothing is written ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom.xlsx", unpacking_bomb),
        ("cellen.xlsx", cell_bomb),
        ("lachen.yaml", lambda: LAUGHS.encode()),
    ],
)
def test_the_framework_page_answers_a_bomb_with_a_message(
    client, admin_user, verified, name, content
):
    client.force_login(admin_user)
    response = client.post(
        "/normenkaders/importeren/", {"file": SimpleUploadedFile(name, content())}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Framework.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", [unpacking_bomb, cell_bomb], ids=["unpacking", "cells"])
def test_the_programme_workbook_page_answers_a_bomb_with_a_message(
    client, coordinator, twente, enschede, verified, bomb
):
    programme = make_programme(twente, [enschede])
    before = (Action.objects.count(), Commitment.objects.count(), StatusUpdate.objects.count())
    client.force_login(coordinator)
    response = client.post(
        f"/programmas/{programme.pk}/excel-importeren/",
        {"file": SimpleUploadedFile("plan.xlsx", bomb())},
    )
    assert response.status_code == 200
    assert "werkmap" in response.content.decode()
    after = (Action.objects.count(), Commitment.objects.count(), StatusUpdate.objects.count())
    assert after == before


@pytest.mark.django_db
def test_the_plan_page_refuses_more_than_a_megabyte_and_writes_nothing(
    client, coordinator, twente, verified
):
    client.force_login(coordinator)
    response = client.post(
        "/programmas/importeren/",
        {"partnership": twente.pk, "name": "Te groot", "confirm": "1",
         "text": "1. Actie\n" * 200_000},
    )  # fmt: skip
    assert response.status_code == 200
    assert "MB" in response.content.decode()
    assert not Programme.objects.exists()


# --- Hypothesis -------------------------------------------------------------------------------


@given(st.binary(max_size=4096))
@settings(max_examples=150, deadline=None)
def test_any_bytes_as_a_workbook_give_problems_not_an_exception(content):
    with translation.override("nl"):
        parsed = workbook.read_workbook(content)
        spec, problems = read_framework_workbook(content)
    assert parsed.problems and spec is None and problems
    dutch([str(p.message) for p in parsed.problems] + [message for _where, message in problems])


@given(st.text(max_size=3000))
@settings(max_examples=200, deadline=None)
def test_any_text_as_framework_yaml_never_raises(text):
    spec, problems = read_framework(text)
    assert (spec is None) == bool(problems)


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["=1+1", '=HYPERLINK("x")', "NaN", "inf", "-0", "ja", "nee", "", " "]),
    st.booleans(),
)


def _mutated(content: bytes, sheet_names: list[str], edits: list[tuple[int, int, int, Any]]):
    book = load_workbook(io.BytesIO(content))
    for sheet_index, row, column, value in edits:
        sheet = book[sheet_names[sheet_index % len(sheet_names)]]
        try:
            sheet.cell(row=row, column=column, value=value)
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # a value openpyxl itself will not write
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


EDITS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(1, 8), st.integers(1, 9), CELL_VALUES),
    min_size=1,
    max_size=6,
)


@given(EDITS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_framework_workbook_with_random_values_typed_in_is_read_or_explained(edits):
    content = _mutated(framework_workbook(FRAMEWORK), ["Kader", "Schaal", "Normen"], edits)
    with translation.override("nl"):
        spec, problems = read_framework_workbook(content)
    if spec is None:
        assert problems
        dutch([message for _where, message in problems])
    else:
        assert problems == []


@pytest.mark.django_db
def test_a_programme_workbook_with_random_values_is_previewed_or_explained(
    client, coordinator, twente, enschede, verified
):
    """One database for many examples (Hypothesis inside the test): every upload of a mutated
    export either previews or lists problems, and an upload alone never writes."""
    programme = make_programme(twente, [enschede], actions=3)
    client.force_login(coordinator)
    export = client.get(f"/programmas/{programme.pk}/plan.xlsx").content
    before = (Action.objects.count(), Commitment.objects.count(), StatusUpdate.objects.count())

    @given(EDITS)
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def upload(edits):
        content = _mutated(export, ["Plan", "Matrix"], edits)
        response = client.post(
            f"/programmas/{programme.pk}/excel-importeren/",
            {"file": SimpleUploadedFile("plan.xlsx", content)},
        )
        assert response.status_code == 200
        after = (Action.objects.count(), Commitment.objects.count(),
                 StatusUpdate.objects.count())  # fmt: skip
        assert after == before

    upload()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=5000))
@settings(max_examples=100, deadline=None)
def test_any_plan_text_parses_within_bounds(text):
    bounded(lambda: parse_plan(text), seconds=5, megabytes=100)
