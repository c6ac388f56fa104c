"""QA scores as METRICS.md defines them ("QA scores"), written once for every caller.

- Criterion score = (chosen − scale min) / (scale max − scale min) × 100; binary scales
  run 0..1, the others 1..n.
- Review score = Σ(weight × criterion score) / Σ(weight) over rated criteria; N/A drops out.
- A critical criterion scored below 50 sets the review score to 0 (auto-fail); the
  per-criterion breakdown still uses the real criterion scores.
- IQS = mean of review scores; pass rate = share of reviews at or above their threshold.

Pure functions over plain values, so the form's live score, the services and the command
line cannot disagree.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

SCALES = (2, 3, 4, 5)
AUTO_FAIL_BELOW = 50.0


def scale_range(scale: int) -> tuple[int, int]:
    """(lowest, highest) value a rater may choose: binary is 0/1, the others 1..scale."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return (0, 1) if scale == 2 else (1, scale)


def scale_values(scale: int) -> list[int]:
    low, high = scale_range(scale)
    return list(range(low, high + 1))


def criterion_score(value: int, scale: int) -> float:
    """The chosen value as a percentage of its scale (0..100)."""
    low, high = scale_range(scale)
    if not low <= value <= high:
        raise ValueError(f"{value} is outside the {scale}-point scale ({low}..{high})")
    return (value - low) / (high - low) * 100.0


@dataclass(frozen=True)
class CriterionSpec:
    """What scoring needs to know about one criterion."""

    key: Hashable
    name: str
    weight: float
    scale: int
    allow_na: bool = False
    critical: bool = False


@dataclass(frozen=True)
class ReviewResult:
    score: float | None  # None when nothing with weight was rated
    weighted_score: float | None  # before the auto-fail zeroing
    auto_failed: bool
    failed_critical: tuple[str, ...]  # names of the critical criteria below 50
    rated: int  # criteria with a value (not N/A, not unrated)
    unrated: tuple[str, ...]  # names still without a value or N/A

    def passed(self, threshold: float) -> bool | None:
        return None if self.score is None else self.score >= threshold


def review_score(criteria: Iterable[CriterionSpec],
                 ratings: Mapping[Hashable, int | None]) -> ReviewResult:
    """Score one review. ``ratings`` maps a criterion key to its value, or to None for N/A;
    a key that is missing is unrated (a draft) and counts like N/A in the sums."""
    total = weights = 0.0
    rated = 0
    failed: list[str] = []
    unrated: list[str] = []
    for criterion in criteria:
        if criterion.key not in ratings:
            unrated.append(criterion.name)
            continue
        value = ratings[criterion.key]
        if value is None:
            continue
        score = criterion_score(value, criterion.scale)
        rated += 1
        total += criterion.weight * score
        weights += criterion.weight
        if criterion.critical and score < AUTO_FAIL_BELOW:
            failed.append(criterion.name)
    weighted = total / weights if weights > 0 else None
    if failed:
        final: float | None = 0.0
    else:
        final = weighted
    return ReviewResult(score=final, weighted_score=weighted, auto_failed=bool(failed),
                        failed_critical=tuple(failed), rated=rated, unrated=tuple(unrated))


def iqs(scores: Iterable[float | None]) -> float | None:
    """Internal Quality Score: the mean of the review scores (None when there are none)."""
    values = [s for s in scores if s is not None]
    return sum(values) / len(values) if values else None


def pass_rate(results: Iterable[tuple[float | None, float]]) -> float | None:
    """Percent of (score, threshold) pairs at or above their threshold."""
    scored = [(s, t) for s, t in results if s is not None]
    if not scored:
        return None
    return sum(1 for s, t in scored if s >= t) / len(scored) * 100.0


@dataclass(frozen=True)
class CriterionStat:
    name: str
    average: float  # mean criterion score, 0..100, auto-fail ignored
    rated: int
    below_half: int  # how often it scored below 50 ("fails most")


def criterion_breakdown(scores: Iterable[tuple[str, float]]) -> dict[str, CriterionStat]:
    """Per criterion name: mean of the real criterion scores. Criteria of different scorecard
    versions that share a name are one criterion here, as a manager reads them."""
    sums: dict[str, list[float]] = {}
    for name, score in scores:
        sums.setdefault(name, []).append(score)
    return {name: CriterionStat(name, sum(v) / len(v), len(v), sum(1 for s in v if s < 50))
            for name, v in sums.items()}


def weakest(stats: Mapping[str, CriterionStat], limit: int = 3,
            min_rated: int = 1) -> list[CriterionStat]:
    """The criteria with the lowest average (ties: more ratings first, then name)."""
    ranked = sorted((s for s in stats.values() if s.rated >= min_rated),
                    key=lambda s: (s.average, -s.rated, s.name))
    return ranked[:limit]
