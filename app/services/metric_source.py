"""One number for one agent (or the team) over a date range: the seam between coaching
and the metrics.

Goals, plan objectives, probation items and the one-on-one side panel ask for a metric
here. Until the dashboard's metrics module (issue 4) exists this computes the figures
straight from the ticket rows, following METRICS.md exactly: outcome metrics count a
ticket by its solved date, first reply time by its created date; rates are percentages
of the tickets that have the outcome recorded; times are medians. The arithmetic lives in
``app.analytics``; the dashboard should later serve this same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.analytics.objectives import assess, window
from app.analytics.rates import median, percent
from app.models import Agent, Ticket
from app.models.quality import Review
from app.services.quality_stats import agent_iqs

METRIC_NAMES = ("csat", "fcr", "sla", "reopen_rate", "first_reply_median",
                "resolution_median", "iqs")


@dataclass(frozen=True)
class MetricValue:
    value: float
    n: int  # ratings, tickets or reviews behind the value


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00): both dates included."""
    return datetime.combine(start, time()), datetime.combine(end + timedelta(days=1), time())


def metric_value(session: Session, agent_id: int | None, metric: str, start: date,
                 end: date) -> MetricValue | None:
    """The metric for the agent (None = the whole team) over [start, end]; None when no
    ticket or review in the range has the data behind it."""
    if metric == "iqs":
        return _iqs(session, agent_id, start, end)
    low, high = _bounds(start, end)
    by_created = metric == "first_reply_median"
    moment = Ticket.created_at if by_created else Ticket.solved_at
    where = [moment >= low, moment < high]
    if agent_id is not None:
        where.append(Ticket.agent_id == agent_id)
    if metric == "csat":
        return _rate(session, where, Ticket.csat.is_not(None), Ticket.csat == "good")
    if metric == "fcr":
        return _rate(session, where, Ticket.agent_replies.is_not(None), Ticket.agent_replies <= 1)
    if metric == "sla":
        return _rate(session, where, Ticket.sla.is_not(None), Ticket.sla == "met")
    if metric == "reopen_rate":
        return _rate(session, where, Ticket.reopens.is_not(None), Ticket.reopens >= 1)
    if metric in ("first_reply_median", "resolution_median"):
        column = (Ticket.first_reply_minutes if by_created else Ticket.full_resolution_minutes)
        values = list(session.scalars(select(column).where(*where, column.is_not(None))))
        middle = median(values)
        return None if middle is None else MetricValue(middle, len(values))
    raise ValueError(f"unknown metric {metric!r}; known: {', '.join(METRIC_NAMES)}")


def _rate(session: Session, where: list, known, success) -> MetricValue | None:
    total = session.scalar(select(func.count(Ticket.id)).where(*where, known)) or 0
    hits = session.scalar(select(func.count(Ticket.id)).where(*where, known, success)) or 0
    value = percent(hits, total)
    return None if value is None else MetricValue(value, total)


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
    agents = session.scalars(select(Agent.id).where(Agent.status != "departed")).all()
    values = []
    for agent_id in agents:
        if agent_id == exclude_agent:
            continue
        measured = metric_value(session, agent_id, metric, start, end)
        if measured is not None and measured.n >= min_n:
            values.append(measured.value)
    return median(values)


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
