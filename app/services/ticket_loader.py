"""Writing parsed ticket and aggregate records into the database, keyed and fast.

The loader runs inside the caller's transaction and sees the file one batch at a time,
so a million rows never sit in memory and a Cancel between batches rolls everything back.

Keys: a ticket is (platform, external id), an aggregate is (platform, assignee, period,
metric). Each record is compared with what the key holds — in the database or earlier in
the same file — as if rows were applied one after another: the newer one (higher platform
revision, else later update time, else the later row) replaces the older, and a record
equal to what is stored counts as unchanged. So importing the same file twice changes
nothing, and the counts always add up to the rows read.

Speed: the hot path avoids ORM objects and dictionaries. Tickets arrive as tuples already
in storage form (``ticket_layout``; the parser fills them). Which keys already exist is
decided by a set of key hashes: a key whose hash is not in it is certainly new and is
inserted without a query; only keys whose hash is (true repeats, and rare collisions)
are looked up, one query per batch. Rows are written by ``bulk_write.RowWriter``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import Float, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.ingest.rowbuild import Memo
from app.ingest.rowtuples import ISO_TEXT, RowLayout
from app.models import Ticket, TicketAggregate
from app.ingest.agent_names import AgentDirectory
from app.services.bulk_write import RowWriter
from app.analytics.day_tally import stored_day
from app.services.ticket_day_stats import WrittenTickets

TICKETS = Ticket.__table__
AGGREGATES = TicketAggregate.__table__
# Every column a record sets; id is the database's, import_id says which import wrote last.
TICKET_COLUMNS = tuple(c.name for c in TICKETS.columns if c.name != "id")
AGGREGATE_COLUMNS = tuple(c.name for c in AGGREGATES.columns if c.name != "id")
AGGREGATE_KEY = ("assignee_key", "period_start", "period_end", "metric")
AGGREGATE_VALUES = ("assignee", "agent_id", "value", "count")
LOOKUP_CHUNK = 500  # keys per IN (...) query: far below every database's parameter limit
DEFER_INDEXES_ROWS = 100_000  # a load at least this large may set the indexes aside


@dataclass
class LoadCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # assignee names without an agent -> rows
    unmatched: dict[str, int] = field(default_factory=dict)


class _KeyFilter:
    """Which keys may have been seen: a Bloom filter of ``BITS`` bits (16 MB), each key
    setting ``PROBES`` bits derived from its hash. ``candidates`` never misses a key that
    was added; a new key whose bits were all set by others costs one needless look-up.

    One probe per key was not enough: with a million keys seen, 1 in 130 new keys was
    such a false alarm, so nearly every batch of a large first import had one — and a
    batch with a candidate waits for the writer and queries the database, which took
    the overlap of parsing and writing away. With three probes a million-row import
    meets about three false alarms in all (rate (1 - e^(-3n/BITS))^3). Whole batches
    are tested and added with numpy; a set of a million hashes took 64 MB and grew
    with the file."""

    BITS = 1 << 27
    PROBES = 3

    def __init__(self) -> None:
        self._bits = np.zeros(self.BITS >> 3, dtype=np.uint8)  # pages appear when touched
        self._empty = True

    def _slots(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(byte, bit mask) of each key's probes, PROBES rows of len(keys): double
        hashing, probe i at h1 + i*h2 with h1 and h2 two parts of the key's 64-bit hash
        (h2 made odd, so the probes of a key differ)."""
        hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        mask = self.BITS - 1
        first = hashes & mask
        step = ((hashes >> 27) & mask) | 1
        slots = (first + np.arange(self.PROBES, dtype=np.int64)[:, None] * step) & mask
        return slots >> 3, np.left_shift(1, slots & 7).astype(np.uint8)

    def add_all(self, keys: Iterable[str]) -> None:
        batch = list(keys)
        if batch:
            byte, bit = self._slots(batch)
            np.bitwise_or.at(self._bits, byte.ravel(), bit.ravel())
            self._empty = False

    @property
    def empty(self) -> bool:
        """No key was added yet."""
        return self._empty

    def candidates(self, keys: list[str]) -> list[str]:
        """The keys of ``keys`` that may have been added before."""
        if self._empty or not keys:
            return []
        byte, bit = self._slots(keys)
        hits = ((self._bits[byte] & bit) != 0).all(axis=0)
        if not hits.any():
            return []
        return [key for key, hit in zip(keys, hits.tolist()) if hit]


