"""The calibration session report as XLSX: a summary, then one sheet per table.

Pure: it takes plain rows (the service builds them from the session's results) and writes
every text through ``text_cell``, so names and notes are never formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.export.calibration_forms import text_cell

_HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
_DISCUSS_FILL = PatternFill("solid", fgColor="FDECEA")
MAX_WIDTH = 60


@dataclass
class ReportSheet:
    title: str
    headers: list[str]
    rows: list[list[object]]
    highlight: list[bool] = field(default_factory=list)  # rows to tint (to discuss)
    number_format: str = "0.0"


@dataclass
class CalibrationReport:
    title: str
    summary: list[tuple[str, object]]
    sheets: list[ReportSheet]


def _fill_sheet(sheet, report_sheet: ReportSheet) -> None:
    widths = [len(h) for h in report_sheet.headers]
    for column, title in enumerate(report_sheet.headers, start=1):
        cell = text_cell(sheet, 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for number, values in enumerate(report_sheet.rows, start=2):
        tint = (number - 2 < len(report_sheet.highlight)
                and report_sheet.highlight[number - 2])
        for column, value in enumerate(values, start=1):
            cell = text_cell(sheet, number, column, value)
            if isinstance(value, float):
                cell.number_format = report_sheet.number_format
            if isinstance(value, str) and len(value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if tint:
                cell.fill = _DISCUSS_FILL
            widths[column - 1] = max(widths[column - 1], min(len(str(value or "")), MAX_WIDTH))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = \
            width + 2
    sheet.freeze_panes = "A2"


def write_report(path: str | Path, report: CalibrationReport) -> Path:
    path = Path(path)
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    text_cell(summary, 1, 1, report.title).font = Font(bold=True, size=14)
    for number, (label, value) in enumerate(report.summary, start=3):
        text_cell(summary, number, 1, label).font = Font(bold=True)
        cell = text_cell(summary, number, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, float):
            cell.number_format = "0.000" if "alpha" in label.lower() else "0.0"
    summary.column_dimensions["A"].width = 26
    summary.column_dimensions["B"].width = 90
    for report_sheet in report.sheets:
        _fill_sheet(book.create_sheet(_sheet_name(report_sheet.title, book.sheetnames)),
                    report_sheet)
    book.save(path)
    return path


def _sheet_name(title: str, taken: Sequence[str]) -> str:
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    name, n = clean, 2
    while name in taken:
        name = f"{clean[:28]} {n}"
        n += 1
    return name
