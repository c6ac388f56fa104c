"""Imported support-platform data: tickets, per-agent aggregate rows, and the record of
every import.

A ticket is keyed by (platform, external id) where ``platform`` is the vendor
(``zendesk`` for both Zendesk profiles), so one ticket seen in two exports stays one row.
Customer names and e-mails are never stored; ``requester_hash`` is a keyed hash that still
lets repeat contacts be counted. Unknown values are NULL, never 0 or "".
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
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utc_now


class ImportRun(Base):
    """One import of one file: what came in, what it changed and what was skipped."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(260), nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    profile: Mapped[str] = mapped_column(String(40), nullable=False)  # e.g. zendesk_explore
    platform: Mapped[str] = mapped_column(String(40), nullable=False)  # the vendor
    confidence: Mapped[float | None] = mapped_column(Float)
    sheet: Mapped[str | None] = mapped_column(String(120))
    period: Mapped[str | None] = mapped_column(String(40))  # named by the user, e.g. 2026-10
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="landed")
    rows_read: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    inserted: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # JSON list of {"row", "column", "reason"}; the first few hundred are kept.
    errors_json: Mapped[str | None] = mapped_column(Text)
    # JSON list of assignee names no roster alias matched.
    unmatched_json: Mapped[str | None] = mapped_column(Text)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        CheckConstraint("csat IS NULL OR csat IN ('good', 'bad')", name="csat_known"),
        CheckConstraint("sla IS NULL OR sla IN ('met', 'breached')", name="sla_known"),
        Index("ix_tickets_agent_solved", "agent_id", "solved_at"),
        Index("ix_tickets_agent_created", "agent_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40), nullable=False)
    external_id: Mapped[str] = mapped_column(String(80), nullable=False)
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"))
    assignee: Mapped[str | None] = mapped_column(String(254))  # raw name as exported
    group_name: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str | None] = mapped_column(String(80))  # as exported
    priority: Mapped[str | None] = mapped_column(String(80))
    ticket_type: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    first_reply_at: Mapped[datetime | None] = mapped_column(DateTime)
    solved_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_reply_minutes: Mapped[float | None] = mapped_column(Float)
    first_reply_minutes_business: Mapped[float | None] = mapped_column(Float)
    full_resolution_minutes: Mapped[float | None] = mapped_column(Float)
    full_resolution_minutes_business: Mapped[float | None] = mapped_column(Float)
    handle_seconds: Mapped[float | None] = mapped_column(Float)
    agent_replies: Mapped[int | None] = mapped_column(Integer)
    reopens: Mapped[int | None] = mapped_column(Integer)
    csat: Mapped[str | None] = mapped_column(String(8))  # good / bad / NULL = unrated
    csat_raw: Mapped[str | None] = mapped_column(String(80))
    nps: Mapped[int | None] = mapped_column(Integer)
    sla: Mapped[str | None] = mapped_column(String(10))  # met / breached / NULL = none
    escalated: Mapped[bool | None] = mapped_column(Boolean)
    tags: Mapped[str | None] = mapped_column(Text)  # one tag per line
    subject: Mapped[str | None] = mapped_column(String(500))
    requester_hash: Mapped[str | None] = mapped_column(String(64))
    # The platform's own edit counter when it exports one (ServiceNow sys_mod_count): a
    # row with a higher revision replaces a lower one even when update times are missing.
    source_revision: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_runs.id", ondelete="SET NULL"))


class TicketAggregate(Base):
    """A per-agent figure for a period from a report export (Explore, telephony, WFM)."""

    __tablename__ = "ticket_aggregates"
    __table_args__ = (
        UniqueConstraint("platform", "assignee_key", "period_start", "period_end", "metric"),
        Index("ix_ticket_aggregates_agent_period", "agent_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40), nullable=False)
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"))
    assignee: Mapped[str] = mapped_column(String(254), nullable=False)  # raw, "" = team
    assignee_key: Mapped[str] = mapped_column(String(254), nullable=False)  # folded
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    metric: Mapped[str] = mapped_column(String(80), nullable=False)  # canonical field name
    value: Mapped[float | None] = mapped_column(Float)
    count: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_runs.id", ondelete="SET NULL"))


class ImportSecret(Base):
    """Per-database secrets of the import, e.g. the HMAC key of ``requester_hash``.

    The key is random, made on the first import, and lives in the database itself, so
    repeat contacts still match after the file is moved, backed up or restored, while the
    hashes of two databases cannot be linked to each other.
    """

    __tablename__ = "import_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128), nullable=False)


class ImportMapping(Base):
    """A column mapping the user edited, remembered for the next file with the same header."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    header_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    profile: Mapped[str] = mapped_column(String(40), nullable=False)
    mapping_json: Mapped[str] = mapped_column(Text, nullable=False)
    saved_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
