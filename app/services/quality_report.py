"""IQS, pass rate, per-agent and per-criterion figures and the trend over a period.

Counts final reviews of kind ``standard`` only (calibration reviews never count). The
per-criterion breakdown uses the real criterion scores, not the auto-fail zeroing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.analytics.qa_scores import (
    CriterionStat,
    criterion_breakdown,
    criterion_score,
    iqs,
    pass_rate,
)
from app.db import SessionFactory
from app.models import Agent
from app.models.quality import Review, ScorecardCriterion, ScorecardVersion


@dataclass(frozen=True)
class AgentQuality:
    agent_id: int
    name: str
    team: str
    iqs: float | None
    reviews: int
    pass_rate: float | None
    weakest: str  # the agent's lowest criterion ("" with no ratings)


@dataclass(frozen=True)
class TrendPoint:
    start: date
    iqs: float | None
    reviews: int


@dataclass(frozen=True)
class CriterionRow:
    stat: CriterionStat
    lowest_agents: tuple[tuple[str, float, int], ...]  # (name, average, rated), worst first


@dataclass
class QualityOverview:
    start: date
    end: date
    iqs: float | None
    reviews: int
    pass_rate: float | None
    threshold: float  # of the scorecard most reviews used, for the trend's line
    per_agent: list[AgentQuality] = field(default_factory=list)
    per_team: dict[str, tuple[float | None, int]] = field(default_factory=dict)
    per_criterion: list[CriterionRow] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    trend_unit: str = "month"

    def as_json(self) -> dict:
        """The shape of ``qa iqs --json`` (scores in percent, rounded to 0.1)."""
        return {
            "iqs": _round(self.iqs), "reviews": self.reviews,
            "pass_rate": _round(self.pass_rate),
            "per_agent": {a.name: {"iqs": _round(a.iqs), "reviews": a.reviews}
                          for a in self.per_agent},
            "per_criterion": {row.stat.name: {"average": _round(row.stat.average),
                                              "rated": row.stat.rated}
                              for row in self.per_criterion},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def period_buckets(start: date, end: date) -> tuple[str, list[date]]:
    """Weeks (Mondays) for periods up to ~4 months, calendar months beyond."""
    if (end - start).days <= 120:
        first = start - timedelta(days=start.weekday())
        return "week", [first + timedelta(weeks=i)
                        for i in range((end - first).days // 7 + 1)]
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return "month", months


def _bucket(day: date, unit: str) -> date:
    return day - timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)


def quality_overview(session_factory: SessionFactory, start: date, end: date, *,
                     agent_id: int | None = None, team: str | None = None) -> QualityOverview:
    with session_factory() as session:
        query = (select(Review)
                 .where(Review.status == "final", Review.kind == "standard",
                        Review.review_date >= start, Review.review_date <= end)
                 .options(selectinload(Review.ratings),
                          selectinload(Review.version).selectinload(ScorecardVersion.criteria)))
        if agent_id is not None:
            query = query.where(Review.agent_id == agent_id)
        reviews = session.scalars(query).all()
        agents = {a.id: a for a in session.scalars(
            select(Agent).options(selectinload(Agent.team)))}
        if team:
            reviews = [r for r in reviews
                       if agents[r.agent_id].team and agents[r.agent_id].team.name == team]
        criteria: dict[int, ScorecardCriterion] = {
            c.id: c for r in reviews for c in r.version.criteria}
        return _overview(start, end, reviews, agents, criteria)


def _overview(start, end, reviews, agents, criteria) -> QualityOverview:
    thresholds: dict[float, int] = {}
    for r in reviews:
        thresholds[r.version.pass_threshold] = thresholds.get(r.version.pass_threshold, 0) + 1
    threshold = max(thresholds, key=thresholds.get) if thresholds else 85.0
    overview = QualityOverview(
        start, end, iqs(r.score for r in reviews), sum(1 for r in reviews if r.score is not None),
        pass_rate((r.score, r.version.pass_threshold) for r in reviews), threshold)
    by_agent: dict[int, list[Review]] = {}
    for r in reviews:
        by_agent.setdefault(r.agent_id, []).append(r)
    ratings = [(r.agent_id, criteria[x.criterion_id].name,
                criterion_score(x.value, criteria[x.criterion_id].scale))
               for r in reviews for x in r.ratings if x.value is not None and not x.na]
    for agent_id, items in by_agent.items():
        agent = agents[agent_id]
        stats = criterion_breakdown((n, s) for a, n, s in ratings if a == agent_id)
        worst = min(stats.values(), key=lambda s: (s.average, s.name), default=None)
        overview.per_agent.append(AgentQuality(
            agent_id, agent.full_name, agent.team.name if agent.team else "",
            iqs(r.score for r in items), len(items),
            pass_rate((r.score, r.version.pass_threshold) for r in items),
            worst.name if worst and worst.average < 100 else ""))
    overview.per_agent.sort(key=lambda a: a.name.lower())
    teams: dict[str, list[Review]] = {}
    for r in reviews:
        team = agents[r.agent_id].team
        teams.setdefault(team.name if team else "No team", []).append(r)
    overview.per_team = {name: (iqs(r.score for r in items), len(items))
                         for name, items in sorted(teams.items())}
    stats = criterion_breakdown((n, s) for _, n, s in ratings)
    for stat in sorted(stats.values(), key=lambda s: (s.average, s.name)):
        per_agent: dict[int, list[float]] = {}
        for a, n, s in ratings:
            if n == stat.name:
                per_agent.setdefault(a, []).append(s)
        lowest = sorted(((agents[a].full_name, sum(v) / len(v), len(v))
                         for a, v in per_agent.items()), key=lambda t: (t[1], t[0]))
        overview.per_criterion.append(CriterionRow(stat, tuple(lowest[:3])))
    unit, buckets = period_buckets(start, end)
    overview.trend_unit = unit
    grouped: dict[date, list[float]] = {}
    for r in reviews:
        if r.score is not None:
            grouped.setdefault(_bucket(r.review_date, unit), []).append(r.score)
    overview.trend = [TrendPoint(b, iqs(grouped.get(b, [])), len(grouped.get(b, [])))
                      for b in buckets]
    return overview
