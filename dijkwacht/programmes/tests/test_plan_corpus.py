"""Plans as people write them: every text in `plans/` is read into the structure its
`.expected` file gives (themes with "# ", their ambition with "> ", actions with "- ", an
action's items with "  * "; a theme without a title is "# ")."""

from pathlib import Path

import pytest

from dijkwacht.programmes.plan_text import parse_plan, plan_entries, reclassify

PLANS = Path(__file__).parent / "plans"


def outline(expected: str) -> list[dict]:
    themes: list[dict] = []
    for line in expected.splitlines():
        if line.startswith("#"):
            themes.append({"title": line[1:].strip(), "ambition": "", "actions": []})
        elif line.startswith(">"):
            themes[-1]["ambition"] = line[1:].strip()
        elif line.startswith("- "):
            themes[-1]["actions"].append({"title": line[2:].strip(), "items": []})
        elif line.startswith("  * "):
            themes[-1]["actions"][-1]["items"].append(line[4:].strip())
    return themes


def structure(text: str) -> list[dict]:
    return structure_of(parse_plan(text))


def structure_of(plan) -> list[dict]:
    return [
        {
            "title": theme.title,
            "ambition": theme.ambition,
            "actions": [{"title": a.title, "items": list(a.items)} for a in theme.actions],
        }
        for theme in plan.themes
    ]


def test_the_corpus_has_at_least_ten_plans():
    assert len(list(PLANS.glob("*.txt"))) >= 10


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.txt")), ids=lambda p: p.stem)
def test_a_plan_is_read_as_its_author_meant_it(path):
    expected = outline(path.with_suffix(".expected").read_text(encoding="utf-8"))
    assert structure(path.read_text(encoding="utf-8")) == expected


def test_a_misread_line_is_read_again_as_another_kind():
    plan = parse_plan(
        "1. Een training voor alle baliemedewerkers\n- rollenspel\n- toets\n2. Meldpunt\n"
    )
    entries = plan_entries(plan)
    assert [(e.kind, e.text) for e in entries] == [
        ("action", "Een training voor alle baliemedewerkers"), ("item", "rollenspel"),
        ("item", "toets"), ("action", "Meldpunt"),
    ]  # fmt: skip
    # The action made a theme takes its parts as actions; a skipped line is left out.
    as_theme = reclassify(plan, {0: "theme", 2: "skip"})
    assert structure_of(as_theme) == [
        {"title": "Een training voor alle baliemedewerkers", "ambition": "", "actions": [
            {"title": "rollenspel", "items": []}, {"title": "Meldpunt", "items": []}]},
    ]  # fmt: skip
    # An action made an item joins the action above; an item with no action above is one.
    as_item = reclassify(plan, {3: "item", 0: "item"})
    assert structure_of(as_item) == [
        {"title": "", "ambition": "", "actions": [
            {"title": "Een training voor alle baliemedewerkers",
             "items": ["rollenspel", "toets", "Meldpunt"]}]},
    ]  # fmt: skip
    assert reclassify(plan, {0: "nonsense", 99: "theme"}) == plan
