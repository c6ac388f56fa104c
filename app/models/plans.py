"""Performance improvement plans and probation checklists (issue 7).

Both are a ``Plan``: a dated set of objectives for one agent, with a state, an audit
trail (``PlanEvent``: every change of state, with who and when) and check-ins whose
metric values are stored as they were on the day. A probation checklist is a plan of kind
"probation" whose objectives came from a template and may be ticked by hand.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utc_now

PLAN_KINDS = ("pip", "probation")
PLAN_STATUSES = ("draft", "active", "extended", "passed", "not_passed", "cancelled")
FINISHED_STATUSES = ("passed", "not_passed", "cancelled")
OBJECTIVE_STATUSES = ("on_track", "at_risk", "met", "missed")


class Plan(Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("kind IN ('pip', 'probation')", name="kind_known"),
        CheckConstraint(
            "status IN ('draft', 'active', 'extended', 'passed', 'not_passed', 'cancelled')",
            name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="pip")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    template: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date] = mapped_column(Date, nullable=False)
    support: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one per line
    hr_contact: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    consequences: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)


class PlanConcern(Base):
    """A concern the plan addresses, with the date it was first raised with the agent."""

    __tablename__ = "plan_concerns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    raised_on: Mapped[date | None] = mapped_column(Date)


class PlanObjective(Base):
    """What must be true by the end: a text, optionally a metric target over a window.

    ``target_kind`` "team_median" compares with the team's median instead of ``target``;
    ``min_count`` asks for at least that many ratings or reviews behind the value.
    Manual objectives are ticked with ``done_on``.
    """

    __tablename__ = "plan_objectives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    metric: Mapped[str | None] = mapped_column(String(40))
    comparator: Mapped[str | None] = mapped_column(String(2))
    target: Mapped[float | None] = mapped_column(Float)
    target_kind: Mapped[str | None] = mapped_column(String(20))
    window_days: Mapped[int | None] = mapped_column(Integer)
    min_count: Mapped[int | None] = mapped_column(Integer)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[str | None] = mapped_column(String(120))


class PlanCheckIn(Base):
    """A dated review of the plan; ``held_on`` is empty until it happened."""

    __tablename__ = "plan_checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True)
    scheduled_on: Mapped[date] = mapped_column(Date, nullable=False)
    held_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PlanCheckInResult(Base):
    """An objective's status at one check-in, with the metric value computed that day."""

    __tablename__ = "plan_checkin_results"
    __table_args__ = (
        UniqueConstraint("checkin_id", "objective_id"),
        CheckConstraint("status IN ('on_track', 'at_risk', 'met', 'missed')",
                        name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("plan_checkins.id", ondelete="CASCADE"), nullable=False, index=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("plan_objectives.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[float | None] = mapped_column(Float)
    count: Mapped[int | None] = mapped_column(Integer)


class PlanEvent(Base):
    """The audit trail: each change of state (and sign-off), dated, with who made it."""

    __tablename__ = "plan_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    actor: Mapped[str] = mapped_column(String(120), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16), nullable=False)
    end_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
