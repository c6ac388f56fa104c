"""Reading one cell of an export as a typed value: dates and times, durations, counts,
ratings, SLA outcomes, yes/no, percentages, tags.

Each reader here is the *careful* one: it takes anything a CSV or a workbook can hold
(text, numbers, dates, blanks, the empty markers ``-`` ``?`` ``N/A``), returns None for
an empty cell and raises ValueError with a reason a manager understands for a cell it
cannot read. The fast per-column paths in app/ingest/rowbuild.py fall back to these
whenever their optimistic guess fails, so the two always agree.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from app.ingest.dates import EMPTY_MARKERS, _year, is_empty
from app.ingest.platforms.base import BOOLEAN_WORDS, PlatformProfile, fold_value

_EXCEL_EPOCH = datetime(1899, 12, 30)
SERIAL_RANGE = (18264.0, 73415.0)  # 1950-01-01 .. 2100-12-31
_TIME = (r"(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp])?\.?(?:[Mm]\.?)?)?"
         r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + "$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([A-Za-z]{3,9})\.?"
                             r"[\s./,-]*(\d{4}|\d{2})" + _TIME + "$")
_MONTH_NAME_DAY = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})"
                             r"(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + "$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_MONTHS = {name: n for n, names in enumerate(
    [("jan", "january", "janeiro", "enero"), ("feb", "february", "fev", "fevereiro", "febrero"),
     ("mar", "march", "marco", "marzo"), ("apr", "april", "abr", "abril"),
     ("may", "mai", "maio", "mayo"), ("jun", "june", "junho", "junio"),
     ("jul", "july", "julho", "julio"), ("aug", "august", "ago", "agosto"),
     ("sep", "sept", "september", "set", "setembro", "septiembre"),
     ("oct", "october", "out", "outubro", "octubre"), ("nov", "november", "novembro",
                                                       "noviembre"),
     ("dec", "december", "dez", "dezembro", "dic", "diciembre")], start=1)
    for name in names}
_CLOCK = re.compile(r"^(-)?(\d+):([0-5]?\d)(?::([0-5]?\d)(?:[.,](\d+))?)?$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# 1.234,5 and 1.234.567 (dots group thousands, a comma marks decimals).
_DOT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:(?:\.\d{3})+,\d+|(?:\.\d{3}){2,})$")

# Factors from a unit to minutes and to seconds.
TO_MINUTES = {"minutes": 1.0, "hours": 60.0, "seconds": 1 / 60, "ms": 1 / 60_000,
              "days": 1440.0}
TO_SECONDS = {"minutes": 60.0, "hours": 3600.0, "seconds": 1.0, "ms": 0.001,
              "days": 86_400.0}


def short(value: object, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


# ------------------------------------------------------------------------ text


def text_value(value: object, limit: int | None = None) -> str | None:
    """Display text of a cell: whole numbers without ``.0``, dates in ISO; None if empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    else:
        text = " ".join(str(value).split())
    return text[:limit] if limit else text


def external_id(value: object) -> str:
    text = text_value(value)
    if text is None:
        raise ValueError("the ticket has no id")
    if len(text) > 80:
        raise ValueError(f"'{short(text)}' is longer than an id can be (80 characters)")
    return text


# ----------------------------------------------------------------------- dates


def date_order_of(values: list[object]) -> str:
    """How a column writes its dates: "iso" (also real dates in a workbook), "serial",
    "day_first", "month_first", or "ambiguous" when ``a/b/yyyy`` values never show
    which field is the day (a first field above 12 settles day first, a second one
    month first; when both occur the majority wins)."""
    day_first = month_first = numeric = serial = 0
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            serial += 1
            continue
        if not isinstance(value, str):
            continue
        match = _NUMERIC_DATE.match(value.strip())
        if match:
            numeric += 1
            first, second = int(match[1]), int(match[3])
            if first > 12 >= second:
                day_first += 1
            elif second > 12 >= first:
                month_first += 1
        elif _SERIAL_TEXT.match(value.strip()):
            serial += 1
    if numeric:
        if day_first or month_first:
            return "day_first" if day_first >= month_first else "month_first"
        return "ambiguous"
    if serial:
        return "serial"
    return "iso"


