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

The recount is GROUP BY queries over ranges of ticket ids, with progress after each range.
The times travel as the text of whole numbers (exact, and cheap to parse); any other value
is read as a double, because SQLite prints floats with 15 significant digits only.
"""

from __future__ import annotations

import bisect
import json
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from time import perf_counter

from sqlalchemy import bindparam, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from app.analytics.day_tally import COUNTS, SOLVED_TIME_KEYS, DayTally, stored_day
from app.analytics.metrics import CREATED_TIME_KEYS, TIME_KEYS, Tally
from app.db import day_of, whole_number_text
from app.models import Agent, Team, Ticket
from app.models.targets import MetricSetting, TicketDayStats

FINGERPRINT = "ticket_day_stats"  # the MetricSetting that holds the tickets' fingerprint
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


def _raw(session: Session, query, params: dict | None = None) -> list[tuple]:
    result = session.connection().execute(query, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


CHUNK = 1_024  # ticket ids in the first step of the recount; later steps adapt their size
MAX_CHUNK = 262_144
STEP_SECONDS = 0.08  # the aim for one step: progress moves about this often
INSERT_BATCH = 1_000


def _day(value) -> date:
    """A ``day_of`` value: SQLite hands back the ISO text, other databases a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _times(name: str) -> list:
    """A time's count in the group and its whole-number values as one text: exact, and
    cheap to read back (the other values come from ``_odd_times``)."""
    return [func.count(T[name]), func.aggregate_strings(whole_number_text(T[name]), ",")]


def _count_queries(low: datetime | None) -> tuple:
    """The GROUP BY (day, agent) of each basis, with the counts of ``Tally`` and the
    times, for one chunk of ticket ids at a time."""
    made, done = day_of(T.created_at), day_of(T.solved_at)
    unseen = or_(T.group_name.not_in(bindparam("groups", expanding=True)),
                 T.channel.not_in(bindparam("channels", expanding=True)))
    created = select(made, T.agent_id, func.count(), *_times("first_reply_minutes"),
                     *_times("first_reply_minutes_business"),
                     func.max(case((unseen, 1)))).where(T.created_at.is_not(None))
    solved = select(
        done, T.agent_id, func.count(),  # the values in the order of COUNTS
        func.count(case((T.csat == "good", 1))), func.count(T.csat),
        func.count(case((T.nps.between(9, 10), 1))), func.count(case((T.nps.between(0, 6), 1))),
        func.count(case((T.nps.between(0, 10), 1))),
        func.count(case((T.agent_replies <= 1, 1))), func.count(T.agent_replies),
        func.count(case((T.sla == "met", 1))), func.count(T.sla),
        func.count(case((T.reopens >= 1, 1))), func.count(T.reopens),
        func.count(case((T.escalated.is_(True), 1))), func.count(T.escalated),
        func.sum(T.handle_seconds), func.count(T.handle_seconds),
        *_times("full_resolution_minutes"), *_times("full_resolution_minutes_business"),
        func.max(case((unseen, 1))),
    ).where(T.solved_at.is_not(None))
    if low is not None:
        created = created.where(T.created_at >= low)
        solved = solved.where(T.solved_at >= low)
    return created.group_by(made, T.agent_id), solved.group_by(done, T.agent_id)


def _odd_times(query, name: str):
    """The values of ``name`` in the rows of ``query`` that are not whole numbers, as
    (day, agent, value): read as doubles, so they stay exact. Rare: exports give whole
    minutes, so this runs only for the chunks that have such values."""
    column = T[name]
    return (query.with_only_columns(query.selected_columns[0], T.agent_id, column)
            .where(column.is_not(None), whole_number_text(column).is_(None)).group_by(None))


def _add(rows: list[tuple], store: dict, counts: int, keys: tuple[str, ...]) -> list[str]:
    """Add one chunk's groups to ``store`` ((day, agent) -> [tickets, counts..., times...]
    with the times as arrays of doubles); returns the times that have other values than
    whole numbers in the chunk."""
    odd = set()
    for row in rows:
        key = (_day(row[0]), row[1])
        part = store.get(key)
        if part is None:
            part = store[key] = [0] * (counts + 1) + [array("d") for _ in keys]
        for i in range(counts + 1):
            part[i] += row[2 + i] or 0
        for i, name in enumerate(keys):
            known, text = row[3 + counts + 2 * i], row[4 + counts + 2 * i]
            if text:
                part[counts + 1 + i].extend(map(float, text.split(",")))
            if known != (text.count(",") + 1 if text else 0):
                odd.add(name)
    return [name for name in keys if name in odd]


