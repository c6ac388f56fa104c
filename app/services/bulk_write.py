"""Writing many rows of one table fast, through the session's own connection.

The import hands over rows as tuples in a fixed column order with values already in the
form the driver stores. Statements are compiled by SQLAlchemy for the database in use and
run with the driver's executemany, so no ORM object or per-row dictionary is made.

One more thing matters at a million rows: with Python's sqlite3 driver, binding a NULL
goes through the driver's adaptation machinery and costs several times as much as binding
a number or a text. An export's file rarely has every field (a Zendesk export has no
handle time, NPS or SLA column; without a roster no ticket has an agent), so the columns
that are empty throughout a batch are left out of its statement and the database fills
in NULL. (Splitting a batch further by which fields each row lacks was measured too: it
cost as much as it saved.)

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
from itertools import chain
from operator import itemgetter

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

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
        # columns -> (one-row SQL, its parameter order), or None (named parameters)
        self._single: dict[tuple[int, ...], tuple[str, list[str]] | None] = {}
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
        # Columns empty in the whole batch are left out (see the module docstring). Only
        # a column empty in the first row can be: the others are not looked at (a tenth
        # of the cost of looking at every column, at a million rows).
        count, first = len(rows), rows[0]
        present = [index for index, value in enumerate(first) if value is not None
                   or list(map(itemgetter(index), rows)).count(None) < count]
        self._insert_group(present, rows)

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
        ``per`` rows per statement; None when the driver takes named parameters."""
        key = (indices, per)
        if key not in self._inserts:
            self._inserts[key] = self._make_insert(indices, per)
        return self._inserts[key]

    def _make_insert(self, indices: tuple[int, ...], per: int
                     ) -> tuple[str, Callable] | None:
        """SQLAlchemy compiles the one-row statement (once per set of columns); with
        plain placeholders (``?`` or ``%s``) the statement for n rows repeats its VALUES
        group n times (compiling every size would cost more than the rows)."""
        names = [self.columns[i] for i in indices]
        if indices not in self._single:
            one = insert(self._table).values({n: None for n in names}).compile(
                dialect=self._dialect)
            self._single[indices] = ((str(one), list(one.positiontup or names))
                                     if one.positional else None)
        single = self._single[indices]
        if single is None:
            return None
        sql, order = single
        if per > 1:
            head, _, values = sql.rpartition(" VALUES ")
            if head and self._dialect.paramstyle in ("qmark", "format") \
                    and values.startswith("(") and values.endswith(")"):
                sql = head + " VALUES " + ", ".join([values] * per)
            else:
                compiled = insert(self._table).values(
                    [{n: None for n in names}] * per).compile(dialect=self._dialect)
                sql = str(compiled)  # parameters run row after row ("name_m0", ...)
                order = [n[:-3] for n in (compiled.positiontup or names)[:len(names)]]
        return sql, _getter([self.columns.index(n) for n in order])

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
