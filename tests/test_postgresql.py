"""The same models and migrations on PostgreSQL, when a server is at hand.

Set COACHBENCH_TEST_PG_URL (e.g. postgresql+psycopg://user:pw@127.0.0.1/coachbench_test,
an empty database you may wipe) to run these; without it they are skipped. They keep the
promise that a department can move from the SQLite file to a shared server.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from app import db
from app.services import roster
from app.services.demo import create_demo

PG_URL = os.environ.get("COACHBENCH_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="COACHBENCH_TEST_PG_URL is not set")


@pytest.fixture
def pg_factory():
    engine = db.make_engine(PG_URL)
    if db.current_revision(engine):  # left over from an interrupted run
        db.downgrade(engine, "base")
    result = db.migrate(engine)
    assert result.to_revision == db.SCHEMA_HEAD and result.backup_path is None
    yield db.make_session_factory(engine)
    db.downgrade(engine, "base")
    engine.dispose()


def test_roster_services_on_postgresql(pg_factory):
    summary = create_demo(pg_factory, seed=5, today=date(2026, 11, 2))
    agents = roster.list_agents(pg_factory)
    assert len(agents) == summary.agents
    lead = next(a for a in agents if a.lead_id is None)
    with pytest.raises(roster.RosterValidationError):
        roster.update_agent(pg_factory, lead.id, roster.AgentInput(
            lead.full_name, lead_id=next(a.id for a in agents if a.lead_id == lead.id)))
    with pytest.raises(roster.UserError):
        roster.delete_agent(pg_factory, lead.id)
    assert roster.find_agent(pg_factory, lead.email).id == lead.id


def test_models_and_migrations_agree_on_postgresql(pg_factory):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.models import Base

    with pg_factory.kw["bind"].connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
