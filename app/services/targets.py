"""Metric targets: team-wide or per agent, each from an effective date (issue 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics.metrics import METRICS
from app.analytics.targets import Target, TargetBook
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.models import Agent
from app.models.targets import MetricTarget

LIMITS = {"rate": (0.0, 100.0), "score": (-100.0, 100.0), "time": (0.0, 525600.0),
          "mean": (0.0, 86400.0), "count": (0.0, 1e9)}


@dataclass(frozen=True)
class TargetRow:
    target: Target
    agent_name: str | None  # None = whole team


def read_book(session: Session, agent_id: int | None = None) -> TargetBook:
    """Team-wide targets, plus one agent's own when ``agent_id`` is given."""
    query = select(MetricTarget)
    if agent_id is None:
        query = query.where(MetricTarget.agent_id.is_(None))
    else:
        query = query.where((MetricTarget.agent_id.is_(None))
                            | (MetricTarget.agent_id == agent_id))
    return TargetBook(_target(row) for row in session.scalars(query))


def read_all(session: Session) -> TargetBook:
    return TargetBook(_target(row) for row in session.scalars(select(MetricTarget)))


def _target(row: MetricTarget) -> Target:
    return Target(row.metric, row.comparator, row.value, row.effective_from, row.agent_id,
                  row.id)


def list_targets(session_factory: SessionFactory) -> list[TargetRow]:
    with session_factory() as session:
        rows = session.execute(
            select(MetricTarget, Agent.full_name).outerjoin(Agent, MetricTarget.agent_id
                                                            == Agent.id)).all()
        result = [TargetRow(_target(t), name) for t, name in rows]
    order = list(METRICS)
    return sorted(result, key=lambda r: (order.index(r.target.metric) if r.target.metric in
                                         order else 99, r.agent_name or "",
                                         r.target.effective_from))


def save_target(session_factory: SessionFactory, metric: str, comparator: str, value: float,
                effective_from: date, agent_id: int | None = None) -> Target:
    """Add a target; one already set for the same metric, scope and date is replaced."""
    if metric not in METRICS:
        raise BadInputError(f"Unknown metric {metric!r}; choose one of {', '.join(METRICS)}.")
    if comparator not in (">=", "<="):
        raise BadInputError("The comparison must be >= (at least) or <= (at most).")
    low, high = LIMITS[METRICS[metric].kind]
    if not low <= value <= high:
        raise BadInputError(f"A target for {METRICS[metric].title} must lie between "
                            f"{low:g} and {high:g}; {value:g} does not.")
    with session_factory.begin() as session:
        if agent_id is not None and session.get(Agent, agent_id) is None:
            raise NotFoundError("That agent no longer exists; choose another.")
        row = session.scalars(select(MetricTarget).where(
            MetricTarget.metric == metric, MetricTarget.effective_from == effective_from,
            MetricTarget.agent_id.is_(None) if agent_id is None
            else MetricTarget.agent_id == agent_id)).first()
        if row is None:
            row = MetricTarget(metric=metric, agent_id=agent_id)
            session.add(row)
        row.comparator, row.value, row.effective_from = comparator, float(value), effective_from
        session.flush()
        return _target(row)


def delete_target(session_factory: SessionFactory, target_id: int) -> None:
    with session_factory.begin() as session:
        row = session.get(MetricTarget, target_id)
        if row is None:
            raise NotFoundError("That target was already removed.")
        session.delete(row)
