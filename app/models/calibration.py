"""Calibration sessions (issue 6): graders score the same conversations blind, then compare.

Score sets live in their own tables rather than as QA reviews of kind ``calibration``:
a review needs an agent (graders score conversations, and a session may hold a
conversation from a former agent or a made-up training case), a review is visible on the
Quality page as soon as it is saved (blind scoring must keep a set hidden until the
facilitator reveals), and IQS can then never pick one up by mistake. The rubric is the
QA tables' own: a session points at one ``ScorecardVersion`` and every score at one of
its ``ScorecardCriterion`` rows, so a session keeps the criteria it was scored with.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, utc_now

BENCHMARK_MODES = ("expert", "consensus")
SESSION_STATUSES = ("scoring", "revealed")


class CalibrationSession(Base, TimestampMixin):
    __tablename__ = "calibration_sessions"
    __table_args__ = (
        CheckConstraint("benchmark IN ('expert', 'consensus')", name="benchmark_known"),
        CheckConstraint("status IN ('scoring', 'revealed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    session_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_versions.id", ondelete="RESTRICT"), nullable=False, index=True)
    facilitator: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    benchmark: Mapped[str] = mapped_column(String(16), nullable=False, default="consensus")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="scoring")
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime)

    conversations: Mapped[list[CalibrationConversation]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="CalibrationConversation.position")
    graders: Mapped[list[CalibrationGrader]] = relationship(
        back_populates="session", cascade="all, delete-orphan",
        order_by="CalibrationGrader.position")


class CalibrationConversation(Base):
    __tablename__ = "calibration_conversations"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(500), nullable=False)
    # A pasted transcript or notes shown to every grader beside the form.
    transcript: Mapped[str | None] = mapped_column(Text)

    session: Mapped[CalibrationSession] = relationship(back_populates="conversations")


class CalibrationGrader(Base):
    __tablename__ = "calibration_graders"
    __table_args__ = (UniqueConstraint("session_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # Set when the grader is on the roster (QA leads often are not).
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), index=True)
    is_expert: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[str | None] = mapped_column(String(16))  # "laptop" or "form"

    session: Mapped[CalibrationSession] = relationship(back_populates="graders")
    scores: Mapped[list[CalibrationScore]] = relationship(
        back_populates="grader", cascade="all, delete-orphan")


class CalibrationScore(Base):
    """One grader's rating of one criterion on one conversation: a value, or N/A."""

    __tablename__ = "calibration_scores"
    __table_args__ = (UniqueConstraint("grader_id", "conversation_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grader_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_graders.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_conversations.id", ondelete="CASCADE"), nullable=False,
        index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_criteria.id", ondelete="RESTRICT"), nullable=False, index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    comment: Mapped[str | None] = mapped_column(Text)

    grader: Mapped[CalibrationGrader] = relationship(back_populates="scores")


class CalibrationDiscussion(Base):
    """The group's notes on one (conversation, criterion) and, in consensus mode, the value
    it agreed on (which then is the benchmark for that unit)."""

    __tablename__ = "calibration_discussions"
    __table_args__ = (UniqueConstraint("session_id", "conversation_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_conversations.id", ondelete="CASCADE"), nullable=False,
        index=True)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_criteria.id", ondelete="RESTRICT"), nullable=False, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    agreed_value: Mapped[int | None] = mapped_column(Integer)
    agreed_na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now,
                                                 onupdate=utc_now)


class CalibrationGuidanceNote(Base):
    """"Add to guidance": a sentence for a criterion's guidance in the next scorecard
    version. ``applied_version_id`` is the version that carries it."""

    __tablename__ = "calibration_guidance_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=False, index=True)
    criterion_name: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)
    applied_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("scorecard_versions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
