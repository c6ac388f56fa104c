"""The composition root: opens a database and hands engine and sessions to whoever asks.

The window and the command line both start here; nothing else builds engines, and no
module keeps a global session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import db
from app.errors import BadInputError
from app.lock import DatabaseLock, LockHolder


@dataclass
class Database:
    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None
    created: bool  # the file did not exist before this open: a first start
    migration: db.MigrationResult | None = None
    other_holder: LockHolder | None = None
    _lock: DatabaseLock | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
        self.engine.dispose()


def open_database(target: str, *, upgrade: bool = True, take_lock: bool = True,
                  daily_backup: bool = True, must_exist: bool = False) -> Database:
    """Open (creating if needed, unless ``must_exist``) and migrate the named database.

    Raises ``BadInputError`` for a target that is not a usable database (a folder, another
    kind of file, an unknown URL), ``DatabaseTooNewError`` for one newer than the program.
    """
    url = db.database_url(target)
    try:
        engine = db.make_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise BadInputError(f"Cannot use the database '{target}': {exc}. Give a file path, "
                            "or a database URL whose driver is installed.") from exc
    path = db.sqlite_path(engine)
    if path is not None:
        _check_path(path, must_exist)
    created = path is not None and not path.exists()
    database = Database(url=url, engine=engine, session_factory=db.make_session_factory(engine),
                        path=path, created=created)
    try:
        db.schema_status(engine)  # proves the file is a database at all
        if upgrade:
            database.migration = db.migrate(engine)
            if daily_backup and not created:
                db.rolling_daily_backup(engine)
    except DBAPIError as exc:
        engine.dispose()
        problem = (db.describe_operational_error(exc) if isinstance(exc, OperationalError)
                   else None)
        problem = problem or f"{exc.orig}. Check that it is a Coachbench database."
        raise BadInputError(f"Cannot open the database {target}: {problem}") from exc
    except Exception:
        engine.dispose()
        raise
    if take_lock and path is not None:
        database._lock = DatabaseLock(path)
        database.other_holder = database._lock.acquire()
    return database


def _check_path(path: Path, must_exist: bool) -> None:
    if path.is_dir():
        raise BadInputError(f"{path} is a folder; give the database's file name.")
    if must_exist and not path.exists():
        raise BadInputError(f"There is no database at {path}; check the path (or run "
                            "'coachbench --db PATH demo' to create one).")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInputError(f"Cannot create the folder for the database {path}: "
                            f"{exc.strerror or exc}.") from exc
