"""The tickets' day summary: one row per day, agent and basis, so the dashboard and the
Metrics tab read a few thousand rows instead of every ticket of the period.

Every count of ``Tally`` is additive, so a day's counts add up to any range of whole days;
the times are kept as the day's exact values, so medians and 90th percentiles stay exactly
those of the tickets (METRICS.md). The summary is rebuilt at the end of every ticket import
and after the demo's tickets, in the same transaction (the only writers of tickets). A
fingerprint (the highest ticket id, the agents' count and id sum) is stored beside it; when
the database no longer matches it — tickets added or agents deleted without a rebuild, a
database from before the summary — or when the question needs what the
summary does not hold (a group or channel filter, escalation groups or tags the manager
named), ``metric_tally`` counts from the tickets as before, so a number is never wrong.
"""

from __future__ import annotations

import bisect
import json
import sys
from array import array
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.analytics.metrics import CREATED_TIME_KEYS, TIME_KEYS, Tally
from app.models import Agent, Team, Ticket
from app.models.targets import MetricSetting, TicketDayStats

FINGERPRINT = "ticket_day_stats"  # the MetricSetting that holds the tickets' fingerprint
SOLVED_TIME_KEYS = tuple(k for k in TIME_KEYS if k not in CREATED_TIME_KEYS)
COUNTS = ("csat_good", "csat_rated", "nps_promoters", "nps_detractors", "nps_rated",
          "one_touch", "replies_known", "sla_met", "sla_known", "reopened", "reopens_known",
          "escalated", "escalation_known", "handle_sum", "handle_n")
T = Ticket.__table__.c
S = TicketDayStats.__table__.c


def _fingerprint(session: Session) -> list:
    """Cheap to read (an index lookup and the small agents table): the highest ticket id
    moves with every new ticket; the agents' count and id sum move when an agent is
    deleted (its tickets' agent becomes NULL). Tickets are only written by the import and
    the demo, which rebuild the summary in the same transaction."""
    top = session.scalar(select(func.max(T.id)))
    count, total = session.execute(select(func.count(Agent.id), func.sum(Agent.id))).one()
    return [int(top or 0), int(count or 0), int(total or 0)]


