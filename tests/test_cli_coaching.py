"""``coachbench agenda`` and ``coachbench plans list`` on a small database."""

from __future__ import annotations

import json
from datetime import date, timedelta

from app.cli import main
from app.services import one_on_ones as oo, plans
from app.services.action_items import add_action_item
from app.services.plans import ObjectiveInput, PlanInput
from app.services.talking_points import add_talking_point


def test_agenda_and_plans_list(db_path, session_factory, make_agent, capsys):
    agent = make_agent("Farah Haddad", email="farah@example.com")
    today = date.today()
    with session_factory.begin() as session:
        add_talking_point(session, agent.id, "Carried topic", origin="agent")
    meeting = oo.start_meeting(session_factory, agent.id, today - timedelta(days=14), None)
    add_action_item(session_factory, agent.id, "Write the macro", owner="agent",
                    due=today, created_on=today - timedelta(days=14), meeting_id=meeting)
    oo.save_notes(session_factory, meeting, private_notes="SECRET-NOTE")
    oo.hold_meeting(session_factory, meeting)
    plan = plans.create_plan(session_factory, agent.id, PlanInput(
        today - timedelta(days=10), today + timedelta(days=50),
        objectives=[ObjectiveInput("CSAT up", "csat", ">=", 85, 30)]), actor="lee", today=today)
    plans.change_status(session_factory, plan, "active", actor="lee", effective_on=today)

    assert main(["--db", str(db_path), "agenda", "farah@example.com", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"agent", "date", "talking_points", "action_items", "plan", "probation"} <= set(data)
    assert data["talking_points"] == [{"text": "Carried topic", "origin": "agent",
                                       "carried": True}]
    assert data["action_items"] == [{"text": "Write the macro", "owner": "agent",
                                     "due": today.isoformat(), "age_days": 14}]
    assert data["plan"]["status"] == "active" and data["probation"] is None

    assert main(["--db", str(db_path), "agenda", "Farah Haddad"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# One-on-one with Farah Haddad")
    assert "Carried topic *(carried)*" in markdown and "open 14 days" in markdown
    assert "SECRET-NOTE" not in markdown

    assert main(["--db", str(db_path), "plans", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["agent"], row["kind"], row["status"]) == ("Farah Haddad", "pip", "active")
    assert row["objectives"] == [{"text": "CSAT up", "status": None, "value": None}]
    assert main(["--db", str(db_path), "plans", "list"]) == 0
    assert "Improvement plan, active" in capsys.readouterr().out

    assert main(["--db", str(db_path), "agenda", "Nobody"]) != 0


def test_agenda_refuses_an_agent_who_left(db_path, make_agent, capsys):
    make_agent("Gone Person", status="departed", departure_date=date(2026, 10, 1))
    assert main(["--db", str(db_path), "agenda", "Gone Person"]) == 2
    assert "left the team on 2026-10-01" in capsys.readouterr().err
