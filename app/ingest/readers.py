"""Reading tables from files people bring: CSV (any common dialect) and workbooks.

Everything here treats the file as untrusted and as made by someone else's tool: the
encoding, delimiter, line endings, title rows above the header and footer rows below the
data all vary, so they are found from the content, not assumed. Anything we cannot read
becomes a ``BadInputError`` that names the file and says why, never a traceback or a
``MemoryError``. Nothing here knows what the columns mean; callers (the roster import,
the ticket importers) map headers to fields.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import python_calamine

from app.errors import BadInputError

MAX_COLUMNS = 2_000
MAX_ROWS = 250_000
MAX_FILE_BYTES = 150 * 1024 * 1024
# A workbook is a zip: bound what it unpacks to, so a small "zip bomb" cannot exhaust memory.
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
HEADER_SEARCH_ROWS = 50
FOOTER_PREFIXES = ("grand totals", "confidential information", "copyright")
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
_SNIFF_CHARS = 64 * 1024
_NUMBER_LIKE = re.compile(r"[-+]?[\d.,:/ %$€£-]+")

Cell = str | int | float | bool | date | datetime | time | timedelta | None


@dataclass
class Table:
    """The header and data rows of one sheet, with where each row sits in the file.

    ``row_numbers[i]`` is the 1-based row of ``rows[i]`` as the user sees it: the row
    number Excel shows for a workbook, the record number for a CSV (a quoted cell that
    spans lines is still one row, as in Excel). Empty cells are ``None``; every row is as
    long as ``headers``.
    """

    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    sheet_names: list[str] = field(default_factory=list)
    source: str = ""
    sheet: str | None = None
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


def read_table(path: str | Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """Read the first table in ``path`` (a CSV or a workbook), deciding the format by content.

    ``sheet`` names a worksheet; by default the first sheet that holds data is read.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise BadInputError(f"{path} does not exist; choose the file again.") from None
    except OSError as exc:
        raise BadInputError(f"{name} cannot be opened ({exc.strerror or exc}).") from exc
    if size == 0:
        raise BadInputError(f"{name} is empty; export the data again.")
    if size > max_bytes:
        raise BadInputError(f"{name} is {size / 1e6:.0f} MB, more than the "
                            f"{max_bytes / 1e6:.0f} MB Coachbench reads; export fewer rows.")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (xlsx, ods) or OLE (xls)
        table = _read_workbook(path, sheet, max_rows, max_columns)
    else:
        raw = path.read_bytes()
        if _is_xml2003(raw):
            return _read_xml2003(path, sheet, max_rows, max_columns)
        _refuse_markup(name, raw)
        suffix = path.suffix.lower()
        # Some web tools save tab-separated text as ".xls"; any other workbook name on
        # content that is not a workbook means a damaged or mislabelled file.
        if suffix in WORKBOOK_SUFFIXES and (suffix != ".xls" or not _is_plain_text(raw)):
            raise BadInputError(f"{name} is not a readable spreadsheet (it is not an Excel "
                                "or OpenDocument workbook, or it is damaged).")
        if sheet is not None:
            raise BadInputError(f"{name} is a text file with one table; it has no sheet "
                                f"called '{sheet}'.")
        table = _read_csv(name, raw, max_rows, max_columns)
    table.source = name
    return table


# --------------------------------------------------------------------------- text


def _is_plain_text(raw: bytes) -> bool:
    try:
        _decode(raw[:_SNIFF_CHARS])
    except ValueError:
        return False
    return True


def _is_xml2003(raw: bytes) -> bool:
    from app.ingest.xml2003 import looks_like_xml2003

    return looks_like_xml2003(raw[:16384])


def _read_xml2003(path: Path, sheet: str | None, max_rows: int, max_columns: int) -> Table:
    """An XML Spreadsheet 2003 file (Freshdesk's ".xls"), read with the streaming reader
    (defusedxml: entity expansion refused)."""
    from app.ingest.streaming import open_rows

    with open_rows(path, sheet, max_columns=max_columns) as stream:
        rows: list[list[Cell]] = [list(stream.headers)]
        numbers = [stream.header_row]
        for number, row in stream:
            rows.append([_workbook_cell(cell) for cell in row])
            numbers.append(number)
            if len(rows) > max_rows + 1:
                raise BadInputError(_too_long(path.name, max_rows))
        table = _shape(path.name, rows, numbers, max_rows)
        table.sheet_names, table.sheet = stream.sheet_names, stream.sheet
    table.source = path.name
    return table


def _refuse_markup(name: str, raw: bytes) -> None:
    """Platforms save XML or HTML under an .xls name; say so instead of showing tag soup."""
    start = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise BadInputError(f"{name} is a web page or XML file, not a table Coachbench can "
                            "read; open it in Excel and save it as .xlsx or .csv.")


