"""The arithmetic of indicators, free of the database: periods as people write them, numbers
as Dutch and English spreadsheets write them, the level of an area code, a value as it reads,
and a comparison's sum.

Periods are stored as their first day. People write them as `2024` (a year), `2024-K3` or
`2024 Q3` (a quarter) and `2024-03` (a month); a spreadsheet may also hold a year as a number
or a month as a date.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from dijkwacht.core.suppression import SMALL_COUNT
from dijkwacht.insights.models import Level, PeriodType, Unit

COUNTRY_CODE = "NL01"  # the Netherlands, as CBS StatLine writes it
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Beyond any count or rate an indicator holds, and within what SQLite's REAL keeps exact to
# four decimals (a larger value would not read back as the Decimal it was).
LARGEST = Decimal("1e11")

_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*[KQ]([1-4])$|^[KQ]([1-4])\s*[-/ ]?\s*(\d{4})$", re.I)
_MONTH = re.compile(r"^(\d{4})\s*[-/]\s*(\d{1,2})$|^(\d{1,2})\s*[-/]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# 12.345 and 1.234.567: Dutch thousands. Not 0.125: a group of thousands never starts with 0.
_DUTCH_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")


_STEPS = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(5)}


class BadPeriod(ValueError):
    pass


class BadNumber(ValueError):
    pass


def parse_period(value: object, period_type: str) -> datetime.date:
    """The first day of the period written in `value`; BadPeriod with a Dutch message."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if period_type == PeriodType.MONTH:
            return _checked(value.year, value.month)
        raise BadPeriod(_("Write the period as text, such as %(example)s.") % _example(period_type))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if period_type == PeriodType.YEAR:
        match = _YEAR.match(text)
        if match:
            return _checked(int(match[1]), 1)
    elif period_type == PeriodType.QUARTER:
        match = _QUARTER.match(text)
        if match:
            year, quarter = (match[1], match[2]) if match[1] else (match[4], match[3])
            return _checked(int(year), 3 * (int(quarter) - 1) + 1)
    else:
        match = _MONTH.match(text)
        if match:
            year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
            if 1 <= int(month) <= 12:
                return _checked(int(year), int(month))
    if not text:
        raise BadPeriod(_("The period is missing."))
    raise BadPeriod(
        _("“%(text)s” is not a period of this indicator; write it as %(example)s.")
        % {"text": text[:40], **_example(period_type)}
    )


def _example(period_type: str) -> dict[str, str]:
    return {"example": {"year": "2024", "quarter": "2024-K3", "month": "2024-03"}[period_type]}


