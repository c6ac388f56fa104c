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
from sqlalchemy import String, Text
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
