"""Shared fixtures: offscreen Qt, a fresh migrated database per test, agent factories."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.application import open_database  # noqa: E402
from app.services import roster  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory, monkeypatch):
    """Keep tests away from the real user data and settings folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("COACHBENCH_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "coachbench.sqlite"


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory) -> Path:
    """A database at the newest schema, made once: running every migration for each test
    would cost a third of a second per test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_database(str(path), take_lock=False).close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, schema_template) -> Path:
    """The demo database for TODAY (a few seconds to make), made once for the tests that
    only read it; copy the file before writing to it."""
    from app.services.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(schema_template, path)
    database = open_database(str(path), daily_backup=False)
    create_demo(database.session_factory, today=TODAY)
    database.close()
    return path


@pytest.fixture
def database(db_path, schema_template):
    """A fresh database at the newest schema (a copy of the template, opened as the
    program opens a new file: no daily backup of an empty file)."""
    shutil.copyfile(schema_template, db_path)
    database = open_database(str(db_path), daily_backup=False)
    yield database
    database.close()


@pytest.fixture
def session_factory(database):
    return database.session_factory


@pytest.fixture
def make_agent(session_factory):
    """Create an agent with sensible defaults; keyword arguments override them."""

    def make(full_name: str = "Alex Agent", **fields) -> roster.AgentRow:
        fields.setdefault("hire_date", date(2024, 3, 1))
        return roster.create_agent(session_factory, roster.AgentInput(full_name, **fields),
                                   today=TODAY)

    return make