def ticket_layout(session: Session, platform: str, import_id: int | None,
                  directory: AgentDirectory) -> RowLayout:
    """The tuple the parser makes for each ticket: every column but id, import_id last (so
    ``row[:-1]`` is what is compared), values as the session's driver stores them."""
    columns = tuple(c for c in TICKET_COLUMNS if c != "import_id") + ("import_id",)
    return RowLayout(
        columns, constants={"platform": platform, "import_id": import_id},
        lookups={"agent_id": ("assignee", Memo(partial(directory.resolve, platform)))},
        aliases={"source_revision": "_revision"},
        converters=storage_converters(session, columns))


def storage_converters(session: Session, columns: tuple[str, ...]) -> dict[str, object]:
    """Column -> how a value is handed to the driver: the column type's own bind
    processor, or ``ISO_TEXT`` where isoformat writes exactly what it writes (SQLite's
    text timestamps; several times faster). Float columns get none: the parser already
    makes floats (or ints, which every driver stores in a float column as the same
    number)."""
    dialect = session.connection().dialect
    converters: dict[str, object] = {}
    for name in columns:
        column_type = TICKETS.c[name].type
        processor = column_type._cached_bind_processor(dialect)
        if processor is None or isinstance(column_type, Float):
            continue
        if column_type.python_type is datetime:
            converters[name] = ISO_TEXT if _isoformat_matches(processor) else processor
        elif column_type.python_type is bool and _same_as_int(processor):
            converters[name] = int  # the same values, and a builtin (picklable, fast)
        else:
            converters[name] = processor
    return converters


def _same_as_int(processor: Callable[[Any], Any]) -> bool:
    try:
        return processor(True) == 1 and processor(False) == 0 \
            and type(processor(True)) is int
    except (TypeError, ValueError):
        return False


def _isoformat_matches(processor: Callable[[Any], Any]) -> bool:
    samples = (datetime(2026, 1, 2, 3, 4, 5), datetime(999, 12, 31, 23, 59, 59, 123456))
    try:
        return all(processor(s) == s.isoformat(" ", "microseconds") for s in samples)
    except (TypeError, ValueError):
        return False


