"""The plain-text plan parser against the real seed documents, malformed input and fuzzing.

The seeds live beside the repository (`../shared/seeds`), in CI as on a workstation; their text
is never copied into the repository.
"""

import random
import re
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from dijkwacht.programmes.plan_text import (
    MSG_DECISION,
    MSG_LOOSE_BULLET,
    MSG_PROSE,
    MSG_UNREADABLE,
    ParsedPlan,
    line_uses,
    parse_plan,
)

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
MUNICIPALITIES = ("CGM", "Sint Anthonis", "Boxmeer", "Boekel", "Uden", "Landerd")
IGNORED_USES = {"heading", "lead-in", "furniture"}
PLAN_USES = {"theme", "ambition", "action", "item", "table", "table-header"}
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def seed(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(
            f"Seed {prefix} not found in {SEEDS}; the shared/ folder belongs beside the repo"
        )
    return matches[0].read_text(encoding="utf-8")


def all_seeds() -> list[str]:
    return sorted(path.name[:3] for path in SEEDS.glob("*.txt"))


def lines_of(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def by_title(plan: ParsedPlan) -> dict:
    return {theme.title: theme for theme in plan.themes}


def problem_lines(plan: ParsedPlan) -> set[int]:
    return {problem.line for problem in plan.problems}


def output_tokens(plan: ParsedPlan) -> set[str]:
    strings = []
    for theme in plan.themes:
        strings += [theme.title, theme.ambition, theme.number]
        for action in theme.actions:
            strings += [action.title, action.number, *action.items]
            strings += [part for pair in action.columns for part in pair]
    return tokens(" ".join(strings))


def tokens(line: str) -> set[str]:
    """Words of two or more characters; superscript footnote markers and "a." labels drop out."""
    line = unicodedata.normalize("NFC", INVISIBLE.sub("", line))
    line = re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", " ", line).casefold()
    return {token for token in re.findall(r"\w+", line) if len(token) > 1}


def key(text: str) -> str:
    return re.sub(r"[\W_\d]+", "", text.casefold())


def same_theme(line: str, plan: ParsedPlan) -> bool:
    line_key = key(line)
    return any(line_key and line_key in key(theme.title) for theme in plan.themes)


LABEL_WORD = re.compile(
    r"(?i)^\s*(?:thema|speerpunt|pijler|programmalijn|actie|maatregel|activiteit)"
    r"(?:\s+[\dIVX.]+)?\s*[:.)\-–—]"
)


def assert_accounted(text: str, plan: ParsedPlan) -> None:
    """Every non-blank line is in the plan, ignored by a named rule, or covered by a problem."""
    lines = lines_of(text)
    uses = line_uses(text)
    assert len(uses) == len(lines)
    reported = problem_lines(plan)
    found = output_tokens(plan)
    for number, (line, use) in enumerate(zip(lines, uses, strict=True), start=1):
        if not use:
            assert not INVISIBLE.sub("", line).split(), f"line {number} dropped: {line!r}"
        elif use.startswith("problem@"):
            assert int(use.removeprefix("problem@")) in reported, f"line {number}: {use}"
        elif use in PLAN_USES:
            if use == "ambition":
                line = re.sub(r"(?i)^\s*ambities?", "", INVISIBLE.sub("", line))
            if use in ("theme", "action"):
                # "Thema 2:", "Actie 3:" are markers, like "2." and "3)": not in the title.
                line = LABEL_WORD.sub("", INVISIBLE.sub("", line), count=1)
            if use == "table-header":
                # The first column holds the action titles; its header ("Wat?") names no column.
                line = line.strip().split("\t", 1)[-1]
            missing = tokens(line) - found
            if use == "theme" and missing:
                # An overview entry takes the wording of the heading it comes back as.
                missing = set() if same_theme(line, plan) else missing
            assert not missing, f"line {number} marked {use} but {missing} is not in the plan"
        else:
            assert use in IGNORED_USES, f"line {number}: unknown use {use}"
    for problem in plan.problems:
        assert uses[problem.line - 1] == f"problem@{problem.line}"


# Seeds -------------------------------------------------------------------------------------------


def test_seed_000_has_five_numbered_actions_with_their_bullets_as_items():
    plan = parse_plan(seed("000"))

    assert [theme.title for theme in plan.themes] == [""]
    actions = plan.themes[0].actions
    assert [action.number for action in actions] == ["1", "2", "3", "4", "5"]
    assert actions[0].title.startswith("We investeren op het vergroten van de bewustwording")
    assert actions[0].title.endswith("bestuurders door:")
    assert actions[0].line == 6
    assert actions[0].items == (
        "Maandelijks bij de workshop integriteit voor nieuwe medewerkers aandacht te schenken aan "
        "het thema ondermijning",
        "Jaarlijks een bijeenkomst te organiseren voor medewerkers in kwetsbare functies",
        "Periodiek (6-wekelijks) een informerende nieuwsbrief uit te brengen voor ambtenaren en "
        "per kwartaal voor bestuurders (in Overijssel) over de (provinciale) aanpak van "
        "ondermijning in Overijssel",
        "Jaarlijks een campagne MMA (Meld Misdaad Anoniem) te ondersteunen gericht op het "
        "vergroten van de meldingsbereidheid van signalen van ondermijning in Overijssel.",
    )
    assert [len(action.items) for action in actions] == [4, 0, 2, 0, 0]
    assert actions[4].title.endswith("in het criminele circuit belanden.")
    # The signature and the reference to the Staten proposal are no actions, and no problem.
    assert plan.problems == ()


def test_seed_001_reads_the_subprojects_as_themes_and_reports_the_decision_points():
    plan = parse_plan(seed("001"))

    themes = plan.themes
    assert [(theme.number, theme.title) for theme in themes] == [
        ("1", "Integriteit"),
        ("2", "Bewustwording"),
        ("3", "Informatiepositie"),
        ("4", "Basis op orde"),
    ]
    assert [len(theme.actions) for theme in themes] == [2, 3, 2, 1]
    assert [action.title for action in themes[0].actions] == [
        "Twents screeningsmodel van medewerkers",
        "Een Twentse integriteits-roadshow organiseren",
    ]
    assert themes[3].actions[0].title == (
        "twee toesingsmomenten: een zelfscan in januari 2024 en een onafhankelijke toetsing in "
        "juli 2024."
    )
    messages = {problem.line: problem.message for problem in plan.problems}
    assert [messages[line] for line in (34, 35, 36)] == [MSG_DECISION] * 3
    assert [messages[line] for line in (42, 43, 44)] == [MSG_LOOSE_BULLET] * 3
    assert {48, 52, 74} <= set(messages)


def test_seed_003_has_four_themes_each_with_its_ambition():
    plan = parse_plan(seed("003"))

    assert [(theme.number, theme.title) for theme in plan.themes] == [
        ("1", "Weerbaarheid eigen organisatie"),
        ("2", "Aanpak ondermijning in provinciaal beleid"),
        ("3", "Weerbaarheid overheid en samenleving"),
        ("4", "Informatie- en kennisdeling"),
    ]
    ambitions = [theme.ambition for theme in plan.themes]
    assert all(ambitions)
    assert ambitions[0].startswith("We verhogen de bewustwording")
    assert ambitions[0].endswith("meldingsbereidheid en slagkracht te vergroten.")
    # Wrapped over three lines, joined into one.
    assert ambitions[1].endswith("bedrijfsterreinen en opruimen van drugsafval-dumpingen.")
    assert ambitions[3].endswith("kennis en ervaringen tussen verschillende ketenpartners.")
    # The document lists themes and ambitions only; the letter around them yields no actions.
    assert all(theme.actions == () for theme in plan.themes)
    assert {7, 15, 23, 55, 62} == problem_lines(plan)


def test_seed_004_table_rows_become_actions_with_a_period_per_municipality():
    plan = parse_plan(seed("004"))

    assert [(theme.number, theme.title) for theme in plan.themes] == [
        ("1", "Verder verstevigen van de weerbaarheid"),
        ("2", "Verder versterken van de informatiepositie en de interventiekracht"),
        ("3", "Verder versterken van de juridische expertise"),
    ]
    awareness, information, legal = plan.themes
    assert [action.title for action in awareness.actions] == [
        "Bewustwording ambtelijke organisatie",
        "Bewustwording raad",
        "Bewustwording MT",
        "Bewustwording college",
        "Bewustwording burgers en",
    ]
    first = awareness.actions[0]
    assert first.line == 68
    assert first.columns == tuple((name, "Herhaling in 2019") for name in MUNICIPALITIES)
    assert ("Uden", "Herhaling 2018 of 2019") in awareness.actions[2].columns
    assert information.actions == ()
    assert len(legal.actions) == 4
    assert all(len(action.columns) == 6 for theme in plan.themes for action in theme.actions)
    bibob = legal.actions[0]
    assert bibob.title == (
        "Stel gezamenlijk BIBOB-beleid vast t.a.v. witwassen / vastgoed en pas het beleid toe"
    )
    assert bibob.columns[0] == ("CGM", "2018-2019")
    # The footnote (¹) leaves the title and becomes a note on the action it belongs to.
    assert bibob.items == (
        "Geadviseerd wordt om binnen het basisteam hetzelfde BIBOB-beleid te hanteren voor alle 8 "
        "gemeenten van het basisteam.",
    )
    assert legal.actions[3].columns[-1] == ("Landerd", "2019")
    # Explanatory paragraphs inside a theme are reported, not turned into actions.
    assert {49, 53, 78, 82} <= problem_lines(plan)


@pytest.mark.parametrize("prefix", all_seeds())
def test_every_line_of_every_seed_is_accounted_for(prefix):
    text = seed(prefix)
    assert_accounted(text, parse_plan(text))


@pytest.mark.parametrize("prefix", all_seeds())
def test_line_endings_and_byte_order_mark_do_not_change_the_result(prefix):
    text = seed(prefix)
    expected = parse_plan(text)
    assert parse_plan(text.replace("\n", "\r\n")) == expected
    assert parse_plan(text.replace("\n", "\r")) == expected
    assert parse_plan("\ufeff" + text) == expected


def test_as_dict_puts_actions_outside_themes_first_under_an_empty_title():
    plan = parse_plan("1. Losse actie\n\nThema\nAmbitie: Een doel.\n- Actie in thema\n")

    assert plan.as_dict() == {
        "themes": [
            {
                "title": "",
                "ambition": "",
                "number": "",
                "actions": [{"title": "Losse actie", "items": [], "number": "1"}],
            },
            {
                "title": "Thema",
                "ambition": "Een doel.",
                "number": "",
                "actions": [{"title": "Actie in thema", "items": [], "number": ""}],
            },
        ]
    }


# Rules on small documents ------------------------------------------------------------------------


def test_wrapped_bullets_are_joined_and_hyphenated_words_rejoined():
    plan = parse_plan(
        "1. We doen het volgende:\n"
        "  • een lange zin die over de regel\n"
        "    heen loopt;\n"
        "  • bewustwordings-\n"
        "    bijeenkomsten voor in- en\n"
        "    externe partners\n"
    )

    assert plan.themes[0].actions[0].items == (
        "een lange zin die over de regel heen loopt",
        "bewustwordings-bijeenkomsten voor in- en externe partners",
    )


def test_sub_numbered_entries_make_their_parent_a_theme():
    plan = parse_plan(
        "1. Weerbaarheid\n1.1 Training\n1.2 Screening\n- nader uit te werken\n2. Info\n"
    )

    assert [(theme.title, theme.number) for theme in plan.themes] == [
        ("Weerbaarheid", "1"),
        ("Info", "2"),
    ]
    training, screening = plan.themes[0].actions
    assert (training.number, screening.number) == ("1.1", "1.2")
    assert screening.items == ("nader uit te werken",)


def test_a_table_row_with_an_empty_first_cell_continues_the_row_above():
    plan = parse_plan("Wat?\tUden\tBoekel\nCursus\t2019 via\t2020\n\twerkgroep\t\n")

    (action,) = plan.themes[0].actions
    assert action.columns == (("Uden", "2019 via werkgroep"), ("Boekel", "2020"))


def test_a_bullet_list_alone_is_a_list_of_actions():
    plan = parse_plan("Acties 2026\n\n- Eerste actie\n  - detail\n- Tweede actie\n")

    assert [(a.title, a.items) for a in plan.themes[0].actions] == [
        ("Eerste actie", ("detail",)),
        ("Tweede actie", ()),
    ]
    assert plan.problems == ()


# Malformed input ---------------------------------------------------------------------------------


def test_text_outside_any_structure_is_reported_with_its_line_number():
    text = "1. Eerste actie\n\nDit is een losse zin zonder plek in het plan.\n\n2. Tweede actie\n"
    plan = parse_plan(text)

    assert [action.title for action in plan.themes[0].actions] == ["Eerste actie", "Tweede actie"]
    (problem,) = plan.problems
    assert problem.line == 3
    assert problem.text == "Dit is een losse zin zonder plek in het plan."
    assert problem.message == MSG_PROSE
    assert_accounted(text, plan)


def test_problems_are_plain_text_in_the_active_language():
    text = (
        "1. Eerste actie\n\nDit is een losse zin\ndie over twee regels loopt.\n\n2. Actie\n\x00\n"
    )

    with translation.override("nl"):
        dutch = parse_plan(text).problems
    with translation.override("en"):
        english = parse_plan(text).problems

    assert [(p.line, p.message) for p in dutch] == [
        (3, "Deze tekst hoort niet bij een actie of thema en is niet ingelezen. (regel 3 t/m 4)"),
        (7, "Deze regel bevat onleesbare tekens en is niet ingelezen."),
    ]
    assert [(p.line, p.message) for p in english] == [
        (3, "This text is not part of an action or theme and was not imported. (lines 3 to 4)"),
        (7, "This line contains unreadable characters and was not imported."),
    ]
    assert all(type(p.message) is str for p in (*dutch, *english))


def test_a_long_offending_line_is_shortened_in_the_report():
    plan = parse_plan("1. Actie\n\n" + "Dit is een erg lange zin. " * 40)

    (problem,) = plan.problems
    assert problem.line == 3
    assert len(problem.text) <= 120
    assert problem.text.endswith("…")


@pytest.mark.parametrize(
    "garbage",
    [
        random.Random(0).randbytes(20_000).decode("utf-8", "replace"),
        random.Random(1).randbytes(20_000).decode("latin-1"),
        "asdf qwer zxcv\n!!!???\n@@@@ ####\n%%%",
        "\x00\x01\x02\x03" * 1000,
    ],
)
def test_garbage_produces_no_actions(garbage):
    plan = parse_plan(garbage)

    assert all(not theme.actions for theme in plan.themes)
    assert_accounted(garbage, plan)


def test_binary_lines_are_reported_as_unreadable():
    plan = parse_plan("1. Actie\n\x00\x01PK\x03\x04\n")

    assert [(p.line, p.message) for p in plan.problems] == [(2, MSG_UNREADABLE)]


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "\r", "\r\n", "\ufeff", "\t\t\n\t", "\u00a0\n\u200b", "x" * 1_000_000, "1."],
)
def test_degenerate_input_does_not_raise(text):
    plan = parse_plan(text)

    assert all(not theme.actions for theme in plan.themes)
    assert_accounted(text, plan)


