"""Read-only table models for the one-on-ones and plans pages.

Each row is a tuple of display texts plus the dataclass it came from (``payload``), so
views sort by text and the page acts on the dataclass of the selected row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Headers, and for each payload a row of cells made by ``cells(payload)``.

    ``cells`` returns texts (or (text, sort key) pairs); ``color(payload)`` may tint a row's
    text (overdue in the attention colour, finished greyed)."""

    def __init__(self, headers: Sequence[str], cells: Callable[[Any], Sequence],
                 color: Callable[[Any], QColor | None] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._cells = cells
        self._color = color
        self._rows: list[tuple[Any, list]] = []

    def set_rows(self, payloads: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [(payload, list(self._cells(payload))) for payload in payloads]
        self.endResetModel()

    def payload(self, row: int) -> Any:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        payload, cells = self._rows[index.row()]
        if not 0 <= index.column() < len(cells):
            return None
        cell = cells[index.column()]
        text, key = cell if isinstance(cell, tuple) else (cell, cell)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a narrowed column
            return text or None
        if role == SORT_ROLE:
            return key if key is not None else ""
        if role == PAYLOAD_ROLE:
            return payload
        if role == Qt.ItemDataRole.ForegroundRole and self._color is not None:
            color = self._color(payload)
            return QBrush(color) if color is not None else None
        return None
