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


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        # Lowercase Roman numbers are read; a malformed one follows the theme before.
        ("Thema ii: Vastgoed\n1) Screening\n", [("2", "Vastgoed")]),
        ("Thema I: Horeca\n1) Controles\nThema IIII: Vastgoed\n1) Screening\n",
         [("1", "Horeca"), ("2", "Vastgoed")]),
        # A tab in the line does not count it twice.
        ("Thema: Horeca\n- Controles\n\tThema: Vastgoed\n- Screening\n",
         [("1", "Horeca"), ("2", "Vastgoed")]),
    ],
)  # fmt: skip
def test_theme_words_with_odd_numbers_are_themes(text, themes):
    plan = parse_plan(text)
    assert [(theme.number, theme.title) for theme in plan.themes if theme.title] == themes


def test_a_capital_with_a_point_is_a_roman_theme_only_beside_i_and_ii():
    names = parse_plan("1. Overleg met V. de Vries\n2. Verslag aan X. Jansen\n")
    assert [a.title for t in names.themes for a in t.actions] == [
        "Overleg met V. de Vries", "Verslag aan X. Jansen",
    ]  # fmt: skip
    letters = parse_plan("V. de Vries\nX. Jansen\n")
    assert all(not theme.title for theme in letters.themes)
    roman = parse_plan("I. Horeca\n1. Controles\nII. Vastgoed\n1. Screening\n")
    assert [t.title for t in roman.themes] == ["Horeca", "Vastgoed"]


def test_a_restarting_list_is_a_themes_actions_only_right_below_it():
    # "1) … 2) …" right below "1. Vastgoed" (or its ambition) are its actions.
    below = parse_plan(
        "1. Vastgoed\nAmbitie: minder witwassen\n1) Screening\n2) Monitor\n"
        "2. Horeca\n1) Controles\n"
    )
    assert [(t.title, [a.title for a in t.actions]) for t in below.themes] == [
        ("Vastgoed", ["Screening", "Monitor"]), ("Horeca", ["Controles"]),
    ]  # fmt: skip
    # After prose the theme's list has ended; a new list stands on its own.
    apart = parse_plan(
        "1. Vastgoed\nAmbitie: minder witwassen\n\n"
        "Daarnaast werken we in de hele regio aan het volgende, samen met alle partners.\n\n"
        "1) Weerbaarheid\n\nDit is een lange toelichting bij de weerbaarheid, in een zin.\n\n"
        "2) Bewustwording\n\nOok dit is een lange toelichting bij de bewustwording, als zin.\n"
    )
    assert [t.title for t in apart.themes] == ["Vastgoed", "Weerbaarheid", "Bewustwording"]
