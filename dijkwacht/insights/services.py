"""Insights owns the indicators — figures about areas over time, with their definition and
source, kept by hand, by file or through the API; the dashboards and the map read them — and
the annual report: drafts the coordinator composes and the versions publishing freezes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dijkwacht.core.services import audit_record, changed_fields
from dijkwacht.insights import annual, indicators
from dijkwacht.insights.indicator_files import Problem, RawRow
from dijkwacht.insights.models import (
    AnnualReport,
    AnnualReportVersion,
    Indicator,
    IndicatorValue,
    Unit,
)
from dijkwacht.insights.permissions import (
    can_compose_report,
    can_edit_indicator,
    can_keep_indicators,
)
from dijkwacht.organisations.models import Organisation, Partnership
from dijkwacht.organisations.selectors import areas_by_code

FIELDS = (
    "name",
    "definition",
    "unit",
    "decimals",
    "period_type",
    "level",
    "polarity",
    "suppress_small",
    "measures_population",
    "fictitious",
    "source_name",
    "source_url",
    "source_licence",
    "source_date",
)


class ValuesRejected(Exception):
    """The values were not written: every problem, by row."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class CheckedValue:
    area: str
    period: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Imported:
    written: int
    replaced: int  # of the written values, how many took the place of an earlier value
    removed: int  # values not in the file, removed because all were replaced


def indicator_create(*, actor: Any, partnership: Partnership | None, **fields: Any) -> Indicator:
    if not can_keep_indicators(actor, partnership):
        raise PermissionDenied
    indicator = Indicator(partnership=partnership, **{k: fields[k] for k in FIELDS if k in fields})
    with transaction.atomic():
        indicator.full_clean(validate_constraints=False)
        _save(indicator)
        audit_record(
            actor=actor,
            action="insights.indicator_create",
            obj=indicator,
            changes={"name": (None, indicator.name)},
            partnership=partnership,
        )
    return indicator


def indicator_update(*, actor: Any, indicator: Indicator, **fields: Any) -> Indicator:
    if not can_edit_indicator(actor, indicator):
        raise PermissionDenied
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        changes = {}
        for name in FIELDS:
            if name in fields and getattr(locked, name) != fields[name]:
                changes[name] = (getattr(locked, name), fields[name])
                setattr(locked, name, fields[name])
        _keeps_its_values(locked, changes)
        locked.full_clean(validate_constraints=False)
        _save(locked)
        if changes:
            audit_record(
                actor=actor,
                action="insights.indicator_update",
                obj=locked,
                changes=changes,
                partnership=locked.partnership,
            )
    return locked


def _save(indicator: Indicator) -> None:
    """Save; a name taken at the same moment by another request is the name's error."""
    try:
        with transaction.atomic():
            indicator.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already an indicator with this name.")}
        ) from None


def _keeps_its_values(indicator: Indicator, changes: dict[str, tuple[Any, Any]]) -> None:
    """An indicator with values keeps its period type (the values are periods of it), and its
    level no coarser than its finest value."""
    values = IndicatorValue.objects.filter(indicator=indicator)
    if "period_type" in changes and values.exists():
        raise ValidationError(
            {"period_type": _("The indicator has values of this period; it cannot change.")}
        )
    if "level" in changes:
        areas = values.order_by().values_list("area", flat=True).distinct()
        finest = min(
            (indicators.LEVEL_ORDER[indicators.level_of(a)] for a in areas),  # type: ignore[index]
            default=None,
        )
        if finest is not None and indicators.LEVEL_ORDER[indicator.level] > finest:  # type: ignore[index]
            raise ValidationError(
                {"level": _("The indicator has values for smaller areas than this level.")}
            )


