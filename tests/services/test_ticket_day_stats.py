"""The tickets' day summary gives exactly the numbers of the ticket scan, is rebuilt by
the import, and is not used when it is stale or cannot answer the question."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select

from app.analytics.metrics import metric_json
from app.models import Agent, Ticket
from app.models.targets import MetricSetting
from app.services.metric_settings import EscalationSettings, save_escalation
from app.services.metrics import Scope, build_report, filter_options
from app.services import ticket_day_stats
from app.services.ticket_day_stats import FINGERPRINT, day_stats_fresh, rebuild_day_stats
from app.services.ticket_import import ImportRequest, run_import

START = date(2026, 8, 3)


def _tickets(agents: list[int | None], count: int = 400) -> list[dict]:
    rng = random.Random(4)
    rows = []
    for number in range(count):
        created = datetime.combine(START, datetime.min.time()) + timedelta(
            minutes=rng.randrange(0, 90 * 1440))
        solved = created + timedelta(minutes=rng.randrange(5, 9000))
        is_solved = rng.random() < 0.85
        row = {c.name: None for c in Ticket.__table__.columns if c.name != "id"}
        row.update(
            platform="zendesk", external_id=str(number), agent_id=rng.choice(agents),
            group_name=rng.choice(["General", "Billing"]), channel=rng.choice(["Mail", "Chat"]),
            created_at=created, solved_at=solved if is_solved else None,
            first_reply_minutes=rng.choice([None, float(rng.randrange(1, 300))]),
            first_reply_minutes_business=float(rng.randrange(1, 200)),
            full_resolution_minutes=float(rng.randrange(5, 9000)) if is_solved else None,
            full_resolution_minutes_business=rng.choice([None, 12.5, float(rng.randrange(9))]),
            csat=rng.choice(["good", "bad", None]), nps=rng.choice([None, 0, 6, 7, 9, 10]),
            agent_replies=rng.choice([None, 0, 1, 2, 5]), reopens=rng.choice([None, 0, 1, 3]),
            sla=rng.choice([None, "met", "breached"]), escalated=rng.choice([None, True, False]),
            handle_seconds=rng.choice([None, 300.0, 451.5]),
            tags=rng.choice([None, "vip", "escalated\nvip"]))
        rows.append(row)
    return rows


def _reports(session_factory) -> list:
    """The same questions the dashboard and the Metrics tab ask, as plain JSON."""
    scopes = [(Scope(date(2026, 8, 10), date(2026, 10, 20)), "week", True),
              (Scope(date(2026, 8, 1), date(2026, 10, 31)), "month", False),
              (Scope(date(2026, 9, 3), date(2026, 9, 3)), None, True),
              (Scope(date(2026, 9, 1), date(2026, 9, 3)), "week", True),
              (Scope(date(2026, 8, 1), date(2026, 10, 31), team="Tier 1"), "week", True)]
    out = []
    with session_factory() as session:
        agent = next(iter(_agents(session)))
        scopes.append((Scope(date(2026, 8, 1), date(2026, 10, 31), agent_id=agent), "month",
                       False))
        for scope, grain, by_agent in scopes:
            report = build_report(session, scope, grain=grain, by_agent=by_agent)
            out.append((metric_json(report.totals),
                        [(p.start, metric_json(p.stats)) for p in report.series],
                        sorted((str(a.agent_id), metric_json(a.stats)) for a in report.agents)))
        fresh = day_stats_fresh(session)
    out.append(filter_options(session_factory))
    return out, fresh


def _agents(session) -> list[int]:
    return list(session.scalars(select(Agent.id).order_by(Agent.id)))


def test_summary_gives_exactly_the_numbers_of_the_ticket_scan(session_factory, make_agent):
    ana = make_agent("Ana Lima", team="Tier 1").id
    bo = make_agent("Bo Chen", team="Billing").id
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), _tickets([ana, bo, None]))
    scanned, fresh = _reports(session_factory)
    assert not fresh  # no summary yet: the scan answered
    with session_factory.begin() as session:
        assert rebuild_day_stats(session) > 0
    summed, fresh = _reports(session_factory)
    assert fresh
    assert summed == scanned


def test_stale_summary_is_not_used(session_factory, make_agent):
    ana = make_agent("Ana Lima").id
    rows = _tickets([ana], 50)
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows[:40])
        rebuild_day_stats(session)
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows[40:])  # written without a rebuild
    whole = Scope(date(2026, 1, 1), date(2026, 12, 31))
    with session_factory() as session:
        assert not day_stats_fresh(session)
        assert build_report(session, whole).totals["tickets_created"].count == 50


def test_deleting_an_agent_makes_the_summary_stale(session_factory, make_agent):
    ana = make_agent("Ana Lima").id
    bo = make_agent("Bo Chen")
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), _tickets([ana, bo.id], 30))
        rebuild_day_stats(session)
    with session_factory.begin() as session:
        session.delete(session.get(Agent, bo.id))
    with session_factory() as session:
        assert not day_stats_fresh(session)


def test_escalation_groups_and_tags_count_from_the_tickets(session_factory, make_agent):
    ana = make_agent("Ana Lima").id
    rows = _tickets([ana], 60)
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows)
        rebuild_day_stats(session)
    whole = Scope(date(2026, 1, 1), date(2026, 12, 31))
    save_escalation(session_factory, EscalationSettings(tags=("escalated",)))
    with session_factory() as session:
        stat = build_report(session, whole).totals["escalation_rate"]
    solved = [r for r in rows if r["solved_at"] is not None]
    expected = sum(1 for r in solved if r["escalated"] or "escalated" in (r["tags"] or ""))
    assert (stat.k, stat.n) == (expected, len(solved))


def test_import_rebuilds_the_summary(session_factory, tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(
        "Id,Assignee,Group,Status,Created at,Solved at,Satisfaction Score\n"
        "1,Ana Lima,Support,Solved,2026-10-01 09:00:00,2026-10-01 11:00:00,Good\n"
        "2,Ana Lima,Support,Open,2026-10-02 10:00:00,,\n", encoding="utf-8")
    run_import(session_factory, ImportRequest(path=path))
    with session_factory() as session:
        assert day_stats_fresh(session)
        totals = build_report(session, Scope(date(2026, 10, 1), date(2026, 10, 31))).totals
    assert totals["tickets_created"].count == 2
    assert (totals["csat"].k, totals["csat"].n) == (1, 1)


def test_a_later_import_recounts_its_days_like_a_full_count(session_factory, tmp_path: Path,
                                                            monkeypatch):
    header = "Id,Assignee,Group,Status,Created at,Solved at,Satisfaction Score\n"
    first = tmp_path / "a.csv"
    first.write_text(header + "".join(
        f"{n},Ana Lima,Support,Solved,2026-09-{n:02d} 09:00:00,2026-09-{n:02d} 11:00:00,"
        f"{'Good' if n % 3 else 'Bad'}\n" for n in range(1, 21)), encoding="utf-8")
    run_import(session_factory, ImportRequest(path=first, create_agents=True))
    second = tmp_path / "b.csv"  # ticket 15 solved again later, rated Bad; one new ticket
    second.write_text(header
                      + "15,Ana Lima,Support,Solved,2026-09-15 09:00:00,2026-10-02 10:00:00,Bad\n"
                      + "30,Bo Chen,Support,Solved,2026-09-30 09:00:00,2026-10-01 10:00:00,Good\n",
                      encoding="utf-8")
    recounted = []
    rebuild = rebuild_day_stats

    def spy(session, since=None):
        recounted.append(since)
        return rebuild(session, since)

    monkeypatch.setattr(ticket_day_stats, "rebuild_day_stats", spy)
    run_import(session_factory, ImportRequest(path=second, create_agents=True))
    assert recounted == [date(2026, 9, 15)]  # only the days from the earliest ticket on
    summed, fresh = _reports(session_factory)
    assert fresh
    with session_factory.begin() as session:
        session.execute(delete(MetricSetting).where(MetricSetting.name == FINGERPRINT))
    scanned, fresh = _reports(session_factory)
    assert not fresh
    assert summed == scanned
    assert summed[0][0]["tickets_solved"] == 21  # ticket 15 counts once, in October
