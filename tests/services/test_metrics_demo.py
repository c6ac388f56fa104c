"""The demo tickets tell the stories the charts must show, the same way for one seed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

import app.services.demo as demo
from app.models import Agent, Ticket
from app.services.demo_tickets import add_demo_tickets
from app.services.metrics import Scope, build_report, single_metric

TODAY = date(2026, 11, 2)


@pytest.fixture
def demo_db(session_factory, monkeypatch):
    monkeypatch.setattr(demo, "demo_extensions", lambda: [add_demo_tickets])
    summary = demo.create_demo(session_factory, today=TODAY, seed=7)
    return session_factory, summary


def _agent(session, name_part: str) -> int:
    return session.scalar(select(Agent.id).where(Agent.full_name == name_part))


def test_demo_tickets_show_the_stories_the_same_way_each_time(demo_db, tmp_path):
    session_factory, summary = demo_db
    sentence = summary.details[0]
    improver, decliner = sentence.split(": ")[1].split(" improving")[0], \
        sentence.split(", ")[1].split(" declining")[0]
    with session_factory() as session:
        total = session.scalar(select(func.count()).select_from(Ticket))
        assert 8_000 < total < 20_000
        first = (date(2025, 11, 10), date(2026, 2, 8))
        last = (date(2026, 8, 3), date(2026, 11, 1))
        up = _agent(session, improver)
        down = _agent(session, decliner)
        assert (single_metric(session, up, "csat", *last).value
                > single_metric(session, up, "csat", *first).value + 8)
        assert (single_metric(session, down, "csat", *last).value
                < single_metric(session, down, "csat", *first).value - 8)
        technical = build_report(session, Scope(*last, group="Technical")).totals
        general = build_report(session, Scope(*last, group="General")).totals
        assert technical["first_reply_minutes"].median > 60 > general["first_reply_minutes"].median
        monthly = build_report(session, Scope(date(2025, 11, 1), date(2026, 10, 31)),
                               grain="month").series
        created = {p.start.month: p.stats["tickets_created"].count for p in monthly}
        assert created[12] > 1.3 * created[10]  # the December peak
    # The same seed and day give the same tickets.
    from app.application import open_database

    first_factory = session_factory
    other = open_database(str(tmp_path / "again.sqlite"))
    try:
        demo.create_demo(other.session_factory, today=TODAY, seed=7)
        query = select(func.count(), func.sum(Ticket.first_reply_minutes),
                       func.count(Ticket.csat))
        with first_factory() as a, other.session_factory() as b:
            assert a.execute(query).one() == b.execute(query).one()
    finally:
        other.close()
