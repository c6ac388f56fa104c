"""XML Spreadsheet 2003 (``<ss:Workbook>``), which Freshdesk downloads under an ``.xls``
name, read as a stream of rows.

The file is untrusted XML: it is parsed with defusedxml with DTDs forbidden, so entity
expansion ("billion laughs"), external entities and DTD tricks are refused at the first
tag instead of exhausting memory. Elements are cleared as soon as a row is read, so a
large file is read in flat memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from app.errors import BadInputError

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{" + NAMESPACE + "}"
_WORKSHEET, _ROW, _CELL, _DATA = (_SS + "Worksheet", _SS + "Row", _SS + "Cell", _SS + "Data")
_NAME, _INDEX, _TYPE = (_SS + "Name", _SS + "Index", _SS + "Type")
_TABLE = _SS + "Table"
_MERGE_ACROSS = _SS + "MergeAcross"
_SHEET_NAME = re.compile(rb"<(?:\w+:)?Worksheet\b[^>]*?\bName=\"([^\"]*)\"")
MAX_COLUMNS_GUARD = 1_000_000  # an ss:Index this far out is an attack, not a sheet


def looks_like_xml2003(head: bytes) -> bool:
    """An XML file that declares the SpreadsheetML namespace near its start (with or
    without the ``<?xml`` declaration, as some exporters omit it)."""
    start = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<?mso-application", b"<Workbook", b"<ss:Workbook")) \
        and NAMESPACE.encode() in head[:16384]


def sheet_names(path: Path) -> list[str]:
    """The worksheet names, found by scanning the bytes (no XML parse, so no expansion)."""
    names: list[str] = []
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            names.extend(m[1].decode("utf-8", "replace") for m in _SHEET_NAME.finditer(data))
            # Keep the end of the chunk in case a tag is split across the boundary; a
            # match wholly inside it was already counted, so drop everything up to it.
            cut = max(len(data) - 512, 0)
            last = data.rfind(b">", cut)
            tail = data[last + 1:] if last >= 0 else data[cut:]
    return [_unescape(n) for n in names]


def iter_sheet_rows(handle: BinaryIO, name: str, sheet: str | None,
                    max_columns: int) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells) for each row of the chosen worksheet (the first when ``sheet``
    is None); empty cells are ``""``; numbers are floats, dates datetimes."""
    in_sheet = False
    done = False
    table = None
    row_number = 0
    try:
        events = iterparse(handle, events=("start", "end"), forbid_dtd=True,
                           forbid_entities=True, forbid_external=True)
        for event, element in events:
            tag = element.tag
            if event == "start":
                if tag == _WORKSHEET:
                    in_sheet = not done and (sheet is None or element.get(_NAME) == sheet)
                    row_number = 0
                elif tag == _TABLE:
                    table = element
                continue
            if tag == _ROW:
                if in_sheet:
                    index = element.get(_INDEX)
                    row_number = int(index) if index else row_number + 1
                    yield row_number, _row_cells(element, name, max_columns)
                element.clear()
                if table is not None:  # a cleared row would still sit in its table
                    table.remove(element)
            elif tag == _WORKSHEET:
                if in_sheet:
                    done = True
                    in_sheet = False
                element.clear()
    except DefusedXmlException as exc:
        raise BadInputError(f"{name} declares a DTD or entities, which Coachbench refuses "
                            "because they can expand into an 'XML bomb' or read other "
                            "files; export the file again from the platform "
                            f"({type(exc).__name__}).") from None
    except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
        raise BadInputError(f"{name} is not a readable XML spreadsheet ({exc}); it may be "
                            "damaged or cut short: download it again.") from None


def _row_cells(row, name: str, max_columns: int) -> list[object]:
    cells: list[object] = []
    for cell in row:
        if cell.tag != _CELL:
            continue
        index = cell.get(_INDEX)
        if index:
            position = int(index) - 1
            if position >= max_columns or position > MAX_COLUMNS_GUARD:
                raise BadInputError(f"{name} has more than {max_columns:,} columns, more "
                                    "than Coachbench reads; remove the columns you do not "
                                    "need and export again.")
            cells.extend([""] * (position - len(cells)))
        data = cell.find(_DATA)
        cells.append(_value(data) if data is not None else "")
        merge = cell.get(_MERGE_ACROSS)
        if merge:
            cells.extend([""] * min(int(merge), max_columns))
        if len(cells) > max_columns:
            raise BadInputError(f"{name} has more than {max_columns:,} columns, more than "
                                "Coachbench reads; remove the columns you do not need and "
                                "export again.")
    return cells


def _value(data) -> object:
    text = "".join(data.itertext())
    kind = data.get(_TYPE, "String")
    if kind == "Number" and text.strip():
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "DateTime" and text.strip():
        try:
            return datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Boolean" and text.strip() in ("0", "1"):
        return text.strip() == "1"
    return text


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
