"""Dates from spreadsheet cells, whatever tool or locale wrote them.

Workbooks give real dates (or Excel serial numbers when a cell lost its format); CSV files
give text in whatever order the exporter's locale used. ``03/04/2024`` alone cannot say
whether it is 3 April or 4 March, so the order is decided once per column from all its
values, and a column that never settles it is read day-first and *reported*, never
guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

EMPTY_MARKERS = frozenset({"-", "–", "—", "?", "n/a", "na", "#n/a", "none", "null"})
# Excel counts days from 1899-12-30 (which absorbs its 1900 leap-year bug after 1 March 1900).
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers accepted as dates: 1950-01-01 to 2100-12-31. Outside that, a number in a
# date column is far more likely a mistake (a year, an id) than a real date.
_SERIAL_RANGE = (18264, 73415)

# An optional time after the date (ignored): "20:52", "8:00 PM", "T20:52:00Z", "+02:00".
_TIME = (r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
         r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + "$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([A-Za-z]{3,9})\.?"
                             r"[\s./,-]*(\d{4}|\d{2})" + _TIME + "$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
                             + _TIME + "$")
_MONTHS = {name: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
     ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
     ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}


def is_empty(value: object) -> bool:
    """Blank, or one of the markers exports use for "no value" (``-``, ``?``, ``N/A``)."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.casefold() in EMPTY_MARKERS
    return False


def detect_day_first(values: Iterable[object]) -> bool | None:
    """Whether the column's ``a/b/yyyy`` dates are day-first: True, False, or None when no
    value settles it (all fields 12 or below, or no such dates at all).

    A first field above 12 can only be a day; a second field above 12 can only be a day.
    When both kinds occur, the column is inconsistent; the majority wins and the other
    rows then fail to parse with a clear reason.
    """
    day_first = month_first = 0
    for value in values:
        fields = _numeric_fields(value)
        if fields is None:
            continue
        first, second = fields
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
    if day_first == month_first == 0:
        return None
    return day_first >= month_first


def decide_day_first(column: str, values: Iterable[object],
                     hint: bool | None = None) -> tuple[bool, str | None]:
    """The day order for one column and, when it stays ambiguous, a warning naming it.

    ``hint`` is what the header says (``Hire date (mm/dd/yyyy)``), which wins over guessing.
    """
    values = list(values)
    if hint is not None:
        return hint, None
    detected = detect_day_first(values)
    if detected is not None:
        return detected, None
    example = next((str(v).strip() for v in values if _numeric_fields(v) is not None
                    and _is_ambiguous(_numeric_fields(v))), None)
    if example is None:
        return True, None
    return True, (f"{column}: dates like {example} could be day/month or month/day; read as "
                  "day/month. Use YYYY-MM-DD to be sure.")


def parse_date(value: object, day_first: bool = True) -> date | None:
    """A ``date`` from a cell, None for an empty one; ValueError with a reason otherwise."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | timedelta):
        raise ValueError(f"'{value}' is not a date.")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = " ".join(str(value).split())
    if match := _ISO.match(text):
        return _make(text, int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.match(text):
        first, second, year = int(match[1]), int(match[3]), _year(match[4])
        day, month = (first, second) if day_first else (second, first)
        return _make(text, year, month, day)
    if match := _DAY_MONTH_NAME.match(text):
        return _make(text, _year(match[3]), _month(text, match[2]), int(match[1]))
    if match := _MONTH_NAME_DAY.match(text):
        return _make(text, int(match[3]), _month(text, match[1]), int(match[2]))
    if _SERIAL.match(text):
        return _from_serial(float(text))
    raise ValueError(f"'{_short(text)}' is not a date Coachbench can read; write it as "
                     "YYYY-MM-DD (for example 2024-03-01).")


def _numeric_fields(value: object) -> tuple[int, int] | None:
    if not isinstance(value, str):
        return None
    match = _NUMERIC.match(" ".join(value.split()))
    return (int(match[1]), int(match[3])) if match else None


def _is_ambiguous(fields: tuple[int, int] | None) -> bool:
    return fields is not None and fields[0] <= 12 and fields[1] <= 12 and fields[0] != fields[1]


def _year(text: str) -> int:
    """Two-digit years: 00–69 are 2000s, 70–99 are 1900s (as Excel reads them)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(text: str, name: str) -> int:
    month = _MONTHS.get(name.casefold())
    if month is None:
        raise ValueError(f"'{_short(text)}' is not a date: '{name}' is not a month name.")
    return month


def _make(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{_short(text)}' is not a real date (year {year}, month {month}, "
                         f"day {day}); write it as YYYY-MM-DD.") from None


def _from_serial(number: float) -> date:
    low, high = _SERIAL_RANGE
    if not low <= number <= high:
        raise ValueError(f"{number:g} is not a date (read as an Excel date number it would "
                         "fall outside 1950–2100); format the cell as a date.")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