def _checked(year: int, month: int) -> datetime.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadPeriod(
            _("The year must lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return datetime.date(year, month, 1)


def period_key(day: datetime.date, period_type: str) -> str:
    """The period as the import and the API write it: `2024`, `2024-K3`, `2024-03`."""
    if period_type == PeriodType.YEAR:
        return str(day.year)
    if period_type == PeriodType.QUARTER:
        return f"{day.year}-K{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_label(day: datetime.date, period_type: str) -> str:
    """The period as a reader reads it: `2024`, `2024 K3`, `mrt 2024`."""
    if period_type == PeriodType.YEAR:
        return str(day.year)
    if period_type == PeriodType.QUARTER:
        return f"{day.year} K{(day.month - 1) // 3 + 1}"
    return date_format(day, "M Y")


def parse_number(value: object) -> Decimal:
    """A number from a cell: a spreadsheet's number, or text in Dutch (`1.234,5`) or English
    (`1,234.5`) notation, with or without a trailing `%`. With both a dot and a comma, the
    last one is the decimal sign; a dot followed by groups of exactly three digits and no comma
    (`12.345`) is Dutch thousands. A leading apostrophe (how a CSV export guards a cell that
    starts with a minus) is dropped."""
    if isinstance(value, bool):
        raise BadNumber(_("“%(text)s” is not a number.") % {"text": value})
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    else:
        text = str(value if value is not None else "").strip().replace("\u00a0", "")
        text = text.replace(" ", "").removeprefix("'").removesuffix("%")
        if not text:
            raise BadNumber(_("The value is missing."))
        if "," in text and "." in text:
            decimal_sign = "," if text.rfind(",") > text.rfind(".") else "."
            grouping = "." if decimal_sign == "," else ","
            text = text.replace(grouping, "").replace(decimal_sign, ".")
        elif "," in text:
            text = text.replace(",", ".")
        elif _DUTCH_THOUSANDS.match(text):
            text = text.replace(".", "")
    try:
        number = Decimal(text).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise BadNumber(_("“%(text)s” is not a number.") % {"text": str(value)[:40]}) from None
    if not number.is_finite() or abs(number) >= LARGEST:
        raise BadNumber(
            _("“%(text)s” is not a number below %(largest)s.")
            % {"text": str(value)[:40], "largest": "100.000.000.000"}
        )
    return number


LEVEL_ORDER = {
    Level.MUNICIPALITY: 0,
    Level.PARTNERSHIP: 1,
    Level.PROVINCE: 2,
    Level.COUNTRY: 3,
}


@functools.cache
def level_of(code: str) -> str:
    """The level of an area code: `GM…` a municipality, `PV…` a province, `NL01` the
    country, anything else a partnership's slug."""
    upper = code.upper()
    if re.fullmatch(r"GM\d{4}", upper):
        return Level.MUNICIPALITY
    if re.fullmatch(r"PV\d{2}", upper):
        return Level.PROVINCE
    if upper == COUNTRY_CODE:
        return Level.COUNTRY
    return Level.PARTNERSHIP


def normal_code(code: object) -> str:
    text = str(code if code is not None else "").strip()
    return text.upper() if level_of(text) != Level.PARTNERSHIP else text.lower()


def fits(code_level: str, indicator_level: str) -> bool:
    """A value may be given for the indicator's own level and for coarser areas (its
    comparisons), never for finer ones."""
    return LEVEL_ORDER[code_level] >= LEVEL_ORDER[indicator_level]  # type: ignore[index]


class Numbers:
    """Values as they read in the language of the request, rounded half up: `1.234`,
    `12,5%`, `3,4`. Python groups by three as Django's Dutch and English formats do, and only
    the signs differ: made once per page, this costs a tenth of Django's `number_format` per
    value (a page shows hundreds)."""

    def __init__(self) -> None:
        self.decimal_sign = get_format("DECIMAL_SEPARATOR")
        self.grouping_sign = get_format("THOUSAND_SEPARATOR")

    def text(self, value: Decimal | float | None, unit: str, decimals: int) -> str:
        if value is None:
            return "—"
        step = _STEPS.get(decimals) or Decimal(1).scaleb(-decimals)
        rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
        text = (
            f"{rounded:,.{decimals}f}".replace(",", "\x00")
            .replace(".", self.decimal_sign)
            .replace("\x00", self.grouping_sign)
        )
        return f"{text}%" if unit == Unit.PERCENT else text


def value_text(value: Decimal | float | None, unit: str, decimals: int) -> str:
    """One value as it reads (see `Numbers`)."""
    return Numbers().text(value, unit, decimals)


def is_small(value: Decimal | float) -> bool:
    """A count of 1 to 4: suppressed for who may not see the records."""
    return 0 < value < SMALL_COUNT


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of a complete set of counts; None as soon as one is missing (a sum over part of
    the area would read as the whole)."""
    found = Decimal(0)
    for value in values:
        if value is None:
            return None
        found += value
    return found


def year_figure(
    values: dict[datetime.date, Decimal], *, year: int, unit: str, period_type: str
) -> tuple[Decimal | None, int]:
    """An indicator's figure for a year, from its values per period, and how many periods it
    stands on: the year's value; of quarters or months, a count is their sum (a sum over part
    of the year says so by its number of periods) and any other unit the year's last value."""
    inside = sorted((p, v) for p, v in values.items() if p.year == year)
    if not inside:
        return None, 0
    if period_type != PeriodType.YEAR and unit == Unit.COUNT:
        return sum((v for _p, v in inside), Decimal(0)), len(inside)
    return inside[-1][1], len(inside)


PERIODS_IN_YEAR = {PeriodType.YEAR: 1, PeriodType.QUARTER: 4, PeriodType.MONTH: 12}
