"""Medians, 90th percentiles and histograms of times, from value counts.

A time metric is kept as counts of each distinct value (``{12.0: 3, 15.0: 1}``) rather
than a list: the same numbers, but whole-minute exports repeat values so much that the
database can hand over far fewer rows, and periods and agents add up by adding counts.
The quantile is the usual linear interpolation between the two closest ranks (what
spreadsheets' PERCENTILE, numpy and pandas use), so a median of an even count is the
mean of the two middle values.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def quantiles(counts: Mapping[float, int], qs: Iterable[float]) -> list[float | None]:
    """The q-quantiles (0 ≤ q ≤ 1) of the values counted; None for each when empty."""
    qs = list(qs)
    items = sorted((v, c) for v, c in counts.items() if c > 0)
    n = sum(c for _, c in items)
    if n == 0:
        return [None] * len(qs)
    results: list[float | None] = []
    for q in qs:
        position = (n - 1) * q
        below = math.floor(position)
        fraction = position - below
        low = _value_at(items, below)
        if fraction == 0:
            results.append(float(low))
        else:
            high = _value_at(items, below + 1)
            results.append(low + (high - low) * fraction)
    return results


def _value_at(items: list[tuple[float, int]], rank: int) -> float:
    """The value at 0-based ``rank`` in the sorted, expanded list."""
    seen = 0
    for value, count in items:
        seen += count
        if rank < seen:
            return value
    return items[-1][0]


def count_values(values: Iterable[float | None]) -> Counter:
    """Value counts of the known values (None left out)."""
    return Counter(v for v in values if v is not None)


@dataclass(frozen=True)
class Histogram:
    edges: list[float]  # len(counts) + 1 bin edges; the last bin is open ("and more")
    counts: list[int]
    n: int


# Minutes: a few minutes, hours, a day, a few days: the spans a manager talks in.
MINUTE_EDGES = (0, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080)


def histogram(counts: Mapping[float, int], edges: Iterable[float] = MINUTE_EDGES) -> Histogram:
    """Counts per bin [edge_i, edge_i+1); values at or past the last edge go to a final
    open bin so a week-long ticket is counted, not dropped."""
    edges = list(edges)
    bins = [0] * len(edges)
    for value, count in counts.items():
        index = 0
        while index + 1 < len(edges) and value >= edges[index + 1]:
            index += 1
        bins[index] += count
    return Histogram(edges=edges + [math.inf], counts=bins, n=sum(bins))


def minutes_label(minutes: float) -> str:
    """15m, 2h, 3d: the short form of a bin edge (short, so eleven fit under a chart)."""
    if minutes == math.inf:
        return "∞"
    if minutes < 60:
        return f"{minutes:g}m"
    if minutes < 1440:
        return f"{minutes / 60:g}h"
    return f"{minutes / 1440:g}d"
