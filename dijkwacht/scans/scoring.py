"""Pure arithmetic of scan results: no ORM. Selectors read answers and hand plain values here.

Rules:
- An answer whose option does not apply ("niet van toepassing") counts nowhere: not in the
  numerator, not in the denominator. An unanswered norm counts as not met.
- "% met" is weighted: the weights of the met norms over the weights of the applicable norms.
- "Basis op orde" holds when every essential norm that applies is met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NormResult:
    norm: str  # the norm's code
    theme: str  # the theme's code
    weight: int
    essential: bool
    applicable: bool  # False for "not applicable"
    met: bool


@dataclass(frozen=True)
class Score:
    met_weight: int
    applicable_weight: int
    met: int  # number of norms met
    applicable: int  # number of norms that apply

    @property
    def percent(self) -> float | None:
        """Weighted share met, 0–100 with one decimal; None when nothing applies."""
        if self.applicable_weight == 0:
            return None
        return round(100 * self.met_weight / self.applicable_weight, 1)


def score(results: Iterable[NormResult]) -> Score:
    met_weight = applicable_weight = met = applicable = 0
    for result in results:
        if result.weight < 1:
            raise ValueError(f"Norm {result.norm} has weight {result.weight}; weights are ≥ 1.")
        if not result.applicable:
            continue
        applicable += 1
        applicable_weight += result.weight
        if result.met:
            met += 1
            met_weight += result.weight
    return Score(met_weight, applicable_weight, met, applicable)


def score_per_theme(results: Iterable[NormResult]) -> dict[str, Score]:
    by_theme: dict[str, list[NormResult]] = {}
    for result in results:
        by_theme.setdefault(result.theme, []).append(result)
    return {theme: score(items) for theme, items in by_theme.items()}


def basis_op_orde(results: Iterable[NormResult]) -> bool:
    """Every essential norm that applies is met (vacuously true when none applies)."""
    return all(r.met for r in results if r.essential and r.applicable)


def shortfalls(results: Iterable[NormResult]) -> list[str]:
    """The essential norms that apply and are not met, in the order given."""
    return [r.norm for r in results if r.essential and r.applicable and not r.met]


def tone(outcome: tuple[bool, bool] | None, *, partial: bool = False) -> str:
    """The colour family of an answer (applicable, met): "met", "partial" (on its way: not met
    but above the bottom of the scale), "short", "na" (not applicable) or "none" (no answer).
    Colour is never the only carrier: every cell also shows the answer in words."""
    if outcome is None:
        return "none"
    applicable, met = outcome
    if not applicable:
        return "na"
    if met:
        return "met"
    return "partial" if partial else "short"


def change(before: tuple[bool, bool, int], after: tuple[bool, bool, int]) -> int:
    """+1 when the answer improved, -1 when it got worse, 0 otherwise. An answer is compared
    by (met, value); a change to or from "not applicable" is no change in either direction."""
    if not before[0] or not after[0]:
        return 0
    old, new = (before[1], before[2]), (after[1], after[2])
    return (new > old) - (new < old)


def abbreviation(label: str) -> str:
    """A short form of an answer for a heatmap cell: the initials of its words ("structureel
    geborgd" → "SG"); a one-word label keeps its first letter ("voldaan" → "V")."""
    words = [w for w in label.replace("-", " ").split() if w]
    return "".join(w[0] for w in words).upper()[:4] or "?"


def abbreviations(labels: Iterable[str]) -> dict[str, str]:
    """Distinct short forms for the answers of one scale: the initials, and where two answers
    would share them ("Nee", "Nvt"), the first letters of each instead ("NE", "NV")."""
    labels = list(dict.fromkeys(labels))
    short = {label: abbreviation(label) for label in labels}
    for length in range(2, 6):
        counts: dict[str, int] = {}
        for value in short.values():
            counts[value] = counts.get(value, 0) + 1
        clashing = [label for label in labels if counts[short[label]] > 1]
        if not clashing:
            break
        for label in clashing:
            short[label] = label.replace(" ", "")[:length].upper()
    return short