def rebuild_day_stats(session: Session, since: date | None = None,
                      progress: Callable[[float], None] | None = None) -> int:
    """Recount the summary from the tickets, inside the caller's transaction: every day,
    or the days from ``since`` on (the rest must be right already). Returns the number of
    summary rows written.

    The database counts, with GROUP BY (day, agent), one range of ticket ids at a time
    (an id range is the cheapest read, and a small one sorts in memory); ``progress``
    gets the fraction done (0..1) after every step, about STEP_SECONDS apart whatever
    the machine, and 1.0 at the end."""
    report = progress or (lambda _fraction: None)
    report(0.0)
    session.info.pop(FINGERPRINT, None)
    groups: set[str | None] = set()
    channels: set[str | None] = set()
    low = None
    _delete_summary(session, since, report)
    if since is None:
        first = session.scalar(select(func.min(T.id)))  # apart: each is one index lookup
        last = session.scalar(select(func.max(T.id)))
        names = select(T.group_name, T.channel)
        # Undated tickets are seen by neither count (the few without a creation date, read
        # through its index; adding solved_at IS NULL could pick the unsolved instead).
        for group, channel in _raw(session, names.where(T.created_at.is_(None)).distinct()):
            groups.add(group)
            channels.add(channel)
    else:
        low = datetime.combine(since, time())
        kept = _stored(session)
        groups.update(kept.get("groups", ()))
        channels.update(kept.get("channels", ()))
        # min(id + 0): min(id) alone would walk the table from its first row.
        firsts = [session.scalar(select(func.min(T.id + 0)).where(moment >= low))
                  for moment in (T.created_at, T.solved_at)]
        first = min((f for f in firsts if f is not None), default=None)
        last = session.scalar(select(func.max(T.id)))
        names = select(T.group_name, T.channel).where(
            or_(T.created_at >= low, T.solved_at >= low))
    created: dict[tuple, list] = {}
    solved: dict[tuple, list] = {}
    span = (T.id >= bindparam("lo"), T.id < bindparam("hi"))  # one statement, many ranges
    queries = [(query.where(*span), store, counts, keys) for query, store, counts, keys in zip(
        _count_queries(low), (created, solved), (0, len(COUNTS)),
        (CREATED_TIME_KEYS, SOLVED_TIME_KEYS))]
    names = names.where(*span, or_(  # only the ranges with new names read them
        T.group_name.not_in(bindparam("groups", expanding=True)),
        T.channel.not_in(bindparam("channels", expanding=True)))).distinct()
    start, stop = (first, last + 1) if first is not None else (0, 0)
    size = CHUNK
    while start < stop:
        began = perf_counter()
        span_values = {"lo": start, "hi": min(start + size, stop),
                       "groups": sorted(groups - {None}), "channels": sorted(channels - {None})}
        unseen = False
        for query, store, counts, keys in queries:
            rows = _raw(session, query, span_values)
            unseen = unseen or any(row[-1] for row in rows)  # a group or channel not seen
            for name in _add(rows, store, counts, keys):
                into = counts + 1 + keys.index(name)
                for day, agent, value in _raw(session, _odd_times(query, name), span_values):
                    store[(_day(day), agent)][into].append(value)
        if unseen:
            for group, channel in _raw(session, names, span_values):
                groups.add(group)
                channels.add(channel)
        start = span_values["hi"]
        report(0.01 + 0.89 * (start - first) / (stop - first))
        took = perf_counter() - began  # steer the next step towards STEP_SECONDS
        if took < STEP_SECONDS / 2:
            size = min(size * 2, MAX_CHUNK)
        elif took > STEP_SECONDS * 1.5:
            size = min(max(size // 2, 256), MAX_CHUNK)
    return _write(session, created, solved, groups, channels, report)


def _write(session: Session, created: dict, solved: dict, groups: set, channels: set,
           report: Callable[[float], None]) -> int:
    """Insert the counted summary rows and stamp the summary as matching the tickets."""
    total = len(created) + len(solved)
    records = _records(created, solved)
    for done in range(0, total, INSERT_BATCH):  # Core: the ORM's bulk insert is slower
        session.connection().execute(insert(TicketDayStats.__table__),
                                     list(islice(records, INSERT_BATCH)))
        report(0.9 + 0.1 * min(done + INSERT_BATCH, total) / total)
    stamp = session.get(MetricSetting, FINGERPRINT)
    value = json.dumps({"fingerprint": _fingerprint(session), "agents": _agent_ids(session),
                        "groups": sorted(g for g in groups if g is not None),
                        "channels": sorted(c for c in channels if c is not None)})
    if stamp is None:
        session.add(MetricSetting(name=FINGERPRINT, value_json=value))
    else:
        stamp.value_json = value
    session.flush()
    report(1.0)
    return total


def _delete_summary(session: Session, since: date | None, report) -> None:
    """Delete the summary rows to recount (from ``since`` on) a slice of ids at a time:
    their times fill many pages, and the progress must keep moving meanwhile."""
    where = [TicketDayStats.day >= since] if since is not None else []
    first = session.scalar(select(func.min(TicketDayStats.id + 0)).where(*where))
    last = session.scalar(select(func.max(TicketDayStats.id + 0)).where(*where))
    start = first
    while start is not None and start <= last:
        end = start + INSERT_BATCH
        session.execute(delete(TicketDayStats).where(
            TicketDayStats.id >= start, TicketDayStats.id < end, *where))
        report(0.01 * (min(end, last + 1) - first) / (last + 1 - first))
        start = end


def _records(created: dict[tuple, list], solved: dict[tuple, list]) -> Iterator[dict]:
    empty = dict.fromkeys(COUNTS, 0)
    for (day, agent), (count, first, first_b) in created.items():
        yield {**empty, "day": day, "basis": "created", "agent_id": agent, "tickets": count,
               "first_reply_minutes": _pack(first),
               "first_reply_minutes_business": _pack(first_b),
               "full_resolution_minutes": None, "full_resolution_minutes_business": None}
    for (day, agent), part in solved.items():
        record = dict(zip(COUNTS, part[1:1 + len(COUNTS)]))
        record.update(day=day, basis="solved", agent_id=agent, tickets=part[0],
                      first_reply_minutes=None, first_reply_minutes_business=None)
        for name, values in zip(SOLVED_TIME_KEYS, part[1 + len(COUNTS):]):
            record[name] = _pack(values)
        yield record


def _agent_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Agent.id).order_by(Agent.id)))


