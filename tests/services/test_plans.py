"""Metric objectives against hand-computed values, plan states and the audit trail,
probation checklist evaluation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.errors import BadInputError, UserError
from app.models import Ticket
from app.services import plans, probation
from app.services.goals import GoalInput, add_goal, list_goals
from app.services.metric_source import metric_value
from app.services.plans import ObjectiveInput, PlanInput

TODAY = date(2026, 11, 2)
_counter = iter(range(1, 10_000))


def _ticket(session, agent_id, solved: date | None, *, csat=None, replies=None, sla=None,
            reopens=None, resolution=None, created: date | None = None, first_reply=None):
    created = created or (solved - timedelta(days=1) if solved else TODAY)
    session.add(Ticket(
        platform="zendesk", external_id=str(next(_counter)), agent_id=agent_id,
        created_at=datetime.combine(created, datetime.min.time()) + timedelta(hours=9),
        solved_at=(datetime.combine(solved, datetime.min.time()) + timedelta(hours=17)
                   if solved else None),
        csat=csat, agent_replies=replies, sla=sla, reopens=reopens,
        full_resolution_minutes=resolution, first_reply_minutes=first_reply))


@pytest.fixture
def agent_with_tickets(session_factory, make_agent):
    agent = make_agent("Ivan Novak")
    other = make_agent("Rosa Costa")
    day = TODAY - timedelta(days=3)
    with session_factory.begin() as s:
        _ticket(s, agent.id, day, csat="good", replies=1, sla="met", reopens=0, resolution=60)
        _ticket(s, agent.id, day, csat="good", replies=1, sla="breached", reopens=2,
                resolution=120)
        _ticket(s, agent.id, day, csat="good", replies=3, reopens=0, resolution=300)
        _ticket(s, agent.id, day, csat="bad")  # no reply count, no SLA, no reopen count
        _ticket(s, agent.id, TODAY - timedelta(days=40), csat="bad", replies=5)  # too old
        _ticket(s, agent.id, None, csat="good", created=day, first_reply=30)  # not solved
        _ticket(s, agent.id, None, created=day, first_reply=10)
        _ticket(s, other.id, day, csat="bad")
        _ticket(s, other.id, day, csat="good")
    return agent, other


def test_metric_values_follow_the_definitions(session_factory, agent_with_tickets):
    agent, _ = agent_with_tickets
    start = TODAY - timedelta(days=29)
    with session_factory() as s:
        got = {m: metric_value(s, agent.id, m, start, TODAY) for m in (
            "csat", "fcr", "sla", "reopen_rate", "resolution_median", "first_reply_median")}
        team = metric_value(s, None, "csat", start, TODAY)
        assert metric_value(s, agent.id, "iqs", start, TODAY) is None
    assert (got["csat"].value, got["csat"].n) == (75.0, 4)  # 3 good of 4 rated
    assert got["fcr"].value == pytest.approx(200 / 3) and got["fcr"].n == 3
    assert (got["sla"].value, got["sla"].n) == (50.0, 2)
    assert got["reopen_rate"].value == pytest.approx(100 / 3)
    assert (got["resolution_median"].value, got["resolution_median"].n) == (120.0, 3)
    assert (got["first_reply_median"].value, got["first_reply_median"].n) == (20.0, 2)
    assert (team.value, team.n) == (pytest.approx(400 / 6), 6)  # 4 good of 6


def _pip(session_factory, agent_id, **extra):
    data = PlanInput(
        start_date=TODAY - timedelta(days=20), end_date=plans.preset_end(TODAY - timedelta(
            days=20), 60),
        concerns=[("Slow first replies", date(2026, 9, 1))],
        objectives=[ObjectiveInput("Customers satisfied", "csat", ">=", 85, 30),
                    ObjectiveInput("One-touch resolution", "fcr", ">=", 60, 30),
                    ObjectiveInput("Use the refund macro")],
        support=["Weekly coaching", "Shadowing Rosa"], checkin_dates=[TODAY],
        hr_contact="Jo in HR", consequences="May lead to a formal review.", **extra)
    return plans.create_plan(session_factory, agent_id, data, actor="lee",
                             today=TODAY - timedelta(days=21))


def test_plan_states_audit_trail_and_stored_checkin_values(session_factory,
                                                           agent_with_tickets):
    agent, _ = agent_with_tickets
    plan_id = _pip(session_factory, agent.id)
    with pytest.raises(UserError, match="Start the plan"):
        plans.record_checkin(session_factory, plan_id, held_on=TODAY, notes="", statuses={})
    with pytest.raises(UserError):  # a draft cannot pass
        plans.change_status(session_factory, plan_id, "passed", actor="lee",
                            effective_on=TODAY)
    plans.change_status(session_factory, plan_id, "active", actor="lee",
                        effective_on=TODAY - timedelta(days=20))
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    objectives = {o.text: o.id for o in detail.objectives}
    plans.record_checkin(session_factory, plan_id, held_on=TODAY, notes="Better week",
                         statuses={objectives["Use the refund macro"]: "met"})
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    states = {o.text: (o.status, o.value, o.n) for o in detail.objectives}
    assert states["Customers satisfied"] == ("at_risk", 75.0, 4)  # 75 < 85
    assert states["One-touch resolution"][0] == "on_track"  # 66.7 >= 60
    assert states["One-touch resolution"][1] == pytest.approx(200 / 3)
    assert states["Use the refund macro"] == ("met", None, None)
    # the stored value stays what it was on the day, whatever arrives later
    with session_factory.begin() as s:
        for _ in range(6):
            _ticket(s, agent.id, TODAY - timedelta(days=1), csat="good")
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    assert {o.text: o.value for o in detail.objectives}["Customers satisfied"] == 75.0
    assert detail.checkins[0].held_on == TODAY and detail.checkins[0].notes == "Better week"

    with pytest.raises(BadInputError, match="new end date"):
        plans.change_status(session_factory, plan_id, "extended", actor="lee",
                            effective_on=TODAY)
    new_end = detail.end + timedelta(days=30)
    plans.change_status(session_factory, plan_id, "extended", actor="kim",
                        effective_on=TODAY, new_end=new_end, note="Holiday weeks")
    with pytest.raises(BadInputError, match="why"):
        plans.change_status(session_factory, plan_id, "not_passed", actor="kim",
                            effective_on=TODAY)
    plans.change_status(session_factory, plan_id, "passed", actor="kim", effective_on=TODAY,
                        note="All objectives met")
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    assert [(e.from_status, e.to_status, e.actor) for e in detail.events] == [
        (None, "draft", "lee"), ("draft", "active", "lee"), ("active", "extended", "kim"),
        ("extended", "passed", "kim")]
    assert detail.events[2].end_date == new_end and detail.end == new_end
    assert detail.finished
    # a finished plan is read-only
    for attempt in (
        lambda: plans.change_status(session_factory, plan_id, "cancelled", actor="x",
                                    effective_on=TODAY, note="n"),
        lambda: plans.record_checkin(session_factory, plan_id, held_on=TODAY, notes="",
                                     statuses={}),
        lambda: plans.update_details(session_factory, plan_id, hr_contact="", support=[],
                                     acknowledged_on=None, consequences="", checkin_dates=[]),
    ):
        with pytest.raises(UserError, match="read-only"):
            attempt()


def test_plan_input_is_checked(session_factory, make_agent):
    agent = make_agent()
    bad = PlanInput(start_date=TODAY, end_date=TODAY, objectives=[ObjectiveInput("x")])
    with pytest.raises(BadInputError, match="ends"):
        plans.create_plan(session_factory, agent.id, bad, actor="a", today=TODAY)
    bad = PlanInput(start_date=TODAY, end_date=TODAY + timedelta(days=30),
                    objectives=[ObjectiveInput("x", "csat", ">=", None)])
    with pytest.raises(BadInputError, match="target value"):
        plans.create_plan(session_factory, agent.id, bad, actor="a", today=TODAY)
    assert plans.list_plans(session_factory, today=TODAY) == []


def test_goal_progress_from_the_data(session_factory, agent_with_tickets):
    agent, _ = agent_with_tickets
    add_goal(session_factory, agent.id, GoalInput("CSAT up", "csat", ">=", 90, 30), today=TODAY)
    add_goal(session_factory, agent.id, GoalInput("Learn billing"), today=TODAY)
    rows = {g.text: g for g in list_goals(session_factory, agent.id, today=TODAY)}
    assert rows["CSAT up"].value == 75.0 and rows["CSAT up"].met is False
    assert rows["CSAT up"].progress == pytest.approx(75 / 90)
    assert rows["CSAT up"].target_text == "CSAT ≥ 90% over the last 30 days"
    assert rows["Learn billing"].value is None and rows["Learn billing"].target_text == ""


def test_probation_checklist_evaluation_and_sign_off(session_factory, make_agent,
                                                     agent_with_tickets):
    _, other = agent_with_tickets  # Rosa: 1 good of 2 → 50%
    third = make_agent("Umar Farouk")
    newcomer = make_agent("Yara Zhang", hire_date=TODAY - timedelta(days=60),
                          probation_end=TODAY + timedelta(days=30))
    day = TODAY - timedelta(days=2)
    with session_factory.begin() as s:
        for csat in ("good", "good", "bad", "good"):  # newcomer 75%
            _ticket(s, newcomer.id, day, csat=csat)
        for csat in ("good", "bad", "bad", "bad"):  # third 25%
            _ticket(s, third.id, day, csat=csat)
    with pytest.raises(BadInputError, match="probation end"):
        probation.start_probation(session_factory, third.id, actor="lee", today=TODAY)
    plan_id = probation.start_probation(session_factory, newcomer.id, actor="lee", today=TODAY)
    assert probation.start_probation(session_factory, newcomer.id, actor="lee",
                                     today=TODAY) == plan_id
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    items = {o.text: o for o in detail.objectives}
    assert len(items) == 5 and detail.start == newcomer.hire_date
    csat = items["CSAT at or above the team median over the last 30 days"]
    # team median of the others: Ivan 75, Rosa 50, Umar 25 → 50; newcomer 75 ≥ 50
    assert (csat.status, csat.value) == ("met", 75.0) and "team median 50.0" in csat.reason
    iqs = items["At least 8 QA reviews with an average of 80 or more"]
    assert iqs.status is None and iqs.reason == "no data yet"
    training = items["Product training completed"]
    assert training.status is None and training.reason == "to tick"
    with pytest.raises(UserError, match="evaluated from the data"):
        probation.tick_item(session_factory, csat.id, TODAY, actor="lee")
    probation.tick_item(session_factory, training.id, TODAY - timedelta(days=5), actor="lee")
    detail = plans.get_plan(session_factory, plan_id, today=TODAY)
    training = {o.text: o for o in detail.objectives}["Product training completed"]
    assert (training.status, training.done_on) == ("met", TODAY - timedelta(days=5))

    with pytest.raises(BadInputError, match="note"):
        probation.sign_off(session_factory, plan_id, "passed", note=" ", actor="lee",
                           today=TODAY)
    new_end = TODAY + timedelta(days=60)
    probation.sign_off(session_factory, plan_id, "extended", note="Needs QA reviews",
                       actor="lee", today=TODAY, new_end=new_end)
    from app.services.roster import get_agent

    assert get_agent(session_factory, newcomer.id).probation_end == new_end
    probation.sign_off(session_factory, plan_id, "passed", note="Good start", actor="lee",
                       today=TODAY)
    assert get_agent(session_factory, newcomer.id).probation_end == TODAY
    summary = plans.list_plans(session_factory, today=TODAY, kind="probation")[0]
    assert summary.status == "passed" and summary.kind == "probation"
