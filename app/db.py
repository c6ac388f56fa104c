"""The database: engine, SQLite pragmas, Alembic migrations, backups and restore.

Every SQLite specific of the program lives here, so the models and services stay
portable to PostgreSQL. The pysqlite driver is switched to real transactions (it would
otherwise run DDL outside any transaction and begin lazily), so a migration or an import
either lands whole or leaves the file exactly as it was.
"""

from __future__ import annotations

import sqlite3
from glob import escape as glob_escape
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

from sqlalchemy import (Date, Engine, String, column, create_engine, event, inspect, select,
                        table)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from app.errors import BadInputError, DatabaseTooNewError, UserError
from app.migrations import SCHEMA_HEAD

BACKUP_DIR_NAME = "backups"
DAILY_BACKUPS_KEPT = 7
BUSY_TIMEOUT_MS = 5000


# --------------------------------------------------------------------------- engine


def database_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL for a URL or a plain file path."""
    text = str(url_or_path)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def sqlite_path(engine: Engine) -> Path | None:
    """The database file behind a SQLite engine; None for other servers or memory."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def make_engine(url_or_path: str | Path, *, enforce_foreign_keys: bool = True) -> Engine:
    """An engine for a file path or URL. SQLite gets WAL, foreign keys and a busy timeout."""
    url = database_url(url_or_path)
    engine = create_engine(url)
    if make_url(url).get_backend_name() == "sqlite":
        _configure_sqlite(engine, enforce_foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, enforce_foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control from the driver; BEGIN is issued in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enforce_foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Writers take the write lock at BEGIN: a deferred transaction that read first
        # cannot wait for another writer (SQLite answers "busy" at once), an immediate one
        # waits up to busy_timeout.
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_WRITE_OPTION = "coachbench_write"


class SessionFactory(sessionmaker[Session]):
    """``factory()`` for reading, ``with factory.begin() as session:`` for one unit of work
    that writes. Objects stay readable after commit (services return them detached), and a
    locked or read-only file becomes a ``UserError`` that says what to do."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**{_WRITE_OPTION: True})

    @contextmanager
    def begin(self) -> Iterator[Session]:  # type: ignore[override]
        try:
            with self(bind=self._writer) as session, session.begin():
                yield session
        except OperationalError as exc:
            problem = describe_operational_error(exc)
            if problem is None:
                raise
            raise UserError(problem) from exc


def describe_operational_error(exc: OperationalError) -> str | None:
    """Plain words for the database errors a user can act on; None for the others."""
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return ("The database is busy: another Coachbench (window or command) is saving to "
                "it. Nothing was changed; try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return ("The database file or its folder is read-only, so nothing can be saved. "
                "Copy it somewhere you can write to, or fix its permissions.")
    if "disk" in text and "full" in text:
        return "The disk is full; nothing was saved. Free some space and try again."
    return None


def make_session_factory(engine: Engine) -> SessionFactory:
    return SessionFactory(engine)


LARGE_WRITE_CACHE_KIB = 16 * 1024


@contextmanager
def large_write(session: Session) -> Iterator[None]:
    """Settings for a transaction that writes very many rows (an import), undone after.

    SQLite: a 16 MB page cache for this connection instead of 2 MB, so the indexes of a
    million-row table stay in memory while rows go in (with the default cache, pages are
    written out to the journal and read back again and again mid-transaction)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{LARGE_WRITE_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


# ----------------------------------------------------------------------- migrations


# Alembic (and the template engine it brings) costs a third of a second to import, so
# it is imported only when a schema must change; an up-to-date database is recognised by
# SCHEMA_HEAD alone (a test keeps that constant equal to Alembic's head).


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("app.migrations")))
    return config


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return SCHEMA_HEAD


def revision_order() -> list[str]:
    """Every revision, oldest first, as Alembic sees them."""
    return [rev.revision for rev in reversed(list(_script_directory().walk_revisions()))]


def known_revisions() -> set[str]:
    return set(revision_order())


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None  # None: no schema yet
    head: str

    @property
    def state(self) -> str:
        if self.current == self.head:
            return "current"
        if self.current is None:
            return "empty"
        if self.current not in known_revisions():
            return "newer"
        return "behind"


