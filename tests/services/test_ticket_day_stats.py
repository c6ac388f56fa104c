"""The tickets' day summary gives exactly the numbers of the ticket scan, is rebuilt by
the import, and is not used when it is stale or cannot answer the question."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql

from app.analytics.metrics import TIME_KEYS, metric_json
from app.models import Agent, Ticket
from app.models.targets import MetricSetting, TicketDayStats
from app.services.metric_settings import EscalationSettings, save_escalation
from app.services.metrics import Scope, build_report, filter_options
from app.services import ticket_day_stats
from app.services.ticket_day_stats import (FINGERPRINT, day_stats_fresh, rebuild_day_stats,
                                           ticket_groups_and_channels)
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

    def spy(session, since=None, progress=None):
        recounted.append(since)
        return rebuild(session, since, progress)

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


ODD_MINUTES = [1 / 3, 2 / 3, 37 / 3, 0.1, 12.5, 1e20, 5.0, 0.0, None]


def _odd_tickets(agents: list[int | None], count: int = 300) -> list[dict]:
    """Tickets whose times are thirds of a minute and other values SQLite would not print
    exactly, with NULLs, tickets without an agent or dates, and months crossed."""
    rows = _tickets(agents, count)
    rng = random.Random(9)
    for number, row in enumerate(rows):
        for key in ("first_reply_minutes", "first_reply_minutes_business",
                    "full_resolution_minutes", "full_resolution_minutes_business"):
            if rng.random() < 0.6:
                row[key] = rng.choice(ODD_MINUTES)
        if number % 37 == 0:
            row["created_at"] = None  # solved, but no creation date
        if number % 53 == 0:
            row["created_at"] = row["solved_at"] = None
            row["group_name"], row["channel"] = "Undated", "Fax"
    return rows


def _expected(rows: list[dict], since: date | None = None) -> dict:
    """The summary counted straight from the tickets (what the Python loop used to do)."""
    out: dict = {}
    first = since.isoformat() if since else ""
    for r in rows:
        made, done, agent = r["created_at"], r["solved_at"], r["agent_id"]
        if made is not None and made.date().isoformat() >= first:
            part = out.setdefault(("created", made.date(), agent), {"tickets": 0})
            part["tickets"] += 1
            for key in ("first_reply_minutes", "first_reply_minutes_business"):
                if r[key] is not None:
                    part.setdefault(key, []).append(r[key])
        if done is None or done.date().isoformat() < first:
            continue
        part = out.setdefault(("solved", done.date(), agent), {"tickets": 0})
        part["tickets"] += 1
        nps = r["nps"]
        flags = {
            "csat_rated": r["csat"] is not None, "csat_good": r["csat"] == "good",
            "nps_rated": nps is not None and 0 <= nps <= 10,
            "nps_promoters": nps is not None and 9 <= nps <= 10,
            "nps_detractors": nps is not None and 0 <= nps <= 6,
            "replies_known": r["agent_replies"] is not None,
            "one_touch": r["agent_replies"] is not None and r["agent_replies"] <= 1,
            "sla_known": r["sla"] is not None, "sla_met": r["sla"] == "met",
            "reopens_known": r["reopens"] is not None,
            "reopened": r["reopens"] is not None and r["reopens"] >= 1,
            "escalation_known": r["escalated"] is not None, "escalated": bool(r["escalated"]),
            "handle_n": r["handle_seconds"] is not None}
        for name, flag in flags.items():
            part[name] = part.get(name, 0) + flag
        part["handle_sum"] = part.get("handle_sum", 0) + (r["handle_seconds"] or 0)
        for key in ("full_resolution_minutes", "full_resolution_minutes_business"):
            if r[key] is not None:
                part.setdefault(key, []).append(r[key])
    return {key: {name: sorted(v) if isinstance(v, list) else v for name, v in part.items()
                  if v or name == "tickets"} for key, part in out.items()}


def _summary(session, since: date | None = None) -> dict:
    out = {}
    rows = session.execute(select(TicketDayStats).where(
        TicketDayStats.day >= (since or date.min))).scalars()
    for row in rows:
        part = {"tickets": row.tickets}
        for name in ticket_day_stats.COUNTS:
            if getattr(row, name):
                part[name] = getattr(row, name)
        for name in TIME_KEYS:
            packed = getattr(row, name)
            if packed:
                part[name] = sorted(ticket_day_stats._unpack([packed]))
        key = (row.basis, row.day, row.agent_id)
        assert key not in out  # one row per day, agent and basis
        out[key] = part
    return out


def test_summary_from_sql_equals_counting_the_tickets(session_factory, make_agent):
    ana = make_agent("Ana Lima").id
    rows = _odd_tickets([ana, None])
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows)
        rebuild_day_stats(session)
    with session_factory() as session:
        summary = _summary(session)
        assert ticket_groups_and_channels(session) == (["Billing", "General", "Undated"],
                                                       ["Chat", "Fax", "Mail"])
    expected = _expected(rows)
    assert summary == expected
    times = [v for part in summary.values() for k, v in part.items() if k in TIME_KEYS]
    exact = {v for values in times for v in values}
    assert {1 / 3, 2 / 3, 37 / 3, 1e20} <= exact  # read back bit for bit, not rounded
    assert any(k[2] is None for k in summary) and any(
        k[0] == "solved" and k[1].month != 8 for k in summary)


def test_partial_rebuild_recounts_only_its_days_like_a_full_one(session_factory,
                                                                 make_agent):
    ana = make_agent("Ana Lima").id
    rows = _odd_tickets([ana, None], 200)
    since = date(2026, 9, 20)
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows)
        rebuild_day_stats(session)
        full = _summary(session)
        session.execute(update(TicketDayStats).where(TicketDayStats.day >= since)
                        .values(tickets=999))  # wrong from `since` on: must be recounted
        rebuild_day_stats(session, since)
        assert _summary(session) == full
        assert _summary(session, since) == _expected(rows, since)


def test_progress_is_reported_often_and_ends_at_one(session_factory, make_agent,
                                                    monkeypatch):
    ana = make_agent("Ana Lima").id
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), _odd_tickets([ana], 400))
    monkeypatch.setattr(ticket_day_stats, "CHUNK", 50)
    monkeypatch.setattr(ticket_day_stats, "MAX_CHUNK", 50)
    seen: list[float] = []
    with session_factory.begin() as session:
        rebuild_day_stats(session, progress=seen.append)
    assert len(seen) >= 8
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 1.0
    seen.clear()
    with session_factory.begin() as session:
        rebuild_day_stats(session, date(2026, 10, 1), progress=seen.append)
    assert len(seen) >= 2 and seen[-1] == 1.0
    seen.clear()
    with session_factory.begin() as session:
        session.execute(delete(Ticket))
        assert rebuild_day_stats(session, progress=seen.append) == 0
    assert seen == [0.0, 0.01, 1.0]  # the old rows deleted, nothing to count


def test_the_recount_compiles_for_postgresql():
    for low in (None, datetime(2026, 9, 1)):
        for query, name in zip(ticket_day_stats._count_queries(low),
                               ("first_reply_minutes", "full_resolution_minutes")):
            for sql in (query, ticket_day_stats._odd_times(query, name)):
                text = str(sql.compile(dialect=postgresql.dialect()))
                assert "CAST(tickets.created_at AS DATE)" in text or "solved_at AS DATE" in text
        assert "string_agg(CASE WHEN abs(" in str(
            ticket_day_stats._count_queries(low)[1].compile(dialect=postgresql.dialect()))


def test_the_imports_tally_counts_like_the_tickets(session_factory):
    """DayTally (what a first import of a platform counts on the way) against the same direct
    count the database's recount is held to, on the same awkward tickets."""
    from app.analytics.day_tally import SOLVED_TIME_KEYS, DayTally
    from app.analytics.metrics import CREATED_TIME_KEYS

    rows = _odd_tickets([1, None])
    columns = tuple(rows[0])
    tally = DayTally(columns)
    tally.add([tuple(row.values()) for row in rows[:100]])
    tally.add([tuple(row.values()) for row in rows[100:]])
    counted: dict = {}
    for (day, agent), part in tally.created.items():
        counted[("created", day, agent)] = {"tickets": part[0], **{
            key: sorted(values) for key, values in zip(CREATED_TIME_KEYS, part[1:]) if values}}
    for (day, agent), part in tally.solved.items():
        entry = {"tickets": part[0]}
        entry.update({name: value for name, value in zip(ticket_day_stats.COUNTS, part[1:])
                      if value})
        entry.update({key: sorted(values) for key, values in
                      zip(SOLVED_TIME_KEYS, part[1 + len(ticket_day_stats.COUNTS):]) if values})
        counted[("solved", day, agent)] = entry
    assert counted == _expected(rows)
    assert tally.rows == len(rows)
    assert tally.groups == {"General", "Billing", "Undated"}
    assert tally.earliest() == min(day for _, day, _ in counted)
