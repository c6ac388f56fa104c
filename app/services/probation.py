"""Probation: a checklist from a template, evaluated from the data where it can be, ticked
by the manager where it cannot, and signed off (passed, extended, not passed) with a note.

A checklist is a ``Plan`` of kind "probation" running from the hire date to the agent's
probation end; signing off is a change of state, so it lands in the same audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.models import Agent
from app.models.plans import Plan, PlanObjective
from app.services import plans
from app.services.metric_source import measure_target
from app.services.plans import ObjectiveInput, ObjectiveState, PlanInput

DECISIONS = ("passed", "extended", "not_passed")
DEFAULT_TEMPLATE = "Standard probation"


@dataclass(frozen=True)
class ProbationTemplate:
    name: str
    items: tuple[ObjectiveInput, ...]


def templates() -> dict[str, ProbationTemplate]:
    folder = files("app.resources") / "probation_templates"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            found[data["name"]] = ProbationTemplate(data["name"], tuple(
                ObjectiveInput(item["text"], item.get("metric"), item.get("comparator"),
                               item.get("target"), item.get("window_days"),
                               item.get("min_count"), item.get("target_kind"))
                for item in data["items"]))
    return found


def start_probation(session_factory: SessionFactory, agent_id: int, *, actor: str,
                    today: date, template: str = DEFAULT_TEMPLATE) -> int:
    with session_factory.begin() as session:
        return start_probation_in(session, agent_id, actor=actor, today=today,
                                  template=template)


def start_probation_in(session: Session, agent_id: int, *, actor: str, today: date,
                       template: str = DEFAULT_TEMPLATE) -> int:
    """The agent's checklist; the running one is returned when there is one already."""
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    if agent.probation_end is None:
        raise BadInputError(f"{agent.full_name} has no probation end date; set it in the "
                            "agent's details first.")
    running = plans.active_plan_id(session, agent_id, kind="probation")
    if running is not None:
        return running
    chosen = templates().get(template)
    if chosen is None:
        raise NotFoundError(f"No probation template called '{template}'.")
    start = agent.hire_date or today
    if start >= agent.probation_end:
        start = min(today, agent.probation_end)
    data = PlanInput(start_date=start, end_date=agent.probation_end,
                     objectives=list(chosen.items))
    if data.end_date <= data.start_date:
        raise BadInputError("The probation end date must be after the hire date.")
    return plans.create_plan_in(session, agent_id, data, actor=actor, today=today,
                                kind="probation", template=chosen.name, status="active")


def evaluate_items(session: Session, plan: Plan, as_of: date) -> list[ObjectiveState]:
    """Each item's state on ``as_of``: automatic items measured over their window (or
    the probation so far), manual ones done when ticked."""
    states = []
    objectives = session.scalars(select(PlanObjective).where(PlanObjective.plan_id == plan.id)
                                 .order_by(PlanObjective.position, PlanObjective.id))
    until = min(as_of, plan.end_date) if plan.status in ("passed", "not_passed") else as_of
    for objective in objectives:
        if objective.metric:
            measured = measure_target(
                session, plan.agent_id, metric=objective.metric,
                comparator=objective.comparator, target=objective.target, as_of=until,
                window_days=objective.window_days, since=plan.start_date,
                min_count=objective.min_count, target_kind=objective.target_kind)
            status = {True: "met", False: "missed", None: None}[measured.met]
            reason = measured.reason
            if measured.target is not None and objective.target_kind == "team_median":
                reason += f" (team median {measured.target:.1f})"
            states.append(ObjectiveState(objective.id, objective.text,
                                         plans.target_text(objective), objective.metric,
                                         status, measured.value, measured.n, None, reason))
        else:
            done = objective.done_on is not None
            states.append(ObjectiveState(
                objective.id, objective.text, "", None, "met" if done else None, None, None,
                objective.done_on,
                f"ticked {objective.done_on.isoformat()}" if done else "to tick"))
    return states


def tick_item(session_factory: SessionFactory, objective_id: int, done_on: date | None, *,
              actor: str) -> None:
    """Tick a manual item as done on a date (or untick it with ``None``)."""
    with session_factory.begin() as session:
        objective = session.get(PlanObjective, objective_id)
        if objective is None:
            raise NotFoundError("That checklist item no longer exists; refresh the page.")
        plan = plans._require_open(session, objective.plan_id)
        if objective.metric:
            raise UserError("This item is evaluated from the data; it cannot be ticked.")
        if done_on is not None and done_on < plan.start_date:
            raise BadInputError("The date is before the probation started.")
        objective.done_on = done_on
        objective.done_by = actor if done_on else None


def sign_off(session_factory: SessionFactory, plan_id: int, decision: str, *, note: str,
             actor: str, today: date, new_end: date | None = None) -> None:
    with session_factory.begin() as session:
        sign_off_in(session, plan_id, decision, note=note, actor=actor, today=today,
                    new_end=new_end)


def sign_off_in(session: Session, plan_id: int, decision: str, *, note: str, actor: str,
                today: date, new_end: date | None = None) -> None:
    """Passed, extended with a new date (moves the agent's probation end too) or not
    passed, with the manager's note, into the plan's audit trail."""
    if decision not in DECISIONS:
        raise BadInputError("Sign off as passed, extended or not passed.")
    if not note.strip():
        raise BadInputError("Write a short note with the sign-off: it is the record of why.")
    plan = session.get(Plan, plan_id)
    if plan is None or plan.kind != "probation":
        raise NotFoundError("That probation checklist no longer exists; refresh the page.")
    plans.change_status_in(session, plan_id, decision, actor=actor, effective_on=today,
                           note=note, new_end=new_end)
    agent = session.get(Agent, plan.agent_id)
    if decision == "extended":
        agent.probation_end = plan.end_date
    elif agent.probation_end is not None and agent.probation_end > today:
        agent.probation_end = today  # decided early: the probation ends with the sign-off
