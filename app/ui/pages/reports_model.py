"""The Reports page's table: past packet exports, newest first."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from app.services.packets import ExportRow

HEADERS = ("Exported", "Agent", "Period", "Private notes", "Summary", "File")


class ExportsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ExportRow] = []

    def set_rows(self, rows: list[ExportRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 5:
                return Path(row.file_name).name
            if index.column() == 3 and row.private_notes:
                return "This packet carries private one-on-one notes."
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == 3 and row.private_notes:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:  # sort key (ties by id: newest last written)
            return (f"{row.exported_at.isoformat()}|{row.id:012d}", row.agent_name.casefold(),
                    row.start.isoformat(), int(row.private_notes), row.summary,
                    Path(row.file_name).name.casefold())[index.column()]
        return None

    @staticmethod
    def text(row: ExportRow, column: int) -> str:
        if column == 0:
            local = row.exported_at.replace(tzinfo=UTC).astimezone()
            return local.strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return row.agent_name
        if column == 2:
            return f"{row.start} to {row.end}"
        if column == 3:
            return "Included" if row.private_notes else "Left out"
        if column == 4:
            return " ".join(row.summary.split())
        return Path(row.file_name).name
