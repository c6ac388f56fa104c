"""Migrations from an empty file to head, the refusal of a newer database, backups."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app import db
from app.application import open_database
from app.errors import DatabaseTooNewError
from app.models import Base
from app.services import roster


def test_empty_file_is_migrated_to_head(db_path):
    database = open_database(str(db_path))
    try:
        assert database.created
        assert database.migration.from_revision is None
        assert database.migration.to_revision == db.head_revision()
        assert database.migration.backup_path is None  # nothing to protect yet
        assert db.schema_status(database.engine).state == "current"
    finally:
        database.close()


def test_models_and_migrations_agree(database):
    """A model change without a migration fails here, not on a user's machine."""
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_schema_head_constant_matches_alembic():
    """SCHEMA_HEAD lets start-up skip importing Alembic; it must name the real head."""
    heads = db._script_directory().get_heads()
    assert heads == [db.SCHEMA_HEAD], "update SCHEMA_HEAD in app/migrations/__init__.py"


def test_opening_a_current_database_does_not_import_alembic(db_path):
    import subprocess
    import sys

    open_database(str(db_path)).close()
    code = ("import sys; from app.application import open_database; "
            f"open_database({str(db_path)!r}).close(); "
            "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_every_revision_upgrades_and_downgrades_in_steps(db_path):
    engine = db.make_engine(db_path)
    try:
        revisions = db.revision_order()
        for revision in revisions:
            db.migrate(engine, revision)
            assert db.schema_status(engine).current == revision
        db.downgrade(engine, "base")
        assert db.schema_status(engine).current is None
        db.migrate(engine)
        assert db.schema_status(engine).state == "current"
    finally:
        engine.dispose()


def test_newer_database_is_refused_and_left_unchanged(db_path):
    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(str(db_path))
    assert "9999_future" in str(caught.value) and db.head_revision() in str(caught.value)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


def test_existing_database_is_backed_up_before_upgrade(db_path):
    engine = db.make_engine(db_path)
    db.migrate(engine, "0001")  # the first schema, as the first release wrote it
    factory = db.make_session_factory(engine)
    roster.create_agent(factory, roster.AgentInput("Kept Person"))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE legacy_note (id INTEGER PRIMARY KEY)")
    engine.dispose()
    database = open_database(str(db_path))
    try:
        backup = database.migration.backup_path
        assert backup is not None and backup.exists()
        assert backup.parent == db_path.parent / "backups"
        with sqlite3.connect(backup) as connection:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "legacy_note" in tables
    finally:
        database.close()


def test_sqlite_pragmas_are_set(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_failed_transaction_leaves_nothing(database, session_factory):
    with pytest.raises(RuntimeError), session_factory.begin() as session:
        session.add(roster.Agent(full_name="Half Done", status="active"))
        session.flush()
        raise RuntimeError("crash mid-way")
    assert roster.count_agents(session_factory) == 0
