"""Talking points queued by other features: idempotent per source key, validated."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import BadInputError, NotFoundError
from app.models.coaching import TalkingPoint
from app.services.talking_points import open_points, queue_talking_point


def _count(session_factory) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(TalkingPoint))


def test_queue_is_idempotent_per_source_key(session_factory, make_agent):
    agent = make_agent("Nadia Karimi")
    for _ in range(2):
        with session_factory.begin() as session:
            queue_talking_point(session, agent.id, "Review 12 needs coaching: tone",
                                origin="qa", source_key="qa-review:12")
    with session_factory.begin() as session:  # twice inside one transaction, too
        queue_talking_point(session, agent.id, "CSAT below team", origin="metric",
                            source_key="metric:csat:2026-10")
        queue_talking_point(session, agent.id, "CSAT below team", origin="metric",
                            source_key="metric:csat:2026-10")
    assert _count(session_factory) == 2
    with session_factory() as session:
        points = open_points(session, agent.id)
    assert [(p.origin, p.carried, p.discussed) for p in points] == [
        ("qa", False, False), ("metric", False, False)]


def test_queue_refuses_bad_input_and_writes_nothing(session_factory, make_agent):
    agent = make_agent()
    with pytest.raises(BadInputError), session_factory.begin() as session:
        queue_talking_point(session, agent.id, "x", origin="boss", source_key="k")
    with pytest.raises(BadInputError), session_factory.begin() as session:
        queue_talking_point(session, agent.id, "   ", origin="qa", source_key="k")
    with pytest.raises(NotFoundError), session_factory.begin() as session:
        queue_talking_point(session, 999, "x", origin="qa", source_key="k")
    assert _count(session_factory) == 0
