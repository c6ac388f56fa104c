"""The composition root: opens a database and hands engine and sessions to whoever asks.

The window and the command line both start here; nothing else builds engines, and no
module keeps a global session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app import db
from app.errors import UserError
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
                  daily_backup: bool = True) -> Database:
    """Open (creating if needed) and migrate the database the user named.

    Raises ``UserError`` for a database that is newer than the program or unreadable.
    """
    url = db.database_url(target)
    engine = db.make_engine(url)
    path = db.sqlite_path(engine)
    created = path is not None and not path.exists()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create the folder for the database {path}: {exc}") from exc
    database = Database(url=url, engine=engine, session_factory=db.make_session_factory(engine),
                        path=path, created=created)
    try:
        if upgrade:
            database.migration = db.migrate(engine)
            if daily_backup and not created:
                db.rolling_daily_backup(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise UserError(f"Cannot open the database {target}: {exc.orig}. "
                        "Check the path and that the file is a Coachbench database.") from exc
    except Exception:
        engine.dispose()
        raise
    if take_lock and path is not None:
        database._lock = DatabaseLock(path)
        database.other_holder = database._lock.acquire()
    return database