def check_values(indicator: Indicator, rows: list[RawRow]) -> list[CheckedValue]:
    """The rows as values of the indicator, or ValuesRejected naming every problem of every
    row: an unknown area, an area finer than the indicator's level, a period not of its type,
    a value that is not a number, or an area and period given twice."""
    codes = [indicators.normal_code(row.code) for row in rows]
    known = areas_by_code(
        {c for c in codes if c and indicators.level_of(c) in ("municipality", "province")}
    )
    own_slug = indicator.partnership.slug if indicator.partnership is not None else None
    problems: list[Problem] = []
    seen: dict[tuple[str, datetime.date], int] = {}
    checked = []
    for row, code in zip(rows, codes, strict=True):
        found = []
        code_problem = _code_problem(indicator, code, known, own_slug)
        if code_problem:
            found.append(code_problem)
        period = value = None
        try:
            period = indicators.parse_period(row.period, indicator.period_type)
        except indicators.BadPeriod as error:
            found.append(str(error))
        try:
            value = indicators.parse_number(row.value)
        except indicators.BadNumber as error:
            found.append(str(error))
        else:
            if indicator.unit == Unit.COUNT and (value < 0 or value != value.to_integral()):
                found.append(_("A count is a whole number of 0 or more."))
        if not found and period is not None:
            earlier = seen.get((code, period))
            if earlier is not None:
                found.append(
                    _("%(code)s already has a value for %(period)s, in row %(row)s.")
                    % {
                        "code": code,
                        "period": indicators.period_label(period, indicator.period_type),
                        "row": earlier,
                    }
                )
            seen[(code, period)] = row.number
        if found:
            problems += [Problem(row.number, message) for message in found]
        else:
            checked.append(CheckedValue(code, period, value))  # type: ignore[arg-type]
    if problems:
        raise ValuesRejected(problems)
    return checked


def _code_problem(
    indicator: Indicator, code: str, known: dict[str, Any], own_slug: str | None
) -> str | None:
    if not code:
        return _("The area code is missing.")
    level = indicators.level_of(code)
    if level == "partnership" and code != own_slug:
        return _(
            "“%(code)s” is not a CBS code (GM0153, PV23), NL01 for the Netherlands, "
            "or the short name of this indicator's partnership."
        ) % {"code": code[:40]}
    if level in ("municipality", "province") and code not in known:
        return _("There is no municipality or province with code “%(code)s”.") % {"code": code}
    if not indicators.fits(level, indicator.level):
        return _("“%(code)s” is finer than this indicator's level (%(level)s).") % {
            "code": code[:40],
            "level": indicator.get_level_display(),
        }
    return None


def indicator_values_import(
    *, actor: Any, indicator: Indicator, rows: list[RawRow], replace_all: bool = False
) -> Imported:
    """Write the rows' values in one transaction, after every row was checked (ValuesRejected
    otherwise, and nothing is written). A value for an area and period that had one replaces
    it; with `replace_all`, the indicator keeps only the values given."""
    if not can_edit_indicator(actor, indicator):
        raise PermissionDenied
    checked = check_values(indicator, rows)
    with transaction.atomic():
        Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
        existing = IndicatorValue.objects.filter(indicator=indicator)
        keys = {(v.area, v.period) for v in checked}
        replaced = sum(1 for key in existing.values_list("area", "period") if key in keys)
        total_before = existing.count()
        if replace_all:
            existing.delete()
        else:
            _delete_keys(indicator, keys)
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(indicator=indicator, area=v.area, period=v.period, value=v.value)
                for v in checked
            ],
            batch_size=1000,
        )
        removed = total_before - replaced if replace_all else 0
        audit_record(
            actor=actor,
            action="insights.indicator_values_import",
            obj=indicator,
            changes={"values": (total_before, total_before - removed - replaced + len(checked))},
            partnership=indicator.partnership,
        )
    return Imported(written=len(checked), replaced=replaced, removed=removed)


def _delete_keys(indicator: Indicator, keys: set[tuple[str, datetime.date]]) -> None:
    """Delete the indicator's values at these areas and periods: per period, the areas in
    one statement (a file holds a handful of periods, each with hundreds of areas)."""
    by_period: dict[datetime.date, list[str]] = {}
    for area, period in keys:
        by_period.setdefault(period, []).append(area)
    for period, areas in by_period.items():
        for start in range(0, len(areas), 500):
            IndicatorValue.objects.filter(
                indicator=indicator, period=period, area__in=areas[start : start + 500]
            ).delete()


