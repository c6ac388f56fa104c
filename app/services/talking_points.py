"""Talking points: what to raise at an agent's next one-on-one.

Other features (QA reviews marked "needs coaching", metric flags) queue points through
``queue_talking_point`` inside their own transaction; the one-on-ones page adds the
manager's and the agent's own. A point stays open until it is checked off in a meeting;
a meeting held without discussing it carries it over to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInputError, NotFoundError
from app.ingest.normalize import clean_text
from app.models import Agent
from app.models.coaching import TALKING_POINT_ORIGINS, MeetingPoint, TalkingPoint

ORIGIN_LABELS = {"manager": "Manager", "agent": "Raised by agent", "qa": "QA review",
                 "metric": "Metric flag"}


@dataclass(frozen=True)
class TalkingPointRow:
    id: int
    text: str
    origin: str
    carried: bool
    times_carried: int
    discussed: bool
    created_at: datetime

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS.get(self.origin, self.origin)


def _check(text: str, origin: str) -> str:
    text = clean_text(text) or ""
    if not text:
        raise BadInputError("A talking point needs some text; type what to raise.")
    if len(text) > 2000:
        raise BadInputError("A talking point is limited to 2000 characters; shorten it or "
                            "put the detail in the meeting notes.")
    if origin not in TALKING_POINT_ORIGINS:
        raise BadInputError(f"Unknown talking-point origin {origin!r}; use one of "
                            f"{', '.join(TALKING_POINT_ORIGINS)}.")
    return text


def queue_talking_point(session: Session, agent_id: int, text: str, *, origin: str,
                        source_key: str) -> None:
    """Add an undiscussed point for the agent's next one-on-one, once per ``source_key``.

    Runs in the caller's transaction; a second call with the same key does nothing (so
    re-saving a QA review or re-running a metric check never doubles a point).
    """
    text = _check(text, origin)
    if not source_key:
        raise BadInputError("queue_talking_point needs a source_key (e.g. 'qa-review:12').")
    if session.get(Agent, agent_id) is None:
        raise NotFoundError(f"No agent with id {agent_id}.")
    exists = session.scalar(select(TalkingPoint.id).where(TalkingPoint.source_key == source_key))
    if exists is not None:
        return
    # Also catch a point queued earlier in this same, not yet flushed, transaction.
    for pending in session.new:
        if isinstance(pending, TalkingPoint) and pending.source_key == source_key:
            return
    session.add(TalkingPoint(agent_id=agent_id, text=text, origin=origin,
                             source_key=source_key))
    session.flush()


def add_talking_point(session: Session, agent_id: int, text: str, *,
                      origin: str = "manager") -> int:
    """A point the manager typed (origin "manager" or "agent"); returns its id."""
    text = _check(text, origin)
    if session.get(Agent, agent_id) is None:
        raise NotFoundError(f"No agent with id {agent_id}.")
    point = TalkingPoint(agent_id=agent_id, text=text, origin=origin)
    session.add(point)
    session.flush()
    return point.id


def open_points(session: Session, agent_id: int, meeting_id: int | None = None
                ) -> list[TalkingPointRow]:
    """Points for the agent's open meeting: every undiscussed point, plus those already
    checked off in that meeting (so unticking is possible), oldest first."""
    query = select(TalkingPoint).where(TalkingPoint.agent_id == agent_id)
    if meeting_id is None:
        query = query.where(TalkingPoint.discussed_meeting_id.is_(None))
    else:
        query = query.where((TalkingPoint.discussed_meeting_id.is_(None))
                            | (TalkingPoint.discussed_meeting_id == meeting_id))
    points = session.scalars(query.order_by(TalkingPoint.created_at, TalkingPoint.id)).all()
    return [_row(point, discussed=point.discussed_meeting_id is not None) for point in points]


def held_points(session: Session, meeting_id: int) -> list[TalkingPointRow]:
    """The points a held meeting had, as they stood when it was marked held."""
    rows = session.execute(
        select(TalkingPoint, MeetingPoint)
        .join(MeetingPoint, MeetingPoint.talking_point_id == TalkingPoint.id)
        .where(MeetingPoint.meeting_id == meeting_id)
        .order_by(TalkingPoint.created_at, TalkingPoint.id)).all()
    return [TalkingPointRow(p.id, p.text, p.origin, link.carried, p.times_carried,
                            link.discussed, p.created_at) for p, link in rows]


def _row(point: TalkingPoint, *, discussed: bool) -> TalkingPointRow:
    return TalkingPointRow(point.id, point.text, point.origin, point.times_carried > 0,
                           point.times_carried, discussed, point.created_at)
