"""The manager's weekly review queue: a reproducible random sample of solved tickets.

For each agent, N solved tickets from the period are drawn at random with a seeded
generator (the same seed and data give the same sample). Tickets already reviewed are
left out. Optional priorities put the conversations most worth a look first: bad CSAT,
long resolution, reopened; the rest of the N is filled at random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.db import SessionFactory
from app.errors import BadInputError
from app.models import Agent, Ticket
from app.models.quality import Review


@dataclass
class SampleRequest:
    start: date
    end: date
    per_agent: int = 5
    agent_ids: list[int] | None = None  # None = every agent with solved tickets
    channel: str | None = None
    bad_csat_first: bool = False
    long_resolution_first: bool = False
    long_resolution_hours: float = 48.0
    reopened_first: bool = False
    seed: int = 1
    exclude_reviewed: bool = True


@dataclass(frozen=True)
class SampledTicket:
    ticket_id: int
    external_id: str
    agent_id: int
    agent: str
    subject: str
    channel: str
    solved_at: datetime | None
    csat: str
    reopens: int | None
    resolution_hours: float | None
    reasons: tuple[str, ...] = field(default_factory=tuple)  # why it came first


def channels(session_factory: SessionFactory) -> list[str]:
    with session_factory() as session:
        return sorted(c for c in session.scalars(select(Ticket.channel).distinct()) if c)


def sample_conversations(session_factory: SessionFactory,
                         request: SampleRequest) -> list[SampledTicket]:
    if request.per_agent < 1:
        raise BadInputError("Pick at least one conversation per agent.")
    if request.end < request.start:
        raise BadInputError("The period ends before it starts.")
    start = datetime.combine(request.start, time.min)
    end = datetime.combine(request.end + timedelta(days=1), time.min)
    with session_factory() as session:
        query = (select(Ticket, Agent.full_name).join(Agent, Ticket.agent_id == Agent.id)
                 .where(Ticket.solved_at >= start, Ticket.solved_at < end)
                 .order_by(Ticket.agent_id, Ticket.id))
        if request.agent_ids is not None:
            query = query.where(Ticket.agent_id.in_(request.agent_ids))
        if request.channel:
            query = query.where(func.lower(Ticket.channel) == request.channel.lower())
        if request.exclude_reviewed:
            reviewed = select(Review.ticket_id).where(Review.ticket_id.is_not(None))
            query = query.where(Ticket.id.not_in(reviewed))
        by_agent: dict[int, list[tuple[Ticket, str]]] = {}
        for ticket, name in session.execute(query):
            by_agent.setdefault(ticket.agent_id, []).append((ticket, name))
        result: list[SampledTicket] = []
        for agent_id in sorted(by_agent):
            # One generator per agent, so adding an agent does not change the others' picks.
            rng = random.Random(f"{request.seed}:{agent_id}")
            candidates = by_agent[agent_id]
            rng.shuffle(candidates)
            flagged = [(t, n, _reasons(t, request)) for t, n in candidates]
            flagged.sort(key=lambda item: -len(item[2]))  # stable: random within a tier
            for ticket, name, reasons in flagged[:request.per_agent]:
                result.append(_sampled(ticket, name, reasons))
        return result


def _reasons(ticket: Ticket, request: SampleRequest) -> tuple[str, ...]:
    reasons = []
    if request.bad_csat_first and ticket.csat == "bad":
        reasons.append("bad CSAT")
    if (request.long_resolution_first and ticket.full_resolution_minutes is not None
            and ticket.full_resolution_minutes > request.long_resolution_hours * 60):
        reasons.append("long resolution")
    if request.reopened_first and (ticket.reopens or 0) > 0:
        reasons.append("reopened")
    return tuple(reasons)


def _sampled(ticket: Ticket, name: str, reasons: tuple[str, ...]) -> SampledTicket:
    minutes = ticket.full_resolution_minutes
    return SampledTicket(ticket.id, ticket.external_id, ticket.agent_id, name,
                         ticket.subject or "", ticket.channel or "", ticket.solved_at,
                         ticket.csat or "", ticket.reopens,
                         None if minutes is None else minutes / 60, reasons)
