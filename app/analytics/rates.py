"""Rates and their 95% Wilson intervals (METRICS.md, "Intervals and signals").

Small and pure: counts in, numbers out. The dashboard's metrics module builds on these.
"""

from __future__ import annotations

import math

Z95 = 1.96


def percent(part: int, whole: int) -> float | None:
    """part / whole × 100, or None when nothing was counted."""
    if whole <= 0:
        return None
    return part / whole * 100.0


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """(low, high) in percent for k successes out of n, or None for n = 0."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half) * 100.0, min(1.0, centre + half) * 100.0


def median(values: list[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2.0
