"""How far calibration graders agree, as METRICS.md defines it ("Calibration").

- Alignment on one criterion = 1 − |grader − benchmark| / (scale max − scale min); a
  grader's alignment is the weight-average over the units both rated, in percent.
- Spread of a unit = max − min of the graders' criterion scores (0–100 points); a spread
  over 10 points, or a grader who differs from the benchmark on a critical criterion,
  marks the unit for discussion.
- Krippendorff's alpha through the ``krippendorff`` package over units = (conversation,
  criterion), N/A missing: raw scale values, ordinal for 3–5 point and nominal for binary
  scales when every criterion shares one scale; criterion scores (0–100) at the interval
  level when scales are mixed.
- Percent agreement = pairs of graders who rated a unit and chose the same value, over
  all such pairs, pooled over the units.
- Without an expert or an agreed value, the benchmark is the graders' median (the lower
  middle value for an even count).

Pure functions over plain values: ratings are ``{grader: {unit: value or None}}`` where
None is N/A and a missing unit is unrated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import krippendorff
import numpy as np

from app.analytics.qa_scores import CriterionSpec, criterion_score, review_score, scale_range

DISCUSS_SPREAD = 10.0
RELIABLE = 0.800
TENTATIVE = 0.667
NEARLY_ALL_EQUAL = 0.90  # share of ratings on the most common score that triggers the note

Unit = tuple[Hashable, Hashable]  # (conversation key, criterion key)
Ratings = Mapping[Hashable, Mapping[Unit, int | None]]


def median_low(values: Sequence[int]) -> int | None:
    """The middle value; the lower of the two middles when the count is even."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def unit_alignment(grader: int, benchmark: int, scale: int) -> float:
    """1 − |grader − benchmark| / (scale max − scale min), as a fraction 0..1."""
    low, high = scale_range(scale)
    return 1.0 - abs(grader - benchmark) / (high - low)


def spread(values: Iterable[int], scale: int) -> float | None:
    """Max − min of the criterion scores (0–100 points); None with no rated value."""
    scores = [criterion_score(v, scale) for v in values]
    return max(scores) - min(scores) if scores else None


def benchmark_values(units: Iterable[tuple[Unit, CriterionSpec]], ratings: Ratings, *,
                     expert: Hashable | None = None,
                     agreed: Mapping[Unit, int | None] | None = None
                     ) -> dict[Unit, int | None]:
    """The benchmark of every unit: the expert's value, else the agreed value, else the
    graders' lower median. None = N/A or nobody rated it."""
    agreed = agreed or {}
    result: dict[Unit, int | None] = {}
    for unit, _criterion in units:
        if expert is not None:
            result[unit] = ratings.get(expert, {}).get(unit)
        elif unit in agreed:
            result[unit] = agreed[unit]
        else:
            result[unit] = median_low([r[unit] for r in ratings.values()
                                       if r.get(unit) is not None])
    return result


@dataclass(frozen=True)
class Alignment:
    overall: float | None  # percent 0..100; None when no unit was rated by both
    per_criterion: dict[Hashable, float]  # criterion key -> percent


def grader_alignment(units: Iterable[tuple[Unit, CriterionSpec]],
                     grader: Mapping[Unit, int | None],
                     benchmark: Mapping[Unit, int | None]) -> Alignment:
    """Weight-averaged alignment over the units the grader and the benchmark both rated."""
    total = weights = 0.0
    per: dict[Hashable, list[float]] = {}
    for unit, criterion in units:
        value, bench = grader.get(unit), benchmark.get(unit)
        if value is None or bench is None:
            continue
        a = unit_alignment(value, bench, criterion.scale)
        per.setdefault(criterion.key, []).append(a)
        total += criterion.weight * a
        weights += criterion.weight
    overall = total / weights * 100.0 if weights > 0 else None
    return Alignment(overall, {k: sum(v) / len(v) * 100.0 for k, v in per.items()})


def needs_discussion(criterion: CriterionSpec, values: Iterable[int | None],
                     benchmark: int | None) -> tuple[bool, str]:
    """(discuss?, why): a spread over 10 points, or a critical criterion on which some
    grader's value differs from the benchmark."""
    rated = [v for v in values if v is not None]
    width = spread(rated, criterion.scale)
    reasons = []
    if width is not None and width > DISCUSS_SPREAD:
        reasons.append(f"spread {width:.0f} points")
    if criterion.critical and benchmark is not None and any(v != benchmark for v in rated):
        reasons.append("critical: differs from the benchmark")
    return bool(reasons), "; ".join(reasons)


# ------------------------------------------------------------------- reliability