def test_a_megabyte_of_the_seeds_is_read_whole():
    """How fast is `make bench`'s business (`plan_text_megabyte`, against a floor measured in
    the same run); here: a megabyte is read, every action found."""
    text = "\n".join(seed(prefix) for prefix in all_seeds())
    copies = 1_000_000 // len(text) + 1
    one = sum(len(theme.actions) for theme in parse_plan(text).themes)
    text = "\n\n".join([text] * copies)
    assert len(text) >= 1_000_000

    plan = parse_plan(text)

    # At least every copy's actions (a copy's first lines may continue the one before).
    assert sum(len(theme.actions) for theme in plan.themes) >= one * copies
    assert_accounted(text, plan)


# Properties --------------------------------------------------------------------------------------


def assert_invariants(text: str) -> None:
    plan = parse_plan(text)
    line_count = len(lines_of(text))
    assert all(1 <= problem.line <= line_count for problem in plan.problems)
    assert all(problem.message and "\n" not in problem.text for problem in plan.problems)
    shape = plan.as_dict()
    assert set(shape) == {"themes"}
    for position, theme in enumerate(shape["themes"]):
        assert {"title", "ambition", "actions"} <= set(theme)
        assert isinstance(theme["title"], str) and isinstance(theme["ambition"], str)
        assert theme["title"] or position == 0
        for action in theme["actions"]:
            assert {"title", "items"} <= set(action)
            assert action["title"] and "\n" not in action["title"]
            assert all(isinstance(item, str) and "\n" not in item for item in action["items"])
    assert parse_plan(text) == plan
    assert_accounted(text, plan)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_parses_without_raising(text):
    assert_invariants(text)


PLAN_FRAGMENTS = st.sampled_from(
    [
        "1. ", "2. ", "3) ", "1.1 ", "2.3. ", "• ", "- ", "* ", "– ", "a. ", "b) ", "Ambitie: ",
        "Ambitie", "\t", "\n", "\n\n", "\r\n", "\r", ":", ";", ".", "¹", "¹ ", "Wat?\tCGM\tUden\n",
        "Bewustwording raad\t2018\t2019\n", "Thema ", "Actie ", "wordt geadviseerd om:", "  ",
        "\ufeff", "\u00a0", "\x00", "-\n", "bewustwordings-",
    ]
)  # fmt: skip


@given(st.lists(PLAN_FRAGMENTS | st.text(max_size=8), max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_plan_like_text_parses_without_raising(text):
    assert_invariants(text)


SEED_LINES = sorted(
    {line for path in SEEDS.glob("*.txt") for line in lines_of(path.read_text(encoding="utf-8"))}
)


@given(st.lists(st.sampled_from(SEED_LINES or ["1. Actie"]), max_size=40).map("\n".join))
@settings(max_examples=300, deadline=None)
def test_seed_lines_in_any_order_parse_without_raising(text):
    assert_invariants(text)
