""""This week" across the team and the side panel."""

from __future__ import annotations

from datetime import date, timedelta

from app.services import agenda, one_on_ones as oo, plans
from app.services.plans import ObjectiveInput, PlanInput

TODAY = date(2026, 11, 4)  # a Wednesday: the week runs Mon 2 to Sun 8 November
MONDAY = date(2026, 11, 2)


def test_this_week_sorts_overdue_due_and_done(session_factory, make_agent):
    overdue = make_agent("Ana Overdue")
    due = make_agent("Ben Due")
    done = make_agent("Cy Done")
    later = make_agent("Di Later")
    make_agent("Ed Unscheduled")
    make_agent("Flo Gone", status="departed", departure_date=date(2026, 10, 1))
    oo.set_cadence(session_factory, overdue.id, "weekly", MONDAY - timedelta(days=3))
    oo.set_cadence(session_factory, due.id, "biweekly", TODAY + timedelta(days=2))
    oo.set_cadence(session_factory, later.id, "monthly", TODAY + timedelta(days=9))
    held = oo.start_meeting(session_factory, done.id, MONDAY, "Weekly check-in")
    oo.hold_meeting(session_factory, held)
    plan = plans.create_plan(session_factory, due.id, PlanInput(
        TODAY - timedelta(days=55), TODAY + timedelta(days=3),
        objectives=[ObjectiveInput("Better")], checkin_dates=[TODAY - timedelta(days=1)]),
        actor="lee", today=TODAY)
    plans.change_status(session_factory, plan, "active", actor="lee", effective_on=TODAY)

    items = agenda.this_week(session_factory, TODAY)
    got = [(i.state, i.kind, i.agent_name) for i in items]
    assert got == [
        ("overdue", "one_on_one", "Ana Overdue"),
        ("overdue", "plan_checkin", "Ben Due"),
        ("due", "one_on_one", "Ed Unscheduled"),
        ("due", "one_on_one", "Ben Due"),
        ("due", "plan_end", "Ben Due"),
        ("done", "one_on_one", "Cy Done"),
    ]
    assert items[0].detail == "1:1 weekly" and items[0].day == date(2026, 10, 30)
    assert items[-1].meeting_id == held
    # holding moved Cy's next date on by the cadence (biweekly by default)
    assert agenda.next_agenda(session_factory, done.id, TODAY).date == MONDAY + timedelta(14)


def test_side_panel_shows_open_goals_and_the_running_plan(session_factory, make_agent):
    from app.services.goals import GoalInput, add_goal, set_goal_status

    agent = make_agent()
    keep = add_goal(session_factory, agent.id, GoalInput("Learn billing"), today=TODAY)
    gone = add_goal(session_factory, agent.id, GoalInput("Old goal"), today=TODAY)
    set_goal_status(session_factory, gone, "dropped")
    plan = plans.create_plan(session_factory, agent.id, PlanInput(
        TODAY, TODAY + timedelta(days=30), objectives=[ObjectiveInput("Better")]),
        actor="lee", today=TODAY)
    panel = agenda.side_panel(session_factory, agent.id, TODAY)
    assert [g.id for g in panel.goals] == [keep]
    assert panel.plan is None  # a draft is not running yet
    plans.change_status(session_factory, plan, "active", actor="lee", effective_on=TODAY)
    panel = agenda.side_panel(session_factory, agent.id, TODAY)
    assert panel.plan.id == plan and panel.probation is None
    assert [f.metric for f in panel.figures] == list(agenda.SIDE_METRICS)
    assert all(f.agent == "no data yet" for f in panel.figures)