@dataclass(frozen=True)
class Reliability:
    alpha: float | None  # None when it cannot be computed (see ``why_missing``)
    level: str  # "ordinal", "nominal" or "interval"
    on: str  # "scale values" or "criterion scores"
    percent_agreement: float | None  # 0..100
    pairs: int
    nearly_all_equal: bool
    why_missing: str = ""

    @property
    def reading(self) -> str:
        return reading(self.alpha, self.percent_agreement, self.nearly_all_equal,
                       self.why_missing)


def alpha_inputs(units: Sequence[tuple[Unit, CriterionSpec]], ratings: Ratings
                 ) -> tuple[np.ndarray, str, str, list[float] | None]:
    """The raters × units matrix (NaN = N/A or unrated), the level, what the values are,
    and the value domain; exposed so tests can feed the same matrix to the package."""
    scales = {criterion.scale for _unit, criterion in units}
    mixed = len(scales) > 1
    graders = list(ratings)
    matrix = np.full((len(graders), len(units)), np.nan)
    for row, grader in enumerate(graders):
        for column, (unit, criterion) in enumerate(units):
            value = ratings[grader].get(unit)
            if value is not None:
                matrix[row, column] = (criterion_score(value, criterion.scale) if mixed
                                       else value)
    if mixed:
        return matrix, "interval", "criterion scores", None
    scale = next(iter(scales)) if scales else 5
    low, high = scale_range(scale)
    level = "nominal" if scale == 2 else "ordinal"
    return matrix, level, "scale values", [float(v) for v in range(low, high + 1)]


def percent_agreement(matrix: np.ndarray) -> tuple[float | None, int]:
    """Agreeing pairs / all pairs of raters who both rated a unit, pooled over units."""
    agree = pairs = 0
    for column in matrix.T:
        values = [v for v in column if not np.isnan(v)]
        for a, b in combinations(values, 2):
            pairs += 1
            agree += a == b
    return (agree / pairs * 100.0 if pairs else None), pairs


def reliability(units: Sequence[tuple[Unit, CriterionSpec]], ratings: Ratings) -> Reliability:
    matrix, level, on, domain = alpha_inputs(units, ratings)
    agreement, pairs = percent_agreement(matrix)
    observed = matrix[~np.isnan(matrix)]
    counts = Counter(observed.tolist())
    nearly = bool(observed.size) and counts.most_common(1)[0][1] / observed.size >= \
        NEARLY_ALL_EQUAL
    alpha: float | None = None
    why = ""
    if pairs == 0:
        why = "no conversation and criterion was rated by two graders yet"
    elif len(counts) < 2:
        why = "every grader chose the same value everywhere, so alpha is not defined"
    else:
        kwargs = {"value_domain": domain} if domain is not None else {}
        value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level,
                                         **kwargs))
        alpha = None if np.isnan(value) else value
        if alpha is None:
            why = "alpha is not defined for these scores"
    return Reliability(alpha, level, on, agreement, pairs, nearly, why)


def alpha_band(alpha: float | None) -> str:
    if alpha is None:
        return "not computed"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "not reliable"


def reading(alpha: float | None, agreement: float | None, nearly_all_equal: bool,
            why_missing: str = "") -> str:
    """A sentence a manager can say out loud in the meeting."""
    if alpha is None:
        text = f"Alpha cannot be computed: {why_missing}." if why_missing else \
            "Alpha cannot be computed yet."
    elif alpha >= RELIABLE:
        text = (f"Reliable (α = {alpha:.2f}): the graders score these criteria the same "
                "way, so an agent's score hardly depends on who grades them.")
    elif alpha >= TENTATIVE:
        text = (f"Tentative (α = {alpha:.2f}): the graders mostly agree, but some criteria "
                "are read differently. Discuss the marked criteria.")
    else:
        text = (f"Not reliable (α = {alpha:.2f}): an agent's score depends noticeably on "
                "who grades them. Discuss the marked criteria and sharpen their guidance.")
    if nearly_all_equal:
        text += (" Note: nearly all scores are the same value; alpha falls towards 0 in "
                 "that case even when graders agree, so read the percent agreement"
                 + (f" ({agreement:.0f}%)" if agreement is not None else "") + " beside it.")
    return text


# ------------------------------------------------------------------------ totals


def conversation_totals(criteria: Sequence[CriterionSpec], conversation: Hashable,
                        values: Mapping[Unit, int | None]) -> float | None:
    """The review score (with auto-fail) one score set gives one conversation."""
    rated = {c.key: values[(conversation, c.key)] for c in criteria
             if (conversation, c.key) in values}
    return review_score(criteria, rated).score
