"""Aggregate report rows (one per agent and period) as per-metric records.

Explore reports grouped by assignee and week, and telephony / WFM exports with one row
per agent, carry figures rather than tickets: each metric column becomes one record
(platform, assignee, period, metric, value, count). The period comes from the row (a
date, a week or a month column) or, when the file has none, from the user.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from app.ingest import values as V
from app.ingest.normalize import match_key
from app.ingest.platforms.base import PlatformProfile, fold_header
from app.ingest.rowbuild import duration_unit

AGGREGATE_FIELDS = ("assignee", "period_start", "period_end", "metric", "value", "count")
# Metrics whose value is also the row's count of tickets / contacts, best first.
COUNT_METRICS = ("tickets_solved", "tickets", "calls_answered", "tickets_created",
                 "calls_incoming")

_ISO_WEEK = re.compile(r"^(\d{4})\s*-?\s*W(?:eek)?\s*(\d{1,2})$", re.IGNORECASE)
_WEEK_YEAR = re.compile(r"^(?:W|Week)\s*(\d{1,2})[\s,/-]+(\d{4})$", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?[\s,-]+(\d{4})$")
_MONTH_NUMBER_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def period_of(value: object, header: str, order: str = "iso") -> tuple[date, date] | None:
    """The period a cell names. The header says the grain (``- Week``, ``Month``): a
    date in a week column is that week (Monday to Sunday), in a month column that month;
    ``2024-W05``, ``2024-03``, ``March 2024`` name their period themselves."""
    if V.is_empty(value):
        return None
    grain = fold_header(header)
    text = " ".join(str(value).split()) if isinstance(value, str) else None
    if text:
        if m := _ISO_WEEK.match(text):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + timedelta(days=6)
        if m := _WEEK_YEAR.match(text):
            start = date.fromisocalendar(int(m[2]), int(m[1]), 1)
            return start, start + timedelta(days=6)
        if m := _YEAR_MONTH.match(text):
            return _checked_month(text, int(m[1]), int(m[2]))
        if m := _MONTH_NUMBER_YEAR.match(text):
            return _checked_month(text, int(m[2]), int(m[1]))
        if m := _MONTH_YEAR.match(text):
            month = V._MONTHS.get(m[1].casefold().rstrip("."))
            if month:
                return month_bounds(int(m[2]), month)
    moment = V.parse_datetime(value, order)
    if moment is None:
        return None
    day = moment.date() if isinstance(moment, datetime) else moment
    if grain.endswith("week"):
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if grain.endswith("month"):
        return month_bounds(day.year, day.month)
    if grain.endswith("year"):
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _checked_month(text: str, year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise ValueError(f"cannot read '{text}' as a month")
    return month_bounds(year, month)


def metric_reader(profile: PlatformProfile, metric: str, header: str,
                  sample: list[object]) -> Callable[[object], float | None]:
    """How to read one metric column: durations to minutes or seconds, rates to percent,
    the rest as numbers."""
    if metric.endswith("_minutes") or metric.endswith("_seconds"):
        unit = duration_unit(profile, header)
        if metric.endswith("_seconds") and fold_header(header) not in profile.header_units \
                and unit == profile.duration_unit and not any(
                    isinstance(s, str) and ":" in s for s in sample):
            unit = "seconds"
        target = "minutes" if metric.endswith("_minutes") else "seconds"
        return lambda v: V.parse_duration(v, unit, target)
    if metric.endswith("_percent"):
        fraction = V.column_holds_fractions(sample)
        return lambda v: V.parse_percent(v, fraction)
    return V.parse_number


def build_aggregates(row: list, number: int, *, vendor: str, assignee_index: int | None,
                     period_index: int | None, period_header: str | None, period_order: str,
                     fixed_period: tuple[date, date] | None,
                     metrics: list[tuple[str, str, int, Callable]]
                     ) -> list[dict] | tuple[str | None, str]:
    """The records of one aggregate row, or (header, reason) when it cannot be read."""
    width = len(row)

    def cell(index: int | None) -> object:
        return row[index] if index is not None and index < width else ""

    assignee = V.text_value(cell(assignee_index), 254) or ""
    if period_index is not None:
        try:
            period = period_of(cell(period_index), period_header or "", period_order)
        except ValueError as exc:
            return period_header, str(exc)
        if period is None:
            return period_header, "the row has no period"
    elif fixed_period is not None:
        period = fixed_period
    else:
        return None, "the file has no period column; name the period to import it"
    values: dict[str, float] = {}
    for metric, header, index, reader in metrics:
        try:
            value = reader(cell(index))
        except ValueError as exc:
            return header, str(exc)
        if value is not None:
            values[metric] = value
    if not values:
        return None, "the row has no figures"
    count = next((int(values[m]) for m in COUNT_METRICS if m in values), None)
    key = match_key(assignee) if assignee else ""
    if assignee and assignee.casefold() in ("total", "totals", "grand total", "all"):
        return None, "a totals row, not an agent"
    return [{"platform": vendor, "assignee": assignee, "assignee_key": key,
             "period_start": period[0], "period_end": period[1], "metric": metric,
             "value": value, "count": count, "_row": number}
            for metric, value in values.items()]
