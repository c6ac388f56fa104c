"""Reporting periods (METRICS.md, "Attribution and periods").

Weeks start on Monday; months and quarters are calendar ones. A range is two inclusive
dates. The dashboard's presets ("last 13 weeks", "last month" ...) and the comparison
with the period before are worked out here, so the window and the command line agree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

GRAINS = ("week", "month")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return week_start(day)
    if grain == "month":
        return month_start(day)
    raise ValueError(f"unknown grain {grain!r}; use week or month")


def next_period(start: date, grain: str) -> date:
    return start + timedelta(days=7) if grain == "week" else add_months(start, 1)


def period_starts(start: date, end: date, grain: str) -> list[date]:
    """The first day of every week or month that overlaps [start, end]."""
    current = period_start(start, grain)
    starts = []
    while current <= end:
        starts.append(current)
        current = next_period(current, grain)
    return starts


def bucket_bounds(start: date, end: date, grain: str) -> list[datetime]:
    """Moments that split [start, end] into periods: the start of every period after the
    first one. A moment before bounds[0] is in period 0, before bounds[1] in period 1 ...
    (the buckets a GROUP BY can use without date functions)."""
    return [datetime.combine(s, time()) for s in period_starts(start, end, grain)[1:]]


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00): both dates included."""
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


PRESETS = (
    ("last_4_weeks", "Last 4 weeks"),
    ("last_13_weeks", "Last 13 weeks"),
    ("last_26_weeks", "Last 26 weeks"),
    ("last_52_weeks", "Last 52 weeks"),
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("this_quarter", "This quarter"),
    ("last_quarter", "Last quarter"),
)


def preset_range(name: str, today: date) -> DateRange:
    """The dates a preset names. "Last N weeks" is N whole Monday weeks ending with the
    current one (which runs to today); months and quarters are calendar ones."""
    if name.startswith("last_") and name.endswith("_weeks"):
        weeks = int(name.split("_")[1])
        return DateRange(week_start(today) - timedelta(weeks=weeks - 1), today)
    if name == "this_month":
        return DateRange(month_start(today), today)
    if name == "last_month":
        end = month_start(today) - timedelta(days=1)
        return DateRange(month_start(end), end)
    if name == "this_quarter":
        return DateRange(quarter_start(today), today)
    if name == "last_quarter":
        end = quarter_start(today) - timedelta(days=1)
        return DateRange(quarter_start(end), end)
    raise ValueError(f"unknown period {name!r}")


def previous_range(current: DateRange) -> DateRange:
    """The period just before, to compare with: the previous calendar months when the
    range starts on the 1st of a month (so "this month" so far compares with the same
    days of last month), else the same number of days just before."""
    if current.start.day == 1:
        months = ((current.end.year - current.start.year) * 12
                  + current.end.month - current.start.month + 1)
        start = add_months(current.start, -months)
        whole = current.end == add_months(current.start, months) - timedelta(days=1)
        end = (add_months(current.start, 0) - timedelta(days=1) if whole
               else add_months(current.end, -months))
        return DateRange(start, end)
    length = timedelta(days=current.days)
    return DateRange(current.start - length, current.end - length)
