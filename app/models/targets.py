"""Metric targets and metric settings such as escalation groups and tags (issue 4).

A target says what "good" is for one metric: team-wide (``agent_id`` NULL) or for one
agent, from an effective date on. A newer row for the same metric and scope replaces the
older one from its date, so the history of targets stays and a trend chart can draw the
target that applied at each point. Settings are small named JSON values the manager
edits (which groups and tags mean "escalated").
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer
from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utc_now


class MetricTarget(Base):
    __tablename__ = "metric_targets"
    __table_args__ = (
        CheckConstraint("comparator IN ('>=', '<=')", name="comparator_known"),
        Index("ix_metric_targets_metric_agent", "metric", "agent_id", "effective_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), nullable=False)
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"))  # NULL = the whole team
    comparator: Mapped[str] = mapped_column(String(2), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    saved_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)


class MetricSetting(Base):
    """One named metric setting, e.g. ``escalation_groups`` -> JSON list of group names."""

    __tablename__ = "metric_settings"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text, nullable=False)


class TicketDayStats(Base):
    """A summary of the tickets of one day and agent, kept so the dashboard reads a few
    thousand rows instead of every ticket (``app.services.ticket_day_stats``).

    ``basis`` says which date the row counts by: ``solved`` rows hold the outcome counts
    and the resolution times, ``created`` rows the volume and the first reply times. Times
    are the day's exact values (packed doubles), so medians and p90 stay exact. ``agent_id``
    carries no foreign key: the summary is rebuilt, never edited, and a change to the
    tickets is caught by the fingerprint kept beside it.
    """

    __tablename__ = "ticket_day_stats"
    __table_args__ = (Index("ix_ticket_day_stats_day", "day", "basis"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    basis: Mapped[str] = mapped_column(String(8), nullable=False)
    agent_id: Mapped[int | None] = mapped_column(Integer)
    tickets: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    csat_good: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    csat_rated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    nps_promoters: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    nps_detractors: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    nps_rated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    one_touch: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    replies_known: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sla_met: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sla_known: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reopened: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reopens_known: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    escalated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    escalation_known: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    handle_sum: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    handle_n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    first_reply_minutes: Mapped[bytes | None] = mapped_column(LargeBinary)
    first_reply_minutes_business: Mapped[bytes | None] = mapped_column(LargeBinary)
    full_resolution_minutes: Mapped[bytes | None] = mapped_column(LargeBinary)
    full_resolution_minutes_business: Mapped[bytes | None] = mapped_column(LargeBinary)
