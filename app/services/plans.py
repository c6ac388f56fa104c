"""Performance improvement plans: content, states with an audit trail, and check-ins.

HR relies on this record when a plan fails, so every change of state is a dated
``PlanEvent`` with who made it, the metric values at a check-in are stored as they were
on the day, and a finished plan (passed, not passed, cancelled) refuses every change.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics.objectives import describe
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.ingest.normalize import clean_text
from app.models import Agent
from app.models.plans import (
    FINISHED_STATUSES,
    OBJECTIVE_STATUSES,
    Plan,
    PlanCheckIn,
    PlanCheckInResult,
    PlanConcern,
    PlanEvent,
    PlanObjective,
)
from app.services.goals import check_target
from app.services.metric_source import measure_target

PRESET_DAYS = (30, 60, 90)
STATUS_LABELS = {"draft": "Draft", "active": "Active", "extended": "Extended",
                 "passed": "Passed", "not_passed": "Not passed", "cancelled": "Cancelled"}
OBJECTIVE_LABELS = {"on_track": "On track", "at_risk": "At risk", "met": "Met",
                    "missed": "Missed"}
TRANSITIONS = {
    "draft": ("active", "cancelled"),
    "active": ("extended", "passed", "not_passed", "cancelled"),
    "extended": ("extended", "passed", "not_passed", "cancelled"),
}


def current_user() -> str:
    """Who is making a change, for the audit trail: the computer's login name."""
    try:
        return getpass.getuser() or "manager"
    except Exception:  # noqa: BLE001  (no login name in some sandboxes)
        return "manager"


@dataclass(frozen=True)
class ObjectiveInput:
    text: str
    metric: str | None = None
    comparator: str | None = None
    target: float | None = None
    window_days: int | None = None
    min_count: int | None = None
    target_kind: str | None = None


@dataclass
class PlanInput:
    start_date: date
    end_date: date
    concerns: list[tuple[str, date | None]] = field(default_factory=list)
    objectives: list[ObjectiveInput] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    checkin_dates: list[date] = field(default_factory=list)
    hr_contact: str = ""
    acknowledged_on: date | None = None
    consequences: str = ""


@dataclass(frozen=True)
class ObjectiveState:
    id: int
    text: str
    target_text: str
    metric: str | None
    status: str | None  # latest check-in status (PIP) or evaluation (probation)
    value: float | None
    n: int | None
    done_on: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class CheckInRow:
    id: int
    scheduled_on: date
    held_on: date | None
    notes: str
    results: tuple[tuple[int, str, float | None, int | None], ...]  # objective, status, value, n


@dataclass(frozen=True)
class EventRow:
    at: datetime
    effective_on: date
    actor: str
    from_status: str | None
    to_status: str
    end_date: date | None
    note: str


@dataclass(frozen=True)
class PlanSummary:
    id: int
    agent_id: int
    agent_name: str
    kind: str
    status: str
    start: date
    end: date
    objectives: tuple[ObjectiveState, ...]
    next_checkin: date | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class PlanDetail(PlanSummary):
    template: str | None = None
    concerns: tuple[tuple[str, date | None], ...] = ()
    support: tuple[str, ...] = ()
    hr_contact: str = ""
    acknowledged_on: date | None = None
    consequences: str = ""
    outcome_note: str = ""
    checkins: tuple[CheckInRow, ...] = ()
    events: tuple[EventRow, ...] = ()


# ---------------------------------------------------------------------- writing


def _clean_objectives(objectives: list[ObjectiveInput]) -> list[ObjectiveInput]:
    cleaned = []
    for number, objective in enumerate(objectives, start=1):
        text = clean_text(objective.text) or ""
        if not text:
            raise BadInputError(f"Objective {number} has no text; describe what must improve.")
        if objective.target_kind != "team_median":
            check_target(objective.metric, objective.comparator, objective.target,
                         objective.window_days)
        cleaned.append(ObjectiveInput(text, objective.metric or None, objective.comparator,
                                      objective.target, objective.window_days,
                                      objective.min_count, objective.target_kind))
    return cleaned


def _validate(data: PlanInput) -> None:
    if data.end_date <= data.start_date:
        raise BadInputError(f"The plan ends ({data.end_date.isoformat()}) on or before it "
                            f"starts ({data.start_date.isoformat()}); choose a later end.")
    for day in data.checkin_dates:
        if not data.start_date <= day <= data.end_date:
            raise BadInputError(f"Check-in {day.isoformat()} is outside the plan's dates.")


def preset_end(start: date, days: int) -> date:
    """The end date of a 30/60/90-day plan starting on ``start``."""
    return start + timedelta(days=days)


