"""Demo one-on-ones, goals, plans and probation: a year of the manager's record.

Runs inside the demo's single transaction (see ``app.services.demo``), after the roster.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Agent
from app.models.coaching import (
    ActionItem,
    Meeting,
    MeetingPoint,
    OneOnOneSchedule,
    TalkingPoint,
)
from app.services import plans, probation
from app.services.goals import GoalInput, add_goal_in
from app.services.metric_source import measure_target, metric_value
from app.services.one_on_ones import CADENCE_DAYS, shipped_templates
from app.services.plans import ObjectiveInput, PlanInput
from app.services.talking_points import queue_talking_point

MANAGER = "demo manager"
POINTS = [
    ("manager", "Weekend rota for December"), ("manager", "Feedback from the billing team"),
    ("agent", "Wants to learn the API product"), ("manager", "Handling angry callers"),
    ("agent", "Headset keeps dropping calls"), ("manager", "Macro clean-up project"),
    ("agent", "Interested in mentoring new starters"), ("manager", "Backlog on Mondays"),
    ("agent", "Asks about the senior role"), ("manager", "Knowledge-base articles to update"),
    ("manager", "Refund approvals taking too long"), ("agent", "Training budget for a course"),
]
ITEMS = [("agent", "Shadow a senior agent for two chat shifts"),
         ("manager", "Ask IT for a new headset"), ("agent", "Rewrite the refund macro"),
         ("manager", "Share the career ladder document"),
         ("agent", "Update three knowledge-base articles"),
         ("manager", "Book the API product training"), ("agent", "Review last week's reopens")]
SHARED = ["Good week overall; queue was calm.", "Talked through two difficult tickets.",
          "Agreed to focus on first replies in the morning.",
          "Discussed the new escalation path.", "Reviewed CSAT comments together."]
PRIVATE = ["Seemed a little tired; check workload.", "Motivated, ready for more.",
           "Mentioned family commitments on Fridays.", ""]


def add_demo_coaching(session: Session, today: date, rng: random.Random) -> str:
    agents = session.scalars(select(Agent).where(Agent.status != "departed")
                             .order_by(Agent.id)).all()
    meetings = 0
    for agent in agents:
        meetings += _year_of_one_on_ones(session, agent, today, rng)
        _goals(session, agent, today, rng)
    regular = [a for a in agents if a.lead_id is not None and a.probation_end is None
               and a.status == "active"]
    weakest = _lowest_csat(session, regular, today) or regular[2]
    _active_plan(session, weakest, today)
    _finished_plan(session, next(a for a in reversed(regular) if a is not weakest), today)
    # A second probation: the latest hire among the others, whose probation was extended.
    # The hire date stays, so their year of tickets and reviews still fits it.
    second = max((a for a in regular if a is not weakest),
                 key=lambda a: a.hire_date or date.min)
    second.probation_end = today + timedelta(days=20)
    on_probation = [a for a in agents if a.probation_end and a.probation_end >= today]
    for agent in on_probation:
        plan_id = probation.start_probation_in(session, agent.id, actor=MANAGER, today=today)
        for objective in plans.plan_detail(session, plan_id, today).objectives[:1]:
            obj = session.get(plans.PlanObjective, objective.id)
            obj.done_on, obj.done_by = agent.hire_date + timedelta(days=14), MANAGER
    return (f"{meetings} one-on-ones over the last year, goals, two improvement plans and "
            f"{len(on_probation)} probation checklists")


def _year_of_one_on_ones(session: Session, agent: Agent, today: date,
                         rng: random.Random) -> int:
    cadence = rng.choices(["weekly", "biweekly", "monthly"], weights=[2, 6, 2])[0]
    step = CADENCE_DAYS[cadence]
    first = max(today - timedelta(days=365), (agent.hire_date or today) + timedelta(days=7))
    day = first + timedelta(days=rng.randint(0, step - 1))
    if day.weekday() > 4:  # meet on working days
        day -= timedelta(days=day.weekday() - 4)
    mood = rng.randint(5, 8)
    count = 0
    stop = today - timedelta(days=rng.choice([0, 2, 5, 9, 16]))
    templates = shipped_templates()
    open_points: list[TalkingPoint] = []
    open_items: list[ActionItem] = []
    # Built in memory with one flush per meeting (a year for 15 agents stays quick); the
    # record is what hold_meeting_in would write: points snapshotted, undiscussed carried.
    while day < stop:
        moment = datetime.combine(day, time(10, 0))
        template = rng.choice(["Weekly check-in", "Weekly check-in", "Monthly development"])
        mood = max(1, min(10, mood + rng.choice([-1, 0, 0, 1])))
        meeting = Meeting(agent_id=agent.id, meeting_date=day, template=template,
                          agenda="\n".join(templates[template]), status="held",
                          shared_notes=rng.choice(SHARED), private_notes=rng.choice(PRIVATE),
                          mood=mood if rng.random() < 0.8 else None, notes_saved_at=moment,
                          held_at=moment + timedelta(minutes=30), created_at=moment)
        for origin, text in rng.sample(POINTS, rng.randint(1, 3)):
            open_points.append(TalkingPoint(
                agent_id=agent.id, text=text, origin=origin,
                created_at=moment - timedelta(days=rng.randint(1, 5))))
        session.add(meeting)
        session.add_all(open_points)
        session.flush()
        still_open = []
        for point in open_points:
            discussed = rng.random() < 0.7
            session.add(MeetingPoint(meeting_id=meeting.id, talking_point_id=point.id,
                                     discussed=discussed, carried=point.times_carried > 0))
            if discussed:
                point.discussed_meeting_id, point.discussed_at = meeting.id, moment
            else:
                point.times_carried += 1
                still_open.append(point)
        open_points = still_open
        for item in list(open_items):
            if rng.random() < 0.6:
                item.done_on = day
                open_items.remove(item)
        if rng.random() < 0.6:
            owner, text = rng.choice(ITEMS)
            item = ActionItem(agent_id=agent.id, meeting_id=meeting.id, text=text,
                              owner=owner, created_on=day,
                              due=day + timedelta(days=rng.choice([7, 14, 21])))
            session.add(item)
            open_items.append(item)
        count += 1
        day += timedelta(days=step + rng.choice([0, 0, 0, 1, -1]))
    session.add(OneOnOneSchedule(agent_id=agent.id, cadence=cadence, next_date=day))
    if rng.random() < 0.5:
        queue_talking_point(session, agent.id, "QA review flagged tone in a refund chat",
                            origin="qa", source_key=f"demo-qa:{agent.id}")
    return count


def _lowest_csat(session: Session, agents: list[Agent], today: date) -> Agent | None:
    """The agent whose CSAT over the last 90 days is lowest (the demo's plan makes sense)."""
    scored = []
    for agent in agents:
        value = metric_value(session, agent.id, "csat", today - timedelta(days=89), today)
        if value is not None and value.n >= 20:
            scored.append((value.value, agent.id, agent))
    return min(scored)[2] if scored else None


def _goals(session: Session, agent: Agent, today: date, rng: random.Random) -> None:
    add_goal_in(session, agent.id, GoalInput(
        "Keep customers happy", "csat", ">=", rng.choice([85.0, 88.0, 90.0]), 30,
        today + timedelta(days=rng.randint(20, 90))), today=today - timedelta(days=60))
    add_goal_in(session, agent.id, GoalInput(
        rng.choice(["Finish the API product course", "Write five knowledge-base articles",
                    "Mentor a new starter"]), due=today + timedelta(days=rng.randint(30, 120))),
        today=today - timedelta(days=30))


def _active_plan(session: Session, agent: Agent, today: date) -> None:
    start = today - timedelta(days=35)
    plan_id = plans.create_plan_in(session, agent.id, PlanInput(
        start_date=start, end_date=plans.preset_end(start, 60),
        concerns=[("CSAT well below the team for three months", start - timedelta(days=60)),
                  ("Tickets left without a reply over the weekend", start - timedelta(days=21))],
        objectives=[ObjectiveInput("CSAT back to the team level", "csat", ">=", 85, 30),
                    ObjectiveInput("Quality reviews pass", "iqs", ">=", 80, None, 8),
                    ObjectiveInput("Reply to every ticket within one working day")],
        support=["Weekly coaching session", "Shadowing a senior agent",
                 "De-escalation training"],
        checkin_dates=[start + timedelta(days=14), start + timedelta(days=28),
                       today,  # due this week, so "this week" shows it
                       start + timedelta(days=56)],
        hr_contact="Maria Lopez (HR business partner)",
        acknowledged_on=start + timedelta(days=1),
        consequences="If the objectives are not met, a formal capability process may follow."),
        actor=MANAGER, today=start - timedelta(days=2),
        at=datetime.combine(start - timedelta(days=2), time(15)))
    plans.change_status_in(session, plan_id, "active", actor=MANAGER, effective_on=start,
                           note="Discussed and acknowledged",
                           at=datetime.combine(start, time(11)))
    objective_ids = [o.id for o in plans.plan_detail(session, plan_id, today).objectives]
    # metric objectives get their status from the numbers of the day; the manual one is set
    for offset, status, notes in (
            (14, "on_track", "First two weeks: more replies in time; keep going."),
            (28, "met", "Replies in time every day now; QA still needs work on tone.")):
        plans.record_checkin_in(session, plan_id, held_on=start + timedelta(days=offset),
                                notes=notes, statuses={objective_ids[2]: status})


def _finished_plan(session: Session, agent: Agent, today: date) -> None:
    start = today - timedelta(days=200)
    plan_id = plans.create_plan_in(session, agent.id, PlanInput(
        start_date=start, end_date=plans.preset_end(start, 30),
        concerns=[("Many reopened tickets", start - timedelta(days=30))],
        objectives=[ObjectiveInput("Reopen rate at or under 8%", "reopen_rate", "<=", 8, 30)],
        support=["Pairing on complex tickets"], checkin_dates=[start + timedelta(days=15)],
        hr_contact="Maria Lopez", acknowledged_on=start,
        consequences="Formal review if not met."), actor=MANAGER, today=start,
        at=datetime.combine(start, time(9)))
    plans.change_status_in(session, plan_id, "active", actor=MANAGER, effective_on=start,
                           at=datetime.combine(start, time(10)))
    plans.record_checkin_in(session, plan_id, held_on=start + timedelta(days=15),
                            notes="Pairing sessions going well.", statuses={})
    end = start + timedelta(days=30)
    measured = measure_target(session, agent.id, metric="reopen_rate", comparator="<=",
                              target=8, as_of=end, window_days=30)
    passed = measured.met is not False
    plans.change_status_in(
        session, plan_id, "passed" if passed else "not_passed", actor=MANAGER,
        effective_on=end, at=datetime.combine(end, time(16)),
        note="Reopen rate back under target by the end of the month." if passed else
        "Reopen rate stayed above 8%; agreed with HR to move to a formal review.")
