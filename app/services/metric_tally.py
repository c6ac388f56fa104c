"""Counting tickets for the metrics: the SQL half of METRICS.md.

Each definition's *condition* is written here once as a portable SQLAlchemy expression
(a good rating is ``csat = 'good'``, one-touch is ``agent_replies <= 1`` ...); the
database sums them with GROUP BY, so outcome rows never cross into Python. Times come back
as bare (agent, value) tuples, counted into value counts from which ``app.analytics``
takes medians and 90th percentiles exactly. Each period is its own range query on the
indexed date, so no date function (which differs between SQLite and PostgreSQL) is needed.

Outcome metrics count a ticket in the period it was solved, volume and first reply time
by its created date. Per-agent aggregate rows (report exports) are added only where the
agent has no tickets in that period, so the two sources are never counted twice.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from app.analytics.metrics import CREATED_TIME_KEYS, TIME_KEYS, Tally
from app.analytics.periods import bucket_bounds, day_bounds
from app.models import Agent, Team, Ticket, TicketAggregate
from app.services.metric_settings import EscalationSettings
from app.services.ticket_day_stats import day_stats_fresh, day_stats_tally

T = Ticket.__table__.c


@dataclass(frozen=True)
class Scope:
    """Which tickets: a date range (inclusive) and optional filters."""

    start: date
    end: date
    agent_id: int | None = None
    team: str | None = None
    group: str | None = None
    channel: str | None = None


def _one(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def escalated_condition(settings: EscalationSettings):
    """Escalated: the platform's flag, an escalation group, or one of the listed tags."""
    parts = [T.escalated.is_(True)]
    if settings.groups:
        parts.append(func.lower(T.group_name).in_([g.casefold() for g in settings.groups]))
    if settings.tags:
        lined = func.lower(literal("\n") + T.tags + literal("\n"))
        parts += [lined.like(f"%\n{_like_escape(tag.casefold())}\n%", escape="\\")
                  for tag in settings.tags]
    return or_(*parts)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def escalation_known(settings: EscalationSettings):
    """A ticket has an escalation outcome when the platform exported the flag, or when
    the manager has named groups or tags (then every ticket can be judged)."""
    return literal(True) if settings.configured else T.escalated.is_not(None)


def _outcome_columns(settings: EscalationSettings) -> list:
    """One SUM / COUNT per ``Tally`` counter of the solved tickets, in this order."""
    return [
        func.count().label("solved"),
        _one(T.csat == "good").label("csat_good"),
        func.count(T.csat).label("csat_rated"),
        _one(and_(T.nps >= 9, T.nps <= 10)).label("nps_promoters"),
        _one(and_(T.nps >= 0, T.nps <= 6)).label("nps_detractors"),
        _one(and_(T.nps >= 0, T.nps <= 10)).label("nps_rated"),
        _one(T.agent_replies <= 1).label("one_touch"),
        func.count(T.agent_replies).label("replies_known"),
        _one(T.sla == "met").label("sla_met"),
        func.count(T.sla).label("sla_known"),
        _one(T.reopens >= 1).label("reopened"),
        func.count(T.reopens).label("reopens_known"),
        _one(escalated_condition(settings)).label("escalated"),
        _one(escalation_known(settings)).label("escalation_known"),
        func.coalesce(func.sum(T.handle_seconds), 0.0).label("handle_sum"),
        func.count(T.handle_seconds).label("handle_n"),
    ]