def create_plan(session_factory: SessionFactory, agent_id: int, data: PlanInput, *,
                actor: str, today: date, kind: str = "pip", template: str | None = None,
                status: str = "draft") -> int:
    with session_factory.begin() as session:
        return create_plan_in(session, agent_id, data, actor=actor, today=today, kind=kind,
                              template=template, status=status)


def create_plan_in(session: Session, agent_id: int, data: PlanInput, *, actor: str,
                   today: date, kind: str = "pip", template: str | None = None,
                   status: str = "draft", at: datetime | None = None) -> int:
    """A new plan (a draft unless ``status`` says otherwise), with its first audit entry."""
    _validate(data)
    objectives = _clean_objectives(data.objectives)
    if kind == "pip" and not objectives:
        raise BadInputError("A plan needs at least one objective: what must improve?")
    if session.get(Agent, agent_id) is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    plan = Plan(agent_id=agent_id, kind=kind, status=status, template=template,
                start_date=data.start_date, end_date=data.end_date)
    session.add(plan)
    session.flush()
    _write_content(session, plan, data, objectives)
    session.add(PlanEvent(plan_id=plan.id, at=at or datetime.now().replace(microsecond=0),
                          effective_on=today, actor=actor, from_status=None, to_status=status,
                          end_date=data.end_date, note="Plan created"))
    return plan.id


def _write_content(session: Session, plan: Plan, data: PlanInput,
                   objectives: list[ObjectiveInput]) -> None:
    plan.support = "\n".join(s.strip() for s in data.support if s.strip())
    plan.hr_contact = (data.hr_contact or "").strip()
    plan.acknowledged_on = data.acknowledged_on
    plan.consequences = (data.consequences or "").strip()
    for text, raised_on in data.concerns:
        if clean_text(text):
            session.add(PlanConcern(plan_id=plan.id, text=clean_text(text), raised_on=raised_on))
    for position, objective in enumerate(objectives):
        session.add(PlanObjective(
            plan_id=plan.id, position=position, text=objective.text, metric=objective.metric,
            comparator=objective.comparator if objective.metric else None,
            target=objective.target if objective.metric else None,
            target_kind=objective.target_kind if objective.metric else None,
            window_days=objective.window_days if objective.metric else None,
            min_count=objective.min_count if objective.metric else None))
    for day in sorted(set(data.checkin_dates)):
        session.add(PlanCheckIn(plan_id=plan.id, scheduled_on=day))


def _require(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"Plan #{plan_id} no longer exists; refresh the page.")
    return plan


def _require_open(session: Session, plan_id: int) -> Plan:
    plan = _require(session, plan_id)
    if plan.status in FINISHED_STATUSES:
        raise UserError(f"This plan is {STATUS_LABELS[plan.status].lower()} and read-only; "
                        "its record can no longer change.")
    return plan


def update_draft(session_factory: SessionFactory, plan_id: int, data: PlanInput) -> None:
    """Replace a draft's whole content (a started plan changes only by its details)."""
    _validate(data)
    objectives = _clean_objectives(data.objectives)
    with session_factory.begin() as session:
        plan = _require_open(session, plan_id)
        if plan.status != "draft":
            raise UserError("Only a draft plan's objectives can be rewritten; an active plan "
                            "keeps what the agent acknowledged.")
        for model in (PlanConcern, PlanObjective, PlanCheckIn):
            for row in session.scalars(select(model).where(model.plan_id == plan.id)):
                session.delete(row)
        session.flush()
        plan.start_date, plan.end_date = data.start_date, data.end_date
        _write_content(session, plan, data, objectives)


def update_details(session_factory: SessionFactory, plan_id: int, *, hr_contact: str,
                   acknowledged_on: date | None, support: list[str], consequences: str,
                   checkin_dates: list[date]) -> None:
    """Change what may change while a plan runs: contact, acknowledgement, support,
    consequences and future check-in dates (held check-ins stay)."""
    with session_factory.begin() as session:
        plan = _require_open(session, plan_id)
        for day in checkin_dates:
            if not plan.start_date <= day <= plan.end_date:
                raise BadInputError(f"Check-in {day.isoformat()} is outside the plan's dates.")
        plan.hr_contact = hr_contact.strip()
        plan.acknowledged_on = acknowledged_on
        plan.support = "\n".join(s.strip() for s in support if s.strip())
        plan.consequences = consequences.strip()
        existing = session.scalars(select(PlanCheckIn).where(PlanCheckIn.plan_id == plan.id))
        kept = set()
        for checkin in existing:
            if checkin.held_on is None and checkin.scheduled_on not in checkin_dates:
                session.delete(checkin)
            else:
                kept.add(checkin.scheduled_on)
        for day in sorted(set(checkin_dates) - kept):
            session.add(PlanCheckIn(plan_id=plan.id, scheduled_on=day))