def _pack(values: list[float]) -> bytes:
    """A day's times as little-endian doubles: exact, compact and read back at C speed."""
    packed = array("d", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _unpack(chunks: list[bytes]) -> array:
    values = array("d")
    values.frombytes(b"".join(chunks))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _raw(session: Session, query) -> list[tuple]:
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _raw_batches(session: Session, query, size: int = 20_000):
    """The rows in batches, so a recount of a million tickets never holds them all."""
    result = session.connection().execute(query)
    try:
        while batch := result.cursor.fetchmany(size):
            yield from batch
    finally:
        result.close()


def _day_key(moment) -> str:
    """The ISO day of a stored moment: SQLite hands back the stored text, other
    databases a datetime."""
    return moment[:10] if isinstance(moment, str) else moment.date().isoformat()


def rebuild_day_stats(session: Session, since: date | None = None) -> int:
    """Recount the summary from the tickets, inside the caller's transaction: every day,
    or the days from ``since`` on (the rest must be right already). Returns the number of
    summary rows written."""
    session.info.pop(FINGERPRINT, None)
    first_day = since.isoformat() if since is not None else ""
    query = select(
        T.agent_id, T.created_at, T.solved_at, T.csat, T.nps, T.agent_replies, T.sla,
        T.reopens, T.escalated, T.handle_seconds, *[T[k] for k in TIME_KEYS],
        T.group_name, T.channel)
    groups: set[str | None] = set()
    channels: set[str | None] = set()
    if since is None:
        session.execute(delete(TicketDayStats))
    else:
        session.execute(delete(TicketDayStats).where(TicketDayStats.day >= since))
        low = datetime.combine(since, time())
        query = query.where(or_(T.created_at >= low, T.solved_at >= low))
        kept = _stored(session)
        groups.update(kept.get("groups", ()))
        channels.update(kept.get("channels", ()))
    rows = _raw_batches(session, query)
    created: dict[tuple, list] = {}
    solved: dict[tuple, dict] = {}
    for (agent, made, done, csat, nps, replies, sla, reopens, escalated, handle,
         first, first_b, full, full_b, group, channel) in rows:
        groups.add(group)
        channels.add(channel)
        made_day = _day_key(made) if made is not None else ""
        if made_day >= first_day and made is not None:
            key = (made_day, agent)
            part = created.get(key)
            if part is None:
                part = created[key] = [0, array("d"), array("d")]
            part[0] += 1
            if first is not None:
                part[1].append(first)
            if first_b is not None:
                part[2].append(first_b)
        if done is None:
            continue
        key = (_day_key(done), agent)
        if key[0] < first_day:
            continue
        part = solved.get(key)
        if part is None:
            part = solved[key] = dict.fromkeys(COUNTS, 0)
            part.update(tickets=0, full_resolution_minutes=array("d"),
                        full_resolution_minutes_business=array("d"))
        part["tickets"] += 1
        if csat is not None:
            part["csat_rated"] += 1
            part["csat_good"] += csat == "good"
        if nps is not None and 0 <= nps <= 10:
            part["nps_rated"] += 1
            part["nps_promoters"] += nps >= 9
            part["nps_detractors"] += nps <= 6
        if replies is not None:
            part["replies_known"] += 1
            part["one_touch"] += replies <= 1
        if sla is not None:
            part["sla_known"] += 1
            part["sla_met"] += sla == "met"
        if reopens is not None:
            part["reopens_known"] += 1
            part["reopened"] += reopens >= 1
        if escalated is not None:
            part["escalation_known"] += 1
            part["escalated"] += bool(escalated)
        if handle is not None:
            part["handle_sum"] += handle
            part["handle_n"] += 1
        if full is not None:
            part["full_resolution_minutes"].append(full)
        if full_b is not None:
            part["full_resolution_minutes_business"].append(full_b)
    records = []
    for (day, agent), (count, first, first_b) in created.items():
        records.append({**dict.fromkeys(COUNTS, 0), "day": date.fromisoformat(day),
                        "basis": "created", "agent_id": agent, "tickets": count,
                        "first_reply_minutes": _pack(first),
                        "first_reply_minutes_business": _pack(first_b),
                        "full_resolution_minutes": None,
                        "full_resolution_minutes_business": None})
    for (day, agent), part in solved.items():
        part = {**part, "day": date.fromisoformat(day), "basis": "solved", "agent_id": agent,
                "first_reply_minutes": None, "first_reply_minutes_business": None}
        for name in SOLVED_TIME_KEYS:
            part[name] = _pack(part[name])
        records.append(part)
    if records:
        session.execute(insert(TicketDayStats), records)
    stamp = session.get(MetricSetting, FINGERPRINT)
    value = json.dumps({"fingerprint": _fingerprint(session), "agents": _agent_ids(session),
                        "groups": sorted(g for g in groups if g is not None),
                        "channels": sorted(c for c in channels if c is not None)})
    if stamp is None:
        session.add(MetricSetting(name=FINGERPRINT, value_json=value))
    else:
        stamp.value_json = value
    session.flush()
    return len(records)


def _agent_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Agent.id).order_by(Agent.id)))


def _stored(session: Session) -> dict:
    stamp = session.get(MetricSetting, FINGERPRINT)
    data = json.loads(stamp.value_json) if stamp is not None else {}
    return data if isinstance(data, dict) else {}


