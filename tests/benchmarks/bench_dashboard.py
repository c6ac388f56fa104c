"""How fast the dashboard and an agent's Metrics tab compute, against an analyst's pandas.

    .venv/bin/python tests/benchmarks/bench_dashboard.py [--rows N] [--agents N] [--json]
                                                        [--keep PATH]

Builds a Coachbench database of N tickets (default 1,000,000; 50 agents in two teams;
two years up to 2026-11-02) with raw SQL, then rebuilds the tickets' day summary through
``app.services.ticket_day_stats.rebuild_day_stats`` as a ticket import does at its end (also
for a ``--keep`` database whose summary is missing or stale), and times, in the same run:

  ours      everything the Dashboard computes for "last 13 weeks, by week" (tiles with
            the previous period, trend, agent comparison, histograms, filter lists) and
            everything one agent's Metrics tab computes ("last 12 months, by month": the
            agent's series and the team's) — the app's own service functions;
  baseline  what an analyst would write: pandas ``read_sql`` of the same rows and
            columns, then ``groupby`` per week / month / agent for the same figures.

Prints the speed-up (baseline / ours), ``team_ms`` (the dashboard), ``agent_ms`` (the
Metrics tab for one agent when the team's series is already there, which is the case
when the manager clicks from agent to agent) and ``agent_cold_ms`` (the first agent,
team series included), and checks that both sides agree on the numbers.
``--json`` prints {"speedup", "agent_ms", "team_ms", "agent_cold_ms", "rows"}.
Needs pandas (``pip install -e '.[bench]'``). Not part of ``make test``.
Goals: speedup >= 5, agent_ms < 200.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.analytics.periods import add_months, preset_range  # noqa: E402
from app.application import open_database  # noqa: E402
from app.services.metrics import (  # noqa: E402
    Scope,
    agent_trends,
    dashboard,
    filter_options,
)
from app.services.ticket_day_stats import day_stats_fresh, rebuild_day_stats  # noqa: E402

TODAY = date(2026, 11, 2)
DAYS = 730
FMT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite


def build(path: Path, rows: int, agents: int) -> None:
    database = open_database(str(path))
    database.close()
    rng = np.random.default_rng(5)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    now = datetime(2026, 1, 1).isoformat(" ")
    con.executemany("INSERT INTO teams (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [(1, "Tier 1", now, now), (2, "Billing", now, now)])
    con.executemany(
        "INSERT INTO agents (id, full_name, team_id, status, created_at, updated_at) "
        "VALUES (?, ?, ?, 'active', ?, ?)",
        [(i, f"Agent {i:02d}", 1 + i % 2, now, now) for i in range(1, agents + 1)])
    start = datetime.combine(TODAY - timedelta(days=DAYS - 1), datetime.min.time())
    # Ticket ids grow with creation time, as in every platform's export.
    created_all = np.sort(rng.integers(0, DAYS * 86400, rows))
    chunk = 200_000
    for offset in range(0, rows, chunk):
        n = min(chunk, rows - offset)
        created_s = created_all[offset:offset + n]
        first = np.maximum(1, np.round(rng.lognormal(np.log(35), 1.0, n)))
        resolution = first + np.round(rng.lognormal(np.log(300), 1.1, n))
        solved_flag = rng.random(n) < 0.95
        rated = rng.random(n)
        agent = rng.integers(1, agents + 1, n)
        replies = 1 + rng.geometric(0.55, n) - 1
        reopened = (rng.random(n) < 0.06).astype(int)
        sla = np.where(first <= 240, "met", "breached")
        channel = rng.choice(["Mail", "Chat", "Web form", "Phone"], n, p=[.6, .2, .15, .05])
        group = rng.choice(["General", "Technical", "Billing"], n)
        handle = np.round(rng.normal(430, 120, n))
        data = []
        for i in range(n):
            created = start + timedelta(seconds=int(created_s[i]))
            solved = created + timedelta(minutes=float(resolution[i]))
            is_solved = bool(solved_flag[i]) and solved.date() <= TODAY
            live = channel[i] in ("Chat", "Phone")
            data.append((
                "zendesk", str(offset + i + 1), int(agent[i]), group[i], channel[i],
                created.strftime(FMT), solved.strftime(FMT) if is_solved else None,
                float(first[i]), float(round(first[i] * 0.7)),
                float(resolution[i]) if is_solved else None,
                float(round(resolution[i] * 0.5)) if is_solved else None,
                float(handle[i]) if live else None,
                int(replies[i]) if is_solved else None,
                int(reopened[i]) if is_solved else None,
                ("good" if rated[i] < 0.22 else "bad" if rated[i] < 0.26 else None)
                if is_solved else None,
                str(sla[i]), None))
        con.executemany(
            "INSERT INTO tickets (platform, external_id, agent_id, group_name, channel, "
            "created_at, solved_at, first_reply_minutes, first_reply_minutes_business, "
            "full_resolution_minutes, full_resolution_minutes_business, handle_seconds, "
            "agent_replies, reopens, csat, sla, escalated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", data)
        con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()


# ---------------------------------------------------------------------- ours


def ours(session_factory, agent_id: int) -> dict:
    span = preset_range("last_13_weeks", TODAY)
    scope = Scope(span.start, span.end)
    t0 = time.perf_counter()
    filter_options(session_factory)
    board = dashboard(session_factory, scope, "week")
    t1 = time.perf_counter()
    tab_start = add_months(TODAY.replace(day=1), -11)
    cold = agent_trends(session_factory, agent_id, tab_start, TODAY, "month")
    t2 = time.perf_counter()
    warm = agent_trends(session_factory, agent_id + 1, tab_start, TODAY, "month",
                        team=cold.team)
    t3 = time.perf_counter()
    return {"team_ms": (t1 - t0) * 1000, "agent_cold_ms": (t2 - t1) * 1000,
            "agent_ms": (t3 - t2) * 1000, "board": board, "tab": cold, "warm": warm}


# ------------------------------------------------------------------ baseline


def baseline(path: Path, agent_id: int) -> dict:
    import pandas as pd

    con = sqlite3.connect(path)
    span = preset_range("last_13_weeks", TODAY)
    prev_start = span.start - (span.end - span.start) - timedelta(days=1)
    tab_start = add_months(TODAY.replace(day=1), -11)
    end = (TODAY + timedelta(days=1)).isoformat()
    columns = ("agent_id, group_name, channel, created_at, solved_at, csat, agent_replies, "
               "sla, reopens, escalated, handle_seconds, first_reply_minutes, "
               "first_reply_minutes_business, full_resolution_minutes, "
               "full_resolution_minutes_business")

    def load(since: date):
        frame = pd.read_sql(
            f"SELECT {columns} FROM tickets WHERE (solved_at >= ? AND solved_at < ?) "
            "OR (created_at >= ? AND created_at < ?)", con,
            params=(since.isoformat(), end, since.isoformat(), end),
            parse_dates=["created_at", "solved_at"])
        return frame

    def figures(frame, keys, since, until=None):
        until = pd.Timestamp(until or TODAY + timedelta(days=1))
        since = pd.Timestamp(since)
        solved = frame[(frame.solved_at >= since) & (frame.solved_at < until)]
        grouped = solved.assign(
            good=(solved.csat == "good"), rated=solved.csat.notna(),
            one_touch=(solved.agent_replies <= 1), replies_known=solved.agent_replies.notna(),
            met=(solved.sla == "met"), sla_known=solved.sla.notna(),
            reopened=(solved.reopens >= 1), reopens_known=solved.reopens.notna(),
        ).groupby(keys(solved, "solved_at"))
        out = grouped[["good", "rated", "one_touch", "replies_known", "met", "sla_known",
                       "reopened", "reopens_known"]].sum()
        out["csat"] = out.good / out.rated * 100
        out["fcr"] = out.one_touch / out.replies_known * 100
        out["sla"] = out.met / out.sla_known * 100
        out["reopen_rate"] = out.reopened / out.reopens_known * 100
        out["aht"] = grouped.handle_seconds.mean()
        out["resolution_median"] = grouped.full_resolution_minutes.median()
        out["resolution_p90"] = grouped.full_resolution_minutes.quantile(0.9)
        out["resolution_business_median"] = grouped.full_resolution_minutes_business.median()
        created = frame[(frame.created_at >= since) & (frame.created_at < until)]
        by_created = created.groupby(keys(created, "created_at"))
        out2 = pd.DataFrame({
            "created": by_created.size(),
            "first_reply_median": by_created.first_reply_minutes.median(),
            "first_reply_p90": by_created.first_reply_minutes.quantile(0.9),
            "first_reply_business_median": by_created.first_reply_minutes_business.median()})
        return out.join(out2, how="outer")

    def week(frame, column):
        moment = frame[column]
        return (moment - pd.to_timedelta(moment.dt.day_of_week, unit="D")).dt.normalize()

    def month(frame, column):
        return frame[column].dt.to_period("M")

    def in_range(frame, column, since):
        return frame[(frame[column] >= pd.Timestamp(since))]

    t0 = time.perf_counter()
    frame = load(prev_start)
    weekly = figures(frame, lambda f, c: week(f, c), span.start)
    per_agent = figures(frame, lambda f, c: f.agent_id, span.start)
    total = figures(frame, lambda f, c: pd.Series(0, index=f.index), span.start)
    figures(frame, lambda f, c: pd.Series(0, index=f.index), prev_start, span.start)
    np.histogram(in_range(frame, "created_at", span.start).first_reply_minutes.dropna(),
                 bins=[0, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, np.inf])
    sorted(frame.group_name.dropna().unique())
    sorted(frame.channel.dropna().unique())
    t1 = time.perf_counter()
    year = load(tab_start)
    team_monthly = figures(year, lambda f, c: month(f, c), tab_start)
    agent_monthly = figures(year[year.agent_id == agent_id], lambda f, c: month(f, c),
                            tab_start)
    t2 = time.perf_counter()
    con.close()
    return {"team_ms": (t1 - t0) * 1000, "agent_ms": (t2 - t1) * 1000, "weekly": weekly,
            "per_agent": per_agent, "total": total, "team_monthly": team_monthly,
            "agent_monthly": agent_monthly}


def check_agreement(mine: dict, theirs: dict) -> list[str]:
    """The two sides must agree, or the comparison means nothing."""
    problems = []
    board = mine["board"].current
    total = theirs["total"].iloc[0]
    pairs = [("csat", board.totals["csat"].value, total.csat),
             ("sla", board.totals["sla"].value, total.sla),
             ("fcr", board.totals["fcr"].value, total.fcr),
             ("first reply median", board.totals["first_reply_minutes"].median,
              total.first_reply_median),
             ("first reply p90", board.totals["first_reply_minutes"].p90, total.first_reply_p90),
             ("resolution median", board.totals["full_resolution_minutes"].median,
              total.resolution_median),
             ("agent tab csat (last month)", mine["tab"].agent.series[-1].stats["csat"].value,
              theirs["agent_monthly"].csat.iloc[-1]),
             ("team tab first reply (first month)",
              mine["tab"].team.series[0].stats["first_reply_minutes"].median,
              theirs["team_monthly"].first_reply_median.iloc[0])]
    for name, a, b in pairs:
        if a is None and b != b:  # no data on both sides (None here, NaN in pandas)
            continue
        if a is None or abs(a - b) > 1e-6 * max(1.0, abs(b)):
            problems.append(f"{name}: ours {a} vs pandas {b}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (best kept)")
    parser.add_argument("--keep", type=Path, help="database file to build once and reuse")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "bench.sqlite"
    if not path.exists():
        began = time.perf_counter()
        build(path, args.rows, args.agents)
        if not args.json:
            print(f"built {args.rows:,} tickets in {time.perf_counter() - began:.1f} s: {path}")
    database = open_database(str(path))
    with database.session_factory.begin() as session:
        if not day_stats_fresh(session):
            began = time.perf_counter()
            rebuild_day_stats(session)  # as every ticket import does at its end
            if not args.json:
                print(f"day summary rebuilt in {time.perf_counter() - began:.1f} s")
    agent_id = 7
    runs_ours = [ours(database.session_factory, agent_id) for _ in range(args.repeat)]
    runs_base = [baseline(path, agent_id) for _ in range(args.repeat)]
    database.close()
    problems = check_agreement(runs_ours[-1], runs_base[-1])

    def best(runs, key):
        return min(r[key] for r in runs)

    ours_ms = best(runs_ours, "team_ms") + best(runs_ours, "agent_cold_ms")
    base_ms = best(runs_base, "team_ms") + best(runs_base, "agent_ms")
    result = {"rows": args.rows, "speedup": round(base_ms / ours_ms, 2),
              "team_ms": round(best(runs_ours, "team_ms"), 1),
              "agent_ms": round(best(runs_ours, "agent_ms"), 1),
              "agent_cold_ms": round(best(runs_ours, "agent_cold_ms"), 1),
              "baseline_team_ms": round(best(runs_base, "team_ms"), 1),
              "baseline_agent_ms": round(best(runs_base, "agent_ms"), 1),
              "median_team_ms": round(statistics.median(r["team_ms"] for r in runs_ours), 1),
              "agree": not problems}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"dashboard (last 13 weeks by week): ours {result['team_ms']:.0f} ms, "
              f"pandas {result['baseline_team_ms']:.0f} ms")
        print(f"agent Metrics tab (12 months by month): ours {result['agent_ms']:.0f} ms "
              f"with the team series kept, {result['agent_cold_ms']:.0f} ms for the first "
              f"agent; pandas {result['baseline_agent_ms']:.0f} ms")
        print(f"speed-up (dashboard + first agent): {result['speedup']:.1f}x "
              f"(goal >= 5x); agent tab goal < 200 ms")
        for problem in problems:
            print("DISAGREE:", problem)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
