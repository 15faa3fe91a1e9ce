import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dijkwacht.scans import scoring
from dijkwacht.scans.scoring import NormResult, basis_op_orde, score, score_per_theme, shortfalls


def result(code, *, theme="A", weight=1, essential=False, applicable=True, met=False):
    return NormResult(code, theme, weight, essential, applicable, met)


def test_weighted_percentage_met():
    results = [result("A.1", weight=3, met=True), result("A.2", weight=1), result("A.3", met=True)]
    outcome = score(results)
    assert (outcome.met, outcome.applicable) == (2, 3)
    assert outcome.percent == 80.0  # (3 + 1) / (3 + 1 + 1)


def test_not_applicable_counts_nowhere():
    results = [result("A.1", met=True), result("A.2", applicable=False, met=False)]
    assert score(results).percent == 100.0
    assert score([result("A.1", applicable=False)]).percent is None


def test_empty_round_has_no_percentage_and_is_vacuously_in_order():
    assert score([]).percent is None
    assert basis_op_orde([]) is True
    assert shortfalls([]) == []


def test_basis_op_orde_needs_every_applicable_essential_norm():
    results = [
        result("A.1", essential=True, met=True),
        result("A.2", essential=True, applicable=False),
        result("A.3", essential=False, met=False),
    ]
    assert basis_op_orde(results)
    results.append(result("B.1", theme="B", essential=True, met=False))
    assert not basis_op_orde(results)
    assert shortfalls(results) == ["B.1"]


def test_scores_per_theme():
    results = [
        result("A.1", met=True),
        result("B.1", theme="B"),
        result("B.2", theme="B", met=True),
    ]
    per_theme = score_per_theme(results)
    assert per_theme["A"].percent == 100.0 and per_theme["B"].percent == 50.0


def test_weights_below_one_are_refused():
    with pytest.raises(ValueError, match=r"A\.1"):
        score([result("A.1", weight=0)])


results = st.lists(
    st.builds(
        NormResult,
        norm=st.text(min_size=1, max_size=4),
        theme=st.sampled_from(["A", "B", "C"]),
        weight=st.integers(1, 3),
        essential=st.booleans(),
        applicable=st.booleans(),
        met=st.booleans(),
    ),
    max_size=60,
)


@given(results)
def test_score_properties(items):
    outcome = score(items)
    assert 0 <= outcome.met <= outcome.applicable <= len(items)
    if outcome.percent is not None:
        assert 0 <= outcome.percent <= 100
    # The themes' figures add up to the whole.
    parts = score_per_theme(items).values()
    assert sum(p.met_weight for p in parts) == outcome.met_weight
    assert sum(p.applicable_weight for p in parts) == outcome.applicable_weight
    # Meeting more norms never lowers the score.
    improved = [dataclasses.replace(r, met=True) for r in items]
    if outcome.percent is not None:
        assert score(improved).percent >= outcome.percent
    assert basis_op_orde(items) == (shortfalls(items) == [])


def test_tone_names_the_colour_family_of_an_answer():
    assert scoring.tone(None) == "none"
    assert scoring.tone((False, False)) == "na"
    assert scoring.tone((True, True)) == "met"
    assert scoring.tone((True, False), partial=True) == "partial"
    assert scoring.tone((True, False)) == "short"


def test_change_compares_met_first_then_the_value_and_ignores_not_applicable():
    assert scoring.change((True, False, 0), (True, True, 2)) == 1
    assert scoring.change((True, False, 0), (True, False, 1)) == 1
    assert scoring.change((True, True, 3), (True, True, 2)) == -1
    assert scoring.change((True, True, 2), (True, True, 2)) == 0
    assert scoring.change((False, False, 0), (True, True, 2)) == 0
    assert scoring.change((True, True, 2), (False, False, 0)) == 0


def test_abbreviation_takes_initials():
    assert scoring.abbreviation("structureel geborgd") == "SG"
    assert scoring.abbreviation("voldaan") == "V"
    assert scoring.abbreviation("niet van toepassing") == "NVT"
    assert scoring.abbreviation("") == "?"


def test_abbreviations_are_distinct_within_a_scale():
    assert scoring.abbreviations(["Nee", "Deels", "Ja", "Nvt"]) == {
        "Nee": "NE", "Deels": "D", "Ja": "J", "Nvt": "NV",
    }  # fmt: skip
    default = ["niet gestart", "in ontwikkeling", "voldaan", "structureel geborgd",
               "niet van toepassing"]  # fmt: skip
    assert list(scoring.abbreviations(default).values()) == ["NG", "IO", "V", "SG", "NVT"]
