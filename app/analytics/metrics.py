"""The service metrics of METRICS.md: what each number is, once.

The database side (``app.services.metrics``) only counts — how many tickets were rated,
how many of those good, the value counts of each time — into a ``Tally`` per period and
agent. Everything from counts to the number a manager sees happens here: percentages,
Wilson intervals, NPS, medians and 90th percentiles, means, targets, the "below team"
signal and p-chart limits. A metric with no data behind it has ``value`` None ("no
data"), never 0.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from app.analytics.distributions import quantiles
from app.analytics.rates import Z95, percent, wilson_interval

FEW = 20  # below this many ratings / tickets a figure is shown greyed ("few ratings")


@dataclass(frozen=True)
class MetricInfo:
    key: str
    title: str
    kind: str  # rate, score (NPS), time, mean, count
    unit: str  # %, points, min, s, tickets
    higher_is_better: bool
    short: str = ""


METRICS: dict[str, MetricInfo] = {m.key: m for m in (
    MetricInfo("csat", "CSAT", "rate", "%", True),
    MetricInfo("nps", "NPS", "score", "points", True),
    MetricInfo("fcr", "One-touch resolution (FCR)", "rate", "%", True, "FCR"),
    MetricInfo("sla", "SLA compliance", "rate", "%", True, "SLA"),
    MetricInfo("reopen_rate", "Reopen rate", "rate", "%", False, "Reopens"),
    MetricInfo("escalation_rate", "Escalation rate", "rate", "%", False, "Escalations"),
    MetricInfo("first_reply_minutes", "First reply time (median)", "time", "min", False,
               "First reply"),
    MetricInfo("first_reply_minutes_business", "First reply time, business hours (median)",
               "time", "min", False, "First reply (bus.)"),
    MetricInfo("full_resolution_minutes", "Full resolution time (median)", "time", "min",
               False, "Resolution"),
    MetricInfo("full_resolution_minutes_business",
               "Full resolution time, business hours (median)", "time", "min", False,
               "Resolution (bus.)"),
    MetricInfo("aht_seconds", "Average handle time", "mean", "s", False, "AHT"),
    MetricInfo("tickets_created", "Tickets created", "count", "tickets", True, "Created"),
    MetricInfo("tickets_solved", "Tickets solved", "count", "tickets", True, "Solved"),
)}
RATE_KEYS = ("csat", "fcr", "sla", "reopen_rate", "escalation_rate")
TIME_KEYS = ("first_reply_minutes", "first_reply_minutes_business", "full_resolution_minutes",
             "full_resolution_minutes_business")
# First reply time counts a ticket by its created date, the other times by its solve date.
CREATED_TIME_KEYS = ("first_reply_minutes", "first_reply_minutes_business")


def nps_bucket(score: int | None) -> str | None:
    """promoter (9–10), passive (7–8), detractor (0–6); None for no or an impossible score."""
    if score is None or not 0 <= score <= 10:
        return None
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


def is_one_touch(agent_replies: int | None) -> bool | None:
    """Zendesk's one-touch: solved with at most one agent reply; None when unknown."""
    return None if agent_replies is None else agent_replies <= 1


def tag_list(tags: str | None) -> list[str]:
    """Tags as stored (one per line), folded for comparison."""
    return [t.strip().casefold() for t in (tags or "").splitlines() if t.strip()]


@dataclass
class Tally:
    """Additive counts behind every metric, for one period, agent or both."""

    created: int = 0
    solved: int = 0
    csat_good: int = 0
    csat_rated: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    nps_rated: int = 0
    one_touch: int = 0
    replies_known: int = 0
    sla_met: int = 0
    sla_known: int = 0
    reopened: int = 0
    reopens_known: int = 0
    escalated: int = 0
    escalation_known: int = 0
    handle_sum: float = 0.0
    handle_n: int = 0
    times: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in TIME_KEYS})

    COUNT_FIELDS = ("created", "solved", "csat_good", "csat_rated", "nps_promoters",
                    "nps_detractors", "nps_rated", "one_touch", "replies_known", "sla_met",
                    "sla_known", "reopened", "reopens_known", "escalated", "escalation_known",
                    "handle_sum", "handle_n")

    def add(self, other: Tally) -> Tally:
        for name in self.COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key in TIME_KEYS:
            self.times[key].update(other.times[key])
        return self

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.COUNT_FIELDS) and not any(
            self.times[k] for k in TIME_KEYS)


class _Bounded:
    """``low`` / ``high`` of a statistic's ``interval`` (None without data) and its JSON
    form, shared by the rates and NPS."""

    @property
    def low(self) -> float | None:
        return self.interval[0] if self.n else None  # type: ignore[attr-defined]

    @property
    def high(self) -> float | None:
        return self.interval[1] if self.n else None  # type: ignore[attr-defined]

    def to_json(self) -> dict:
        return {"value": self.value, "n": self.n,  # type: ignore[attr-defined]
                "low": self.low, "high": self.high}


@dataclass(frozen=True)
class RateStat(_Bounded):
    """k of n as a percentage with its 95% Wilson interval; value None when n is 0."""

    k: int
    n: int

    @property
    def value(self) -> float | None:
        return percent(self.k, self.n)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.k, self.n)


