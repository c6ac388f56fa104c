"""run_import end to end on small files: counts, the ImportRun record, re-import, newer
wins, strict, dry run, rollback on cancel and on error, decisions saved as aliases,
remembered mappings, per-agent reports, and the requester never stored in clear."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import BadInputError
from app.models import AgentAlias, Base, ImportRun, Ticket, TicketAggregate
from app.progress import Cancelled, Progress
from app.services import bulk_write, ticket_import, ticket_loader
from app.services.agent_matching import CREATE, IGNORE, AgentDecision
from app.services.ticket_import import (
    ImportRefused,
    ImportRequest,
    preview_import,
    run_import,
    scan_import,
    write_error_report,
)
from tests.conftest import TODAY

HEADER = ("Id,Requester,Requester email,Assignee,Group,Subject,Tags,Status,Priority,Via,"
          "Created at,Updated at,Solved at,Satisfaction Score\n")
ROWS = [
    "101,Carla Dias,carla@example.com,Ana Lima,Support,Refund,billing vip,Solved,Normal,Mail,"
    "2026-10-01 09:00:00,2026-10-01 12:00:00,2026-10-01 11:00:00,Good\n",
    "102,Dan Roy,dan@example.com,ana lima,Support,Login,,Open,High,Web form,"
    "2026-10-02 10:00:00,2026-10-02 10:30:00,,Offered\n",
    "103,Eve Park,eve@example.com,Zed Unknown,Billing,Bug,bug,Solved,Low,Chat,"
    "2026-10-03 08:00:00,2026-10-03 10:00:00,2026-10-03 09:00:00,Bad\n",
]
BAD_ROW = ("104,Fay,fay@example.com,Ana Lima,Support,Crash,,Open,Low,Mail,not a date,"
           "2026-10-04 10:00:00,,\n")


def write(tmp_path: Path, name: str, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def snapshot(session_factory) -> dict:
    """Every row of every table: "exactly as before" is checked against this."""
    with session_factory() as session:
        return {table.name: sorted(map(repr, session.execute(select(table)).all()))
                for table in Base.metadata.sorted_tables}


def tickets(session_factory) -> dict[str, Ticket]:
    with session_factory() as session:
        return {t.external_id: t for t in session.scalars(select(Ticket))}


def runs(session_factory) -> list[ImportRun]:
    with session_factory() as session:
        return list(session.scalars(select(ImportRun).order_by(ImportRun.id)))


def test_import_counts_records_and_is_idempotent(session_factory, tmp_path, make_agent):
    ana = make_agent("Ana Lima")
    path = write(tmp_path, "zendesk.csv", *ROWS, BAD_ROW)
    result = run_import(session_factory, ImportRequest(path=path), today=TODAY)
    assert (result.platform, result.profile) == ("zendesk", "zendesk")
    assert (result.rows_read, result.inserted, result.updated, result.unchanged,
            result.skipped) == (4, 3, 0, 0, 1)
    assert [(p.row, p.column) for p in result.errors] == [(5, "Created at")]
    assert result.unmatched_agents == ["Zed Unknown"]
    stored = tickets(session_factory)
    assert stored["101"].agent_id == ana.id and stored["102"].agent_id == ana.id
    assert stored["103"].agent_id is None and stored["103"].assignee == "Zed Unknown"
    assert stored["101"].csat == "good" and stored["102"].csat is None
    assert stored["101"].tags == "billing\nvip"
    assert stored["101"].created_at == datetime(2026, 10, 1, 9, 0)
    [run] = runs(session_factory)
    assert run.file_name == "zendesk.csv"
    assert run.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (run.profile, run.platform, run.status) == ("zendesk", "zendesk", "landed")
    assert (run.rows_read, run.inserted, run.updated, run.unchanged, run.skipped) == (
        4, 3, 0, 0, 1)
    assert json.loads(run.errors_json) == [
        {"row": 5, "column": "Created at", "reason": result.errors[0].reason}]
    assert json.loads(run.unmatched_json) == ["Zed Unknown"]
    assert stored["101"].import_id == run.id

    again = run_import(session_factory, ImportRequest(path=path), today=TODAY)
    assert (again.inserted, again.updated, again.unchanged, again.skipped) == (0, 0, 3, 1)
    assert len(runs(session_factory)) == 2
    assert tickets(session_factory)["101"].import_id == run.id  # unchanged rows keep theirs


def test_newer_export_updates_and_older_one_does_not(session_factory, tmp_path):
    run_import(session_factory, ImportRequest(path=write(tmp_path, "a.csv", *ROWS)))
    newer = ROWS[1].replace(",Open,", ",Solved,").replace("2026-10-02 10:30:00",
                                                          "2026-10-05 10:30:00")
    result = run_import(session_factory, ImportRequest(path=write(tmp_path, "b.csv", newer)))
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 0)
    older = ROWS[1].replace(",Open,", ",Pending,")
    result = run_import(session_factory, ImportRequest(path=write(tmp_path, "c.csv", older)))
    assert (result.updated, result.unchanged) == (0, 1)
    assert tickets(session_factory)["102"].status == "Solved"


def test_same_ticket_twice_in_one_file(session_factory, tmp_path):
    later = ROWS[0].replace(",Solved,", ",Closed,").replace("2026-10-01 12:00:00",
                                                            "2026-10-09 12:00:00")
    result = run_import(session_factory, ImportRequest(
        path=write(tmp_path, "twice.csv", later, ROWS[0])))
    assert (result.rows_read, result.inserted, result.updated, result.unchanged) == (2, 1, 0, 1)
    assert tickets(session_factory)["101"].status == "Closed"


def test_strict_refuses_the_whole_file(session_factory, tmp_path):
    before = snapshot(session_factory)
    path = write(tmp_path, "bad.csv", *ROWS, BAD_ROW)
    with pytest.raises(ImportRefused, match="row 5, column Created at"):
        run_import(session_factory, ImportRequest(path=path, strict=True))
    assert snapshot(session_factory) == before


def test_dry_run_counts_but_writes_nothing(session_factory, tmp_path, make_agent):
    make_agent("Ana Lima")
    before = snapshot(session_factory)
    result = run_import(session_factory, ImportRequest(
        path=write(tmp_path, "z.csv", *ROWS), dry_run=True, create_agents=True))
    assert (result.inserted, result.agents_added, result.run_id) == (3, 1, None)
    assert snapshot(session_factory) == before


def test_cancel_midway_leaves_the_database_as_it_was(session_factory, tmp_path, make_agent,
                                                    monkeypatch):
    ana = make_agent("Ana Lima")
    run_import(session_factory, ImportRequest(path=write(tmp_path, "first.csv", ROWS[0])))
    before = snapshot(session_factory)
    monkeypatch.setattr(ticket_import, "BATCH_SIZE", 1)
    progress = Progress()
    batches = []
    real_load = ticket_loader.TicketLoader.load_rows

    def load_then_cancel(self, records):
        real_load(self, records)
        batches.append(len(records))
        if len(batches) == 2:
            progress.cancel()

    monkeypatch.setattr(ticket_loader.TicketLoader, "load_rows", load_then_cancel)
    changed = ROWS[0].replace("2026-10-01 12:00:00", "2026-10-07 12:00:00").replace(
        ",Solved,", ",Closed,")
    request = ImportRequest(path=write(tmp_path, "second.csv", changed, *ROWS[1:]),
                            decisions={"Zed Unknown": AgentDecision.map_to(ana.id)})
    with pytest.raises(Cancelled):
        run_import(session_factory, request, progress, today=TODAY)
    assert batches == [1, 1]  # it was midway: two rows written, one to go
    assert snapshot(session_factory) == before


def test_error_midway_leaves_the_database_as_it_was(session_factory, tmp_path, monkeypatch):
    run_import(session_factory, ImportRequest(path=write(tmp_path, "first.csv", ROWS[0])))
    before = snapshot(session_factory)
    monkeypatch.setattr(ticket_import, "BATCH_SIZE", 1)
    real_insert = bulk_write.RowWriter.insert
    calls = []

    def insert_then_fail(self, records):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        real_insert(self, records)

    monkeypatch.setattr(bulk_write.RowWriter, "insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        run_import(session_factory, ImportRequest(path=write(tmp_path, "b.csv", *ROWS[1:]),
                                                  create_agents=True), today=TODAY)
    assert snapshot(session_factory) == before


def test_nothing_importable_is_refused(session_factory, tmp_path):
    before = snapshot(session_factory)
    with pytest.raises(ImportRefused, match="None of the 1 rows"):
        run_import(session_factory, ImportRequest(path=write(tmp_path, "bad.csv", BAD_ROW)))
    with pytest.raises(BadInputError):
        run_import(session_factory, ImportRequest(path=write(tmp_path, "empty.csv")))
    with pytest.raises(BadInputError, match="not a platform"):
        run_import(session_factory, ImportRequest(path=write(tmp_path, "x.csv", *ROWS),
                                                  profile="myspace"))
    assert snapshot(session_factory) == before


def test_scan_lists_unmatched_names_and_decisions_become_aliases(session_factory, tmp_path,
                                                                 make_agent):
    ana = make_agent("Ana Lima")
    path = write(tmp_path, "z.csv", *ROWS, ROWS[2].replace("103,", "105,"),
                 ROWS[0].replace("101,", "106,").replace("Ana Lima", "A. Lima"), BAD_ROW)
    scan = scan_import(session_factory, ImportRequest(path=path))
    assert (scan.rows_read, scan.skipped) == (6, 1)
    assert [(u.name, u.rows) for u in scan.unmatched] == [("Zed Unknown", 2), ("A. Lima", 1)]
    assert scan.unmatched[1].suggestions[0] == (ana.id, "Ana Lima")
    decisions = {"A. Lima": AgentDecision.map_to(ana.id), "Zed Unknown": AgentDecision(CREATE)}
    result = run_import(session_factory, ImportRequest(path=path, decisions=decisions),
                        today=TODAY)
    assert (result.aliases_added, result.agents_added, result.unmatched_agents) == (1, 1, [])
    with session_factory() as session:
        aliases = {a.alias: (a.platform, a.agent_id) for a in session.scalars(select(AgentAlias))}
    assert aliases["A. Lima"] == ("zendesk", ana.id)
    zed = aliases["Zed Unknown"][1]
    stored = tickets(session_factory)
    assert stored["106"].agent_id == ana.id and stored["105"].agent_id == zed
    # The next import of the platform matches these names without asking.
    assert scan_import(session_factory, ImportRequest(path=path)).unmatched == []


def test_ignored_names_stay_raw(session_factory, tmp_path):
    path = write(tmp_path, "z.csv", ROWS[2])
    result = run_import(session_factory, ImportRequest(
        path=path, decisions={"Zed Unknown": AgentDecision(IGNORE)}))
    assert result.unmatched_agents == ["Zed Unknown"] and result.aliases_added == 0


def test_requester_is_hashed_with_a_key_kept_in_the_database(session_factory, tmp_path):
    path = write(tmp_path, "z.csv", *ROWS, ROWS[0].replace("101,", "107,"))
    run_import(session_factory, ImportRequest(path=path))
    dump = json.dumps(snapshot(session_factory))
    for secret in ("carla@example.com", "Carla Dias", "dan@example.com"):
        assert secret not in dump
    stored = tickets(session_factory)
    assert len(stored["101"].requester_hash) == 64
    assert stored["101"].requester_hash == stored["107"].requester_hash  # repeat contact
    assert stored["101"].requester_hash != stored["102"].requester_hash
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(
            ticket_import.ImportSecret)) == 1


def test_edited_mapping_is_remembered_for_the_same_header(session_factory, tmp_path):
    path = write(tmp_path, "z.csv", *ROWS)
    first = preview_import(session_factory, path)
    assert not first.remembered and first.preview.mapping["group_name"] == "Group"
    mapping = dict(first.preview.mapping, group_name="Via", channel=None)
    run_import(session_factory, ImportRequest(path=path, mapping=mapping,
                                              remember_mapping=True))
    assert tickets(session_factory)["101"].group_name == "Mail"
    other = write(tmp_path, "other.csv", ROWS[2])
    again = preview_import(session_factory, other)
    assert again.remembered
    assert again.preview.mapping["group_name"] == "Via"
    assert again.preview.mapping["channel"] is None
    forced = preview_import(session_factory, other, profile="generic")
    assert not forced.remembered


def test_per_agent_report_needs_a_period_and_counts_like_tickets(session_factory, tmp_path,
                                                                 make_agent):
    ana = make_agent("Ana Lima")
    header = "Assignee name,Tickets solved,First reply time (min),% Satisfaction score\n"
    path = write(tmp_path, "explore.csv", "Ana Lima,120,14.5,91%\n", "Bruno Costa,98,20,85%\n",
                 header=header)
    with pytest.raises(BadInputError, match="period"):
        run_import(session_factory, ImportRequest(path=path))
    result = run_import(session_factory, ImportRequest(path=path, period="2026-10"))
    assert result.profile == "zendesk_explore" and result.platform == "zendesk"
    assert result.rows_read == 2 and result.inserted == 6 and result.unchanged == 0
    assert result.unmatched_agents == ["Bruno Costa"]
    again = run_import(session_factory, ImportRequest(path=path, period="2026-10"))
    assert (again.inserted, again.unchanged) == (0, 6)
    with session_factory() as session:
        rows = session.scalars(select(TicketAggregate).where(
            TicketAggregate.assignee == "Ana Lima")).all()
        assert {r.agent_id for r in rows} == {ana.id}
        assert {(r.period_start.isoformat(), r.period_end.isoformat()) for r in rows} == {
            ("2026-10-01", "2026-10-31")}
    assert runs(session_factory)[0].period == "2026-10"


def test_error_report_is_a_csv_of_the_skipped_rows(session_factory, tmp_path):
    result = run_import(session_factory, ImportRequest(path=write(tmp_path, "z.csv", *ROWS,
                                                                  BAD_ROW)))
    report = write_error_report(tmp_path / "report.csv", result)
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "file,row,column,reason"
    assert lines[1].startswith("z.csv,5,Created at,")


def test_ambiguous_dates_follow_the_users_choice_and_are_remembered(session_factory,
                                                                     tmp_path):
    header = "Ticket ID,Subject,Status,Agent,Created time\n"
    path = write(tmp_path, "fd.csv", "1,A,Open,Ana,03/04/2026 09:00\n",
                 "2,B,Open,Ana,05/06/2026 10:00\n", header=header)
    first = preview_import(session_factory, path)
    [column] = first.preview.ambiguous_date_columns
    assert column == "Created time"
    run_import(session_factory, ImportRequest(path=path, mapping=first.preview.mapping,
                                              day_first={column: True},
                                              remember_mapping=True))
    assert tickets(session_factory)["1"].created_at == datetime(2026, 4, 3, 9, 0)
    assert preview_import(session_factory, path).day_first == {column: True}


def test_a_file_without_a_creation_date_lands_with_a_warning(session_factory, tmp_path):
    path = tmp_path / "generic.csv"
    path.write_text("Ticket,Agent,When,State\nA1,Ana,yesterday,Open\nA2,Bo,n/a,Closed\n",
                    encoding="utf-8")
    result = run_import(session_factory, ImportRequest(path=path, profile="generic"))
    assert result.inserted == 2
    assert len(result.warnings) == 1 and "creation date" in result.warnings[0]
    dated = run_import(session_factory, ImportRequest(path=write(tmp_path, "z.csv", ROWS[0])))
    assert dated.warnings == []