class TicketLoader:
    """Applies batches of ticket rows for one platform in the caller's transaction.

    Rows are tuples in ``self.layout`` (``parse_file(..., layout=loader.layout)`` makes
    them); ``load`` takes record dictionaries instead and converts them. New rows are
    written by a background thread (see ``bulk_write``) unless the agent look-up may
    write to the database itself (agents created on the fly): ``finish()`` waits for
    them, and ``close()`` (or the ``with`` block) must come before the transaction ends.
    """

    def __init__(self, session: Session, platform: str, import_id: int | None,
                 directory: AgentDirectory) -> None:
        self.session = session
        self.platform = platform
        self.import_id = import_id
        self.directory = directory
        self.counts = LoadCounts()
        self.layout = ticket_layout(session, platform, import_id, directory)
        columns = self.layout.columns
        self._writer = RowWriter(session, TICKETS, columns,
                                 background=directory.create_missing is None)
        self._key = itemgetter(columns.index("external_id"))
        self._who = itemgetter(columns.index("assignee"), columns.index("agent_id"))
        self._revision = columns.index("source_revision")
        self._updated = columns.index("updated_at")
        self._created = itemgetter(columns.index("created_at"))
        # What the day summary's update needs to know (see ``written``).
        self._top_before = session.scalar(select(func.max(Ticket.id))) or 0
        self._earliest = None  # the earliest creation time written, in storage form
        self._undated = False
        self._set_aside: list = []  # indexes dropped for a large load (defer_indexes)
        self._known = _KeyFilter()
        self._known.add_all(session.scalars(
            select(Ticket.external_id).where(Ticket.platform == platform)))
        self._first = self._known.empty

    def __enter__(self) -> TicketLoader:
        return self

    def __exit__(self, error_type: object, *exc: object) -> None:
        try:
            if error_type is None:
                self.finish()
        finally:
            self.close()

    def finish(self) -> None:
        """Wait until every row is written (and the set-aside indexes are back)."""
        self._writer.flush()
        connection = self.session.connection()
        for index in self._set_aside:
            index.create(connection)
        self._set_aside = []

    def defer_indexes(self, expected_rows: int) -> None:
        """Before a load much larger than the table: drop the tickets' secondary indexes
        and build them again in ``finish`` (a sort is cheaper than keeping them in order
        row by row: about a sixth less work for a million rows). The unique key stays, so
        repeated tickets are still found; a rollback brings the indexes back anyway."""
        if expected_rows < DEFER_INDEXES_ROWS:
            return
        stored = self.session.scalar(select(func.count()).select_from(TICKETS)) or 0
        if stored > expected_rows // 2:
            return
        connection = self.session.connection()
        for index in sorted(TICKETS.indexes, key=lambda i: i.name or ""):
            if not index.unique:
                index.drop(connection)
                self._set_aside.append(index)

    def close(self) -> None:
        self._writer.close()

    def load(self, records: list[dict]) -> None:
        """One batch of record dictionaries, in file order."""
        self.load_rows([self.layout.to_row(record) for record in records])

    def load_rows(self, rows: list[tuple]) -> None:
        """One batch of rows, in file order."""
        counts = self.counts
        keys = list(map(self._key, rows))
        unmatched = counts.unmatched
        for (assignee, agent_id), times in Counter(map(self._who, rows)).items():
            if agent_id is None and assignee:
                unmatched[assignee] = unmatched.get(assignee, 0) + times
        lookups = self._known.candidates(keys)
        if not lookups and len(set(keys)) == len(keys):  # all new: the common case
            self._known.add_all(keys)
            counts.inserted += len(rows)
            self._note_written(rows)
            self._writer.insert(rows)
            return
        # key -> [row, database id or None (new in this import), changed?]
        self._writer.flush()  # the look-up below uses the connection
        state: dict[str, list] = self._stored(lookups) if lookups else {}
        for key, row in zip(keys, rows):
            current = state.get(key)
            if current is None:
                state[key] = [row, None, True]
                counts.inserted += 1
            elif not self._newer(row, current[0]) or row[:-1] == current[0][:-1]:
                counts.unchanged += 1
            else:
                current[0] = row
                current[2] = True
                counts.updated += 1
        self._known.add_all(state)
        new_rows = [row for row, row_id, _ in state.values() if row_id is None]
        self._writer.insert(new_rows)
        changed = [(row, row_id) for row, row_id, dirty in state.values()
                   if row_id is not None and dirty]
        self._note_written(new_rows + [row for row, _ in changed])
        if changed:
            self._writer.update([row for row, _ in changed], [i for _, i in changed])

    def _note_written(self, rows: list[tuple]) -> None:
        created = list(map(self._created, rows))
        dated = list(filter(None, created))
        self._undated = self._undated or len(dated) < len(created)
        if dated:
            first = min(dated)
            if self._earliest is None or first < self._earliest:
                self._earliest = first

    @property
    def first_of_platform(self) -> bool:
        """No ticket of this platform was stored before: every row will be new, unless
        the file repeats itself (what makes counting the day summary on the way pay)."""
        return self._first

    def written(self) -> WrittenTickets:
        """What the day summary's update needs to know of the tickets this load wrote."""
        counts = self.counts
        all_new = counts.inserted if not counts.updated and not counts.unchanged else -1
        return WrittenTickets(self._top_before, stored_day(self._earliest), self._undated,
                              all_new)

    def _newer(self, incoming: tuple, stored: tuple) -> bool:
        """Whether ``incoming`` replaces ``stored``: revision, then update time, else it
        is the later row (file order, or the later import). Both are in storage form, in
        which timestamps order as the times do."""
        for at in (self._revision, self._updated):
            new, old = incoming[at], stored[at]
            if new is not None and old is not None and new != old:
                return new > old
        return True

    def _stored(self, keys: list[str]) -> dict[str, list]:
        """The stored rows of these keys as the driver returns them (storage form, like
        the parsed rows)."""
        columns = [TICKETS.c.id] + [TICKETS.c[name] for name in self.layout.columns]
        at = self.layout.columns.index("external_id") + 1
        state: dict[str, list] = {}
        unique = list(dict.fromkeys(keys))
        connection = self.session.connection()
        for start in range(0, len(unique), LOOKUP_CHUNK):
            chunk = unique[start:start + LOOKUP_CHUNK]
            result = connection.execute(select(*columns).where(
                Ticket.platform == self.platform, Ticket.external_id.in_(chunk)))
            try:
                for raw in result.cursor.fetchall():
                    state[raw[at]] = [tuple(raw[1:]), raw[0], False]
            finally:
                result.close()
        return state


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
