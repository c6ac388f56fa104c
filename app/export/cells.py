"""Writing outside text into a worksheet so that it stays text.

Names, ticket subjects, notes and comments come from outside; a spreadsheet would read a
value starting with ``=``, ``+``, ``-`` or ``@`` (and, in some readers, a leading tab or
carriage return) as a formula or a link. ``put_text`` stores such values as plain strings
with Excel's quote prefix, so they show exactly as typed and never run.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS_STARTS)


def safe_text(value: object) -> str:
    """The text as it should read; it is the caller's cell that is marked literal."""
    return "" if value is None else str(value)


def put_text(sheet: Worksheet, row: int, column: int, value: object):
    """Write text as a literal string cell (never a formula), quote-prefixed when it
    starts like a formula."""
    cell = sheet.cell(row=row, column=column)
    text = safe_text(value)
    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True
    return cell
