"""Writing parsed ticket and aggregate records into the database, keyed and fast.

The loader runs inside the caller's transaction and sees the file one batch at a time,
so a million rows never sit in memory and a Cancel between batches rolls everything back.

Keys: a ticket is (platform, external id), an aggregate is (platform, assignee, period,
metric). Each record is compared with what the key holds — in the database or earlier in
the same file — as if rows were applied one after another: the newer one (higher platform
revision, else later update time, else the later row) replaces the older, and a record
equal to what is stored counts as unchanged. So importing the same file twice changes
nothing, and the counts always add up to the rows read.

Speed: the hot path avoids ORM objects. Which keys already exist is decided by a set
of key hashes: a key whose hash is not in it is certainly new and is inserted without a
query; only keys whose hash is (true repeats, and rare collisions) are looked up, one
query per batch. New rows go in through one INSERT statement compiled by SQLAlchemy for the
database in use and run with the driver's executemany, values converted by the column
types' own bind processors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter, methodcaller
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.models import Ticket, TicketAggregate
from app.services.agent_matching import AgentDirectory

TICKETS = Ticket.__table__
AGGREGATES = TicketAggregate.__table__
# Every column a record sets; id is the database's, import_id says which import wrote last.
TICKET_COLUMNS = tuple(c.name for c in TICKETS.columns if c.name != "id")
COMPARED = tuple(c for c in TICKET_COLUMNS if c != "import_id")
AGGREGATE_COLUMNS = tuple(c.name for c in AGGREGATES.columns if c.name != "id")
AGGREGATE_KEY = ("assignee_key", "period_start", "period_end", "metric")
AGGREGATE_VALUES = ("assignee", "agent_id", "value", "count")
LOOKUP_CHUNK = 500  # keys per IN (...) query: far below every database's parameter limit


@dataclass
class LoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # assignee names without an agent -> rows
    unmatched: dict[str, int] = field(default_factory=dict)


class _KeyFilter:
    """The hashes of the keys seen, as a set of integers: ``candidates`` never misses a key
    that was added; a hash collision only costs one needless look-up. Whole batches are
    tested and added at C speed, and a million keys take ~64 MB (the strings would take
    more than twice that)."""

    def __init__(self) -> None:
        self._hashes: set[int] = set()

    def add_all(self, keys: Iterable[str]) -> None:
        self._hashes.update(map(hash, keys))

    def candidates(self, keys: list[str]) -> list[str]:
        """The keys of ``keys`` that may have been added before."""
        if not self._hashes:
            return []
        seen = self._hashes.intersection(map(hash, keys))
        return [key for key in keys if hash(key) in seen] if seen else []


def _newer(incoming: dict, stored: dict) -> bool:
    """Whether ``incoming`` replaces ``stored``: revision, then update time, else it is the
    later row (file order, or the later import)."""
    new, old = incoming.get("source_revision"), stored.get("source_revision")
    if new is not None and old is not None and new != old:
        return new > old
    new, old = incoming.get("updated_at"), stored.get("updated_at")
    if new is not None and old is not None and new != old:
        return new > old
    return True


def _same(record: dict, stored: dict) -> bool:
    return all(record.get(name) == stored.get(name) for name in COMPARED)


class BulkInserter:
    """INSERT of many rows: the statement compiled once for the session's database, rows
    as positional tuples converted by the columns' bind processors, driver executemany.

    Records carry only the fields their file has: a batch is written with a statement for
    the columns of its first record (the others stay NULL); a record with other keys (none
    are expected) goes through a statement naming every column."""

    def __init__(self, session: Session, table, columns: tuple[str, ...]) -> None:
        self._connection = session.connection()
        self._dialect = self._connection.dialect
        self._table = table
        self._columns = columns
        self._statements: dict[tuple[str, ...], tuple] = {}
        self._converters: dict[str, Callable[[Any], Any]] = {}
        for name in columns:
            column_type = table.c[name].type
            processor = column_type._cached_bind_processor(self._dialect)
            if processor is not None:
                if column_type.python_type is datetime:
                    processor = _fast_datetime(processor)
                self._converters[name] = processor

    def _statement(self, columns: tuple[str, ...]) -> tuple:
        """(SQL, positional?, itemgetter in parameter order) for these columns."""
        if columns not in self._statements:
            compiled = insert(self._table).values({name: None for name in columns}).compile(
                dialect=self._dialect)
            order = tuple(compiled.positiontup or columns)
            self._statements[columns] = (str(compiled), compiled.positional,
                                         itemgetter(*order), order)
        return self._statements[columns]

    def insert(self, records: list[dict]) -> None:
        if not records:
            return
        keys = records[0].keys()
        present = tuple(name for name in self._columns if name in keys)
        sql, positional, getter, order = self._statement(present)
        if not positional:  # named-parameter drivers: let SQLAlchemy bind dictionaries
            columns = self._columns
            self._connection.execute(insert(self._table),
                                     [{n: r.get(n) for n in columns} for r in records])
            return
        converters = [(n, c) for n, c in self._converters.items() if n in present]
        width = len(keys)
        rows, others = [], []
        for record in records:  # the records are spent here: converted in place
            for name, convert in converters:
                value = record.get(name)
                if value is not None:
                    record[name] = convert(value)
            # One builder makes every record of a file, so the same length means the same
            # keys; a record that differs after all is caught by the KeyError.
            if len(record) == width:
                try:
                    rows.append(getter(record))
                    continue
                except KeyError:
                    pass
            others.append(record)
        self._connection.exec_driver_sql(sql, rows)
        if others:
            for record in others:
                for name, convert in self._converters.items():
                    value = record.get(name)
                    if name not in present and value is not None:
                        record[name] = convert(value)
            sql, _, _, order = self._statement(self._columns)
            self._connection.exec_driver_sql(
                sql, [tuple(record.get(name) for name in order) for record in others])


def _fast_datetime(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``isoformat`` when it writes exactly what the type's own processor writes (SQLite's
    text storage): several times faster per value. Checked, never assumed."""
    samples = (datetime(2026, 1, 2, 3, 4, 5), datetime(999, 12, 31, 23, 59, 59, 123456))

    fast = methodcaller("isoformat", " ", "microseconds")  # no Python frame per value

    try:
        same = all(processor(sample) == fast(sample) for sample in samples)
    except (TypeError, ValueError):
        same = False
    return fast if same else processor