@dataclass(frozen=True)
class NpsStat(_Bounded):
    """NPS = % promoters − % detractors (−100..100). Its interval is the normal
    approximation for a difference of two shares of one sample (NPS is not a simple
    proportion, so Wilson does not apply): ±1.96·√((p+d−(p−d)²)/n)·100."""

    promoters: int
    detractors: int
    n: int

    @property
    def value(self) -> float | None:
        return None if self.n <= 0 else (self.promoters - self.detractors) / self.n * 100.0

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.n <= 0:
            return None
        p, d = self.promoters / self.n, self.detractors / self.n
        half = Z95 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / self.n) * 100.0
        centre = (p - d) * 100.0
        return max(-100.0, centre - half), min(100.0, centre + half)


@dataclass(frozen=True)
class TimeStat:
    """Median and 90th percentile of the known times, in the metric's unit."""

    median: float | None
    p90: float | None
    n: int

    @property
    def value(self) -> float | None:
        return self.median

    @property
    def low(self) -> float | None:
        return None

    @property
    def high(self) -> float | None:
        return None

    def to_json(self) -> dict:
        return {"median": self.median, "p90": self.p90, "n": self.n}


@dataclass(frozen=True)
class MeanStat:
    mean: float | None
    n: int

    @property
    def value(self) -> float | None:
        return self.mean

    low = high = None

    def to_json(self) -> dict:
        return {"mean": self.mean, "n": self.n}


@dataclass(frozen=True)
class CountStat:
    count: int

    @property
    def value(self) -> float:
        return float(self.count)

    @property
    def n(self) -> int:
        return self.count

    low = high = None

    def to_json(self) -> int:
        return self.count


Stat = RateStat | NpsStat | TimeStat | MeanStat | CountStat


def time_stat(counts: Counter) -> TimeStat:
    median, p90 = quantiles(counts, (0.5, 0.9))
    return TimeStat(median, p90, sum(counts.values()))


def metric_set(tally: Tally) -> dict[str, Stat]:
    """Every metric of METRICS.md from one tally, keyed as in ``METRICS``."""
    stats: dict[str, Stat] = {
        "csat": RateStat(tally.csat_good, tally.csat_rated),
        "nps": NpsStat(tally.nps_promoters, tally.nps_detractors, tally.nps_rated),
        "fcr": RateStat(tally.one_touch, tally.replies_known),
        "sla": RateStat(tally.sla_met, tally.sla_known),
        "reopen_rate": RateStat(tally.reopened, tally.reopens_known),
        "escalation_rate": RateStat(tally.escalated, tally.escalation_known),
    }
    for key in TIME_KEYS:
        stats[key] = time_stat(tally.times[key])
    stats["aht_seconds"] = MeanStat(
        tally.handle_sum / tally.handle_n if tally.handle_n else None, tally.handle_n)
    stats["tickets_created"] = CountStat(tally.created)
    stats["tickets_solved"] = CountStat(tally.solved)
    return stats


def metric_json(stats: dict[str, Stat]) -> dict:
    """The command line's JSON form (``coachbench metrics --json``)."""
    return {key: stats[key].to_json() for key in METRICS}


# ------------------------------------------------------------ reading the numbers


def few(stat: Stat) -> bool:
    """Too few ratings or tickets to read much into: shown greyed."""
    return not isinstance(stat, CountStat) and 0 < stat.n < FEW


def meets(value: float | None, comparator: str, target: float | None) -> bool | None:
    """Whether a value meets "comparator target"; None when either is missing."""
    if value is None or target is None:
        return None
    return value >= target if comparator == ">=" else value <= target


def position_against(stat: Stat, team_value: float | None) -> str | None:
    """"below" / "above" when the agent's whole interval lies on one side of the team's
    value, "within" when it straddles it; None when there is no interval to judge by
    (times, counts, no data). A lower rate only *looks* worse when it is "within"."""
    if team_value is None or stat.low is None or stat.high is None:
        return None
    if stat.high < team_value:
        return "below"
    if stat.low > team_value:
        return "above"
    return "within"


def p_chart_limits(p_bar: float | None, n: int) -> tuple[float, float] | None:
    """Control limits p̄ ± 3·√(p̄(1−p̄)/n), in percent and clamped to 0..100, for a
    period with n ratings around the team rate p̄ (in percent)."""
    if p_bar is None or n <= 0:
        return None
    p = p_bar / 100.0
    half = 3 * math.sqrt(p * (1 - p) / n)
    return max(0.0, p - half) * 100.0, min(1.0, p + half) * 100.0


def change(current: float | None, previous: float | None) -> float | None:
    """current − previous in the metric's unit (points for rates); None when one is
    missing."""
    if current is None or previous is None:
        return None
    return current - previous


def format_value(key: str, value: float | None) -> str:
    """How a value reads on a tile, a tooltip or the command line."""
    if value is None:
        return "no data"
    info = METRICS[key]
    if info.kind == "rate":
        return f"{value:.1f}%"
    if info.kind == "score":
        return f"{value:+.0f}"
    if info.kind == "time":
        return format_minutes(value)
    if info.kind == "mean":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes}:{seconds:02d}"
    return f"{value:,.0f}"


def format_minutes(minutes: float) -> str:
    if minutes < 60:
        return f"{minutes:.0f} min"
    if minutes < 24 * 60:
        hours, rest = divmod(round(minutes), 60)
        return f"{hours} h {rest:02d}" if rest else f"{hours} h"
    return f"{minutes / 1440:.1f} d"
