"""Packets on small hand-made data: imports listed per agent and period, an empty agent."""

from __future__ import annotations

from datetime import date, datetime

from python_calamine import CalamineWorkbook

from app.models import ImportRun
from app.services import packets
from tests.services.test_metrics_service import add_tickets, ticket

TODAY = date(2026, 11, 2)


def _run(session_factory, name: str) -> int:
    with session_factory.begin() as session:
        run = ImportRun(file_name=name, file_sha256="0" * 64, profile="zendesk_csv",
                        platform="zendesk", imported_at=datetime(2026, 10, 20, 9))
        session.add(run)
        session.flush()
        return run.id


def test_about_lists_only_the_imports_behind_the_agents_period(session_factory, make_agent,
                                                                tmp_path):
    ana, ben = make_agent("Ana Silva").id, make_agent("Ben Okafor").id
    october, old, other = (_run(session_factory, n) for n in
                           ("october.csv", "2025.csv", "=ben.csv"))
    add_tickets(session_factory, [
        ticket(ana, created=datetime(2026, 10, 5, 9), solved=datetime(2026, 10, 5, 11),
               csat="good", import_id=october),
        ticket(ana, created=datetime(2025, 1, 5, 9), solved=datetime(2025, 1, 5, 11),
               import_id=old),
        ticket(ben, created=datetime(2026, 10, 5, 9), import_id=other),
    ])
    out = packets.export_packet(session_factory, ana, date(2026, 10, 1), date(2026, 10, 31),
                                tmp_path / "ana.xlsx", today=TODAY)
    about = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(
        "About this packet").to_python()
    files = [row[0] for row in about]
    assert "october.csv" in files
    assert "2025.csv" not in files and "=ben.csv" not in files
    summary = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Summary").to_python()
    csat = next(row for row in summary if row[0] == "CSAT")
    assert csat[1:3] == [1.0, 1.0]


def test_an_agent_without_records_gets_a_packet_that_says_so(session_factory, make_agent,
                                                              tmp_path):
    agent = make_agent("New Starter").id
    out = packets.export_packet(session_factory, agent, date(2026, 10, 1), date(2026, 10, 31),
                                tmp_path / "new.xlsx", today=TODAY)
    book = CalamineWorkbook.from_path(str(out))
    text = "\n".join(str(c) for name in book.sheet_names
                     for row in book.get_sheet_by_name(name).to_python() for c in row)
    assert "No final reviews in this period." in text
    assert "No one-on-ones held in this period." in text
    assert "No goals recorded." in text
    csat = next(row for row in book.get_sheet_by_name("Summary").to_python()
                if row[0] == "CSAT")
    assert csat[1] == ""  # no data is an empty cell, never 0
