"""Reading a table row by row, in flat memory, whatever the file's size.

``open_rows`` finds the format from the content (CSV in any common dialect and encoding,
Excel / OpenDocument workbooks through python-calamine, XML Spreadsheet 2003), finds the
header (even under title rows) and then hands out the data rows one at a time, dropping
blank rows and the footer rows report tools append (``Grand Totals``, ``Confidential
Information``, ``Copyright``) without ever holding the whole file (except a workbook's
sheet: python-calamine can only load one whole, so ``workbook_rows`` keeps that to one
load per import). Cells come as the format gives them, untouched, so the caller decides
once per column how to read them: CSV cells are ``str`` (``""`` when empty); workbook
cells are ``str``, ``float``, ``bool``, ``datetime`` ... (``""`` when empty).

Untrusted input is bounded: a row longer than ``MAX_LINE_CHARS`` or wider than
``MAX_COLUMNS``, a zip that unpacks too far and XML with entity declarations are refused
with a message before they can exhaust memory.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path

import python_calamine

from app.errors import BadInputError
from app.ingest import xml2003
from app.ingest.readers import (
    FOOTER_PREFIXES,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    open_workbook,
    _control_share,
    _find_sheet,
    _header_index,
    _header_text,
    _reason,
    _sniff_delimiter,
    _text_cell,
    _too_wide,
    _workbook_cell,
)
from app.ingest.workbook_rows import (  # noqa: F401 (release_sheet: for the importers)
    cached_sheet,
    close_quietly,
    keep_sheet,
    load_sheet,
    release_sheet,
)
from app.progress import Cancelled

MAX_LINE_CHARS = 4 * 1024 * 1024   # one physical line; a quoted cell may span many
MAX_FIELD_CHARS = 4 * 1024 * 1024
_HEAD_BYTES = 64 * 1024
# Read in large blocks: a read is a system call, and during an import every system call
# lets the database writer thread take the interpreter for a while (see bulk_write). A
# block is at most a 64th of the file, so the position still moves smoothly.
_BLOCK_BYTES = 1 << 20
_MIN_BLOCK_BYTES = 1 << 13
_FOOTER_STARTS = frozenset("GgCc")


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 in a file that mostly is: read them as Windows-1252 (a
    file concatenated from two tools, or edited in Notepad), rather than failing."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("coachbench_cp1252", _cp1252_fallback)
# The csv module's limit is one setting for the whole process: raised once (a long ticket
# description is a real cell), never lowered, so readers in other threads are unaffected.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))


@dataclass
class RowStream:
    """The header of one table and an iterator over its data rows.

    Iterating gives ``(row_number, cells)``: the 1-based row as the user sees it (Excel's
    row number; a CSV record number, a quoted cell spanning lines still being one row).
    Rows may be shorter or longer than ``headers``.
    """

    source: str
    headers: list[str]
    header_row: int
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    file_kind: str = "csv"  # "csv", "workbook" or "xml2003"
    _raw: Iterator[tuple[int, list]] | None = None
    _raw_buffer: list[tuple[int, list]] = field(default_factory=list)
    _consumed: list[int] = field(default_factory=lambda: [0])
    _position: Callable[[], float] = lambda: 0.0
    _close: Callable[[], None] = lambda: None
    _filtered: Iterator[tuple[int, list]] | None = None
    # A workbook's last row number: progress is then told by the row numbers read.
    last_row: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list]]:
        """The data rows without blank rows and without trailing footer rows."""
        if self._filtered is None:
            self._filtered = drop_blanks_and_footers(self.raw_rows())
        return self._filtered

    def raw_rows(self) -> Iterator[tuple[int, list]]:
        """The rows after the header at the lowest cost per row (for a million-row
        import), footer and blank rows included (only the blank rows among the first
        HEADER_SEARCH_ROWS are already gone): the caller drops blank rows and trailing
        footers itself, see ``split_trailing``."""
        assert self._raw is not None
        return self._raw

    def fraction(self, row_number: int | None = None) -> float:
        """How much of the file has been consumed, 0..1 (for a progress bar); a workbook
        needs the number of the last row read."""
        if self.last_row and row_number is not None:
            return min(max(row_number / self.last_row, 0.0), 1.0)
        return min(max(self._position(), 0.0), 1.0)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> RowStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_rows(path: str | Path, sheet: str | None = None, *,
              max_columns: int = MAX_COLUMNS) -> RowStream:
    """Open ``path`` and position it after its header row. See the module docstring."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise BadInputError(f"{path} does not exist; choose the file again.") from None
    except OSError as exc:
        raise BadInputError(f"{name} cannot be opened ({exc.strerror or exc}).") from exc
    if size == 0 or not head.strip():
        raise BadInputError(f"{name} is empty; export the data again.")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _open_workbook(path, sheet, max_columns, is_zip=head.startswith(b"PK"))
    if xml2003.looks_like_xml2003(head):
        return _open_xml2003(path, size, sheet, max_columns)
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        raise BadInputError(f"{name} is a web page or XML file, not a table Coachbench can "
                            "read; open it in Excel and save it as .xlsx or .csv.")
    if sheet is not None:
        raise BadInputError(f"{name} is a text file with one table; it has no sheet "
                            f"called '{sheet}'.")
    return _open_csv(path, size, head, max_columns)


