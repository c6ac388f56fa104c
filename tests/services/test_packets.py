"""Review packets on the demo data: every sheet read back, privacy, safety, no side effects."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from app.application import open_database
from app.models import Base
from app.models.coaching import Meeting
from app.models.packets import PacketExport
from app.progress import Cancelled, Progress
from app.services import packets
from app.services.metrics import Scope, build_report
from app.services.quality_report import quality_overview
from app.services.roster import list_agents

TODAY = date(2026, 11, 2)
START, END = date(2026, 5, 1), date(2026, 10, 31)
SHEETS = ["Summary", "Metrics", "Quality", "One-on-ones", "Plans", "About this packet"]


@pytest.fixture
def demo(tmp_path, demo_template):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    database = open_database(str(path), daily_backup=False)
    yield database.session_factory
    database.close()


def read(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def find_row(rows: list[list], first: str) -> list:
    return next(row for row in rows if row and row[0] == first)


def all_text(sheets: dict[str, list[list]]) -> str:
    return "\n".join(str(c) for rows in sheets.values() for row in rows for c in row)


def _agent_with_private_notes(session_factory) -> tuple[int, str, str]:
    with session_factory() as session:
        meeting = session.scalars(select(Meeting).where(
            Meeting.status == "held", Meeting.private_notes != "",
            Meeting.meeting_date >= START, Meeting.meeting_date <= END)).first()
        return meeting.agent_id, meeting.private_notes, meeting.shared_notes


def test_every_sheet_reads_back_with_the_services_figures(demo, tmp_path):
    agent_id, _, shared = _agent_with_private_notes(demo)
    out = packets.export_packet(demo, agent_id, START, END, tmp_path / "p.xlsx",
                                summary="Strong half year.", today=TODAY)
    sheets = read(out)
    assert list(sheets) == SHEETS
    with demo() as session:
        report = build_report(session, Scope(START, END, agent_id=agent_id), grain="month")
    quality = quality_overview(demo, START, END, agent_id=agent_id)
    summary = sheets["Summary"]
    name = summary[0][0].split(" — ")[1]
    assert find_row(summary, "Agent")[1] == name
    csat = find_row(summary, "CSAT")
    assert csat[1] == pytest.approx(report.totals["csat"].value / 100)
    assert csat[2] == report.totals["csat"].n
    assert csat[3] == pytest.approx(report.totals["csat"].low / 100)
    solved = find_row(summary, "Tickets solved")
    assert solved[1] == report.totals["tickets_solved"].count
    reply = find_row(summary, "First reply time (median)")[1]
    assert reply.total_seconds() == pytest.approx(
        report.totals["first_reply_minutes"].value * 60, abs=1)
    assert find_row(summary, "IQS")[1] == pytest.approx(quality.iqs / 100)
    assert find_row(summary, "IQS")[2] == quality.reviews
    assert find_row(summary, "Pass rate")[1] == pytest.approx(quality.pass_rate / 100)
    assert find_row(summary, "Summary")[1] == "Strong half year."
    months = [row for row in sheets["Metrics"][2:] if row and str(row[0]).startswith("2026-")]
    assert len(months) == 6 * len(packets.CHARTED)
    assert months[0][1] == pytest.approx(report.series[0].stats["csat"].value / 100)
    review_rows = [row for row in sheets["Quality"] if isinstance(row[0], date)
                   and len(row) > 7 and row[6] in ("Yes", "No")]
    assert len(review_rows) == quality.reviews
    assert sum(r[5] for r in review_rows) / len(review_rows) == pytest.approx(quality.iqs / 100)
    one_on_ones = all_text({"x": sheets["One-on-ones"]})
    assert shared in one_on_ones
    assert find_row(sheets["Plans"], "Goals")
    about = sheets["About this packet"]
    assert find_row(about, "CSAT")[1] == "csat"
    assert find_row(about, "Private one-on-one notes")[1] == "Left out"


def test_private_notes_only_when_asked(demo, tmp_path):
    agent_id, private, _ = _agent_with_private_notes(demo)
    plain = read(packets.export_packet(demo, agent_id, START, END, tmp_path / "a.xlsx",
                                       today=TODAY))
    assert private not in all_text(plain)
    assert "Private notes" not in all_text(plain)
    full = read(packets.export_packet(demo, agent_id, START, END, tmp_path / "b.xlsx",
                                      include_private=True, today=TODAY))
    assert private in all_text(full)
    records = packets.list_exports(demo)
    assert [r.private_notes for r in records] == [True, False]


def test_formula_attempts_stay_text(demo, tmp_path):
    agent_id, _, _ = _agent_with_private_notes(demo)
    attacks = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(1)"]
    with demo.begin() as session:
        meetings = session.scalars(select(Meeting).where(
            Meeting.agent_id == agent_id, Meeting.status == "held",
            Meeting.meeting_date >= START, Meeting.meeting_date <= END)).all()
        for meeting, attack in zip(meetings, attacks, strict=False):
            meeting.shared_notes = attack
    out = packets.export_packet(demo, agent_id, START, END, tmp_path / "f.xlsx",
                                summary="=1+1", today=TODAY)
    text = all_text(read(out))
    for attack in attacks + ["=1+1"]:
        assert attack in text
    import zipfile
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode()


def _table_contents(session_factory) -> dict[str, list]:
    with session_factory() as session:
        return {table.name: sorted(map(repr, session.execute(select(table)).all()))
                for table in Base.metadata.sorted_tables if table.name != "packet_exports"}


def test_an_export_changes_nothing_but_its_record(demo, tmp_path):
    agent_id, _, _ = _agent_with_private_notes(demo)
    before = _table_contents(demo)
    packets.export_packet(demo, agent_id, START, END, tmp_path / "x.xlsx", today=TODAY,
                          summary="Kept")
    assert _table_contents(demo) == before
    with demo() as session:
        record = session.scalars(select(PacketExport)).one()
        assert (record.agent_id, record.period_start, record.period_end, record.summary,
                record.private_notes) == (agent_id, START, END, "Kept", False)
        assert record.file_name.endswith("x.xlsx")


def test_a_failed_export_leaves_no_file_and_no_record(demo, tmp_path, monkeypatch):
    agent_id, _, _ = _agent_with_private_notes(demo)

    def broken(path, packet):
        path.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(packets, "write_packet", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError):
        packets.export_packet(demo, agent_id, START, END, folder / "x.xlsx", today=TODAY)
    assert list(folder.iterdir()) == []
    assert packets.list_exports(demo) == []


def test_batch_writes_every_active_agent_and_an_overview(demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    ana = next(a for a in list_agents(demo) if a.status == "active")
    away = next(a for a in list_agents(demo) if a.status != "active")
    result = packets.export_team(demo, date(2026, 10, 1), END, folder, today=TODAY)
    names = sorted(p.name for p in folder.iterdir())
    assert len(result.files) == len(names) - 1 >= 10
    assert packets.packet_file_name(ana.full_name, date(2026, 10, 1), END) in names
    overview = read(result.overview)["Overview"]
    with demo() as session:
        everyone = build_report(session, Scope(date(2026, 10, 1), END))
    total = find_row(overview, "All agents")
    assert total[2] == pytest.approx(everyone.totals["csat"].value / 100)
    assert find_row(overview, ana.full_name)
    assert not any(away.full_name in name for name in names)
    assert len(packets.list_exports(demo)) == len(result.files)


def test_batch_cancel_leaves_no_files(demo, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    progress = Progress()
    calls = []

    def report(done, total, text):
        calls.append(done)
        if done == 2:
            progress.cancel()

    progress = Progress(report)
    with pytest.raises(Cancelled):
        packets.export_team(demo, date(2026, 10, 1), END, folder, progress=progress,
                            today=TODAY)
    assert list(folder.iterdir()) == []
    assert packets.list_exports(demo) == []
    assert calls == [0, 1, 2]


def test_presets_and_file_names():
    assert packets.preset_period("quarter", TODAY) == (date(2026, 9, 1), TODAY)
    assert packets.preset_period("half", TODAY) == (date(2026, 6, 1), TODAY)
    assert packets.preset_period("year", TODAY) == (date(2025, 12, 1), TODAY)
    assert packets.packet_file_name('A/B: "C"', date(2026, 1, 1), date(2026, 3, 31)) == \
        "Review packet - A B C - 2026-01-01 to 2026-03-31.xlsx"
