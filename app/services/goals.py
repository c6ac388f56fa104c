"""Per-agent goals, with progress computed from the data when a metric is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics.objectives import COMPARATORS, describe, progress
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.ingest.normalize import clean_text
from app.models import Agent
from app.models.coaching import GOAL_STATUSES, Goal
from app.services.metric_source import METRIC_NAMES, measure_target

GOAL_STATUS_LABELS = {"open": "Open", "achieved": "Achieved", "missed": "Missed",
                      "dropped": "Dropped"}


@dataclass(frozen=True)
class GoalInput:
    text: str
    metric: str | None = None
    comparator: str | None = None
    target: float | None = None
    window_days: int | None = None
    due: date | None = None


@dataclass(frozen=True)
class GoalRow:
    id: int
    agent_id: int
    text: str
    target_text: str  # "CSAT ≥ 85% over the last 30 days", "" without a metric
    metric: str | None
    due: date | None
    status: str
    value: float | None  # measured today; None without metric or data
    n: int
    met: bool | None
    progress: float | None  # 0..1

    @property
    def status_label(self) -> str:
        return GOAL_STATUS_LABELS.get(self.status, self.status)


def check_target(metric: str | None, comparator: str | None, target: float | None,
                 window_days: int | None) -> None:
    """The same rules for goals and plan objectives: a metric needs the rest."""
    if not metric:
        return
    if metric not in METRIC_NAMES:
        raise BadInputError(f"Unknown metric '{metric}'; use one of {', '.join(METRIC_NAMES)}.")
    if comparator not in COMPARATORS:
        raise BadInputError("A metric target needs a comparator: >=, <=, > or <.")
    if target is None:
        raise BadInputError("A metric target needs a target value (for example 85).")
    if window_days is not None and not 1 <= window_days <= 366:
        raise BadInputError("The window is between 1 and 366 days.")


def add_goal(session_factory: SessionFactory, agent_id: int, data: GoalInput, *,
             today: date) -> int:
    with session_factory.begin() as session:
        return add_goal_in(session, agent_id, data, today=today)


def add_goal_in(session: Session, agent_id: int, data: GoalInput, *, today: date) -> int:
    text = clean_text(data.text) or ""
    if not text:
        raise BadInputError("A goal needs some text: what should be achieved?")
    check_target(data.metric, data.comparator, data.target, data.window_days)
    if session.get(Agent, agent_id) is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    goal = Goal(agent_id=agent_id, text=text, metric=data.metric or None,
                comparator=data.comparator if data.metric else None,
                target=data.target if data.metric else None,
                window_days=(data.window_days or 30) if data.metric else None,
                due=data.due, status="open", created_on=today)
    session.add(goal)
    session.flush()
    return goal.id


def set_goal_status(session_factory: SessionFactory, goal_id: int, status: str) -> None:
    if status not in GOAL_STATUSES:
        raise BadInputError(f"Unknown goal status '{status}'.")
    with session_factory.begin() as session:
        goal = session.get(Goal, goal_id)
        if goal is None:
            raise NotFoundError("That goal no longer exists; refresh the page.")
        goal.status = status


def list_goals(session_factory: SessionFactory, agent_id: int, *, today: date,
               open_only: bool = False) -> list[GoalRow]:
    with session_factory() as session:
        return goals_in(session, agent_id, today=today, open_only=open_only)


def goals_in(session: Session, agent_id: int, *, today: date, open_only: bool = False
             ) -> list[GoalRow]:
    query = select(Goal).where(Goal.agent_id == agent_id)
    if open_only:
        query = query.where(Goal.status == "open")
    rows = []
    for goal in session.scalars(query.order_by(Goal.status != "open", Goal.due, Goal.id)):
        value = met = share = None
        n = 0
        if goal.metric:
            measured = measure_target(session, agent_id, metric=goal.metric,
                                      comparator=goal.comparator, target=goal.target,
                                      as_of=today, window_days=goal.window_days)
            value, n, met = measured.value, measured.n, measured.met
            share = progress(value, goal.comparator or ">=", goal.target)
        rows.append(GoalRow(goal.id, agent_id, goal.text,
                            describe(goal.metric, goal.comparator, goal.target,
                                     goal.window_days),
                            goal.metric, goal.due, goal.status, value, n, met, share))
    return rows