def update_after_import(session: Session, import_id: int) -> int:
    """Bring the summary up to date at the end of a ticket import (same transaction).

    When the summary matched the database before the import — no agent deleted since,
    no ticket beyond the ones this import wrote — only the days from the earliest
    creation date among the tickets it inserted or updated are recounted (an updated
    ticket keeps its creation date, and it was solved after it); otherwise everything."""
    kept = _stored(session)
    others = session.scalar(select(func.max(T.id)).where(
        or_(T.import_id.is_(None), T.import_id != import_id)))
    matched = (bool(kept.get("fingerprint")) and set(kept.get("agents", ()))
               <= set(_agent_ids(session)) and (others or 0) <= kept["fingerprint"][0])
    earliest, undated = session.execute(select(
        func.min(T.created_at), func.sum(case((T.created_at.is_(None), 1), else_=0))).where(
            T.import_id == import_id)).one()
    if not matched or undated:
        return rebuild_day_stats(session)
    since = earliest.date() if earliest is not None else date.max
    return rebuild_day_stats(session, since)


def _stamp(session: Session) -> dict | None:
    """The summary's record when it still matches the tickets (checked once per session),
    else None."""
    if FINGERPRINT not in session.info:
        data = _stored(session)
        session.info[FINGERPRINT] = (data if data.get("fingerprint") == _fingerprint(session)
                                     else None)
    return session.info[FINGERPRINT]


def day_stats_fresh(session: Session) -> bool:
    """Whether the summary still matches the tickets."""
    return _stamp(session) is not None


def ticket_groups_and_channels(session: Session) -> tuple[list[str], list[str]] | None:
    """Every group and channel name of the tickets, kept with the summary (a DISTINCT over
    every ticket is the slowest read of the dashboard); None when the summary is stale."""
    data = _stamp(session)
    return None if data is None else (data["groups"], data["channels"])


def day_stats_tally(session: Session, start: date, end: date, bounds: list[datetime] | None,
                    *, agent_id: int | None, team: str | None, by_agent: bool,
                    times: tuple[str, ...]
                    ) -> tuple[Tally, dict[int, Tally], dict[int | None, Tally]]:
    """The same counts as the ticket scan of ``metric_tally.tally`` (without report
    aggregates), from the summary: (total, per period, per agent). ``bounds`` None = no
    periods."""
    edges = [b.date().isoformat() for b in bounds or ()]
    total = Tally()
    periods: dict[int, Tally] = defaultdict(Tally)
    agents: dict[int | None, Tally] = defaultdict(Tally)
    wanted = [k for k in times if k in TIME_KEYS]
    where = [S.day >= start, S.day <= end]
    if agent_id is not None:
        where.append(S.agent_id == agent_id)
    if team is not None:
        where.append(S.agent_id.in_(select(Agent.id).join(Team, Agent.team_id == Team.id)
                                    .where(Team.name == team)))
    values: dict[tuple, list] = defaultdict(list)
    query = select(S.day, S.basis, S.agent_id, S.tickets, *[S[c] for c in COUNTS],
                   *[S[k] for k in wanted]).where(*where)
    for day, basis, agent, tickets, *rest in _raw(session, query):
        counts, texts = rest[:len(COUNTS)], rest[len(COUNTS):]
        whole = total if bounds is None else periods[bisect.bisect_right(edges, _iso(day))]
        parts = [whole, agents[agent]] if by_agent else [whole]
        if basis == "created":
            for part in parts:
                part.created += tickets
        else:
            for part in parts:
                part.solved += tickets
                for name, amount in zip(COUNTS, counts):
                    if amount:
                        setattr(part, name, getattr(part, name) + amount)
        for name, packed in zip(wanted, texts):
            if packed:
                values[(id(whole), name)].append(packed)
                if by_agent:
                    values[("agent", agent, name)].append(packed)
    holders = {id(part): part for part in periods.values()}
    holders[id(total)] = total
    for key, chunks in values.items():
        part = agents[key[1]] if key[0] == "agent" else holders[key[0]]
        part.times[key[-1]].update(_unpack(chunks))
    if bounds is not None:
        for part in periods.values():
            total.add(part)
    return total, periods, agents


def _iso(day) -> str:
    return day[:10] if isinstance(day, str) else day.isoformat()

