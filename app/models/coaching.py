"""One-on-ones, talking points, action items and goals (issue 7).

A meeting's notes are the manager's record of a person, so nothing here is overwritten
once a meeting is held: later changes go through ``MeetingAmendment`` rows, which keep
the original text and the time of the change. Talking points and action items belong to
the agent, not to one meeting, so what is left open simply shows up in the next one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utc_now

CADENCES = ("weekly", "biweekly", "monthly")
TALKING_POINT_ORIGINS = ("manager", "agent", "qa", "metric")
ACTION_OWNERS = ("agent", "manager")
GOAL_STATUSES = ("open", "achieved", "missed", "dropped")


class OneOnOneSchedule(Base):
    """How often an agent meets their manager, and when the next one-on-one is due."""

    __tablename__ = "one_on_one_schedules"
    __table_args__ = (
        CheckConstraint("cadence IN ('weekly', 'biweekly', 'monthly')", name="cadence_known"),
    )

    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(16), nullable=False, default="biweekly")
    next_date: Mapped[date | None] = mapped_column(Date)


class AgendaTemplate(Base):
    """An agenda the manager edited or added; the shipped ones live in resources/ and a
    row with the same name replaces the shipped one."""

    __tablename__ = "agenda_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    items: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one per line
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)


class Meeting(Base):
    """One one-on-one. Planned until held; a held meeting changes only through amendments."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="status_known"),
        CheckConstraint("mood IS NULL OR (mood >= 1 AND mood <= 10)", name="mood_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True)
    meeting_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    template: Mapped[str | None] = mapped_column(String(120))
    agenda: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one per line
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="planned")
    shared_notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    private_notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    mood: Mapped[int | None] = mapped_column(Integer)
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    notes_saved_at: Mapped[datetime | None] = mapped_column(DateTime)


class MeetingAmendment(Base):
    """A change to a held meeting: what the field said before, what it says now, when."""

    __tablename__ = "meeting_amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    field: Mapped[str] = mapped_column(String(40), nullable=False)
    original_text: Mapped[str] = mapped_column(Text, nullable=False)
    new_text: Mapped[str] = mapped_column(Text, nullable=False)
    amended_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    amended_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")


class TalkingPoint(Base):
    """Something to raise at the agent's next one-on-one, until it is discussed.

    ``source_key`` makes queuing idempotent for points raised by other features (a QA
    review, a metric flag): the same key never queues a second point.
    """

    __tablename__ = "talking_points"
    __table_args__ = (
        CheckConstraint("origin IN ('manager', 'agent', 'qa', 'metric')",
                        name="origin_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    origin: Mapped[str] = mapped_column(String(16), nullable=False, default="manager")
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    # How many held meetings it was on without being discussed.
    times_carried: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    discussed_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    discussed_at: Mapped[datetime | None] = mapped_column(DateTime)


class MeetingPoint(Base):
    """Which talking points a held meeting had, as they stood when it was marked held."""

    __tablename__ = "meeting_points"
    __table_args__ = (UniqueConstraint("meeting_id", "talking_point_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True)
    talking_point_id: Mapped[int] = mapped_column(
        ForeignKey("talking_points.id", ondelete="CASCADE"), nullable=False)
    discussed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    carried: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class ActionItem(Base):
    """A promise made in a one-on-one; open ones follow the agent from meeting to meeting."""

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint("owner IN ('agent', 'manager')", name="owner_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str] = mapped_column(String(16), nullable=False, default="agent")
    created_on: Mapped[date] = mapped_column(Date, nullable=False)
    due: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Goal(Base):
    """A per-agent goal, optionally tied to a metric target measured over a window."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'achieved', 'missed', 'dropped')",
                        name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    metric: Mapped[str | None] = mapped_column(String(40))
    comparator: Mapped[str | None] = mapped_column(String(2))
    target: Mapped[float | None] = mapped_column(Float)
    window_days: Mapped[int | None] = mapped_column(Integer)
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    created_on: Mapped[date] = mapped_column(Date, nullable=False)
