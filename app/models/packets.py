"""Review packet exports: which packet was written for whom, when, with private notes or not.

A packet leaves the machine (to HR, to the manager's manager), so each one is recorded:
the agent, the period, the file it was written to, when, whether private one-on-one notes
were in it, and the manager's summary text typed for it. The agent's name is kept as it
was so the record still reads after the agent is deleted (``agent_id`` then becomes NULL).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utc_now


class PacketExport(Base):
    __tablename__ = "packet_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), index=True)
    agent_name: Mapped[str] = mapped_column(String(200), nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    file_name: Mapped[str] = mapped_column(String(1000), nullable=False)
    exported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utc_now)
    private_notes: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