# --- The annual report ------------------------------------------------------------------------

REPORT_FIELDS = ("title", "period_start", "period_end")
_TEXT_KEY = re.compile(r"[a-z]+(-\d+)?")


def annual_report_create(
    *,
    actor: Any,
    partnership: Partnership,
    organisation: Organisation | None,
    year: int,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> AnnualReport:
    if not can_compose_report(actor, partnership):
        raise PermissionDenied
    if organisation is not None and not partnership.members.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose a member of the partnership.")})
    report = AnnualReport(
        partnership=partnership,
        organisation=organisation,
        year=year,
        title=title,
        period_start=period_start,
        period_end=period_end,
    )
    with transaction.atomic():
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise ValidationError({"year": _("There is already a report for this year.")}) from None
        audit_record(
            actor=actor,
            action="insights.annual_report_create",
            obj=report,
            changes={"year": (None, year), "title": (None, title)},
            partnership=partnership,
        )
    return report


def annual_report_save(
    *,
    actor: Any,
    report: AnnualReport,
    texts: dict[str, str],
    plans: dict[str, Decimal | None],
    **fields: Any,
) -> AnnualReport:
    """The draft's texts, plans and period. Keys not shaped as a place in the report are refused;
    an empty text or plan removes it, and those not given stay. What the facts say is not
    stored: a draft reads them afresh, and only publishing freezes them."""
    if not can_compose_report(actor, report.partnership):
        raise PermissionDenied
    errors: dict[str, str] = {}
    for key, text in texts.items():
        if not _TEXT_KEY.fullmatch(key):
            errors[key] = _("Unknown part of the report.")
        elif len(text) > annual.MAX_TEXT:
            errors[key] = _("Write at most %(count)s characters.") % {"count": annual.MAX_TEXT}
    if any(not _TEXT_KEY.fullmatch(key) for key in plans):
        errors["plans"] = _("Unknown part of the report.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        new = {k: fields[k] for k in REPORT_FIELDS if k in fields}
        # A place no longer in the report (a theme removed, another period) keeps its text.
        # Browsers send a textarea's lines with CRLF; Word and the PDF split paragraphs on LF.
        given = {k: v.replace("\r\n", "\n").strip() for k, v in texts.items()}
        merged_texts = {**locked.texts, **given}
        merged_plans = {
            **locked.plans,
            **{k: None if v is None else str(v) for k, v in plans.items()},
        }
        new["texts"] = {k: v for k, v in merged_texts.items() if v}
        new["plans"] = {k: v for k, v in merged_plans.items() if v is not None}
        changes = changed_fields(locked, [*REPORT_FIELDS, "texts", "plans"], new)
        for name, value in new.items():
            setattr(locked, name, value)
        locked.full_clean(validate_constraints=False)
        locked.save()
        if changes:
            audit_record(
                actor=actor,
                action="insights.annual_report_save",
                obj=locked,
                # The texts are long: the log says which changed, the report keeps them.
                changes={
                    name: (("…", "…") if name in ("texts", "plans") else change)
                    for name, change in changes.items()
                },
                partnership=locked.partnership,
            )
    return locked


def annual_report_publish(*, actor: Any, report: AnnualReport) -> AnnualReportVersion:
    """Freeze the report as it reads now, facts and texts, as its next version. Later
    changes to the data or the draft do not change it."""
    if not can_compose_report(actor, report.partnership):
        raise PermissionDenied
    with transaction.atomic():
        # Only the report's row is locked: PostgreSQL locks no row of a nullable outer join.
        locked = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("partnership", "organisation")
            .get(pk=report.pk)
        )
        now = timezone.now()
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = AnnualReportVersion.objects.create(
            report=locked,
            number=number,
            published_at=now,
            published_by=actor,
            published_by_name=(actor.get_full_name() or actor.get_username())[:200],
            content=annual.content(locked, actor, now=now),
        )
        locked.published_at = now
        locked.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="insights.annual_report_publish",
            obj=locked,
            changes={"version": (number - 1 or None, number)},
            partnership=locked.partnership,
        )
    return version
