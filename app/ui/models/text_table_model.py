"""A read-only table of text rows for import previews (roster and ticket imports)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # the root: a table has no parents


class TextTableModel(QAbstractTableModel):
    """Read-only rows of text for the preview's tables. Each row has a tooltip, a text
    colour for its ``accent_column`` (drawn bold) and a background for the whole row."""

    Row = tuple[tuple[str, ...], str, QColor | None, QColor | None]

    def __init__(self, headers: tuple[str, ...], accent_column: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers, self.accent_column = headers, accent_column
        self.rows: list[TextTableModel.Row] = []

    def set_rows(self, rows: list[TextTableModel.Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cells, tooltip, color, background = self.rows[index.row()]
        accent = index.column() == self.accent_column
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip or cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and (accent or self.accent_column is None):
            return color
        if role == Qt.ItemDataRole.BackgroundRole:
            return background
        if role == Qt.ItemDataRole.FontRole and accent:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def text_table(model: TextTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch >= 0:  # the column that takes the spare width; -1 for none
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view
