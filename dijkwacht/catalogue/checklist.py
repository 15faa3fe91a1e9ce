"""The practical checklist as a decision tree: reading it from its text (YAML, as the
coordinator edits it), checking that it is a proper tree, and walking it with the answers
given. Pure: no ORM, no request.

A tree has questions, each with answers that lead to another question or to an outcome, and
outcomes that say whom to involve (the province, the RIEC, the police, or handle it locally),
with the theme of the contact persons and of the sources that may help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import gettext as _

PARTIES = ("provincie", "riec", "politie", "lokaal")
MAX_TEXT = 40_000
MAX_NODES = 200
MAX_ANSWERS = 10


@dataclass(frozen=True)
class Answer:
    text: str
    to: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Outcome:
    key: str
    party: str
    title: str
    advice: str
    contact_theme: str = ""
    source_theme: str = ""


@dataclass(frozen=True)
class Tree:
    title: str
    introduction: str
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]


@dataclass(frozen=True)
class Step:
    """Where a walk stands: the question to answer next, or the outcome; and the way there
    as (question, answer) texts."""

    question: Question | None
    outcome: Outcome | None
    path: tuple[tuple[str, str], ...]


class TreeProblem(ValueError):
    """The text is not a checklist that can be used: every problem, in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_tree(text: str) -> Tree:
    """The tree in `text`, or TreeProblem with every problem found."""
    if len(text) > MAX_TEXT:
        raise TreeProblem([_("The text is longer than %(max)s characters.") % {"max": MAX_TEXT}])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _("line %(line)s: ") % {"line": mark.line + 1} if mark is not None else ""
        raise TreeProblem([where + _("this is not valid YAML.")]) from error
    if not isinstance(data, dict):
        raise TreeProblem([_("The text must start with titel, start, vragen and uitkomsten.")])
    return tree_from_data(data)


def tree_from_data(data: dict[str, Any]) -> Tree:
    problems: list[str] = []
    questions: dict[str, Question] = {}
    outcomes: dict[str, Outcome] = {}
    raw_questions = data.get("vragen") or []
    raw_outcomes = data.get("uitkomsten") or []
    if not isinstance(raw_questions, list) or not isinstance(raw_outcomes, list):
        raise TreeProblem([_("vragen and uitkomsten are lists.")])
    if len(raw_questions) + len(raw_outcomes) > MAX_NODES:
        raise TreeProblem([_("A checklist has at most %(max)s steps.") % {"max": MAX_NODES}])
    for number, item in enumerate(raw_outcomes, start=1):
        if not isinstance(item, dict):
            problems.append(_("outcome %(n)s is not a list of fields.") % {"n": number})
            continue
        key = _text(item.get("sleutel"))
        label = _("outcome “%(key)s”") % {"key": key or number}
        party = _text(item.get("partij"))
        if not key:
            problems.append(_("%(label)s has no sleutel.") % {"label": label})
        elif key in outcomes:
            problems.append(_("%(label)s appears twice.") % {"label": label})
        if party not in PARTIES:
            problems.append(
                _("%(label)s: partij is one of %(parties)s.")
                % {"label": label, "parties": ", ".join(PARTIES)}
            )
        if not _text(item.get("titel")):
            problems.append(_("%(label)s has no titel.") % {"label": label})
        outcomes[key] = Outcome(
            key=key,
            party=party,
            title=_text(item.get("titel")),
            advice=_text(item.get("advies")),
            contact_theme=_text(item.get("contact_thema")),
            source_theme=_text(item.get("bron_thema")),
        )
    for number, item in enumerate(raw_questions, start=1):
        if not isinstance(item, dict):
            problems.append(_("question %(n)s is not a list of fields.") % {"n": number})
            continue
        key = _text(item.get("sleutel"))
        label = _("question “%(key)s”") % {"key": key or number}
        if not key:
            problems.append(_("%(label)s has no sleutel.") % {"label": label})
        elif key in questions or key in outcomes:
            problems.append(_("%(label)s: the sleutel is used twice.") % {"label": label})
        if not _text(item.get("vraag")):
            problems.append(_("%(label)s has no vraag.") % {"label": label})
        raw_answers = item.get("antwoorden") or []
        if not isinstance(raw_answers, list) or not 2 <= len(raw_answers) <= MAX_ANSWERS:
            problems.append(
                _("%(label)s has 2 to %(max)s antwoorden.") % {"label": label, "max": MAX_ANSWERS}
            )
            raw_answers = raw_answers if isinstance(raw_answers, list) else []
        answers = []
        for a, answer in enumerate(raw_answers, start=1):
            answer = answer if isinstance(answer, dict) else {}
            text, to = _text(answer.get("tekst")), _text(answer.get("naar"))
            if not text or not to:
                problems.append(
                    _("%(label)s, answer %(n)s: give tekst and naar.") % {"label": label, "n": a}
                )
            answers.append(Answer(text, to))
        questions[key] = Question(key, _text(item.get("vraag")), _text(item.get("toelichting")),
                                  tuple(answers))  # fmt: skip
    start = _text(data.get("start"))
    tree = Tree(
        title=_text(data.get("titel")),
        introduction=_text(data.get("inleiding")),
        start=start,
        questions=questions,
        outcomes=outcomes,
    )
    if not tree.title:
        problems.append(_("The checklist has no titel."))
    problems.extend(_structure_problems(tree))
    if problems:
        raise TreeProblem(problems)
    return tree


def _structure_problems(tree: Tree) -> list[str]:
    """Every answer leads somewhere known, the start is a question, no question can be
    reached again from itself (a walk always ends), and every step can be reached."""
    problems = []
    if tree.start not in tree.questions:
        problems.append(_("start names no question."))
    for question in tree.questions.values():
        for answer in question.answers:
            if answer.to and answer.to not in tree.questions and answer.to not in tree.outcomes:
                problems.append(
                    _("question “%(key)s”: “%(to)s” is no question or outcome.")
                    % {"key": question.key, "to": answer.to}
                )
    if problems:
        return problems
    seen: set[str] = set()
    done: set[str] = set()

    def visit(key: str, trail: tuple[str, ...]) -> None:
        if key in tree.outcomes or key in done:
            seen.add(key)
            return
        if key in trail:
            problems.append(
                _("question “%(key)s” can be reached again from itself.") % {"key": key}
            )
            return
        seen.add(key)
        for answer in tree.questions[key].answers:
            visit(answer.to, (*trail, key))
        done.add(key)

    visit(tree.start, ())
    unreachable = [k for k in (*tree.questions, *tree.outcomes) if k not in seen]
    if unreachable and not problems:
        problems.append(_("No answer leads to: %(keys)s.") % {"keys": ", ".join(unreachable)})
    return problems


def walk(tree: Tree, answers: list[int]) -> Step:
    """Where the answers (each the number of the answer chosen, from 0) lead. An answer that
    does not exist stops the walk at its question, to be answered again."""
    key = tree.start
    path: list[tuple[str, str]] = []
    for choice in answers:
        question = tree.questions.get(key)
        if question is None or not 0 <= choice < len(question.answers):
            break
        answer = question.answers[choice]
        path.append((question.text, answer.text))
        key = answer.to
    if key in tree.outcomes:
        return Step(None, tree.outcomes[key], tuple(path))
    return Step(tree.questions[key], None, tuple(path))


def parse_answers(text: str, limit: int = MAX_NODES) -> list[int]:
    """The answers in a URL (`0.2.1`); anything else is read as no answers."""
    parts = text.split(".") if text else []
    if len(parts) > limit or not all(p.isdigit() and len(p) <= 2 for p in parts):
        return []
    return [int(p) for p in parts]
