"""Comparing a measured value with a target: goals, plan objectives, probation items.

Pure: the caller measures (``app.services.metric_source``) and passes the numbers in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}

# Metrics an objective may name, with their unit and whether higher is better.
METRICS = {
    "csat": ("CSAT", "%", True),
    "fcr": ("FCR", "%", True),
    "sla": ("SLA compliance", "%", True),
    "reopen_rate": ("Reopen rate", "%", False),
    "first_reply_median": ("First reply (median)", " min", False),
    "resolution_median": ("Resolution (median)", " min", False),
    "iqs": ("IQS", "", True),
}


@dataclass(frozen=True)
class Assessment:
    """How a value stands against its target. ``met`` is None when it cannot be told."""

    met: bool | None
    reason: str  # "met", "not met", "no data yet", "too few (5 of 8)"


def window(as_of: date, days: int) -> tuple[date, date]:
    """The last ``days`` days up to and including ``as_of``."""
    days = max(int(days), 1)
    return as_of - timedelta(days=days - 1), as_of


def compare(value: float, comparator: str, target: float) -> bool:
    if comparator == ">=":
        return value >= target
    if comparator == "<=":
        return value <= target
    if comparator == ">":
        return value > target
    if comparator == "<":
        return value < target
    raise ValueError(f"unknown comparator {comparator!r}")


def assess(value: float | None, count: int, comparator: str, target: float | None,
           min_count: int | None = None) -> Assessment:
    """Whether ``value`` (measured over ``count`` ratings or reviews) meets the target."""
    if value is None or target is None or count <= 0:
        return Assessment(None, "no data yet")
    if min_count and count < min_count:
        return Assessment(None, f"too few ({count} of {min_count})")
    met = compare(value, comparator, target)
    return Assessment(met, "met" if met else "not met")


def progress(value: float | None, comparator: str, target: float | None,
             baseline: float | None = None) -> float | None:
    """Share of the way to the target, 0..1 (1 = met). With no baseline, a higher-is-better
    target uses value / target and a lower-is-better one target / value."""
    if value is None or target is None:
        return None
    if compare(value, comparator, target):
        return 1.0
    if baseline is not None and baseline != target:
        share = (value - baseline) / (target - baseline)
    elif comparator in (">=", ">"):
        share = value / target if target else 0.0
    else:
        share = target / value if value else 0.0
    return max(0.0, min(1.0, share))


def describe(metric: str | None, comparator: str | None, target: float | None,
             window_days: int | None = None, min_count: int | None = None,
             target_kind: str | None = None) -> str:
    """"CSAT ≥ 85% over the last 30 days", "IQS ≥ 80 over at least 8 reviews"."""
    if not metric:
        return ""
    name, unit, _ = METRICS.get(metric, (metric, "", True))
    sign = COMPARATORS.get(comparator or ">=", comparator or "")
    if target_kind == "team_median":
        text = f"{name} {sign} team median"
    else:
        shown = "" if target is None else f"{target:g}"
        text = f"{name} {sign} {shown}{unit}"
    if window_days:
        text += f" over the last {window_days} days"
    if min_count:
        noun = "reviews" if metric == "iqs" else "ratings"
        text += (" with" if window_days else " over") + f" at least {min_count} {noun}"
    return text


def format_value(metric: str | None, value: float | None) -> str:
    if value is None:
        return "no data yet"
    _, unit, _ = METRICS.get(metric or "", ("", "", True))
    return f"{value:.1f}{unit}"