def change_status(session_factory: SessionFactory, plan_id: int, to_status: str, *,
                  actor: str, effective_on: date, note: str = "",
                  new_end: date | None = None) -> None:
    with session_factory.begin() as session:
        change_status_in(session, plan_id, to_status, actor=actor, effective_on=effective_on,
                         note=note, new_end=new_end)


def change_status_in(session: Session, plan_id: int, to_status: str, *, actor: str,
                     effective_on: date, note: str = "", new_end: date | None = None,
                     at: datetime | None = None) -> None:
    """Move the plan to ``to_status`` and write the audit-trail entry."""
    plan = _require_open(session, plan_id)
    allowed = TRANSITIONS.get(plan.status, ())
    if to_status not in allowed:
        names = ", ".join(STATUS_LABELS[s].lower() for s in allowed)
        raise UserError(f"A {STATUS_LABELS[plan.status].lower()} plan can become: {names}; "
                        f"not {STATUS_LABELS.get(to_status, to_status).lower()}.")
    if to_status == "extended":
        if new_end is None or new_end <= plan.end_date:
            raise BadInputError(f"Extending needs a new end date after "
                                f"{plan.end_date.isoformat()}.")
        plan.end_date = new_end
    if to_status in ("not_passed", "cancelled") and not note.strip():
        raise BadInputError("Say why in the note: it is part of the record HR relies on.")
    session.add(PlanEvent(plan_id=plan.id, at=at or datetime.now().replace(microsecond=0),
                          effective_on=effective_on, actor=actor, from_status=plan.status,
                          to_status=to_status, end_date=plan.end_date, note=note.strip()))
    plan.status = to_status
    if to_status in FINISHED_STATUSES:
        plan.outcome_note = note.strip()


def record_checkin(session_factory: SessionFactory, plan_id: int, *, held_on: date,
                   notes: str, statuses: dict[int, str], checkin_id: int | None = None) -> int:
    with session_factory.begin() as session:
        return record_checkin_in(session, plan_id, held_on=held_on, notes=notes,
                                 statuses=statuses, checkin_id=checkin_id)


def record_checkin_in(session: Session, plan_id: int, *, held_on: date, notes: str,
                      statuses: dict[int, str], checkin_id: int | None = None) -> int:
    """Hold a check-in: notes, a status per objective, and each metric objective's value
    computed now and stored, so the record shows what the numbers were that day."""
    plan = _require_open(session, plan_id)
    if plan.status == "draft":
        raise UserError("Start the plan (make it active) before holding check-ins.")
    for status in statuses.values():
        if status not in OBJECTIVE_STATUSES:
            raise BadInputError(f"Unknown objective status '{status}'.")
    if checkin_id is None:
        checkin = session.scalar(select(PlanCheckIn).where(
            PlanCheckIn.plan_id == plan.id, PlanCheckIn.held_on.is_(None),
            PlanCheckIn.scheduled_on == held_on))
        if checkin is None:
            checkin = PlanCheckIn(plan_id=plan.id, scheduled_on=held_on)
            session.add(checkin)
    else:
        checkin = session.get(PlanCheckIn, checkin_id)
        if checkin is None or checkin.plan_id != plan.id:
            raise NotFoundError("That check-in no longer exists; refresh the page.")
        if checkin.held_on is not None:
            raise UserError("That check-in was already held; its record is kept as it was.")
    checkin.held_on, checkin.notes = held_on, notes.strip()
    session.flush()
    for objective in _objectives(session, plan.id):
        value = count = None
        guess = "on_track"
        if objective.metric:
            measured = measure_target(
                session, plan.agent_id, metric=objective.metric,
                comparator=objective.comparator, target=objective.target, as_of=held_on,
                window_days=objective.window_days, since=plan.start_date,
                min_count=objective.min_count, target_kind=objective.target_kind)
            value, count = measured.value, measured.n
            guess = "on_track" if measured.met else "at_risk"
        session.add(PlanCheckInResult(checkin_id=checkin.id, objective_id=objective.id,
                                      status=statuses.get(objective.id, guess),
                                      value=value, count=count))
    return checkin.id


# ---------------------------------------------------------------------- reading


def _objectives(session: Session, plan_id: int) -> list[PlanObjective]:
    return list(session.scalars(select(PlanObjective).where(PlanObjective.plan_id == plan_id)
                                .order_by(PlanObjective.position, PlanObjective.id)))


