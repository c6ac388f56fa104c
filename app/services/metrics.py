"""Metric reports for the dashboard, the agent's Metrics tab and the command line.

One read-only unit of work per call. The counting happens in ``metric_tally`` (SQL), the
arithmetic in ``app.analytics.metrics``; this module puts the pieces together as plain
dataclasses: totals, one row per period, one row per agent, the previous period, the
targets in effect and the time distributions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.analytics.distributions import Histogram, histogram
from app.analytics.metrics import METRICS, TIME_KEYS, Stat, Tally, metric_set
from app.analytics.periods import DateRange, next_period, period_starts, previous_range
from app.analytics.targets import Target, TargetBook
from app.db import SessionFactory
from app.errors import NotFoundError
from app.models import Agent, Team, Ticket, TicketAggregate
from app.services.metric_settings import read_escalation
from app.services.metric_tally import Scope, tally
from app.services.ticket_day_stats import ticket_groups_and_channels
from app.services.targets import read_book

__all__ = ["Scope", "MetricReport", "build_report", "dashboard", "agent_trends",
           "single_metric", "filter_options"]


@dataclass(frozen=True)
class PeriodStats:
    start: date
    end: date  # inclusive, clipped to the scope
    stats: dict[str, Stat]


@dataclass(frozen=True)
class AgentStats:
    agent_id: int | None
    name: str
    team: str | None
    stats: dict[str, Stat]


@dataclass(frozen=True)
class MetricReport:
    scope: Scope
    grain: str | None
    totals: dict[str, Stat]
    series: list[PeriodStats] = field(default_factory=list)
    agents: list[AgentStats] = field(default_factory=list)
    time_counts: dict = field(default_factory=dict)  # metric -> Counter, for histograms


def build_report(session: Session, scope: Scope, *, grain: str | None = None,
                 by_agent: bool = False, times: tuple[str, ...] = TIME_KEYS) -> MetricReport:
    settings = read_escalation(session)
    counted = tally(session, scope, settings, grain=grain, by_agent=by_agent, times=times)
    total, per_period, per_agent = counted.total, counted.periods, counted.agents
    series = []
    if grain:
        for index, start in enumerate(period_starts(scope.start, scope.end, grain)):
            end = min(next_period(start, grain) - timedelta(days=1), scope.end)
            series.append(PeriodStats(max(start, scope.start), end,
                                      metric_set(per_period.get(index, Tally()))))
    agents = []
    if by_agent:
        names = _agent_names(session)
        for agent_id, part in per_agent.items():
            name, team = names.get(agent_id, ("Not on the roster", None))
            agents.append(AgentStats(agent_id, name, team, metric_set(part)))
        agents.sort(key=lambda a: a.name.casefold())
    return MetricReport(scope, grain, metric_set(total), series, agents,
                        {k: total.times[k] for k in TIME_KEYS})


def _agent_names(session: Session) -> dict[int, tuple[str, str | None]]:
    rows = session.execute(select(Agent.id, Agent.full_name, Team.name)
                           .outerjoin(Team, Agent.team_id == Team.id))
    return {agent_id: (name, team) for agent_id, name, team in rows}


def single_metric(session: Session, agent_id: int | None, metric: str, start: date,
                  end: date) -> Stat:
    """One metric for one agent (None = everyone) over [start, end], inclusive."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; known: {', '.join(METRICS)}")
    times = (metric,) if metric in TIME_KEYS else ()
    report = build_report(session, Scope(start, end, agent_id=agent_id), times=times)
    return report.totals[metric]


# ------------------------------------------------------------------ dashboard


@dataclass(frozen=True)
class DashboardData:
    scope: Scope
    previous_scope: Scope
    grain: str
    current: MetricReport
    previous: dict[str, Stat]
    targets: dict[str, Target | None]  # team-wide, in effect on the last day
    target_series: dict[str, list[float | None]]  # per period of current.series
    histograms: dict[str, Histogram]
    has_data: bool


def dashboard(session_factory: SessionFactory, scope: Scope, grain: str = "week"
              ) -> DashboardData:
    """Everything the Dashboard page draws, in one read."""
    before = previous_range(DateRange(scope.start, scope.end))
    previous_scope = replace(scope, start=before.start, end=before.end)
    with session_factory() as session:
        has_data = _has_data(session)
        current = build_report(session, scope, grain=grain, by_agent=True)
        previous = build_report(session, previous_scope).totals
        book = read_book(session)
    return DashboardData(
        scope=scope, previous_scope=previous_scope, grain=grain, current=current,
        previous=previous,
        targets={key: book.for_day(key, scope.end) for key in METRICS},
        target_series=_target_series(book, current.series, None),
        histograms={key: histogram(current.time_counts[key])
                    for key in ("first_reply_minutes", "full_resolution_minutes")},
        has_data=has_data)


def _target_series(book: TargetBook, series: list[PeriodStats], agent_id: int | None
                   ) -> dict[str, list[float | None]]:
    result = {}
    for key in METRICS:
        values = []
        for period in series:
            target = book.for_day(key, period.end, agent_id)
            values.append(target.value if target else None)
        result[key] = values
    return result


def _has_data(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Ticket.id.is_not(None))))
                or session.scalar(select(exists().where(TicketAggregate.id.is_not(None)))))


@dataclass(frozen=True)
class FilterOptions:
    teams: list[str]
    groups: list[str]
    channels: list[str]


def filter_options(session_factory: SessionFactory) -> FilterOptions:
    with session_factory() as session:
        teams = session.scalars(select(Team.name).order_by(Team.name)).all()
        kept = ticket_groups_and_channels(session)
        if kept is not None:
            return FilterOptions(list(teams), sorted(kept[0], key=str.casefold),
                                 sorted(kept[1], key=str.casefold))
        groups = session.scalars(select(Ticket.group_name).distinct()
                                 .where(Ticket.group_name.is_not(None))).all()
        channels = session.scalars(select(Ticket.channel).distinct()
                                   .where(Ticket.channel.is_not(None))).all()
    return FilterOptions(list(teams), sorted(groups, key=str.casefold),
                         sorted(channels, key=str.casefold))


# ------------------------------------------------------------- agent Metrics tab


# The Metrics tab charts the calendar times only (the business-hours ones are on the
# dashboard and the command line), which saves two passes over the team's tickets.
TAB_TIMES = ("first_reply_minutes", "full_resolution_minutes")


@dataclass(frozen=True)
class AgentTrends:
    agent_id: int
    agent_name: str
    grain: str
    agent: MetricReport
    team: MetricReport
    target_series: dict[str, list[float | None]]
    targets: dict[str, Target | None]


def agent_trends(session_factory: SessionFactory, agent_id: int, start: date, end: date,
                 grain: str = "week", team: MetricReport | None = None) -> AgentTrends:
    """The agent's series beside the whole team's, with the agent's targets (their own,
    else the team's). ``team`` is the team's report of the same range and grain when the
    caller kept it from an earlier agent (it does not change between agents)."""
    with session_factory() as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise NotFoundError("That agent no longer exists.")
        name = agent.full_name
        own = build_report(session, Scope(start, end, agent_id=agent_id), grain=grain,
                           times=TAB_TIMES)
        if team is None or (team.scope.start, team.scope.end, team.grain) != (start, end,
                                                                               grain):
            team = build_report(session, Scope(start, end), grain=grain, times=TAB_TIMES)
        book = read_book(session, agent_id)
    return AgentTrends(agent_id, name, grain, own, team,
                       _target_series(book, own.series, agent_id),
                       {key: book.for_day(key, end, agent_id) for key in METRICS})
