"""The review packet workbook: one agent, one period, print-ready.

Pure: the service hands over a ``Packet`` of plain values (sheets made of key/value
blocks and tables); this module only lays them out and styles them. Numbers keep their
own units in the dataclasses (percent 0..100, minutes, seconds) and become Excel's
native forms here (a fraction shown as a percent, a day fraction shown as ``[h]:mm``),
so the reader can compute with them. Every text goes through ``put_text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.export.cells import put_text

# kind -> (divisor turning the unit into Excel's, number format)
FORMATS: dict[str, tuple[float, str]] = {
    "percent": (100.0, "0.0%"),
    "points": (1.0, "+0;-0;0"),
    "minutes": (1440.0, "[h]:mm"),
    "seconds": (86400.0, "[m]:ss"),
    "count": (1.0, "#,##0"),
    "number": (1.0, "0.0"),
    "score": (100.0, "0.0%"),
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
TITLE_FONT = Font(bold=True, size=14)
BLOCK_FONT = Font(bold=True, size=11, color="1F3A5F")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
HEADER_BORDER = Border(bottom=Side(style="thin", color="9CA3AF"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class Num:
    """A number with its unit: ``percent`` (0..100), ``minutes``, ``seconds``, ``points``,
    ``count`` or ``number``. None is written as an empty cell ("no data", never 0)."""

    value: float | None
    kind: str


@dataclass
class ChartSpec:
    title: str
    series_columns: list[int]  # 0-based columns of the table, plotted against column 0
    y_title: str = ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[object]]
    empty_text: str = "None in this period."
    chart: ChartSpec | None = None


@dataclass
class KeyValues:
    title: str
    items: list[tuple[str, object]]


@dataclass
class PacketSheet:
    name: str
    blocks: list[KeyValues | Table] = field(default_factory=list)
    freeze_first_header: bool = False  # a list sheet: keep its column headers in view


@dataclass
class Packet:
    agent_name: str
    period_text: str  # "2026-07-01 to 2026-09-30"
    title: str
    sheets: list[PacketSheet]


def write_packet(path: str | Path, packet: Packet) -> Path:
    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    for spec in packet.sheets:
        _write_sheet(book.create_sheet(spec.name[:31]), spec, packet)
    book.save(path)
    return path


def _write_sheet(sheet: Worksheet, spec: PacketSheet, packet: Packet) -> None:
    widths: dict[int, int] = {}
    put_text(sheet, 1, 1, f"{spec.name} — {packet.agent_name}").font = TITLE_FONT
    put_text(sheet, 2, 1, packet.period_text).font = Font(italic=True, color="4B5563")
    row = 4
    freeze = "A3"
    for index, block in enumerate(spec.blocks):
        if isinstance(block, KeyValues):
            row = _key_values(sheet, row, block, widths)
        else:
            if index == 0 and spec.freeze_first_header:
                freeze = f"A{row + 2}"
            row = _table(sheet, row, block, widths)
        row += 1
    sheet.freeze_panes = freeze
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
    _print_setup(sheet, packet, freeze)


def _key_values(sheet: Worksheet, row: int, block: KeyValues, widths: dict[int, int]) -> int:
    put_text(sheet, row, 1, block.title).font = BLOCK_FONT
    row += 1
    for label, value in block.items:
        put_text(sheet, row, 1, label).font = HEADER_FONT
        _value(sheet, row, 2, value, widths)
        _widen(widths, 1, label)
        row += 1
    return row


def _table(sheet: Worksheet, row: int, table: Table, widths: dict[int, int]) -> int:
    put_text(sheet, row, 1, table.title).font = BLOCK_FONT
    header_row = row + 1
    for column, title in enumerate(table.headers, start=1):
        cell = put_text(sheet, header_row, column, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        _widen(widths, column, title, cap=18)
    row = header_row + 1
    if not table.rows:
        put_text(sheet, row, 1, table.empty_text).font = Font(italic=True, color="6B7280")
        return row + 1
    for values in table.rows:
        for column, value in enumerate(values, start=1):
            _value(sheet, row, column, value, widths)
        row += 1
    if table.chart:
        row = _chart(sheet, table, header_row, row)
    return row


def _chart(sheet: Worksheet, table: Table, header_row: int, end_row: int) -> int:
    """A native line chart to the right of the table; the table is its data."""
    chart = LineChart()
    chart.title = table.chart.title
    chart.y_axis.title = table.chart.y_title
    chart.height, chart.width = 7, 14
    last = end_row - 1
    for column in table.chart.series_columns:
        data = Reference(sheet, min_col=column + 1, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last))
    first_format = sheet.cell(row=header_row + 1, column=table.chart.series_columns[0] + 1)
    chart.y_axis.number_format = first_format.number_format
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    anchor_column = get_column_letter(len(table.headers) + 2)
    sheet.add_chart(chart, f"{anchor_column}{header_row}")
    return max(end_row, header_row + 15)  # leave room so the next chart does not overlap


def _value(sheet: Worksheet, row: int, column: int, value: object,
           widths: dict[int, int]) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Num):
        divisor, number_format = FORMATS[value.kind]
        cell.value = None if value.value is None else value.value / divisor
        cell.number_format = number_format
        cell.alignment = TOP
        _widen(widths, column, "00:00:00")
    elif isinstance(value, bool):
        put_text(sheet, row, column, "Yes" if value else "No").alignment = TOP
        _widen(widths, column, "Yes")
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = DATETIME_FORMAT
        cell.alignment = TOP
        _widen(widths, column, "2026-01-01 00:00")
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        cell.alignment = TOP
        _widen(widths, column, "2026-01-01")
    elif isinstance(value, int | float):
        cell.value = value
        cell.alignment = TOP
        _widen(widths, column, str(value))
    elif value is None:
        return
    else:
        text_cell = put_text(sheet, row, column, value)
        text = str(value)
        text_cell.alignment = WRAP if len(text) > MAX_WIDTH or "\n" in text else TOP
        _widen(widths, column, max(text.splitlines() or [""], key=len))


def _widen(widths: dict[int, int], column: int, text: str, cap: int = MAX_WIDTH) -> None:
    widths[column] = max(widths.get(column, 8), min(len(text), cap))


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


def _print_setup(sheet: Worksheet, packet: Packet, freeze: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.oddHeader.left.text = _header_text(packet.agent_name)
    sheet.oddHeader.right.text = _header_text(packet.period_text)
    sheet.oddFooter.left.text = _header_text(packet.title)
    sheet.oddFooter.right.text = "Page &P of &N"
    repeat_to = int(freeze[1:]) - 1
    if repeat_to >= 1:
        sheet.print_title_rows = f"1:{repeat_to}"