def _stored(session: Session) -> dict:
    stamp = session.get(MetricSetting, FINGERPRINT)
    data = json.loads(stamp.value_json) if stamp is not None else {}
    return data if isinstance(data, dict) else {}


@dataclass
class WrittenTickets:
    """What an import knows of the tickets it wrote, so that the summary's update need
    not look for them: the highest ticket id before it wrote, the earliest creation day
    among the tickets it inserted or updated (None: none had one), and whether any of
    them has no creation date."""

    top_before: int
    earliest: date | None
    undated: bool
    all_new: int = -1  # how many tickets it wrote when all were new (else -1)


def update_after_import(session: Session, import_id: int,
                        progress: Callable[[float], None] | None = None, *,
                        written: WrittenTickets | None = None,
                        tally: DayTally | None = None) -> int:
    """Bring the summary up to date at the end of a ticket import (same transaction).

    When the summary matched the database before the import — no agent deleted since,
    no ticket beyond the ones this import wrote — only the days from the earliest
    creation date among the tickets it inserted or updated are recounted (an updated
    ticket keeps its creation date, and it was solved after it); otherwise everything.
    ``written`` spares two scans of the import's tickets (a second for a million).
    ``tally``: the import's rows counted as they were read; used instead of a recount
    when every one of them was a new ticket and the summary has nothing from their first
    day on (a first import, or one of later tickets only). ``progress`` as for
    ``rebuild_day_stats``."""
    kept = _stored(session)
    if written is None:
        others = session.scalar(select(func.max(T.id)).where(
            or_(T.import_id.is_(None), T.import_id != import_id)))
        earliest, undated = session.execute(select(
            func.min(T.created_at), func.sum(case((T.created_at.is_(None), 1), else_=0))
        ).where(T.import_id == import_id)).one()
        written = WrittenTickets(int(others or 0), stored_day(earliest), bool(undated))
    matched = (bool(kept.get("fingerprint")) and set(kept.get("agents", ()))
               <= set(_agent_ids(session)) and written.top_before <= kept["fingerprint"][0])
    if tally is not None and written.all_new == tally.rows and (
            (written.top_before == 0 and _nothing_from(session, date.min))
            or (matched and _nothing_from(session, tally.earliest()))):
        report = progress or (lambda _fraction: None)
        session.info.pop(FINGERPRINT, None)
        return _write(session, tally.created, tally.solved,
                      tally.groups | set(kept.get("groups", ())),
                      tally.channels | set(kept.get("channels", ())), report)
    if not matched or written.undated:
        return rebuild_day_stats(session, progress=progress)
    since = written.earliest if written.earliest is not None else date.max
    return rebuild_day_stats(session, since, progress=progress)


def _nothing_from(session: Session, day: date | None) -> bool:
    """Whether the summary has no row from ``day`` on."""
    return day is None or session.scalar(
        select(TicketDayStats.id).where(TicketDayStats.day >= day).limit(1)) is None


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