class TicketLoader:
    """Applies batches of ticket records for one platform in the caller's transaction."""

    def __init__(self, session: Session, platform: str, import_id: int | None,
                 directory: AgentDirectory) -> None:
        self.session = session
        self.platform = platform
        self.import_id = import_id
        self.directory = directory
        self.counts = LoadCounts()
        self._inserter = BulkInserter(session, TICKETS, TICKET_COLUMNS)
        self._known = _KeyFilter()
        self._agents: dict[str, int | None] = {}  # assignee -> agent id, this import
        self._known.add_all(session.scalars(
            select(Ticket.external_id).where(Ticket.platform == platform)))

    def load(self, records: list[dict]) -> None:
        """One batch, in file order."""
        platform, resolve = self.platform, self.directory.resolve
        counts, unmatched, known = self.counts, self.counts.unmatched, self._known
        common = {"platform": platform, "import_id": self.import_id}
        agents = self._agents
        lookups = known.candidates([r["external_id"] for r in records])
        # key -> [values, database id or None (new in this import), changed?]
        state: dict[str, list] = self._stored(lookups) if lookups else {}
        for record in records:
            record.update(common)
            record["source_revision"] = record.get("_revision")
            assignee = record.get("assignee")
            agent_id = None
            if assignee:
                agent_id = agents.get(assignee, 0)
                if agent_id == 0:
                    agent_id = agents[assignee] = resolve(platform, assignee)
                if agent_id is None:
                    unmatched[assignee] = unmatched.get(assignee, 0) + 1
            record["agent_id"] = agent_id
            external_id = record["external_id"]
            current = state.get(external_id)
            if current is None:
                state[external_id] = [record, None, True]
                counts.inserted += 1
            elif not _newer(record, current[0]) or _same(record, current[0]):
                counts.unchanged += 1
            else:
                current[0] = record
                current[2] = True
                counts.updated += 1
        new_rows = []
        changed = []
        for values, row_id, dirty in state.values():
            if row_id is None:
                new_rows.append(values)
            elif dirty:
                changed.append(dict(values, _id=row_id))
        known.add_all(state)
        self._inserter.insert(new_rows)
        if changed:
            self._update(changed)

    def _stored(self, keys: list[str]) -> dict[str, list]:
        columns = [TICKETS.c.id] + [TICKETS.c[name] for name in COMPARED]
        state: dict[str, list] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start:start + LOOKUP_CHUNK]
            rows = self.session.execute(select(*columns).where(
                Ticket.platform == self.platform, Ticket.external_id.in_(chunk)))
            for row in rows:
                values = dict(row._mapping)
                row_id = values.pop("id")
                state[values["external_id"]] = [values, row_id, False]
        return state

    def _update(self, rows: list[dict]) -> None:
        for row in rows:
            row["import_id"] = self.import_id
        statement = update(TICKETS).where(TICKETS.c.id == bindparam("_id"))
        payload = [{name: row.get(name) for name in TICKET_COLUMNS} | {"_id": row["_id"]}
                   for row in rows]
        self.session.connection().execute(statement, payload)