def _decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding: BOMs first, then UTF-8, then Windows-1252 (Excel's
    "CSV" on Western Windows). Raises ValueError for content that is not text at all."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16", errors="replace"), "utf-16"
    elif b"\x00" in raw[:_SNIFF_CHARS]:
        raise ValueError("it contains binary data")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252", errors="replace"), "cp1252"
    if _control_share(text[:_SNIFF_CHARS]) > 0.02:
        raise ValueError("it contains binary data")
    return text, encoding


def _control_share(sample: str) -> float:
    """The share of control characters: text has almost none, binary data has many."""
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ch < " " and ch not in "\t\r\n") / len(sample)


def _sniff_delimiter(sample: str) -> str:
    """``,`` ``;`` or tab: csv.Sniffer first, and when it fails or finds only one column,
    the delimiter that splits the sample's rows into the most consistent columns."""
    cut = max(sample.rfind("\n"), 0) or len(sample)
    sample = sample[:cut]
    scores = {d: _consistency(sample, d) for d in (",", ";", "\t")}
    best = max(scores, key=lambda d: scores[d])
    try:
        found = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        found = None
    # Trust the sniffer unless counting finds a delimiter that fits more rows.
    if found in scores and scores[found][1] >= 2 and scores[found][0] >= scores[best][0]:
        return found
    return best if scores[best][1] >= 2 else ","


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(rows that have the most common width, that width) for widths above one."""
    widths: dict[int, int] = {}
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if len(row) > 1:
                widths[len(row)] = widths.get(len(row), 0) + 1
    except csv.Error:
        return (0, 0)
    if not widths:
        return (0, 1)
    width = max(widths, key=lambda w: (widths[w], w))
    return (widths[width], width)


def _read_csv(name: str, raw: bytes, max_rows: int, max_columns: int) -> Table:
    try:
        text, encoding = _decode(raw)
    except ValueError as exc:
        raise BadInputError(f"{name} is not a text or spreadsheet file ({exc}).") from None
    if not text.strip():
        raise BadInputError(f"{name} is empty; export the data again.")
    delimiter = _sniff_delimiter(text[:_SNIFF_CHARS])
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    number = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            if len(row) > max_columns:
                raise BadInputError(_too_wide(name, len(row), max_columns))
            cells = [_text_cell(cell) for cell in row]
            if any(cell is not None for cell in cells):
                rows.append(cells)
                numbers.append(number)
                if len(rows) > max_rows + HEADER_SEARCH_ROWS + 1:
                    raise BadInputError(_too_long(name, max_rows))
    except csv.Error as exc:
        raise BadInputError(f"{name} is not a readable CSV file (row {number + 1}: "
                            f"{exc}).") from exc
    table = _shape(name, rows, numbers, max_rows)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _text_cell(value: str) -> str | None:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or None


# ---------------------------------------------------------------------- workbooks


def open_workbook(path: Path, *, is_zip: bool) -> python_calamine.CalamineWorkbook:
    """Open a workbook with calamine, bounding what a zip may unpack to (a "zip bomb") and
    turning every failure into a message that says what to do."""
    if is_zip:  # xlsx, xlsm, ods
        _check_unpacked_size(path)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise BadInputError(f"{path.name} is protected by a password; save an unprotected "
                            "copy and import that.") from None
    except Exception as exc:  # calamine raises many kinds, all meaning "cannot read"
        raise BadInputError(f"{path.name} is not a readable spreadsheet "
                            f"({_reason(exc)}).") from exc


def _read_workbook(path: Path, sheet: str | None, max_rows: int, max_columns: int) -> Table:
    name = path.name
    with open_workbook(path, is_zip=zipfile.is_zipfile(path)) as book:
        names = list(book.sheet_names)
        if sheet is not None:
            candidates = [_find_sheet(name, names, sheet)]
        else:  # visible worksheets first; chart sheets have no cells to read
            hidden = {m.name: m.visible != python_calamine.SheetVisibleEnum.Visible
                      for m in book.sheets_metadata
                      if m.typ == python_calamine.SheetTypeEnum.WorkSheet}
            candidates = sorted(hidden, key=lambda n: hidden[n])
        fallback: Table | BadInputError | None = None
        for sheet_name in candidates:
            rows, numbers = _sheet_rows(book, name, sheet_name, max_rows, max_columns)
            if not rows and sheet is None:
                continue
            try:
                table = _shape(f"{name} (sheet '{sheet_name}')", rows, numbers, max_rows)
            except BadInputError as exc:
                if sheet is not None:
                    raise
                fallback = fallback or exc
                continue
            table.sheet_names, table.sheet = names, sheet_name
            if table.rows or sheet is not None:
                return table
            fallback = fallback or table  # a cover sheet with a title only: try the next
    if isinstance(fallback, Table):
        return fallback
    if fallback is not None:
        raise fallback
    raise BadInputError(f"{name} has no data in any sheet ({', '.join(names) or 'no sheets'}).")


def _sheet_rows(book: python_calamine.CalamineWorkbook, name: str, sheet_name: str,
                max_rows: int, max_columns: int) -> tuple[list[list[Cell]], list[int]]:
    """The non-blank rows of one sheet with their Excel row numbers, within the bounds."""
    try:
        data = book.get_sheet_by_name(sheet_name)
        if data.width > max_columns:
            raise BadInputError(_too_wide(name, data.width, max_columns))
        if data.height > max_rows + HEADER_SEARCH_ROWS + 1:
            raise BadInputError(_too_long(name, max_rows))
        values = data.to_python(skip_empty_area=True)
        first_row = (data.start or (0, 0))[0] + 1
    except BadInputError:
        raise
    except Exception as exc:
        raise BadInputError(f"{name} is not a readable spreadsheet (sheet '{sheet_name}': "
                            f"{_reason(exc)}).") from exc
    rows, numbers = [], []
    for offset, row in enumerate(values):
        cells = [_workbook_cell(value) for value in row]
        if any(cell is not None for cell in cells):
            rows.append(cells)
            numbers.append(first_row + offset)
    return rows, numbers


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadInputError(f"{path.name} is not a readable spreadsheet (the file is damaged "
                            f"or incomplete: {exc}).") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInputError(f"{path.name} unpacks to {unpacked / 1e6:.0f} MB, more than the "
                            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB Coachbench reads; export "
                            "fewer rows or columns.")


def _find_sheet(name: str, names: list[str], wanted: str) -> str:
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.strip().casefold()]
    if folded:
        return folded[0]
    listed = ", ".join(f"'{n}'" for n in names)
    raise BadInputError(f"{name} has no sheet called '{wanted}'; its sheets are {listed}.")


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    if "zip" in text.lower() or "EOCD" in text:
        return f"the file is damaged or incomplete: {text}"
    return text


def _workbook_cell(value: object) -> Cell:
    """Blank strings become None; whole-number floats become ints (calamine reads every
    number as a float, and ticket ids or counts should not show as ``12345.0``)."""
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value  # type: ignore[return-value]


# --------------------------------------------------------------------------- shape


def _shape(name: str, rows: list[list[Cell]], numbers: list[int], max_rows: int) -> Table:
    """Find the header, drop footers, and square the rows off to the header's width."""
    header_at = _header_index(rows)
    if header_at is None:
        raise BadInputError(f"{name} has no header row; the first row of the table should "
                            "name its columns (for example Name, E-mail, Team).")
    header, body = rows[header_at], rows[header_at + 1:]
    body_numbers = numbers[header_at + 1:]
    while body and _is_footer(body[-1]):
        body.pop()
        body_numbers.pop()
    if len(body) > max_rows:
        raise BadInputError(_too_long(name, max_rows))
    width = max([_used_width(header)] + [_used_width(row) for row in body])
    headers = [_header_text(cell) for cell in _fit(header, width)]
    return Table(headers=headers, rows=[_fit(row, width) for row in body],
                 row_numbers=body_numbers, header_row=numbers[header_at])


