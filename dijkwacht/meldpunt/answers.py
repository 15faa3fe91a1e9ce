"""The labels of a report's answers, in one place for the handler's page and the PDF: the
intake's questions (Dutch keys, see `forms_public`) and the aggression register the handlers
keep, with the labels of their values. All translated."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dijkwacht.meldpunt.models import AggressionForm, AggressionMeasure, IntegrityCategory

# Labels of the intake's answers (Dutch keys, see the public form) and of the aggression
# register the handlers keep.
ANSWER_LABELS = {
    "wanneer": _("When"),
    "waar": _("Where"),
    "betrokkenen": _("Who is involved"),
    "hoe_opgemerkt": _("How it was noticed"),
    "categorie": _("Kind of integrity breach"),
    "vorm": _("Form of aggression"),
    "slachtoffer": _("Employee it was aimed at"),
    "gevolgen": _("Consequences"),
    "aangifte": _("Police report (according to the reporter)"),
}
REGISTER_LABELS = {
    "vorm": _("Form"),
    "waar": _("Place"),
    "wanneer": _("Time"),
    "slachtoffer": _("Employee"),
    "dader": _("Perpetrator (if known)"),
    "gevolgen": _("Consequences"),
    "aangifte": _("Police report (according to the reporter)"),
    "aangifte_werkgever": _("Police report by the employer"),
    "nazorg": _("Aftercare"),
    "maatregelen": _("Measures against the perpetrator"),
}
HANDLER_KEYS = ("dader", "aangifte_werkgever", "nazorg", "maatregelen")
YES_NO = {
    "ja": _("yes"),
    "nee": _("no"),
    "weet_niet": _("not known"),
}
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "categorie": dict(IntegrityCategory.choices),
    "vorm": dict(AggressionForm.choices),
    "aangifte": YES_NO,
    "aangifte_werkgever": YES_NO,
    "maatregelen": dict(AggressionMeasure.choices),
}


def answer_text(key: str, value: Any) -> str:
    labels = VALUE_LABELS.get(key, {})
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(labels.get(v, v)) for v in values)


def answer_rows(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The intake's answers in the form's order, then any others under their own key; the
    handlers' register keys are shown in the register."""
    known = [(str(label), key) for key, label in ANSWER_LABELS.items() if answers.get(key)]
    others = [
        (key.replace("_", " ").capitalize(), key)
        for key in answers
        if key not in ANSWER_LABELS and key not in HANDLER_KEYS
    ]
    return [(label, answer_text(key, answers[key])) for label, key in known + others]


def register_rows(answers: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(label), answer_text(key, answers[key]) if answers.get(key) else "")
        for key, label in REGISTER_LABELS.items()
    ]


def export_rows(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Every answer with its label and the labels of its values: the intake's, then what the
    handlers recorded in the register."""
    handlers = [
        (str(REGISTER_LABELS[key]), answer_text(key, answers[key]))
        for key in HANDLER_KEYS
        if answers.get(key)
    ]
    return answer_rows(answers) + handlers