class AggregateLoader:
    """Applies per-agent aggregate rows (one per agent, period and metric). There are few
    of them (agents × periods × metrics), so the platform's stored rows are read once."""

    def __init__(self, session: Session, platform: str, import_id: int | None,
                 directory: AgentDirectory) -> None:
        self.session = session
        self.platform = platform
        self.import_id = import_id
        self.directory = directory
        self.counts = LoadCounts()
        columns = [AGGREGATES.c.id] + [AGGREGATES.c[n] for n in AGGREGATE_KEY + AGGREGATE_VALUES]
        self._state: dict[tuple, list] = {}
        for row in session.execute(select(*columns).where(
                TicketAggregate.platform == platform)):
            values = dict(row._mapping)
            self._state[tuple(values[k] for k in AGGREGATE_KEY)] = [values, values.pop("id"),
                                                                     False]

    def load(self, records: Iterable[dict]) -> None:
        counts, state = self.counts, self._state
        for record in records:
            record.pop("_row", None)
            record.pop("_revision", None)
            record["platform"] = self.platform
            record["import_id"] = self.import_id
            assignee = record.get("assignee") or ""
            record["assignee"] = assignee
            agent_id = self.directory.resolve(self.platform, assignee) if assignee else None
            record["agent_id"] = agent_id
            if agent_id is None and assignee:
                counts.unmatched[assignee] = counts.unmatched.get(assignee, 0) + 1
            key = tuple(record.get(k) for k in AGGREGATE_KEY)
            current = state.get(key)
            if current is None:
                state[key] = [record, None, True]
                counts.inserted += 1
            elif all(record.get(n) == current[0].get(n) for n in AGGREGATE_VALUES):
                counts.unchanged += 1
            else:
                current[0], current[2] = record, True
                counts.updated += 1

    def finish(self) -> None:
        """Write what changed (aggregates are written once, at the end)."""
        new = [{name: values.get(name) for name in AGGREGATE_COLUMNS}
               for values, row_id, dirty in self._state.values() if row_id is None and dirty]
        changed = [{name: values.get(name) for name in AGGREGATE_COLUMNS} | {"_id": row_id}
                   for values, row_id, dirty in self._state.values()
                   if row_id is not None and dirty]
        connection = self.session.connection()
        if new:
            connection.execute(insert(AGGREGATES), new)
        if changed:
            for row in changed:
                row["import_id"] = self.import_id
            connection.execute(update(AGGREGATES).where(AGGREGATES.c.id == bindparam("_id")),
                               changed)
