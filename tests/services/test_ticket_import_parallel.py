"""A large file is read by a child process: the same tickets as reading it here, errors
and Cancel reach the import, and the child never outlives it."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from app.application import open_database
from app.errors import BadInputError
from app.ingest import parallel
from app.models import ImportRun, Ticket
from app.progress import Cancelled, Progress
from app.services.ticket_import import ImportRequest, run_import

HEADER = ("Id,Requester,Assignee,Group,Subject,Tags,Status,Created at,Updated at,Solved at,"
          "Satisfaction Score,Replies,First reply time in minutes\n")


def export(tmp_path, rows: int, name: str = "tickets.csv", bad_row: int | None = None):
    lines = [HEADER]
    for n in range(1, rows + 1):
        created = "2026-10-32 09:00:00" if n == bad_row else \
            f"2026-10-{1 + n % 28:02d} 09:{n % 60:02d}:00"
        solved = f"2026-10-{1 + n % 28:02d} 17:00:00" if n % 3 else ""
        lines.append(f"{n},Customer {n % 40},Agent {n % 5},Support,Order {n},vip,"
                     f"{'Solved' if solved else 'Open'},{created},{created},{solved},"
                     f"{'Good' if n % 4 == 0 else ''},{n % 4},{n % 90 / 3}\n")
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def tickets(session_factory) -> list[tuple]:
    """Every stored value but the ids and the requester hash (keyed per database)."""
    skipped = ("id", "import_id", "requester_hash")
    columns = [c for c in Ticket.__table__.columns if c.name not in skipped]
    with session_factory() as session:
        return sorted(session.execute(select(*columns)).all())


def test_the_child_reads_the_same_tickets(session_factory, tmp_path, spawned,
                                          monkeypatch, schema_template):
    path = export(tmp_path, 5000)
    shutil.copyfile(schema_template, tmp_path / "here.sqlite")
    other = open_database(str(tmp_path / "here.sqlite"), daily_backup=False)
    here = other.session_factory
    monkeypatch.setattr(parallel, "MIN_BYTES", 10**12)
    first = run_import(here, ImportRequest(path=path))
    assert spawned == []
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    second = run_import(session_factory, ImportRequest(path=path))
    assert len(spawned) == 1 and spawned[0].returncode == 0
    assert (second.inserted, second.skipped) == (first.inserted, first.skipped) == (5000, 0)
    assert tickets(session_factory) == tickets(here)
    again = run_import(session_factory, ImportRequest(path=path))
    assert (again.inserted, again.unchanged) == (0, 5000)
    other.close()


def test_rows_the_child_cannot_read_are_reported(session_factory, tmp_path, spawned):
    result = run_import(session_factory, ImportRequest(path=export(tmp_path, 300,
                                                                   bad_row=120)))
    assert result.skipped == 1 and result.errors[0].row == 121
    assert result.errors[0].column == "Created at"


def test_cancel_stops_the_child_and_rolls_back(session_factory, tmp_path, spawned,
                                               monkeypatch):
    from app.services import ticket_import

    monkeypatch.setattr(ticket_import, "BATCH_SIZE", 100)
    seen = []

    def on_report(done, total, text):
        seen.append(text)
        if sum("rows read" in t for t in seen) == 3:
            progress.cancel()

    progress = Progress(on_report)
    with pytest.raises(Cancelled):
        run_import(session_factory, ImportRequest(path=export(tmp_path, 3000)), progress)
    assert spawned and all(child.poll() is not None for child in spawned)
    assert tickets(session_factory) == []
    with session_factory() as session:
        assert session.scalars(select(ImportRun)).all() == []


def test_a_child_that_dies_is_an_error_not_a_hang(session_factory, tmp_path, spawned,
                                                  monkeypatch):
    monkeypatch.setattr(parallel, "_child_command",
                        lambda: ["python3", "-c", "import sys; sys.stdin.read(); sys.exit(3)"])
    with pytest.raises(BadInputError, match="exit code 3"):
        run_import(session_factory, ImportRequest(path=export(tmp_path, 50)))
    assert tickets(session_factory) == []


def summary(session_factory) -> list[tuple]:
    """The day summary with each day's times sorted (their order carries no meaning)."""
    from array import array

    from app.models.targets import TicketDayStats

    table = TicketDayStats.__table__
    columns = [c for c in table.columns if c.name != "id"]
    rows = []
    with session_factory() as session:
        for row in session.execute(select(*columns)):
            values = []
            for column, value in zip(columns, row):
                if isinstance(value, bytes):
                    numbers = array("d")
                    numbers.frombytes(value)
                    value = tuple(sorted(numbers))
                elif column.name == "handle_sum" and value is not None:
                    value = round(value, 6)
                values.append(value)
            rows.append(tuple(values))
    return sorted(rows, key=repr)


def test_the_reader_counts_the_day_summary_of_a_first_import(session_factory, tmp_path,
                                                             spawned, monkeypatch):
    """The tally the reading process counts is the summary the database would recount."""
    from app.models.targets import MetricSetting
    from app.services import ticket_day_stats

    recounts = []
    real = ticket_day_stats.rebuild_day_stats
    monkeypatch.setattr(ticket_day_stats, "rebuild_day_stats",
                        lambda *a, **k: recounts.append(1) or real(*a, **k))
    run_import(session_factory, ImportRequest(path=export(tmp_path, 4000)))
    assert recounts == []  # counted by the reader, not recounted
    counted = summary(session_factory)
    with session_factory() as session:
        stamp = session.get(MetricSetting, ticket_day_stats.FINGERPRINT).value_json
    with session_factory.begin() as session:
        real(session)
    assert counted and counted == summary(session_factory)
    with session_factory() as session:
        assert session.get(MetricSetting, ticket_day_stats.FINGERPRINT).value_json == stamp
    again = run_import(session_factory, ImportRequest(path=export(tmp_path, 4000)))
    assert again.unchanged == 4000 and summary(session_factory) == counted
