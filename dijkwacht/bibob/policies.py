"""Comparing Bibob policies: pure. A rule is weaker than another when it applies Bibob less
often (never < if indicated < always), or always but only from a higher amount. A category a
policy does not name counts as "never". "De dijken overal even hoog": a gap is where a member's
rule is weaker than the partnership's reference."""

from __future__ import annotations

from dataclasses import dataclass

ALWAYS, INDICATED, NEVER = "altijd", "indicatie", "nooit"
STRENGTH = {NEVER: 0, INDICATED: 1, ALWAYS: 2}


@dataclass(frozen=True)
class Rule:
    application: str
    threshold: int | None = None  # in euros; None: whatever the amount


NOT_NAMED = Rule(NEVER)


def weaker(rule: Rule | None, reference: Rule | None) -> bool:
    """Whether `rule` falls short of `reference` (an absent rule is "never"; an absent
    reference asks nothing)."""
    rule = rule or NOT_NAMED
    if reference is None or reference.application == NEVER:
        return False
    if STRENGTH[rule.application] != STRENGTH[reference.application]:
        return STRENGTH[rule.application] < STRENGTH[reference.application]
    if reference.threshold is None:
        return rule.threshold is not None
    return rule.threshold is not None and rule.threshold > reference.threshold


def differs(rules: list[Rule | None]) -> bool:
    """Whether the members' rules for one category are not all the same."""
    return len({rule or NOT_NAMED for rule in rules}) > 1