_VERSION_TABLE = table("alembic_version", column("version_num"))


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database; None for a database without one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(select(_VERSION_TABLE.c.version_num)).scalars().all()
    if len(versions) > 1:
        raise UserError(f"The database has several schema versions ({', '.join(versions)}); "
                        "it was changed by another tool and cannot be opened safely.")
    return versions[0] if versions else None


def schema_status(engine: Engine) -> SchemaStatus:
    return SchemaStatus(current=current_revision(engine), head=head_revision())


def has_user_tables(engine: Engine) -> bool:
    return any(name != "alembic_version" for name in inspect(engine).get_table_names())


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def migrate(engine: Engine, target: str = "head") -> MigrationResult:
    """Bring the schema up to ``target``, copying an existing file to backups/ first.

    A database newer than the program is refused untouched. The upgrade runs in one
    transaction with foreign keys off (SQLite rebuilds tables in batch mode, and a
    cascade during a rebuild would delete rows); the keys are checked before commit.
    """
    status = schema_status(engine)
    if status.state == "newer":
        raise DatabaseTooNewError(status.current or "?", status.head)
    wanted = status.head if target == "head" else target
    if status.current == wanted:
        return MigrationResult(status.current, wanted, None)
    backup_path = None
    path = sqlite_path(engine)
    if path is not None and path.exists() and has_user_tables(engine):
        backup_path = _new_backup_path(path, f"before-upgrade-{status.current or 'none'}")
        backup_to(engine, backup_path)
    migration_engine = engine
    if path is not None:
        migration_engine = make_engine(path, enforce_foreign_keys=False)
    try:
        with migration_engine.begin() as connection:
            from alembic import command

            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            if path is not None:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise UserError(
                        f"The upgrade would leave {len(broken)} broken references; "
                        "it was rolled back and the database is unchanged."
                    )
    finally:
        if migration_engine is not engine:
            migration_engine.dispose()
    return MigrationResult(status.current, schema_status(engine).current or wanted, backup_path)


def downgrade(engine: Engine, target: str) -> None:
    """For tests and developers: step the schema down (no backup, no safety net)."""
    from alembic import command

    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, target)


# -------------------------------------------------------------------------- backups


