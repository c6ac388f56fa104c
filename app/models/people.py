"""The team roster: teams, agents and the names agents carry in support platforms."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.ingest.platform_names import ANY_PLATFORM
from app.models.base import Base, TimestampMixin

AGENT_STATUSES = ("active", "on_leave", "departed")


class Team(Base, TimestampMixin):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)

    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Agent(Base, TimestampMixin):
    __tablename__ = "agents"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'on_leave', 'departed')", name="status_known"
        ),
        CheckConstraint("lead_id IS NULL OR lead_id <> id", name="not_own_lead"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    # Stored lower-cased so uniqueness is case-insensitive on every database.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    role: Mapped[str | None] = mapped_column(String(120))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), index=True
    )
    hire_date: Mapped[date | None] = mapped_column(Date)
    probation_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    departure_date: Mapped[date | None] = mapped_column(Date)

    team: Mapped[Team | None] = relationship(back_populates="agents")
    lead: Mapped[Agent | None] = relationship(remote_side="Agent.id")
    aliases: Mapped[list[AgentAlias]] = relationship(
        back_populates="agent", cascade="all, delete-orphan", order_by="AgentAlias.id"
    )


class AgentAlias(Base):
    """A name or e-mail an agent carries in one support platform ("any" = every platform).

    ``alias_key`` is the case- and accent-folded form that uniqueness and matching use.
    """

    __tablename__ = "agent_aliases"
    __table_args__ = (UniqueConstraint("platform", "alias_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    platform: Mapped[str] = mapped_column(String(40), nullable=False, default=ANY_PLATFORM)
    alias: Mapped[str] = mapped_column(String(254), nullable=False)
    alias_key: Mapped[str] = mapped_column(String(254), nullable=False)

    agent: Mapped[Agent] = relationship(back_populates="aliases")