def parse_datetime(value: object, order: str = "iso") -> datetime | None:
    """A naive datetime (the export's local time) from a cell; None for an empty one.

    ``order`` is the column's date order (see ``date_order_of``); ``a/b/yyyy`` text is
    read month first only when it is "month_first".
    """
    if value is None or value == "":
        return None
    cls = value.__class__
    if cls is datetime:
        return value.replace(tzinfo=None) if value.tzinfo else value  # type: ignore
    if cls is date:
        return datetime(value.year, value.month, value.day)  # type: ignore[attr-defined]
    if cls is bool or cls is time or cls is timedelta:
        raise ValueError(f"cannot read '{value}' as a date")
    if cls is int or cls is float:
        return _from_serial(float(value))  # type: ignore[arg-type]
    text = " ".join(str(value).split())
    if not text or text.casefold() in EMPTY_MARKERS:
        return None
    try:
        parsed = datetime.fromisoformat(text)
        return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
    except ValueError:
        pass
    if match := _YEAR_FIRST.match(text):
        return _make(text, int(match[1]), int(match[2]), int(match[3]), match, 4)
    if match := _NUMERIC_DATE.match(text):
        first, second, year = int(match[1]), int(match[3]), _year(match[4])
        if order == "month_first":
            month, day = first, second
        else:
            day, month = first, second
        return _make(text, year, month, day, match, 5)
    if match := _DAY_MONTH_NAME.match(text):
        return _make(text, _year(match[3]), _month(text, match[2]), int(match[1]), match, 4)
    if match := _MONTH_NAME_DAY.match(text):
        return _make(text, int(match[3]), _month(text, match[1]), int(match[2]), match, 4)
    if _SERIAL_TEXT.match(text):
        return _from_serial(float(text))
    raise ValueError(f"cannot read '{short(text)}' as a date")


def _month(text: str, name: str) -> int:
    month = _MONTHS.get(name.casefold().rstrip("."))
    if month is None:
        raise ValueError(f"cannot read '{short(text)}' as a date ('{name}' is not a month)")
    return month


def _make(text: str, year: int, month: int, day: int, match: re.Match, at: int) -> datetime:
    hour, minute, second, half = match[at], match[at + 1], match[at + 2], match[at + 3]
    h = int(hour) if hour else 0
    if half:
        if not 1 <= h <= 12:
            raise ValueError(f"cannot read '{short(text)}' as a date ({h} is not an "
                             "AM/PM hour)")
        h = h % 12 + (12 if half in "Pp" else 0)
    if not 1 <= month <= 12:
        raise ValueError(f"cannot read '{short(text)}' as a date (there is no month {month}; "
                         "if the column writes the month first, choose month/day order)")
    try:
        day_start = datetime(year, month, day)
    except ValueError:
        raise ValueError(f"cannot read '{short(text)}' as a date (no day {day} in month "
                         f"{month} of {year})") from None
    try:
        return day_start.replace(hour=h, minute=int(minute) if minute else 0,
                                 second=int(second) if second else 0)
    except ValueError:
        raise ValueError(f"cannot read '{short(text)}' as a date (the time is not a real "
                         "time of day)") from None


def _from_serial(number: float) -> datetime:
    low, high = SERIAL_RANGE
    if not low <= number <= high:
        raise ValueError(f"cannot read {number:g} as a date (as an Excel date number it "
                         "would fall outside 1950-2100)")
    return _EXCEL_EPOCH + timedelta(days=number)


# ------------------------------------------------------------------- numbers


def parse_number(value: object) -> float | None:
    """A number from ``12``, ``12.5``, ``12,5`` (decimal comma), ``1,234.5``, ``94%``."""
    if value is None or value == "":
        return None
    cls = value.__class__
    if cls is float or cls is int:
        return float(value)  # type: ignore[arg-type]
    if cls is bool:
        raise ValueError(f"cannot read '{value}' as a number")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text or text.casefold() in EMPTY_MARKERS:
        return None
    text = text.removesuffix("%")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DOT_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _NUMBER.match(text):
        text = text.replace(",", ".")
    else:
        raise ValueError(f"cannot read '{short(value)}' as a number")
    return float(text)


def parse_count(value: object) -> int | None:
    """A whole, non-negative count (replies, reopens)."""
    number = parse_number(value)
    if number is None:
        return None
    if number < 0 or not number.is_integer():
        raise ValueError(f"cannot read '{short(value)}' as a count (a whole number "
                         "0 or more)")
    return int(number)