# --------------------------------------------------------------------------- text


def _text_encoding(name: str, head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in head:
        raise BadInputError(f"{name} is not a text or spreadsheet file (it contains binary "
                            "data).")
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    sample = head.decode(encoding if encoding != "utf-16" else "utf-16", errors="replace")
    if _control_share(sample) > 0.02:
        raise BadInputError(f"{name} is not a text or spreadsheet file (it contains binary "
                            "data).")
    return encoding


def _open_csv(path: Path, size: int, head: bytes, max_columns: int) -> RowStream:
    name = path.name
    encoding = _text_encoding(name, head)
    errors = "coachbench_cp1252" if encoding.startswith("utf-8") else "replace"
    sample = head.decode(encoding, errors=errors)
    delimiter = _sniff_delimiter(sample[:_HEAD_BYTES])
    raw = path.open("rb")
    block = max(_MIN_BLOCK_BYTES, min(_BLOCK_BYTES, size // 64))
    guard = _LineGuard(raw, name)
    guarded = io.BufferedReader(guard, buffer_size=block)
    text = io.TextIOWrapper(guarded, encoding=encoding, errors=errors, newline="")
    text._CHUNK_SIZE = block  # type: ignore[attr-defined]  # decode in large blocks too
    reader = csv.reader(text, delimiter=delimiter)

    def close() -> None:
        text.close()

    try:
        stream = _with_header(name, _numbered_csv(name, reader), max_columns, text_cells=True)
        # After the header, the rows come straight from the C reader (numbered by a C
        # enumerate): no Python code runs per row until the caller's own loop.
        stream._raw = chain(stream._raw_buffer,
                            enumerate(reader, start=stream._consumed[0] + 1))
    except BaseException:
        close()
        raise
    stream.encoding, stream.delimiter, stream.file_kind = encoding, delimiter, "csv"
    stream._position = lambda: guard.consumed / size
    stream._close = close
    return stream


class _LineGuard(io.RawIOBase):
    """The file's bytes, refusing a stretch longer than MAX_LINE_CHARS without a line
    break, so that one endless "line" cannot fill memory. It sits below the text decoder
    and sees the file in large blocks, so it costs nothing per row."""

    def __init__(self, raw: io.BufferedReader, name: str):
        super().__init__()
        self._raw, self._name, self._run = raw, name, 0
        self.consumed = 0  # bytes handed out (the position, without a system call)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        count = len(data)
        self.consumed += count
        buffer[:count] = data
        last = max(data.rfind(b"\n"), data.rfind(b"\r"))
        self._run = self._run + count if last < 0 else count - last - 1
        if self._run > MAX_LINE_CHARS:
            raise BadInputError(f"{self._name} has a line longer than "
                                f"{MAX_LINE_CHARS // 1_000_000} million characters; it is "
                                "not a table export Coachbench can read.")
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def _numbered_csv(name: str, reader) -> Iterator[tuple[int, list]]:
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (used in except)
            yield number, row
    except csv.Error as exc:
        raise BadInputError(f"{name} is not a readable CSV file (row {number + 1}: "
                            f"{exc}).") from None


# ---------------------------------------------------------------------- workbooks


def _open_workbook(path: Path, sheet: str | None, max_columns: int, *,
                   is_zip: bool) -> RowStream:
    """The stream of a workbook's sheet: the kept one when the preview already loaded it
    (see ``workbook_rows``), else loaded now, after dropping any other kept sheet."""
    name = path.name
    cached = cached_sheet(path, sheet)
    if cached is not None:
        return _sheet_stream(name, cached.sheet_name, cached.data, cached.names,
                             max_columns)
    book = open_workbook(path, is_zip=is_zip)
    try:
        names = list(book.sheet_names)
        if sheet is not None:
            candidates = [_find_sheet(name, names, sheet)]
        else:  # visible worksheets first, in workbook order; chart sheets have no cells
            hidden = {m.name: m.visible != python_calamine.SheetVisibleEnum.Visible
                      for m in book.sheets_metadata
                      if m.typ == python_calamine.SheetTypeEnum.WorkSheet}
            candidates = sorted(hidden, key=lambda n: hidden[n])
        first_error: BadInputError | None = None
        cover: tuple[RowStream, str, object] | None = None  # a title-only sheet
        for sheet_name in candidates:
            data = None  # a rejected sheet goes before the next loads
            try:
                data = load_sheet(book, sheet_name)
                width, height = data.width, data.height
            except Cancelled:
                raise
            except Exception as exc:
                first_error = first_error or BadInputError(
                    f"{name} is not a readable spreadsheet (sheet '{sheet_name}': "
                    f"{_reason(exc)}).")
                continue
            if width > max_columns:
                raise BadInputError(_too_wide(name, width, max_columns))
            if (width == 0 or height == 0) and sheet is None:
                continue
            try:
                stream = _sheet_stream(name, sheet_name, data, names, max_columns)
            except BadInputError as exc:
                if sheet is not None:
                    raise
                first_error = first_error or exc
                continue
            if sheet is None and stream.header_row == stream.last_row:
                # Nothing under its "header": a cover sheet with a title (as read_table
                # skips it); the table is on a later sheet, or this is all there is.
                cover = cover or (stream, sheet_name, data)
                continue
            keep_sheet(path, sheet_name, data, names, default=sheet is None)
            return stream
    finally:
        close_quietly(book)  # a sheet stays usable after its book closes
    if cover is not None:
        stream, sheet_name, data = cover
        keep_sheet(path, sheet_name, data, names, default=True)
        return stream
    if first_error is not None:
        raise first_error
    raise BadInputError(f"{name} has no data in any sheet "
                        f"({', '.join(names) or 'no sheets'}).")


def _sheet_stream(name: str, sheet_name: str, data, names: list[str],
                  max_columns: int) -> RowStream:
    """A stream over a loaded calamine sheet (which stays usable after its book closes)."""
    start_row = (data.start or (0, 0))[0] + 1
    rows = zip(count(start_row), data.iter_rows())  # all C: no Python code per row
    stream = _with_header(f"{name} (sheet '{sheet_name}')", rows, max_columns,
                          text_cells=False)
    stream._raw = chain(stream._raw_buffer, rows)
    stream.source, stream.sheet, stream.sheet_names = name, sheet_name, names
    stream.file_kind = "workbook"
    stream.last_row = start_row + data.height - 1
    return stream


def _open_xml2003(path: Path, size: int, sheet: str | None, max_columns: int) -> RowStream:
    name = path.name
    names = xml2003.sheet_names(path)
    if sheet is not None:
        sheet = _find_sheet(name, names, sheet)
    elif names:
        sheet = None  # the first worksheet
    raw = path.open("rb")
    try:
        rows = xml2003.iter_sheet_rows(raw, name, sheet, max_columns)
        stream = _with_header(name, rows, max_columns, text_cells=False)
    except BaseException:
        raw.close()
        raise
    stream.sheet = sheet or (names[0] if names else None)
    stream.sheet_names = names
    stream.file_kind = "xml2003"
    stream._position = lambda: raw.tell() / size if not raw.closed else 1.0
    stream._close = raw.close
    return stream


# --------------------------------------------------------------------------- shape


def _with_header(name: str, rows: Iterator[tuple[int, list]], max_columns: int, *,
                 text_cells: bool) -> RowStream:
    """Read up to HEADER_SEARCH_ROWS non-blank rows, find the header among them, and
    return a stream of the rows after it."""
    consumed = [0]
    buffered: list[tuple[int, list]] = []
    for number, row in rows:
        consumed[0] += 1
        if len(row) > max_columns:
            raise BadInputError(_too_wide(name, len(row), max_columns))
        if _is_blank(row):
            continue
        buffered.append((number, row))
        if len(buffered) >= HEADER_SEARCH_ROWS:
            break
    if not buffered:
        raise BadInputError(f"{name} is empty; export the data again.")
    cells = [[_text_cell(c) if text_cells or isinstance(c, str) else _workbook_cell(c)
              for c in row] for _, row in buffered]
    header_at = _header_index(cells)
    if header_at is None:
        raise BadInputError(f"{name} has no header row; the first row of the table should "
                            "name its columns.")
    header_number, header = buffered[header_at]
    width = max(i + 1 for i, c in enumerate(cells[header_at]) if c is not None)
    headers = [_header_text(c) for c in cells[header_at][:width]]
    rest = buffered[header_at + 1:]

    def counted() -> Iterator[tuple[int, list]]:
        for item in rows:
            consumed[0] += 1
            yield item

    return RowStream(source=name, headers=headers, header_row=header_number,
                     _raw=chain(rest, counted()), _raw_buffer=rest, _consumed=consumed)


def _is_blank(row: list) -> bool:
    for cell in row:
        if cell is not None and cell != "" and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _is_footer(row: list) -> bool:
    first = next((c for c in row if isinstance(c, str) and c.strip()), None)
    return first is not None and first.strip().casefold().startswith(FOOTER_PREFIXES)


def is_blank_or_footer(row: list) -> bool:
    return _is_blank(row) or _is_footer(row)


def split_trailing(rows: list[tuple[int, list]]) -> int:
    """Where the trailing run of blank and footer rows of ``rows`` starts (len(rows) when
    the last row is data): a batch holds those back until it knows what follows."""
    end = len(rows)
    while end and is_blank_or_footer(rows[end - 1][1]):
        end -= 1
    return end


def drop_blanks_and_footers(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """The data rows without blank rows, and without footer rows at the end: a footer-like
    row is held back until a real row follows it (then it was data after all)."""
    held: list[tuple[int, list]] = []
    footer_starts = _FOOTER_STARTS
    for item in rows:
        row = item[1]
        head = row[0] if row else ""
        # Fast path: an ordinary row starts with a value that cannot begin a footer.
        if head.__class__ is str and head and head[0] not in footer_starts \
                and not head[0].isspace():
            if held:
                yield from held
                held.clear()
            yield item
            continue
        if _is_blank(row):
            continue
        if _is_footer(row):
            held.append(item)
            continue
        if held:
            yield from held
            held.clear()
        yield item