def _plain_rows(session: Session, query) -> list[tuple]:
    """Plain tuples straight from the driver. These columns (ids and floats) need no
    conversion, and skipping SQLAlchemy's row objects nearly halves a big read."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _filters(scope: Scope, moment, low: datetime, high: datetime) -> list:
    where = [moment >= low, moment < high]
    if scope.agent_id is not None:
        where.append(T.agent_id == scope.agent_id)
    if scope.team is not None:
        where.append(T.agent_id.in_(select(Agent.id).join(Team, Agent.team_id == Team.id)
                                    .where(Team.name == scope.team)))
    if scope.group is not None:
        where.append(T.group_name == scope.group)
    if scope.channel is not None:
        where.append(T.channel == scope.channel)
    return where


@dataclass
class Tallies:
    """The counts of one request: the total, one tally per period (with a grain) and one
    per agent (when asked; agent None = tickets of no roster agent)."""

    total: Tally
    periods: dict[int, Tally]
    agents: dict[int | None, Tally]


def tally(session: Session, scope: Scope, settings: EscalationSettings, *,
          grain: str | None = None, by_agent: bool = False,
          times: tuple[str, ...] = TIME_KEYS) -> Tallies:
    """Counts per period and per agent.

    Each period is read with its own range query (the index on the date gives it
    directly; a CASE over the period bounds costs more than the query itself):

    1. solved in the period, GROUP BY agent: every outcome counter (a few rows);
    2. created in the period: (agent, first reply times) rows, which give the volume and
       the first reply values;
    3. solved in the period: (agent, resolution times) rows, for their values.

    Rows of 2 and 3 come back as plain tuples and are counted with ``Counter`` (C speed);
    no date crosses into Python. Only the time metrics named in ``times`` are fetched.
    """
    bounds = bucket_bounds(scope.start, scope.end, grain) if grain else []
    if (scope.group is None and scope.channel is None and not settings.configured
            and day_stats_fresh(session)):  # the day summary holds all of it
        result = Tallies(*day_stats_tally(
            session, scope.start, scope.end, bounds if grain else None, agent_id=scope.agent_id,
            team=scope.team, by_agent=by_agent, times=times))
        dimensions = (["period"] if grain else []) + (["agent"] if by_agent else [])
        _add_aggregates(session, scope, bounds, dimensions, result)
        return result
    low, high = day_bounds(scope.start, scope.end)
    edges = [low, *bounds, high]
    result = Tallies(Tally(), defaultdict(Tally), defaultdict(Tally))
    columns = _outcome_columns(settings)
    names = [c.name for c in columns]
    created_times = [k for k in times if k in CREATED_TIME_KEYS]
    solved_times = [k for k in times if k not in CREATED_TIME_KEYS]
    agent_values: dict[str, list] = defaultdict(list)  # over all periods, for per agent
    for period, (start, stop) in enumerate(zip(edges, edges[1:])):
        whole = result.periods[period] if grain else result.total
        agent = T.agent_id if by_agent else literal(None)
        query = select(agent.label("agent"), *columns).where(
            *_filters(scope, T.solved_at, start, stop))
        if by_agent:
            query = query.group_by(T.agent_id)
        for agent_id, *sums in session.execute(query):
            targets = [whole, result.agents[agent_id]] if by_agent else [whole]
            for part in targets:
                for name, amount in zip(names, sums):
                    setattr(part, name, getattr(part, name) + (amount or 0))

        for moment, wanted in ((T.created_at, created_times), (T.solved_at, solved_times)):
            by_created = moment is T.created_at
            where = _filters(scope, moment, start, stop)
            if not wanted:
                if by_created:  # the volume only: a COUNT is enough
                    query = select(agent.label("agent"), func.count()).where(*where)
                    if by_agent:
                        query = query.group_by(T.agent_id)
                    for agent_id, count in session.execute(query):
                        whole.created += count
                        if by_agent:
                            result.agents[agent_id].created += count
                continue
            if not by_agent:  # value counts straight from the database: fewer rows
                _count_values(session, whole, wanted, where, by_created)
                continue
            if not by_created:
                where.append(or_(*[T[k].is_not(None) for k in wanted]))
            rows = _plain_rows(session, select(T.agent_id, *[T[k] for k in wanted])
                               .where(*where))
            if not rows:
                continue
            agents, *values = zip(*rows)
            if by_created:
                whole.created += len(rows)
                if by_agent:
                    for agent_id, count in Counter(agents).items():
                        result.agents[agent_id].created += count
            for name, column in zip(wanted, values):
                whole.times[name].update(column)
                if by_agent:
                    agent_values[name].append((agents, column))
    for name, chunks in agent_values.items():
        pairs = Counter()
        for agents, column in chunks:
            pairs.update(zip(agents, column))
        for (agent_id, value), count in pairs.items():
            result.agents[agent_id].times[name][value] += count
    if grain:
        for part in result.periods.values():
            result.total.add(part)
    for part in [result.total, *result.periods.values(), *result.agents.values()]:
        for counter in part.times.values():
            counter.pop(None, None)  # a ticket without that time is not a value

    if scope.group is None and scope.channel is None:
        dimensions = (["period"] if grain else []) + (["agent"] if by_agent else [])
        _add_aggregates(session, scope, bounds, dimensions, result)
    return result


def _count_values(session: Session, whole: Tally, wanted: list[str], where: list,
                  by_created: bool) -> None:
    """GROUP BY each time column: a period's value counts as (value, count) rows. The
    first of the created columns also gives the volume (its NULL group included)."""
    for index, name in enumerate(wanted):
        column = T[name]
        volume = by_created and index == 0
        conditions = where if volume else [*where, column.is_not(None)]
        for value, count in _plain_rows(session, select(column, func.count())
                                        .where(*conditions).group_by(column)):
            if volume:
                whole.created += count
            if value is not None:
                whole.times[name][value] += count


# ------------------------------------------------------------------ aggregates


def _add_aggregates(session: Session, scope: Scope, bounds: list[datetime],
                    dimensions: list[str], result: Tallies) -> None:
    """Adds report figures whose whole period lies in the scope, where no ticket of the
    same agent (or, for a team-level row, no ticket at all) falls in that period. A
    team-level row is left out when the same import period also has per-agent rows."""
    A = TicketAggregate
    query = select(A.agent_id, A.assignee_key, A.platform, A.period_start, A.period_end,
                   A.metric, A.value, A.count).where(
        A.period_start >= scope.start, A.period_end <= scope.end)
    if scope.agent_id is not None:
        query = query.where(A.agent_id == scope.agent_id)
    if scope.team is not None:
        query = query.where(A.agent_id.in_(select(Agent.id).join(Team, Agent.team_id == Team.id)
                                           .where(Team.name == scope.team)))
    rows = session.execute(query).all()
    if not rows:
        return
    by_row: dict[tuple, dict[str, tuple[float | None, int | None]]] = defaultdict(dict)
    for agent_id, key, platform, start, end, metric, value, count in rows:
        by_row[(agent_id, key, platform, start, end)][metric] = (value, count)
    per_agent_periods = {(p, s, e) for (_, key, p, s, e) in by_row if key}
    for (agent_id, key, platform, start, end), figures in by_row.items():
        if not key and (platform, start, end) in per_agent_periods:
            continue
        if _has_tickets(session, agent_id, key, start, end):
            continue
        moment = datetime.combine(start, datetime.min.time())
        for dimension in dimensions:
            if dimension == "period":
                result.periods[bisect.bisect_right(bounds, moment)].add(
                    aggregate_tally(figures))
            else:
                result.agents[agent_id].add(aggregate_tally(figures))
        result.total.add(aggregate_tally(figures))


def _has_tickets(session: Session, agent_id: int | None, key: str, start: date,
                 end: date) -> bool:
    low, high = day_bounds(start, end)
    who = [] if not key else [T.agent_id == agent_id] if agent_id is not None else [
        T.agent_id.is_(None), func.lower(T.assignee) == key]
    for moment in (T.solved_at, T.created_at):
        hit = session.execute(select(T.id).where(*who, moment >= low, moment < high)
                              .limit(1)).first()
        if hit is not None:
            return True
    return False


def aggregate_tally(figures: dict[str, tuple[float | None, int | None]]) -> Tally:
    """One agent-period's report figures as tally counts. Percentages need the number
    they are a share of: ``% SLA`` and ``% one-touch`` use the solved tickets; CSAT needs
    the good and bad rating counts (a CSAT % without them has no n and is left out). A
    reported median or mean time stands for the tickets it covers."""
    def value(name: str) -> float | None:
        return figures[name][0] if name in figures else None

    t = Tally()
    solved = value("tickets_solved")
    created = value("tickets_created")
    if created is None:
        created = value("tickets")
    t.solved = int(solved or 0)
    t.created = int(created or 0)
    good, bad = value("good_ratings"), value("bad_ratings")
    if good is not None and bad is not None:
        t.csat_good, t.csat_rated = int(good), int(good + bad)
    if solved:
        one_touch = value("one_touch_tickets")
        if one_touch is None and value("one_touch_percent") is not None:
            one_touch = round(value("one_touch_percent") * solved / 100)
        if one_touch is not None:
            t.one_touch, t.replies_known = int(one_touch), int(solved)
        if value("sla_percent") is not None:
            t.sla_met, t.sla_known = round(value("sla_percent") * solved / 100), int(solved)
    weight = int(solved or created or 0)
    for name in TIME_KEYS:
        reported = value(name)
        if reported is not None:
            count = figures[name][1] or weight or 1
            t.times[name][reported] += count
    if value("handle_seconds") is not None:
        count = figures["handle_seconds"][1] or weight or 1
        t.handle_sum, t.handle_n = value("handle_seconds") * count, count
    return t