def _checkins(session: Session, plan_id: int) -> list[PlanCheckIn]:
    return list(session.scalars(select(PlanCheckIn).where(PlanCheckIn.plan_id == plan_id)
                                .order_by(PlanCheckIn.scheduled_on, PlanCheckIn.id)))


def target_text(objective: PlanObjective) -> str:
    return describe(objective.metric, objective.comparator, objective.target,
                    objective.window_days, objective.min_count, objective.target_kind)


def _pip_objectives(session: Session, plan: Plan, checkins: list[PlanCheckIn]
                    ) -> list[ObjectiveState]:
    latest: dict[int, PlanCheckInResult] = {}
    held = [c.id for c in checkins if c.held_on is not None]
    if held:
        for result in session.scalars(select(PlanCheckInResult).where(
                PlanCheckInResult.checkin_id.in_(held))):
            # check-ins come in date order, so the last one wins
            previous = latest.get(result.objective_id)
            if previous is None or held.index(result.checkin_id) >= held.index(
                    previous.checkin_id):
                latest[result.objective_id] = result
    states = []
    for objective in _objectives(session, plan.id):
        result = latest.get(objective.id)
        states.append(ObjectiveState(
            objective.id, objective.text, target_text(objective), objective.metric,
            result.status if result else None, result.value if result else None,
            result.count if result else None, objective.done_on))
    return states


def summarize(session: Session, plan: Plan, as_of: date) -> PlanSummary:
    agent = session.get(Agent, plan.agent_id)
    checkins = _checkins(session, plan.id)
    if plan.kind == "probation":
        from app.services.probation import evaluate_items

        objectives = evaluate_items(session, plan, as_of)
    else:
        objectives = _pip_objectives(session, plan, checkins)
    upcoming = [c.scheduled_on for c in checkins if c.held_on is None]
    return PlanSummary(plan.id, plan.agent_id, agent.full_name if agent else "?", plan.kind,
                       plan.status, plan.start_date, plan.end_date, tuple(objectives),
                       min(upcoming) if upcoming else None)


def list_plans(session_factory: SessionFactory, *, today: date, agent_id: int | None = None,
               kind: str | None = None) -> list[PlanSummary]:
    """Plans, running ones first, then by end date."""
    with session_factory() as session:
        query = select(Plan)
        if agent_id is not None:
            query = query.where(Plan.agent_id == agent_id)
        if kind is not None:
            query = query.where(Plan.kind == kind)
        plans = session.scalars(query.order_by(Plan.end_date.desc(), Plan.id)).all()
        rows = [summarize(session, plan, today) for plan in plans]
    return sorted(rows, key=lambda r: (r.finished, r.status == "draft"))


def get_plan(session_factory: SessionFactory, plan_id: int, *, today: date) -> PlanDetail:
    with session_factory() as session:
        return plan_detail(session, plan_id, today)


def plan_detail(session: Session, plan_id: int, today: date) -> PlanDetail:
    plan = _require(session, plan_id)
    summary = summarize(session, plan, today)
    checkins = _checkins(session, plan.id)
    results: dict[int, list] = {}
    for result in session.scalars(select(PlanCheckInResult).where(
            PlanCheckInResult.checkin_id.in_([c.id for c in checkins]))):
        results.setdefault(result.checkin_id, []).append(
            (result.objective_id, result.status, result.value, result.count))
    concerns = session.scalars(select(PlanConcern).where(PlanConcern.plan_id == plan.id)
                               .order_by(PlanConcern.raised_on, PlanConcern.id))
    events = session.scalars(select(PlanEvent).where(PlanEvent.plan_id == plan.id)
                             .order_by(PlanEvent.at, PlanEvent.id))
    return PlanDetail(
        **{f: getattr(summary, f) for f in PlanSummary.__dataclass_fields__},
        template=plan.template,
        concerns=tuple((c.text, c.raised_on) for c in concerns),
        support=tuple(line for line in plan.support.splitlines() if line.strip()),
        hr_contact=plan.hr_contact, acknowledged_on=plan.acknowledged_on,
        consequences=plan.consequences, outcome_note=plan.outcome_note,
        checkins=tuple(CheckInRow(c.id, c.scheduled_on, c.held_on, c.notes,
                                  tuple(sorted(results.get(c.id, []))))
                       for c in checkins),
        events=tuple(EventRow(e.at, e.effective_on, e.actor, e.from_status, e.to_status,
                              e.end_date, e.note) for e in events))


def active_plan_id(session: Session, agent_id: int, kind: str = "pip") -> int | None:
    return session.scalar(select(Plan.id).where(
        Plan.agent_id == agent_id, Plan.kind == kind,
        Plan.status.in_(("active", "extended"))).order_by(Plan.start_date.desc()))
