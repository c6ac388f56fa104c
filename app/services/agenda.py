"""What the manager needs around a one-on-one: this week across the team, the next
agenda for one agent (Markdown or JSON for the command line), and the side panel.

Everything here only reads. Private notes are never part of an agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics.objectives import METRICS, format_value
from app.db import SessionFactory
from app.errors import NotFoundError
from app.models import Agent
from app.models.coaching import Meeting, OneOnOneSchedule
from app.models.plans import Plan, PlanCheckIn
from app.services import plans as plan_service
from app.services.action_items import ActionItemRow, open_items
from app.services.goals import GoalRow, goals_in
from app.services.metric_source import metric_value
from app.services.one_on_ones import CADENCE_LABELS, DEFAULT_CADENCE, planned_meeting_id
from app.services.quality_stats import ReviewSummary, latest_reviews
from app.services.talking_points import TalkingPointRow, open_points

SIDE_METRICS = ("csat", "fcr", "sla", "first_reply_median", "iqs")
PERIOD_DAYS = 30


def week_bounds(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``today`` (weeks start on Monday)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class WeekItem:
    """One line of "this week": a one-on-one or a plan date."""

    kind: str  # "one_on_one", "plan_checkin", "plan_end", "probation_end"
    state: str  # "overdue", "due", "done", "planned"
    day: date | None
    agent_id: int
    agent_name: str
    detail: str
    meeting_id: int | None = None
    plan_id: int | None = None


def this_week(session_factory: SessionFactory, today: date) -> list[WeekItem]:
    """One-on-ones overdue, due this week and done this week across the team, plus plan
    check-ins and plan or probation ends falling in this week (or overdue)."""
    monday, sunday = week_bounds(today)
    items: list[WeekItem] = []
    with session_factory() as session:
        agents = session.scalars(select(Agent).where(Agent.status == "active")
                                 .order_by(Agent.full_name)).all()
        schedules = {s.agent_id: s for s in session.scalars(select(OneOnOneSchedule))}
        held = session.execute(select(Meeting).where(
            Meeting.status == "held", Meeting.meeting_date >= monday,
            Meeting.meeting_date <= sunday)).scalars().all()
        held_by_agent = {m.agent_id: m for m in held}
        planned = {m.agent_id: m for m in session.scalars(
            select(Meeting).where(Meeting.status == "planned"))}
        for agent in agents:
            meeting = held_by_agent.get(agent.id)
            draft = planned.get(agent.id)
            if meeting is not None:
                items.append(WeekItem("one_on_one", "done", meeting.meeting_date, agent.id,
                                      agent.full_name, "Held", meeting.id))
                continue
            schedule = schedules.get(agent.id)
            due = draft.meeting_date if draft else (schedule.next_date if schedule else None)
            cadence = schedule.cadence if schedule else DEFAULT_CADENCE
            if due is None:
                items.append(WeekItem("one_on_one", "due", None, agent.id, agent.full_name,
                                      "No one-on-one scheduled yet"))
                continue
            if due > sunday:
                continue
            label = f"1:1 {CADENCE_LABELS[cadence].lower()}"
            state = "overdue" if due < today else "due"
            items.append(WeekItem("one_on_one", state, due, agent.id, agent.full_name,
                                  label, draft.id if draft else None))
        items += _plan_dates(session, today, monday, sunday)
    order = {"overdue": 0, "due": 1, "planned": 2, "done": 3}
    return sorted(items, key=lambda i: (order[i.state], i.day or date.min, i.agent_name))


def _plan_dates(session: Session, today: date, monday: date, sunday: date) -> list[WeekItem]:
    items = []
    rows = session.execute(
        select(PlanCheckIn, Plan, Agent).join(Plan, PlanCheckIn.plan_id == Plan.id)
        .join(Agent, Plan.agent_id == Agent.id)
        .where(Plan.status.in_(("active", "extended")), PlanCheckIn.held_on.is_(None),
               PlanCheckIn.scheduled_on <= sunday)).all()
    for checkin, plan, agent in rows:
        state = "overdue" if checkin.scheduled_on < today else "due"
        items.append(WeekItem("plan_checkin", state, checkin.scheduled_on, agent.id,
                              agent.full_name, "Plan check-in",
                              plan_id=plan.id))
    for plan, agent in session.execute(
            select(Plan, Agent).join(Agent, Plan.agent_id == Agent.id)
            .where(Plan.status.in_(("active", "extended")), Plan.end_date <= sunday)).all():
        state = "overdue" if plan.end_date < today else "due"
        kind = "probation_end" if plan.kind == "probation" else "plan_end"
        items.append(WeekItem(kind, state, plan.end_date, agent.id, agent.full_name,
                              "Probation ends: sign off" if plan.kind == "probation"
                              else "Plan ends: decide the outcome",
                              plan_id=plan.id))
    return items


# ---------------------------------------------------------------------- side panel


@dataclass(frozen=True)
class Figure:
    metric: str
    label: str
    agent: str  # formatted, "no data yet" when none
    agent_n: int
    team: str


@dataclass(frozen=True)
class SidePanel:
    period: tuple[date, date]
    figures: tuple[Figure, ...]
    reviews: tuple[ReviewSummary, ...]
    goals: tuple[GoalRow, ...]
    plan: plan_service.PlanSummary | None
    probation: plan_service.PlanSummary | None


def figures(session: Session, agent_id: int, start: date, end: date) -> list[Figure]:
    rows = []
    for metric in SIDE_METRICS:
        mine = metric_value(session, agent_id, metric, start, end)
        team = metric_value(session, None, metric, start, end)
        rows.append(Figure(metric, METRICS[metric][0],
                           format_value(metric, mine.value if mine else None),
                           mine.n if mine else 0,
                           format_value(metric, team.value if team else None)))
    return rows


def side_panel(session_factory: SessionFactory, agent_id: int, as_of: date) -> SidePanel:
    """The agent's last 30 days against the team, latest QA reviews, open goals and any
    running plan or probation: read-only context for the meeting."""
    start = as_of - timedelta(days=PERIOD_DAYS - 1)
    with session_factory() as session:
        return SidePanel((start, as_of), tuple(figures(session, agent_id, start, as_of)),
                         tuple(latest_reviews(session, agent_id, limit=3)),
                         tuple(goals_in(session, agent_id, today=as_of, open_only=True)),
                         _running(session, agent_id, "pip", as_of),
                         _running(session, agent_id, "probation", as_of))


def _running(session: Session, agent_id: int, kind: str, as_of: date
             ) -> plan_service.PlanSummary | None:
    plan_id = plan_service.active_plan_id(session, agent_id, kind)
    if plan_id is None:
        return None
    return plan_service.summarize(session, session.get(Plan, plan_id), as_of)


# ---------------------------------------------------------------------- next agenda


@dataclass(frozen=True)
class Agenda:
    agent: str
    date: date
    talking_points: tuple[TalkingPointRow, ...]
    action_items: tuple[ActionItemRow, ...]
    panel: SidePanel
    agenda_items: tuple[str, ...]


def next_agenda(session_factory: SessionFactory, agent_id: int, today: date) -> Agenda:
    """The agenda of the agent's next one-on-one (the planned one, else the scheduled
    date, else today)."""
    with session_factory() as session:
        agent = session.get(Agent, agent_id)
        if agent is None:
            raise NotFoundError(f"Agent #{agent_id} no longer exists.")
        meeting_id = planned_meeting_id(session, agent_id)
        meeting = session.get(Meeting, meeting_id) if meeting_id else None
        schedule = session.get(OneOnOneSchedule, agent_id)
        # an overdue one-on-one happens today at the earliest
        day = (meeting.meeting_date if meeting else
               max(schedule.next_date, today) if schedule and schedule.next_date else today)
        points = tuple(p for p in open_points(session, agent_id, meeting_id)
                       if not p.discussed)
        items = tuple(open_items(session, agent_id, max(day, today)))
        name = agent.full_name
        agenda_items = tuple(meeting.agenda.splitlines()) if meeting else ()
    return Agenda(name, day, points, items, side_panel(session_factory, agent_id, today),
                  agenda_items)


def agenda_json(agenda: Agenda) -> dict:
    panel = agenda.panel
    return {
        "agent": agenda.agent,
        "date": agenda.date.isoformat(),
        "talking_points": [{"text": p.text, "origin": p.origin, "carried": p.carried}
                           for p in agenda.talking_points],
        "action_items": [{"text": i.text, "owner": i.owner,
                          "due": i.due.isoformat() if i.due else None,
                          "age_days": i.age_days} for i in agenda.action_items],
        "figures": [{"metric": f.metric, "agent": f.agent, "n": f.agent_n, "team": f.team}
                    for f in panel.figures],
        "qa_reviews": [{"date": r.date.isoformat(), "score": r.score, "passed": r.passed,
                        "scorecard": r.scorecard} for r in panel.reviews],
        "goals": [{"text": g.text, "target": g.target_text, "due": _iso(g.due),
                   "value": g.value} for g in panel.goals],
        "plan": _plan_json(panel.plan, agenda.date),
        "probation": _plan_json(panel.probation, agenda.date),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _plan_json(plan: plan_service.PlanSummary | None, day: date) -> dict | None:
    if plan is None:
        return None
    return {"status": plan.status, "start": plan.start.isoformat(),
            "end": plan.end.isoformat(), "next_checkin": _iso(plan.next_checkin),
            "checkin_due": plan.next_checkin is not None and plan.next_checkin <= day,
            "objectives": [{"text": o.text, "status": o.status, "value": o.value}
                           for o in plan.objectives]}


def agenda_markdown(agenda: Agenda) -> str:
    """The agenda as Markdown a manager can paste anywhere."""
    out = [f"# One-on-one with {agenda.agent} — {agenda.date.isoformat()}", ""]
    if agenda.agenda_items:
        out += ["## Agenda", *[f"- {item}" for item in agenda.agenda_items], ""]
    out.append("## Talking points")
    out += [f"- {p.text}" + (" *(carried)*" if p.carried else "")
            + ("" if p.origin == "manager" else f" — {p.origin_label.lower()}")
            for p in agenda.talking_points] or ["- (none yet)"]
    out += ["", "## Open action items"]
    out += [f"- {i.text} — {'agent' if i.owner == 'agent' else 'manager'}, "
            f"open {i.age_days} days" + (f", due {i.due.isoformat()}" if i.due else "")
            + (" **(overdue)**" if i.overdue else "")
            for i in agenda.action_items] or ["- (none)"]
    panel = agenda.panel
    out += ["", f"## Figures, last {PERIOD_DAYS} days (agent / team)"]
    out += [f"- {f.label}: {f.agent}" + (f" (n={f.agent_n})" if f.agent_n else "")
            + f" / {f.team}" for f in panel.figures]
    if panel.reviews:
        out += ["", "## Latest QA reviews"]
        out += [f"- {r.date.isoformat()} {r.scorecard}: "
                + (f"{r.score:.0f}" if r.score is not None else "—")
                + ("" if r.passed is None else (" (pass)" if r.passed else " (below pass)"))
                for r in panel.reviews]
    out += ["", "## Goals"]
    out += [f"- {g.text}" + (f" — {g.target_text}, now {format_value(g.metric, g.value)}"
                             if g.metric else "") + (f", due {g.due.isoformat()}" if g.due else "")
            for g in panel.goals] or ["- (no open goals)"]
    for title, plan in (("Improvement plan", panel.plan), ("Probation", panel.probation)):
        if plan is None:
            continue
        out += ["", f"## {title} ({plan.status_label.lower()}, ends {plan.end.isoformat()})"]
        if plan.next_checkin:
            due = " — due" if plan.next_checkin <= agenda.date else ""
            out.append(f"- Next check-in: {plan.next_checkin.isoformat()}{due}")
        out += [f"- {o.text}: "
                + (plan_service.OBJECTIVE_LABELS.get(o.status or "") or o.reason
                   or "not assessed yet").lower()
                + (f" ({format_value(o.metric, o.value)})" if o.value is not None else "")
                for o in plan.objectives]
    return "\n".join(out).rstrip() + "\n"