def _header_index(rows: list[list[Cell]]) -> int | None:
    """The first row with at least two text cells that also spans at least half the
    table's width: a title row above ("Team roster, exported from HR") is narrower. A
    table that never uses two columns (a plain list of names) uses its first text row."""
    widest = max((_used_count(row) for row in rows[:HEADER_SEARCH_ROWS]), default=0)
    needed = max(min(2, widest), (widest + 1) // 2)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in row if _is_label(cell)) >= needed:
            return index
    return None


def _is_label(cell: Cell) -> bool:
    """Text that could name a column: not a number or date written as text, as every
    cell of a CSV is."""
    return isinstance(cell, str) and not _NUMBER_LIKE.fullmatch(cell)


def _used_count(row: list[Cell]) -> int:
    return sum(1 for cell in row if cell is not None)


def _used_width(row: list[Cell]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index] is not None:
            return index + 1
    return 0


def _fit(row: list[Cell], width: int) -> list[Cell]:
    return row[:width] + [None] * (width - len(row))


def _header_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).split())


def _is_footer(row: list[Cell]) -> bool:
    first = next((cell for cell in row if cell is not None), None)
    return isinstance(first, str) and first.casefold().startswith(FOOTER_PREFIXES)


def _too_wide(name: str, columns: int, limit: int) -> str:
    return (f"{name} has {columns:,} columns, more than the {limit:,} Coachbench reads; "
            "remove the columns you do not need and export again.")


def _too_long(name: str, limit: int) -> str:
    return (f"{name} has more than {limit:,} rows, more than Coachbench reads at once; "
            "split it into smaller files.")
