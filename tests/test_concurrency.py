"""Two writers on one file: the second waits its turn instead of failing at once."""

from __future__ import annotations

import threading
import time

import pytest

from app.application import open_database
from app.errors import BadInputError, UserError
from app.services import roster
from app.services.roster import AgentInput


def test_second_writer_waits_for_the_first(db_path, make_agent):
    make_agent("Existing")
    other = open_database(str(db_path), take_lock=False)
    holding = threading.Event()

    def long_write():
        with other.session_factory.begin() as session:
            roster.save_agent(session, AgentInput("Slow Writer"), None, roster.date.today())
            holding.set()
            time.sleep(0.8)

    thread = threading.Thread(target=long_write)
    thread.start()
    holding.wait(5)
    # This service reads before it writes; with a deferred BEGIN it failed at once.
    started = time.monotonic()
    roster.create_agent(other.session_factory, AgentInput("Patient Writer"))
    waited = time.monotonic() - started
    thread.join()
    other.close()
    assert waited > 0.3
    names = {a.full_name for a in roster.list_agents(other.session_factory)}
    assert {"Slow Writer", "Patient Writer"} <= names


def test_read_only_file_is_a_clear_error(db_path, make_agent):
    """Opened read-only (as a file without write permission is), saving says so plainly."""
    import sqlite3

    from sqlalchemy import create_engine

    from app.db import make_session_factory

    make_agent("Reader")
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
        f"file:{db_path}?mode=ro", uri=True, check_same_thread=False))
    try:
        with pytest.raises(UserError, match="read-only"):
            roster.create_agent(make_session_factory(engine), AgentInput("Writer"))
    finally:
        engine.dispose()


def test_locked_database_message(db_path, make_agent):
    """A writer that cannot get the lock within the busy timeout gets plain words."""
    make_agent("Someone")
    holder = open_database(str(db_path), take_lock=False)
    other = open_database(str(db_path), take_lock=False)
    other.engine.dispose()
    from sqlalchemy import event, select

    @event.listens_for(other.engine, "connect")
    def _short_timeout(connection, _record):
        connection.execute("PRAGMA busy_timeout=50")

    try:
        with holder.session_factory.begin() as session:
            session.execute(select(1))  # BEGIN IMMEDIATE happens on first use
            with pytest.raises(UserError, match="busy"):
                roster.create_agent(other.session_factory, AgentInput("Blocked"))
    finally:
        holder.close()
        other.close()


@pytest.mark.parametrize("target", ["folder", "text", "url"])
def test_unusable_targets_are_bad_input(tmp_path, target):
    value = {"folder": str(tmp_path),
             "text": str(tmp_path / "notes.txt"),
             "url": "nosuchdialect://x/y"}[target]
    (tmp_path / "notes.txt").write_text("hello\n" * 200)
    with pytest.raises(BadInputError):
        open_database(value)


def test_large_write_enlarges_the_page_cache_only_while_it_lasts(session_factory):
    from app.db import LARGE_WRITE_CACHE_KIB, large_write

    def cache(session) -> int:
        return session.connection().exec_driver_sql("PRAGMA cache_size").scalar()

    with session_factory.begin() as session:
        before = cache(session)
        with large_write(session):
            assert cache(session) == -LARGE_WRITE_CACHE_KIB
        assert cache(session) == before
    with session_factory.begin() as session:  # also after an error inside
        try:
            with large_write(session):
                raise ValueError("stop")
        except ValueError:
            pass
        assert cache(session) == before
