"""Alembic environment.

The program runs migrations through ``app.db.migrate``, which hands a connection in
``config.attributes``. A developer may also run ``alembic`` from the repository root
(see alembic.ini): then the database comes from ``sqlalchemy.url`` or ``COACHBENCH_DB``.
"""

from alembic import context

import app.models  # noqa: F401  (registers every table on Base.metadata)
from app.models.base import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from app.config import database_target
    from app.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_target(None),
                         enforce_foreign_keys=False)
    with engine.begin() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Coachbench migrations run online only (app.db.migrate).")
run_migrations_online()
