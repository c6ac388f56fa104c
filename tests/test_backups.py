"""Backups, restore, the rolling daily copy and the lock beside the database."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from app import db
from app.application import open_database
from app.errors import BadInputError, UserError
from app.lock import DatabaseLock
from app.services import roster


def test_backup_and_restore_round_trip(database, session_factory, make_agent, tmp_path):
    make_agent("Before Backup")
    copy = db.backup_to(database.engine, tmp_path / "out" / "copy.sqlite")
    make_agent("After Backup")
    safety = db.restore_from(database.engine, copy)
    names = [a.full_name for a in roster.list_agents(session_factory)]
    assert names == ["Before Backup"]
    assert safety.exists() and safety.parent.name == "backups"
    # The safety copy holds what the restore replaced: undo is possible.
    db.restore_from(database.engine, safety)
    assert len(roster.list_agents(session_factory)) == 2


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_restore_refuses_files_that_are_not_databases(database, make_agent, tmp_path, content):
    make_agent("Still Here")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(BadInputError):
        db.restore_from(database.engine, bad)
    assert [a.full_name for a in roster.list_agents(database.session_factory)] == ["Still Here"]


def test_restore_refuses_missing_file(database, tmp_path):
    with pytest.raises(BadInputError, match="does not exist"):
        db.restore_from(database.engine, tmp_path / "nope.sqlite")


def test_daily_backup_keeps_last_seven(database):
    for day in range(1, 11):
        db.rolling_daily_backup(database.engine, today=date(2026, 3, day))
    kept = sorted(p.name for p in (database.path.parent / "backups").glob("*daily*"))
    assert kept == [f"coachbench-daily-2026-03-{d:02d}.sqlite" for d in range(4, 11)]
    assert db.rolling_daily_backup(database.engine, today=date(2026, 3, 10)) is None


def test_databases_sharing_a_folder_keep_their_own_backups(tmp_path, make_agent):
    """Team A's daily copy must never stand in for team B's, nor count against it."""
    first = open_database(str(tmp_path / "team-a.sqlite"))
    second = open_database(str(tmp_path / "team-b.sqlite"))
    try:
        for day in range(1, 10):
            db.rolling_daily_backup(first.engine, today=date(2026, 3, day))
        db.rolling_daily_backup(second.engine, today=date(2026, 3, 9))
        names = sorted(p.name for p in (tmp_path / "backups").iterdir())
        assert sum(n.startswith("team-a-daily-") for n in names) == 7
        assert names.count("team-b-daily-2026-03-09.sqlite") == 1
    finally:
        first.close()
        second.close()


def test_backup_refuses_the_database_itself(database):
    for name in ("coachbench.sqlite", "coachbench.sqlite-wal"):
        with pytest.raises(BadInputError, match="open database itself"):
            db.backup_to(database.engine, database.path.parent / name)


def test_backup_to_an_unwritable_place_is_a_clear_error(database):
    with pytest.raises(UserError, match="Cannot write the backup"):
        db.backup_to(database.engine, "/proc/coachbench-backup.sqlite")


def test_restore_refuses_a_file_without_schema_version(database, make_agent, tmp_path):
    """A file with an agents table but no version would break the upgrade after copying."""
    import sqlite3

    make_agent("Still Here")
    copy = db.backup_to(database.engine, tmp_path / "copy.sqlite")
    with sqlite3.connect(copy) as connection:
        connection.execute("DROP TABLE alembic_version")
    with pytest.raises(BadInputError, match="not a Coachbench database"):
        db.restore_from(database.engine, copy)
    assert [a.full_name for a in roster.list_agents(database.session_factory)] == ["Still Here"]


def test_restore_of_a_newer_backup_names_the_backup(database, make_agent, tmp_path):
    import sqlite3

    copy = db.backup_to(database.engine, tmp_path / "future.sqlite")
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(BadInputError, match="backup future.sqlite was made by a newer"):
        db.restore_from(database.engine, copy)


def test_restore_puts_the_data_back_when_the_upgrade_fails(database, make_agent, tmp_path,
                                                           monkeypatch):
    make_agent("Current")
    copy = db.backup_to(database.engine, tmp_path / "copy.sqlite")
    make_agent("Added")

    def broken_migrate(engine, target="head"):
        raise RuntimeError("simulated upgrade failure")

    monkeypatch.setattr(db, "migrate", broken_migrate)
    with pytest.raises(UserError, match="put back as it was"):
        db.restore_from(database.engine, copy)
    assert len(roster.list_agents(database.session_factory)) == 2


def test_lock_warns_about_a_live_second_instance(db_path):
    lock = DatabaseLock(db_path)
    lock.path.write_text(json.dumps({"pid": os.getppid(), "host": os.uname().nodename,
                                     "since": "2026-01-01 09:00"}))
    holder = lock.acquire()
    assert holder is not None and holder.pid == os.getppid()
    assert json.loads(lock.path.read_text())["pid"] == os.getppid()  # theirs is kept


def test_stale_lock_is_taken_over(db_path):
    lock = DatabaseLock(db_path)
    lock.path.write_text(json.dumps({"pid": 2 ** 22 + 12345, "host": os.uname().nodename,
                                     "since": "yesterday"}))
    assert lock.acquire() is None
    lock.release()
    assert not lock.path.exists()


def test_open_database_reports_other_holder(db_path):
    first = open_database(str(db_path))
    try:
        assert first.other_holder is None
        lock = json.loads(DatabaseLock(db_path).path.read_text())
        assert lock["pid"] == os.getpid()
    finally:
        first.close()
    assert not DatabaseLock(db_path).path.exists()


def test_backups_are_self_contained_files(database, make_agent, tmp_path):
    """Checking or restoring a backup leaves nothing beside it (no -wal, no -shm)."""
    make_agent("Someone")
    copy = db.backup_to(database.engine, tmp_path / "keep" / "copy.sqlite")
    db.check_backup_file(copy)
    db.restore_from(database.engine, copy)
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite"]