def backup_dir(db_path: Path) -> Path:
    folder = db_path.parent / BACKUP_DIR_NAME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _new_backup_path(db_path: Path, kind: str) -> Path:
    """A fresh name in backups/ that never overwrites an earlier copy. The database's own
    name leads, so databases sharing a folder never mix up their copies."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(db_path)
    candidate = folder / f"{db_path.stem}-{kind}-{stamp}.sqlite"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{db_path.stem}-{kind}-{stamp}-{counter}.sqlite"
        counter += 1
    return candidate


def _require_sqlite(engine: Engine) -> Path:
    path = sqlite_path(engine)
    if path is None:
        raise UserError(
            "Backup and restore work on SQLite files only; use the database server's "
            "own backup tools for this database."
        )
    return path


def backup_to(engine: Engine, out_path: str | Path) -> Path:
    """A consistent copy of the live database (SQLite online backup API), even mid-use.

    Written beside the target under a temporary name and renamed at the end, so a failed
    backup never leaves a half-written file that looks like a good one.
    """
    live = _require_sqlite(engine)
    out = Path(out_path).expanduser().resolve()
    if out.is_dir():
        raise BadInputError(f"{out} is a folder; give a file name for the backup.")
    working_files = {live.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    if out.parent == live.resolve().parent and out.name in working_files:
        raise BadInputError("That is the open database itself (or one of its working files); "
                            "choose another name for the backup.")
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        raw = engine.raw_connection()
        try:
            target = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(target)
                # One self-contained file: no -wal/-shm appear beside it when it is read.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            tmp.replace(out)
        finally:
            raw.close()
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"Cannot write the backup to {out}: {exc}. Choose a folder you can "
                        "write to.") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return out


def check_backup_file(path: str | Path) -> str | None:
    """Check that ``path`` is an intact Coachbench database; return its schema revision."""
    source = Path(path).expanduser()
    if source.is_dir():
        raise BadInputError(f"{source} is a folder; choose a backup file to restore.")
    if not source.is_file():
        raise BadInputError(f"{source} does not exist; choose a backup file to restore.")
    try:
        connection = sqlite3.connect(_read_only_uri(source), uri=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BadInputError(f"{source} is not a readable SQLite database ({exc}).") from exc
    if not result or result[0] != "ok":
        raise BadInputError(f"{source} is damaged (integrity check: {result and result[0]}).")
    if "agents" not in tables or revision is None:
        raise BadInputError(f"{source} is not a Coachbench database or backup (it has no "
                            "roster or no schema version); nothing was changed.")
    if revision != SCHEMA_HEAD and revision not in known_revisions():
        raise BadInputError(f"The backup {source.name} was made by a newer Coachbench (schema "
                            f"{revision}; this program has {SCHEMA_HEAD}). Nothing was "
                            "changed; restore it with a newer Coachbench.")
    return revision


def _read_only_uri(path: Path) -> str:
    """Open a backup without writing anything beside it (no -wal/-shm, no lock files);
    the backup is not being written while it is read."""
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def check_restore_source(engine: Engine, source: str | Path) -> str | None:
    """Everything that must hold before the user is asked to confirm a restore."""
    path = _require_sqlite(engine)
    if Path(source).expanduser().resolve() == path.resolve():
        raise BadInputError("That file is the open database itself; choose a backup copy.")
    return check_backup_file(source)


def restore_from(engine: Engine, source: str | Path) -> Path:
    """Replace the live database with a backup; the current state is backed up first.

    Returns the path of that safety copy. The restored file is migrated if it is older.
    """
    path = _require_sqlite(engine)
    check_restore_source(engine, source)
    safety = backup_to(engine, _new_backup_path(path, "before-restore"))
    _copy_into(engine, Path(source).expanduser().resolve())
    try:
        migrate(engine)
    except Exception as exc:
        _copy_into(engine, safety)  # put back what was there; the user loses nothing
        raise UserError(f"The backup could not be brought up to this program's schema "
                        f"({exc}); the database was put back as it was.") from exc
    return safety


def _copy_into(engine: Engine, source: Path) -> None:
    """Overwrite the live database with ``source`` page by page (SQLite backup API)."""
    engine.dispose()
    src = sqlite3.connect(_read_only_uri(source), uri=True)
    raw = engine.raw_connection()
    try:
        src.backup(raw.driver_connection)
    finally:
        raw.close()
        src.close()
    engine.dispose()


def rolling_daily_backup(engine: Engine, today: date | None = None,
                         keep: int = DAILY_BACKUPS_KEPT) -> Path | None:
    """Once a day, copy the database to backups/daily-DATE.sqlite; keep the last ``keep``."""
    path = sqlite_path(engine)
    if path is None or not path.exists():
        return None
    folder = backup_dir(path)
    day = (today or date.today()).isoformat()
    target = folder / f"{path.stem}-daily-{day}.sqlite"
    made = None
    if not target.exists():
        made = backup_to(engine, target)
    dailies = sorted(folder.glob(f"{glob_escape(path.stem)}-daily-????-??-??.sqlite"))
    for old in dailies[:-keep] if keep > 0 else dailies:
        old.unlink(missing_ok=True)
    return made


# ------------------------------------------------------------------- SQL constructs
# Expressions whose cheapest form differs by database; the services use them as SQLAlchemy
# constructs and stay portable (the default form is standard SQL).


class day_of(FunctionElement):  # noqa: N801 - used like a SQL function
    """The calendar day of a stored moment. SQLite keeps moments as ISO text, whose first
    ten characters are the day (and much cheaper than date()); it returns that text,
    other databases a date."""

    type = Date()
    name = "day_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_default(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


class whole_number_text(FunctionElement):  # noqa: N801 - used like a SQL function
    """A float column's value as the text of an integer when it is a whole number (so the
    text reads back exactly), else NULL. SQLite would print any other float with only 15
    significant digits, which is not exact; those values are read another way."""

    type = String()
    name = "whole_number_text"
    inherit_cache = True


@compiles(whole_number_text)
def _whole_number_text_default(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)
    return (f"CASE WHEN abs({value}) < 1e15 THEN CASE WHEN {value} = CAST({value} AS BIGINT) "
            f"THEN CAST(CAST({value} AS BIGINT) AS VARCHAR) END END")


@compiles(whole_number_text, "sqlite")
def _whole_number_text_sqlite(element, compiler, **kw):
    value = compiler.process(element.clauses, **kw)  # group_concat prints the integer itself
    return f"CASE WHEN {value} = CAST({value} AS INTEGER) THEN CAST({value} AS INTEGER) END"
