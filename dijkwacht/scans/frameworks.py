"""Norm frameworks as documents: read and check the YAML form, without the database.

A framework file has a name, a version, a description, an answer scale and themes with norms
(see data/basis_op_orde.yaml). `read_framework` returns either a checked `FrameworkSpec` or the
problems, each with the place in the file (e.g. "themes[2].norms[5].code").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
SCALE_CODE = re.compile(r"^[a-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class ScaleSpec:
    code: str
    label: str
    value: int | None
    counts_as_met: bool
    applicable: bool


@dataclass(frozen=True)
class NormSpec:
    code: str
    text: str
    guidance: str
    essential: bool
    weight: int


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    title: str
    description: str
    norms: tuple[NormSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    name: str
    version: str
    description: str
    scale: tuple[ScaleSpec, ...]
    themes: tuple[ThemeSpec, ...]

    @property
    def norm_count(self) -> int:
        return sum(len(t.norms) for t in self.themes)


@dataclass
class Checker:
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def text(
        self, data: Any, key: str, where: str, *, required: bool = True, limit: int = 0
    ) -> str:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"{where}.{key}", _("This is required."))
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(f"{where}.{key}", _("This must be text."))
            return ""
        text = " ".join(str(value).split())
        if limit and len(text) > limit:
            self.add(f"{where}.{key}", _("At most %(limit)s characters.") % {"limit": limit})
        return text

    def boolean(self, data: Any, key: str, where: str, default: bool) -> bool:
        value = data.get(key, default) if isinstance(data, dict) else default
        if not isinstance(value, bool):
            self.add(f"{where}.{key}", _("This must be true or false."))
            return default
        return value

    def items(self, data: Any, key: str, where: str) -> list[Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value:
            self.add(f"{where}.{key}", _("This must be a list with at least one entry."))
            return []
        return value


def read_framework(text: str) -> tuple[FrameworkSpec | None, list[tuple[str, str]]]:
    """Parse and check a framework file. Never raises for bad input."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"regel {mark.line + 1}" if mark is not None else "—"
        return None, [(where, _("This is not valid YAML."))]
    if not isinstance(data, dict):
        return None, [("—", _("The file must describe one framework."))]
    check = Checker()
    name = check.text(data, "name", "framework", limit=200)
    version = check.text(data, "version", "framework", limit=20)
    description = check.text(data, "description", "framework", required=False)
    scale = _scale(check, data)
    themes = _themes(check, data)
    if check.problems:
        return None, check.problems
    return FrameworkSpec(name, version, description, scale, themes), []


def _scale(check: Checker, data: dict) -> tuple[ScaleSpec, ...]:
    options = []
    seen: set[str] = set()
    for index, item in enumerate(check.items(data, "scale", "framework")):
        where = f"scale[{index}]"
        code = check.text(item, "code", where)
        if code and not SCALE_CODE.match(code):
            check.add(f"{where}.code", _("Use lower-case letters, digits, - and _."))
        if code in seen:
            check.add(f"{where}.code", _("This code is used twice."))
        seen.add(code)
        value = item.get("value") if isinstance(item, dict) else None
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            check.add(f"{where}.value", _("This must be a whole number or empty."))
            value = None
        applicable = check.boolean(item, "applicable", where, True)
        met = check.boolean(item, "counts_as_met", where, False)
        if met and not applicable:
            check.add(where, _("An answer that does not apply cannot count as met."))
        options.append(
            ScaleSpec(code, check.text(item, "label", where, limit=100), value, met, applicable)
        )
    if options and not any(o.counts_as_met for o in options):
        check.add("scale", _("At least one answer must count as met."))
    return tuple(options)


def _themes(check: Checker, data: dict) -> tuple[ThemeSpec, ...]:
    themes = []
    theme_codes: set[str] = set()
    norm_codes: set[str] = set()
    for t_index, item in enumerate(check.items(data, "themes", "framework")):
        where = f"themes[{t_index}]"
        code = check.text(item, "code", where, limit=20)
        if code and not CODE.match(code):
            check.add(f"{where}.code", _("Use letters, digits, “.”, - and _."))
        if code in theme_codes:
            check.add(f"{where}.code", _("This code is used twice."))
        theme_codes.add(code)
        norms = []
        for n_index, norm in enumerate(check.items(item, "norms", where)):
            n_where = f"{where}.norms[{n_index}]"
            n_code = check.text(norm, "code", n_where, limit=20)
            if n_code and not CODE.match(n_code):
                check.add(f"{n_where}.code", _("Use letters, digits, “.”, - and _."))
            if n_code in norm_codes:
                check.add(f"{n_where}.code", _("This code is used twice."))
            norm_codes.add(n_code)
            weight = norm.get("weight", 1) if isinstance(norm, dict) else 1
            if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
                check.add(f"{n_where}.weight", _("The weight is a whole number from 1 to 100."))
                weight = 1
            norms.append(
                NormSpec(
                    code=n_code,
                    text=check.text(norm, "text", n_where),
                    guidance=check.text(norm, "guidance", n_where, required=False),
                    essential=check.boolean(norm, "essential", n_where, False),
                    weight=weight,
                )
            )
        themes.append(
            ThemeSpec(
                code=code,
                title=check.text(item, "title", where, limit=200),
                description=check.text(item, "description", where, required=False),
                norms=tuple(norms),
            )
        )
    return tuple(themes)


def framework_yaml(spec_dict: dict[str, Any]) -> str:
    """YAML text for a framework as `selectors.framework_as_dict` gives it."""
    return yaml.safe_dump(spec_dict, allow_unicode=True, sort_keys=False, width=100)
