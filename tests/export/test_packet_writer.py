"""The packet writer alone: units become Excel formats, text stays text, print setup."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from app.export.cells import is_dangerous, put_text
from app.export.packet import ChartSpec, KeyValues, Num, Packet, PacketSheet, Table, write_packet

ATTACKS = ["=1+1", "+SUM(A1)", "-2", "@A1", "\tx", '=HYPERLINK("http://x","y")']


def sample() -> Packet:
    months = Table("CSAT", ["Month", "Agent", "Team"],
                   [["2026-09", Num(80.0, "percent"), Num(85.0, "percent")],
                    ["2026-10", Num(90.0, "percent"), Num(None, "percent")]],
                   chart=ChartSpec("CSAT", [1, 2], "%"))
    return Packet("Ana & Co", "2026-09-01 to 2026-10-31", "Review packet", [
        PacketSheet("Summary", [
            KeyValues("Profile", [("Agent", "=Ana"), ("Hired", date(2024, 3, 1))]),
            Table("Times", ["Metric", "Value"], [["Reply", Num(90.0, "minutes")],
                                                 ["Handle", Num(125.0, "seconds")],
                                                 ["Done", True]]),
        ]),
        PacketSheet("Metrics", [months]),
        PacketSheet("Notes", [Table("Notes", ["Note"], [[a] for a in ATTACKS]),
                              Table("Empty", ["X"], [], empty_text="Nothing here.")],
                    freeze_first_header=True),
    ])


def test_values_formats_and_text(tmp_path):
    path = write_packet(tmp_path / "p.xlsx", sample())
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Summary", "Metrics", "Notes"]
    summary = book.get_sheet_by_name("Summary").to_python()
    assert summary[0][0] == "Summary — Ana & Co"
    assert summary[4][:2] == ["Agent", "=Ana"]
    assert summary[5][1] == date(2024, 3, 1)
    assert summary[9][1] == timedelta(minutes=90)
    assert summary[10][1] == timedelta(seconds=125)
    assert summary[11][1] == "Yes"
    metrics = book.get_sheet_by_name("Metrics").to_python()
    assert metrics[5][1] == pytest.approx(0.8)
    assert metrics[6][2] == ""  # no data stays empty, never 0
    notes = [row[0] for row in book.get_sheet_by_name("Notes").to_python()]
    for attack in ATTACKS:
        assert attack in notes
    assert "Nothing here." in notes
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode()


def test_print_setup_freeze_and_chart(tmp_path):
    path = write_packet(tmp_path / "p.xlsx", sample())
    book = load_workbook(path)
    summary, metrics, notes = book["Summary"], book["Metrics"], book["Notes"]
    assert summary["B10"].number_format == "[h]:mm"
    assert metrics["B6"].number_format == "0.0%"
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.fitToWidth == 1 and summary.page_setup.fitToHeight == 0
    assert "Ana && Co" in summary.oddHeader.left.text
    assert summary.oddFooter.right.text == "Page &P of &N"
    assert summary.freeze_panes == "A3"
    assert notes.freeze_panes == "A6"  # title rows plus the table's header
    assert len(metrics._charts) == 1
    assert summary.column_dimensions["A"].width >= 8


def test_put_text_marks_every_dangerous_start(tmp_path):
    from openpyxl import Workbook

    sheet = Workbook().active
    for row, text in enumerate(ATTACKS + ["\r=1", "plain"], start=1):
        cell = put_text(sheet, row, 1, text)
        assert cell.data_type == "s"
        assert cell.quotePrefix == is_dangerous(text)
    assert not is_dangerous("plain") and is_dangerous("\r=1")