def parse_nps(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if not number.is_integer() or not 0 <= number <= 10:
        raise ValueError(f"cannot read '{short(value)}' as an NPS score (0 to 10)")
    return int(number)


def parse_percent(value: object, fraction: bool = False) -> float | None:
    """A percentage as 0..100 from ``94.01%``, ``94.01`` or, when the column holds
    fractions (``fraction``, e.g. a percent-formatted workbook cell), ``0.9401``."""
    number = parse_number(value)
    if number is None:
        return None
    if fraction and not (isinstance(value, str) and "%" in value):
        number *= 100
    return number


def column_holds_fractions(values: list[object]) -> bool:
    numbers = []
    for value in values:
        if isinstance(value, str) and "%" in value:
            return False
        try:
            number = parse_number(value)
        except ValueError:
            continue
        if number is not None:
            numbers.append(number)
    return bool(numbers) and all(0 <= n <= 1 for n in numbers) and any(n < 1 for n in numbers)


def parse_duration(value: object, unit: str, target: str = "minutes") -> float | None:
    """A duration in ``target`` units ("minutes" or "seconds") from a number in ``unit``
    ("minutes", "hours", "seconds", "ms", "days"), or from ``H:MM:SS`` (hours may pass
    24), or ``H:MM`` (hours and minutes; minutes and seconds when ``unit`` is
    "seconds" or "ms"), or a workbook time/timedelta."""
    if value is None or value == "":
        return None
    factor = (TO_MINUTES if target == "minutes" else TO_SECONDS)
    cls = value.__class__
    if cls is timedelta:
        return value.total_seconds() * factor["seconds"]  # type: ignore[attr-defined]
    if cls is time:
        seconds = value.hour * 3600 + value.minute * 60 + value.second  # type: ignore
        return seconds * factor["seconds"]
    if cls is str:
        text = value.strip()  # type: ignore[attr-defined]
        if not text or text.casefold() in EMPTY_MARKERS:
            return None
        match = _CLOCK.match(text)
        if match:
            sign = -1 if match[1] else 1
            a, b = int(match[2]), int(match[3])
            if match[4] is not None:
                seconds = a * 3600 + b * 60 + int(match[4])
            elif unit in ("seconds", "ms"):
                seconds = a * 60 + b
            else:
                seconds = a * 3600 + b * 60
            if sign < 0:
                raise ValueError(f"cannot read '{short(text)}' as a duration (it is "
                                 "negative)")
            return seconds * factor["seconds"]
    try:
        number = parse_number(value)
    except ValueError:
        raise ValueError(f"cannot read '{short(value)}' as a duration") from None
    if number is None:
        return None
    if number < 0:
        raise ValueError(f"cannot read '{short(value)}' as a duration (it is negative)")
    if unit == "hm":
        unit = "hours"
    return number * factor[unit]


# --------------------------------------------------------------- ratings, yes/no


def csat_scale(values: list[object]) -> int:
    """5 for a 1-5 rating column, 10 when its numbers go above 5."""
    for value in values:
        try:
            number = parse_number(value) if not isinstance(value, bool) else None
        except ValueError:
            continue
        if number is not None and number > 5:
            return 10
    return 5


def parse_csat(value: object, profile: PlatformProfile, scale: int = 5) -> str | None:
    """"good", "bad", or None for no rating (Offered, Unoffered, blank, unknown words).

    Numbers: on 1-5, 4 and 5 are good; on 0-10, 9 and 10 (the top two boxes)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        folded = fold_value(value)
        if not folded or folded in EMPTY_MARKERS:
            return None
        known, meaning = profile.csat_word(folded)
        if known:
            return meaning
        try:
            number = parse_number(folded)
        except ValueError:
            return None
        if number is None:
            return None
    if scale == 10:
        return "good" if number >= 9 else "bad" if number >= 0 else None
    if 4 <= number <= 5:
        return "good"
    if 1 <= number < 4:
        return "bad"
    return None


def parse_sla(value: object, profile: PlatformProfile) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "met" if value else "breached"
    if isinstance(value, int | float):
        value = str(int(value)) if float(value).is_integer() else str(value)
    folded = fold_value(value)
    if not folded or folded in EMPTY_MARKERS:
        return None
    known, meaning = profile.sla_word(folded)
    if known:
        return meaning
    raise ValueError(f"cannot read '{short(value)}' as an SLA outcome (Within SLA / "
                     "SLA Violated, met / breached, true / false)")


def parse_bool(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"cannot read '{value}' as yes or no")
    folded = fold_value(value)
    if not folded or folded in EMPTY_MARKERS:
        return None
    folded = folded.replace("ã", "a")
    if folded in BOOLEAN_WORDS:
        return BOOLEAN_WORDS[folded]
    raise ValueError(f"cannot read '{short(value)}' as yes or no")


def parse_tags(value: object, separator: str = ",") -> str | None:
    """Tags one per line, in file order, without repeats."""
    text = text_value(value)
    if text is None:
        return None
    parts = text.split() if separator == " " else text.replace(";", separator).split(separator)
    seen: dict[str, None] = {}
    for part in parts:
        part = part.strip()
        if part and part not in EMPTY_MARKERS:
            seen.setdefault(part, None)
    return "\n".join(seen) or None
