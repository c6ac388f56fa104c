"""RowWriter stores exactly the rows it is given, however their empty fields fall, in
the caller's thread or its own, and hands errors back to the caller."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.models import Ticket
from app.services import bulk_write
from app.services.bulk_write import RowWriter

TICKETS = Ticket.__table__
COLUMNS = ("platform", "external_id", "assignee", "status", "created_at", "solved_at",
           "first_reply_minutes", "agent_replies", "csat", "tags", "escalated")


def random_rows(count: int, seed: int = 7) -> list[tuple]:
    """Rows whose fields are empty in every pattern: never, often, rarely, always."""
    rng = random.Random(seed)

    def maybe(value, share):
        return None if rng.random() < share else value

    return [("zendesk", str(n), maybe(f"Agent {n % 7}", 0.05), "Solved",
             f"2026-10-{1 + n % 28:02d} 09:00:00.000000",
             maybe(f"2026-10-{1 + n % 28:02d} 17:30:00.000000", 0.5),
             maybe(n / 3, 0.3), maybe(n % 5, 0.01), maybe(rng.choice(["good", "bad"]), 0.6),
             maybe("billing\nvip", 0.2), None)
            for n in range(count)]


def stored_rows(session) -> set[tuple]:
    columns = [TICKETS.c[name] for name in COLUMNS]
    result = session.connection().execute(select(*columns))
    try:
        return set(result.cursor.fetchall())  # as stored, without type processing
    finally:
        result.close()


@pytest.mark.parametrize("background", [False, True])
@pytest.mark.parametrize("count", [1, 7, 250, 2001])
def test_every_row_is_stored_exactly(session_factory, monkeypatch, background, count):
    monkeypatch.setattr(bulk_write, "ROWS_PER_STATEMENT", 40)
    rows = random_rows(count)
    with session_factory.begin() as session:
        with RowWriter(session, TICKETS, COLUMNS, background=background) as writer:
            for start in range(0, count, 500):
                writer.insert(rows[start:start + 500])
            writer.flush()
        assert stored_rows(session) == set(rows)


def test_empty_columns_are_not_bound_and_many_rows_go_per_statement(session_factory):
    rows = random_rows(1000)
    with session_factory.begin() as session:
        statements: list[tuple[str, int]] = []
        connection = session.connection()
        real = connection.exec_driver_sql

        def spy(sql, parameters=None, *args, **kwargs):
            statements.append((sql, len(parameters or ())))
            return real(sql, parameters, *args, **kwargs)

        connection.exec_driver_sql = spy  # type: ignore[method-assign]
        writer = RowWriter(session, TICKETS, COLUMNS)
        writer.insert(rows)
        inserts = [sql for sql, _ in statements]
        # "escalated" is empty in every row: no statement names it (no NULL is bound)
        assert inserts and not any("escalated" in sql for sql in inserts)
        assert any(sql.count("(?") > 1 for sql in inserts)  # multi-row statements
        assert stored_rows(session) == set(rows)


def test_a_column_empty_in_the_first_rows_only_is_still_written(session_factory):
    """Only columns empty in the first row are checked for being empty throughout: one
    that is filled only in the last row must still be written."""
    rows = [("zendesk", str(n), None, "Solved", None, None, None, None, None, None, None)
            for n in range(300)]
    rows[-1] = ("zendesk", "last", "Ana", "Solved", "2026-10-01 09:00:00.000000", None,
                2.5, 1, "good", "vip", 1)
    with session_factory.begin() as session:
        with RowWriter(session, TICKETS, COLUMNS, background=True) as writer:
            writer.insert(rows)
            writer.flush()
        assert stored_rows(session) == set(rows)


def test_an_error_in_the_writer_thread_reaches_the_caller(session_factory):
    rows = random_rows(10)
    with pytest.raises(IntegrityError), session_factory.begin() as session, \
            RowWriter(session, TICKETS, COLUMNS, background=True) as writer:
        writer.insert(rows)
        writer.insert(rows[:3])  # the same keys again: unique constraint
        writer.flush()
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_closing_without_flush_drops_what_was_not_written(session_factory):
    with session_factory.begin() as session:
        writer = RowWriter(session, TICKETS, COLUMNS, background=True)
        writer.insert(random_rows(5))
        writer.close()  # the caller is rolling back: the thread stops
        session.rollback()
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_update_rewrites_every_column_by_id(session_factory):
    rows = random_rows(3)
    with session_factory.begin() as session:
        writer = RowWriter(session, TICKETS, COLUMNS)
        writer.insert(rows)
        ids = list(session.scalars(select(Ticket.id).order_by(Ticket.id)))
        changed = [rows[0][:3] + ("Closed",) + (None,) * 7, rows[2]]
        writer.update(changed, [ids[0], ids[2]])
        assert stored_rows(session) == {changed[0], rows[1], rows[2]}
