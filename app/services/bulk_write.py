"""Writing many rows of one table fast, through the session's own connection.

The import hands over rows as tuples in a fixed column order with values already in the
form the driver stores. Statements are compiled by SQLAlchemy for the database in use and
run with the driver's executemany, so no ORM object or per-row dictionary is made.

One more thing matters at a million rows: with Python's sqlite3 driver, binding a NULL
goes through the driver's adaptation machinery and costs several times as much as binding
a number or a text (measured: a third of the insert time for a typical export, whose rows
hold a dozen empty fields). So a batch is written per pattern of empty fields: columns that
are empty throughout the batch are left out of the statement (the database fills in NULL),
and the rows are split on the few columns that are often empty, each group with a
statement that leaves out what it lacks. The values stored are exactly the same.

Rows go in ``ROWS_PER_STATEMENT`` at a time (one multi-row INSERT per step instead of one
step per row), and with ``background=True`` the writing runs in a thread of its own: the
database engine does its work (the table and its indexes) with the GIL released, so on a
machine with two cores it overlaps with the parsing of the next rows. The caller must not
use the connection until ``flush()`` returned, and must ``close()`` the writer before the
transaction ends (``with RowWriter(...) as writer:``).
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import is_, itemgetter

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

# At most this many often-empty columns split a batch (at most 2**4 statements per batch),
# and only columns empty in at least a tenth of the batch's rows.
MAX_SPLIT_COLUMNS = 4
SPLIT_SHARE = 0.1
ROWS_PER_STATEMENT = 100
QUEUED_BATCHES = 2  # batches waiting for the writer thread (bounds the memory held)
SWITCH_INTERVAL = 0.0005  # seconds, while a writer thread runs (see _Worker)


class RowWriter:
    """INSERT and UPDATE of tuples of ``columns`` (in that order) into ``table``."""

    def __init__(self, session: Session, table: Table, columns: Sequence[str], *,
                 background: bool = False) -> None:
        self._connection = session.connection()
        self._dialect = self._connection.dialect
        self._table = table
        self.columns = tuple(columns)
        # (column indices, rows per statement) -> (SQL, getter) or None (named parameters)
        self._inserts: dict[tuple[tuple[int, ...], int], tuple[str, Callable] | None] = {}
        self._worker = _Worker() if background else None

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Wait until every row handed over is written; raise what the writing raised."""
        if self._worker is not None:
            self._worker.flush()

    def close(self) -> None:
        """Stop the writer thread (rows not yet written are dropped: the caller is rolling
        back, or has flushed)."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    # ------------------------------------------------------------------ insert

    def insert(self, rows: list[tuple]) -> None:
        """Write ``rows`` (now, or soon in the writer thread; ``flush`` waits)."""
        if not rows:
            return
        if self._worker is not None:
            self._worker.submit(lambda: self._insert_now(rows))
        else:
            self._insert_now(rows)

    def _insert_now(self, rows: list[tuple]) -> None:
        if self._positional(tuple(range(len(self.columns))), 1) is None:
            self._connection.execute(insert(self._table),
                                     [dict(zip(self.columns, row)) for row in rows])
            return
        total = len(rows)
        by_column = list(zip(*rows))
        always: list[int] = []
        often_empty: list[tuple[int, int]] = []
        for index, values in enumerate(by_column):
            empty = values.count(None)
            if empty == 0:
                always.append(index)
            elif empty < total:
                often_empty.append((empty, index))
        often_empty.sort(reverse=True)
        split = [i for empty, i in often_empty[:MAX_SPLIT_COLUMNS]
                 if empty >= SPLIT_SHARE * total]
        bound = always + [i for _, i in often_empty if i not in split]
        if not split:
            self._insert_group(bound, rows)
            return
        groups: dict[tuple, list[tuple]] = {}
        patterns = zip(*[map(is_, by_column[i], repeat(None)) for i in split])
        for pattern, row in zip(patterns, rows):
            members = groups.get(pattern)
            if members is None:
                groups[pattern] = [row]
            else:
                members.append(row)
        for pattern, members in groups.items():
            present = bound + [i for i, empty in zip(split, pattern) if not empty]
            self._insert_group(present, members)

    def _insert_group(self, indices: list[int], rows: list[tuple]) -> None:
        columns = tuple(sorted(indices))
        per = max(1, min(ROWS_PER_STATEMENT, self._max_parameters() // len(columns)))
        whole = len(rows) // per * per
        if whole:
            sql, getter = self._positional(columns, per)  # type: ignore[misc]
            self._connection.exec_driver_sql(sql, [
                tuple(chain.from_iterable(map(getter, rows[start:start + per])))
                for start in range(0, whole, per)])
        if whole < len(rows):  # the rest in one statement too (one engine step)
            rest = rows[whole:]
            sql, getter = self._positional(columns, len(rest))  # type: ignore[misc]
            self._connection.exec_driver_sql(
                sql, [tuple(chain.from_iterable(map(getter, rest)))])

    def _max_parameters(self) -> int:
        return getattr(self._dialect, "insertmanyvalues_max_parameters", 999) or 999

    def _positional(self, indices: tuple[int, ...], per: int
                    ) -> tuple[str, Callable] | None:
        """(SQL, getter of one row's parameters in order) for an INSERT of these columns,
        ``per`` rows per statement; None when the driver takes named parameters.

        SQLAlchemy compiles the one-row statement; with plain placeholders (``?`` or
        ``%s``) the statement for n rows repeats its VALUES group n times (compiling
        each size would cost more than the rows), otherwise SQLAlchemy compiles it."""
        key = (indices, per)
        if key in self._inserts:
            return self._inserts[key]
        names = [self.columns[i] for i in indices]
        one = insert(self._table).values({n: None for n in names}).compile(
            dialect=self._dialect)
        if not one.positional:
            self._inserts[key] = None
            return None
        order = list(one.positiontup or names)
        sql = str(one)
        head, values = sql.rsplit(" VALUES ", 1) if " VALUES " in sql else (sql, "")
        if per > 1 and self._dialect.paramstyle in ("qmark", "format") \
                and values.startswith("(") and values.endswith(")"):
            sql = head + " VALUES " + ", ".join([values] * per)
        elif per > 1:
            compiled = insert(self._table).values([{n: None for n in names}] * per).compile(
                dialect=self._dialect)
            # parameters run row after row ("name_m0", ..., "name_m1", ...)
            sql = str(compiled)
            order = [n[:-3] for n in (compiled.positiontup or names)[:len(names)]]
        self._inserts[key] = (sql, _getter([self.columns.index(n) for n in order]))
        return self._inserts[key]

    # ------------------------------------------------------------------ update

    def update(self, rows: list[tuple], ids: list[int]) -> None:
        """Every column of each row, by primary key ``id`` (written at once)."""
        if not rows:
            return
        self.flush()
        statement = update(self._table).where(self._table.c.id == bindparam("_id")).values(
            {name: bindparam(name) for name in self.columns})
        compiled = statement.compile(dialect=self._dialect)
        if not compiled.positional:
            self._connection.execute(statement, [dict(zip(self.columns, row), _id=row_id)
                                                 for row, row_id in zip(rows, ids)])
            return
        order = [self.columns.index(n) if n != "_id" else len(self.columns)
                 for n in compiled.positiontup or ()]
        getter = _getter(order)
        self._connection.exec_driver_sql(
            str(compiled), [getter(row + (row_id,)) for row, row_id in zip(rows, ids)])


def _getter(indices: list[int]):
    """A function giving the values at ``indices`` as a tuple (itemgetter gives a bare
    value for a single index)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda row: (row[only],)
    return itemgetter(*indices)


class _Worker:
    """One thread running the submitted writes in order; the first error stops the
    writing and is raised in the caller's thread by the next ``submit`` or ``flush``.

    While it runs, the interpreter's switch interval is shortened: each statement gives
    up the GIL while the engine works, and getting it back would otherwise wait up to
    5 ms for the parsing thread to let go — longer than the statement took."""

    def __init__(self) -> None:
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(QUEUED_BATCHES)
        self._error: BaseException | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="row-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._stopping:
                    job()
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()

    def submit(self, job: Callable[[], None]) -> None:
        self._raise()
        self._queue.put(job)

    def flush(self) -> None:
        self._queue.join()
        self._raise()

    def stop(self) -> None:
        self._stopping = True
        self._queue.put(None)
        self._thread.join()
        sys.setswitchinterval(self._interval)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            self._stopping = True
            raise error
