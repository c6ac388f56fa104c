"""One number for one agent (or the team) over a date range: the seam between coaching
and the metrics.

Goals, plan objectives, probation items and the one-on-one side panel ask for a metric
here by a short name. Ticket metrics come from the dashboard's own counting
(``app.services.metric_tally`` + ``app.analytics.metrics``), so a number in a plan is the
number on the dashboard: outcome metrics by solved date, first reply time by created date,
rates over the tickets with the outcome recorded, medians for times (METRICS.md). IQS comes
from the QA module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.analytics.metrics import metric_set
from app.analytics.objectives import assess, window
from app.analytics.rates import median
from app.models import Agent
from app.models.quality import Review
from app.services.metric_settings import read_escalation
from app.services.metric_tally import Scope, tally
from app.services.quality_stats import agent_iqs

METRIC_NAMES = ("csat", "fcr", "sla", "reopen_rate", "first_reply_median",
                "resolution_median", "iqs")
# Our short names -> the dashboard's metric keys.
DASHBOARD_KEYS = {"csat": "csat", "fcr": "fcr", "sla": "sla", "reopen_rate": "reopen_rate",
                  "first_reply_median": "first_reply_minutes",
                  "resolution_median": "full_resolution_minutes"}


@dataclass(frozen=True)
class MetricValue:
    value: float
    n: int  # ratings, tickets or reviews behind the value


def metric_value(session: Session, agent_id: int | None, metric: str, start: date,
                 end: date) -> MetricValue | None:
    """The metric for the agent (None = the whole team) over [start, end]; None when no
    ticket or review in the range has the data behind it."""
    if metric == "iqs":
        return _iqs(session, agent_id, start, end)
    key = DASHBOARD_KEYS.get(metric)
    if key is None:
        raise ValueError(f"unknown metric {metric!r}; known: {', '.join(METRIC_NAMES)}")
    counted = tally(session, Scope(start, end, agent_id=agent_id), read_escalation(session),
                    times=_times(key)).total
    return _from_tally(counted, key)


def _times(key: str) -> tuple[str, ...]:
    return (key,) if key.endswith("_minutes") else ()


def _from_tally(counted, key: str) -> MetricValue | None:
    stat = metric_set(counted)[key]
    if stat.value is None or not stat.n:
        return None
    return MetricValue(float(stat.value), int(stat.n))


def _iqs(session: Session, agent_id: int | None, start: date, end: date) -> MetricValue | None:
    if agent_id is not None:
        value, count = agent_iqs(session, agent_id, start, end)
    else:  # the team: every counted review (final, not calibration), as agent_iqs counts
        value, count = session.execute(
            select(func.avg(Review.score), func.count(Review.id))
            .where(Review.status == "final", Review.kind == "standard",
                   Review.score.is_not(None),
                   Review.review_date >= start, Review.review_date <= end)).one()
    if value is None or not count:
        return None
    return MetricValue(float(value), int(count))


def team_median(session: Session, metric: str, start: date, end: date, *,
                exclude_agent: int | None = None, min_n: int = 1) -> float | None:
    """The median over active agents of their own values (each with at least ``min_n``
    behind it): what "CSAT ≥ team median" compares with."""
    agents = [agent_id for agent_id in session.scalars(
        select(Agent.id).where(Agent.status != "departed")) if agent_id != exclude_agent]
    key = DASHBOARD_KEYS.get(metric)
    if key is not None:  # one pass over the tickets, counted per agent
        per_agent = tally(session, Scope(start, end), read_escalation(session),
                          by_agent=True, times=_times(key)).agents
        found = [_from_tally(per_agent[a], key) for a in agents if a in per_agent]
    else:
        found = [metric_value(session, agent_id, metric, start, end) for agent_id in agents]
    return median([m.value for m in found if m is not None and m.n >= min_n])


@dataclass(frozen=True)
class Measured:
    """A target measured on a day: the value, how many stood behind it, the target it was
    compared with (a team median is resolved to a number) and the verdict."""

    value: float | None
    n: int
    target: float | None
    met: bool | None
    reason: str


def measure_target(session: Session, agent_id: int, *, metric: str, comparator: str | None,
                   target: float | None, as_of: date, window_days: int | None,
                   since: date | None = None, min_count: int | None = None,
                   target_kind: str | None = None) -> Measured:
    """Evaluate "metric comparator target over the window" for one agent on ``as_of``.

    Without a window the range runs from ``since`` (a plan's start) to ``as_of``.
    """
    if window_days:
        start, end = window(as_of, window_days)
    else:
        start, end = (since or as_of - timedelta(days=29)), as_of
    measured = metric_value(session, agent_id, metric, start, end)
    if target_kind == "team_median":
        target = team_median(session, metric, start, end, exclude_agent=agent_id)
    value, n = (measured.value, measured.n) if measured else (None, 0)
    verdict = assess(value, n, comparator or ">=", target, min_count)
    return Measured(value, n, target, verdict.met, verdict.reason)
