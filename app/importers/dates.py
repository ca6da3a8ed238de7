"""Event dates as ACLED exports and spreadsheets write them, read against the row's year.

ACLED writes ``2019-12-31`` (API), ``31 December 2019`` (export tool) or ``01-January-2015``
(2015 files). A file re-saved by Excel, R or pandas holds whatever the machine's locale made
of those: ``9-May-20``, ``31-12-19``, ``12/31/2019``, ``2019-12-31 00:00:00``, or an Excel
serial day number (``43960``). Every reading is checked against the row's ``year`` column when
the file has one, which also settles the century of a two-digit year and rules out readings
such as ``31-12-19`` as 2031-12-19.

What ``year`` cannot settle is the day-month order of ``05/06/2020``. :func:`read_date` then
returns an :class:`Ambiguous` reading, and :class:`DayMonthOrder` decides it for the whole
file from the first row that reads only one way (``31/12/2019``, ``12/31/2019``), or, when no
row tells, from the separator: ``/`` month first as US spreadsheets write it, ``-`` and ``.``
day first.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypeAlias

from app.importers.common import RowError

Order: TypeAlias = Literal["day", "month"]

_MONTHS = {name[:3].casefold(): n for n, name in enumerate(calendar.month_name) if name}
# A time after the date (pandas' "2019-12-31 00:00:00", Excel's "12/31/2019 0:00").
_TIME = re.compile(
    r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$"
)
_PARTS = re.compile(r"[\s/.,-]+")
_SERIAL = re.compile(r"\d{4,6}(?:\.0+)?")
# Excel's day 0 is 1899-12-31 but it counts a 29 February 1900 that never was, so serials past
# 60 (every date ACLED holds) count from 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
# ACLED's first events are from 1997: a two-digit year without a year column is 19yy from 90.
_PIVOT = 90


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A date that reads both day first and month first, both within the row's year."""

    text: str
    day_first: date
    month_first: date
    separator: str


@dataclass(frozen=True, slots=True)
class Reading:
    """A date read one way only; ``order`` is the day-month order it proves, if any."""

    day: date
    order: Order | None = None


def read_date(text: str, year: int | None, column: str = "event_date") -> Reading | Ambiguous:
    """Every reading of ``text`` that is a real date in ``year``; :class:`RowError` if none."""
    value = _TIME.sub("", text.strip()).strip()
    candidates = _candidates(value, year)
    if not candidates and year is not None and _candidates(value, None):
        raise RowError(f"{column} {text!r} is not in the row's year {year}")
    if not candidates:
        raise RowError(f"{column} {text!r} is not a date")
    in_year = [(order, day) for order, day in candidates if year is None or day.year == year]
    if not in_year:
        raise RowError(f"{column} {text!r} is not in the row's year {year}")
    days = {day for _order, day in in_year}
    if len(days) == 1:
        orders = {order for order, _day in in_year}
        proves: Order | None = None
        if orders == {"day"}:
            proves = "day"
        elif orders == {"month"}:
            proves = "month"
        return Reading(days.pop(), proves)
    by_order = dict(in_year)
    if "day" in by_order and "month" in by_order:
        separator = next((c for c in value if not c.isalnum()), "-")
        return Ambiguous(text, by_order["day"], by_order["month"], separator)
    raise RowError(f"{column} {text!r} reads as more than one date")


def _candidates(value: str, year: int | None) -> list[tuple[str, date]]:
    """(how it was read, date) for each way ``value`` is a real date."""
    if re.fullmatch(r"\d{8}", value):
        return _valid([("ymd", value[:4], value[4:6], value[6:])], year)
    if _SERIAL.fullmatch(value):
        serial = int(float(value))
        if 61 <= serial <= 2958465:
            return [("serial", _EXCEL_EPOCH + timedelta(days=serial))]
        return []
    parts = [p for p in _PARTS.split(value) if p]
    if len(parts) != 3:
        return []
    words = [i for i, p in enumerate(parts) if p.isalpha()]
    if len(words) == 1:
        return _named_month(parts, words[0], year)
    if words or not all(p.isdigit() for p in parts):
        return []
    a, b, c = parts
    if len(a) == 4:
        return _valid([("ymd", a, b, c)], year)
    readings = [("day", c, b, a), ("month", c, a, b)]
    found = _valid(readings, year)
    if not found and len(c) <= 2:
        # YY-MM-DD is no ACLED or spreadsheet habit: only when nothing else reads.
        found = _valid([("ymd", a, b, c)], year)
    return found


def _named_month(parts: list[str], at: int, year: int | None) -> list[tuple[str, date]]:
    """``9-May-20``, ``01-January-2015``, ``May 9, 2020``, ``2020 May 9``."""
    month = _MONTHS.get(parts[at][:3].casefold())
    if month is None:
        return []
    a, b = (p for i, p in enumerate(parts) if i != at)
    if not (a.isdigit() and b.isdigit()):
        return []
    y, d = (a, b) if len(a) == 4 or at == 2 else (b, a)
    return _valid([("named", y, str(month), d)], year)


def _valid(readings: list[tuple[str, str, str, str]], year: int | None) -> list[tuple[str, date]]:
    found = []
    for how, y_text, m_text, d_text in readings:
        full_year = _full_year(y_text, year)
        if full_year is None or len(m_text) > 2 or len(d_text) > 2:
            continue
        try:
            found.append((how, date(full_year, int(m_text), int(d_text))))
        except ValueError:
            continue
    return found


def _full_year(text: str, year: int | None) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) != 2:
        return None
    short = int(text)
    if year is not None:
        return year if year % 100 == short else None
    return (1900 if short >= _PIVOT else 2000) + short


class DayMonthOrder:
    """The day-month order of one file: learnt from a row that reads one way only."""

    def __init__(self) -> None:
        self.order: Order | None = None

    def learn(self, reading: Reading | Ambiguous) -> bool:
        """Take the order a reading proves; True when that settles it for the first time."""
        if isinstance(reading, Reading) and reading.order and self.order is None:
            self.order = reading.order
            return True
        return False

    def settle(self, separator: str) -> None:
        """No row told: the separator's usual order (``/`` month first, else day first)."""
        if self.order is None:
            self.order = "month" if separator == "/" else "day"

    def resolve(self, reading: Reading | Ambiguous) -> date:
        if isinstance(reading, Reading):
            return reading.day
        self.settle(reading.separator)
        return reading.day_first if self.order == "day" else reading.month_first
