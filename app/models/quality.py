"""QA scorecards, conversation reviews and disputes (issue 5).

A ``Scorecard`` is the rubric's lasting identity (name, channels); its content lives in
``ScorecardVersion`` rows. A version that has scored a review is frozen (``frozen_at``):
editing the scorecard then makes a new version, so old reviews keep the criteria, scales
and weights they were scored with. Calibration sessions (issue 6) score with the same
versions and store their score sets as reviews of kind ``calibration``, which IQS ignores.

A rating is ``value`` (the chosen scale value) or ``na`` (not applicable); a draft may
leave criteria unrated (no value, not N/A).
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
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, utc_now

REVIEW_KINDS = ("standard", "calibration")
REVIEW_STATUSES = ("draft", "final")
DISPUTE_STATUSES = ("open", "accepted", "partly_accepted", "rejected")


class Scorecard(Base, TimestampMixin):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    # One channel name per line; empty = any channel.
    channels: Mapped[str | None] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    versions: Mapped[list[ScorecardVersion]] = relationship(
        back_populates="scorecard", cascade="all, delete-orphan",
        order_by="ScorecardVersion.number")


class ScorecardVersion(Base):
    __tablename__ = "scorecard_versions"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "number"),
        CheckConstraint("pass_threshold >= 0 AND pass_threshold <= 100",
                        name="threshold_percent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    pass_threshold: Mapped[float] = mapped_column(Float, nullable=False, default=85.0)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    # Set when the version first scores a review; a frozen version is never edited.
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What changed from the previous version, in words, for the editor's history.
    change_note: Mapped[str | None] = mapped_column(Text)

    scorecard: Mapped[Scorecard] = relationship(back_populates="versions")
    criteria: Mapped[list[ScorecardCriterion]] = relationship(
        back_populates="version", cascade="all, delete-orphan",
        order_by="ScorecardCriterion.position")


class ScorecardCriterion(Base):
    __tablename__ = "scorecard_criteria"
    __table_args__ = (
        UniqueConstraint("version_id", "name"),
        CheckConstraint("scale IN (2, 3, 4, 5)", name="scale_known"),
        CheckConstraint("weight >= 0 AND weight <= 100", name="weight_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_versions.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    section: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    guidance: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, nullable=False)
    scale: Mapped[int] = mapped_column(Integer, nullable=False)  # 2 = binary 0/1, else 1..n
    allow_na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    critical: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    version: Mapped[ScorecardVersion] = relationship(back_populates="criteria")


class Review(Base, TimestampMixin):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("kind IN ('standard', 'calibration')", name="kind_known"),
        CheckConstraint("status IN ('draft', 'final')", name="status_known"),
        Index("ix_reviews_agent_date", "agent_id", "review_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="standard")
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="draft")
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="RESTRICT"), nullable=False)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_versions.id", ondelete="RESTRICT"), nullable=False, index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True)
    # A ticket number, link or any text naming the conversation.
    conversation_ref: Mapped[str | None] = mapped_column(String(500))
    reviewer: Mapped[str] = mapped_column(String(200), nullable=False)
    review_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    needs_coaching: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Cached results of app.analytics.qa_scores, recomputed on every change of scores.
    score: Mapped[float | None] = mapped_column(Float)
    auto_failed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # The score when the review was finalised, kept when a dispute changes it.
    original_score: Mapped[float | None] = mapped_column(Float)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="form")

    ratings: Mapped[list[ReviewRating]] = relationship(
        back_populates="review", cascade="all, delete-orphan")
    version: Mapped[ScorecardVersion] = relationship()


class ReviewRating(Base):
    __tablename__ = "review_ratings"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_criteria.id", ondelete="RESTRICT"), nullable=False, index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    comment: Mapped[str | None] = mapped_column(Text)
    needs_coaching: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    review: Mapped[Review] = relationship(back_populates="ratings")


class Dispute(Base, TimestampMixin):
    """An agent's dispute of a final review; resolving it may change ratings (logged)."""

    __tablename__ = "review_disputes"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'accepted', 'partly_accepted', 'rejected')",
            name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True)
    raised_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_on: Mapped[date | None] = mapped_column(Date)

    items: Mapped[list[DisputeItem]] = relationship(
        back_populates="dispute", cascade="all, delete-orphan")


class DisputeItem(Base):
    """One criterion the agent proposes to re-score. Values: None with ``*_na`` = N/A."""

    __tablename__ = "review_dispute_items"
    __table_args__ = (UniqueConstraint("dispute_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dispute_id: Mapped[int] = mapped_column(
        ForeignKey("review_disputes.id", ondelete="CASCADE"), nullable=False)
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_criteria.id", ondelete="RESTRICT"), nullable=False, index=True)
    original_value: Mapped[int | None] = mapped_column(Integer)
    original_na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    proposed_value: Mapped[int | None] = mapped_column(Integer)
    proposed_na: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    accepted: Mapped[bool | None] = mapped_column(Boolean)  # None until resolved

    dispute: Mapped[Dispute] = relationship(back_populates="items")


class ReviewEvent(Base):
    """The history of a review: finalised, disputed, resolved, each rating changed."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    event: Mapped[str] = mapped_column(String(40), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    dispute_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_disputes.id", ondelete="SET NULL"))
