"""The defaults that are data: the kinds of activity and the target groups the seeds name
(Overijssel's monthly integrity workshop for new staff and yearly meeting for vulnerable
positions, Twente's congress and roadshow, Maas en Leijgraaf's council, management, college,
citizens and sectors), and the learning module's first course (`learning.COURSE`). The
migrations `0002_defaults` and `0006_course` load them; `ensure_defaults` puts back any that
are missing. Administrators change them in the admin."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from dijkwacht.awareness import learning

ACTIVITY_TYPES = [
    # code, name (Dutch: what the people who plan the sessions call them)
    ("workshop-integriteit", "Workshop integriteit voor nieuwe medewerkers"),
    ("bijeenkomst-kwetsbare-functies", "Jaarlijkse bijeenkomst kwetsbare functies"),
    ("kennissessie", "Kennissessie"),
    ("workshop", "Workshop"),
    ("masterclass", "Masterclass"),
    ("congres", "Congres"),
    ("roadshow", "Roadshow"),
    ("campagneweek", "Campagneweek"),
    ("overig", "Andere activiteit"),
]
TARGET_GROUPS = [
    ("nieuwe-medewerkers", "Nieuwe medewerkers"),
    ("kwetsbare-functies", "Medewerkers in kwetsbare functies"),
    ("ambtelijke-organisatie", "Ambtelijke organisatie"),
    ("management", "Managementteam"),
    ("raad", "Gemeenteraad of Provinciale Staten"),
    ("college", "College van B&W of Gedeputeerde Staten"),
    ("burgers", "Burgers"),
    ("horeca", "Horeca"),
    ("notarissen", "Notarissen"),
    ("makelaars", "Makelaars"),
    ("agrarische-sector", "Agrarische sector"),
]


def ensure_defaults(get_model: Any = None) -> None:
    """Idempotent: creates what is missing, changes nothing that exists. `get_model` is the
    migration's `apps.get_model`; by default the current models."""
    current = get_model is None
    if get_model is None:
        get_model = apps.get_model
    for model, rows in (("ActivityType", ACTIVITY_TYPES), ("TargetGroup", TARGET_GROUPS)):
        manager = get_model("awareness", model).objects
        for position, (code, name) in enumerate(rows):
            manager.get_or_create(code=code, defaults={"name": name, "position": position})
    if current:  # a migration before the course existed loads only the lists
        ensure_course(get_model)


def ensure_course(get_model: Any = None) -> None:
    """The first course with its pages and questions, unless a course with its code is
    there (an administrator may have changed its words)."""
    if get_model is None:
        get_model = apps.get_model
    content = learning.COURSE
    courses = get_model("awareness", "Course").objects
    if courses.filter(code=content["code"]).exists():
        return
    group = get_model("awareness", "TargetGroup").objects.filter(code=content["group"]).first()
    if group is None:  # an administrator renamed the group's code: no course to count for it
        return
    course = courses.create(
        code=content["code"],
        title=content["title"],
        introduction=content["introduction"],
        target_group=group,
    )
    for position, (title, body) in enumerate(content["pages"], start=1):
        get_model("awareness", "CoursePage").objects.create(
            course=course, position=position, title=title, body=body
        )
    for position, (text, choices, correct, explanation) in enumerate(content["questions"], start=1):
        get_model("awareness", "CourseQuestion").objects.create(
            course=course,
            position=position,
            text=text,
            choices="\n".join(choices),
            correct=correct,
            explanation=explanation,
        )
