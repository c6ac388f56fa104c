"""Past imports as a table: when, which file, which platform, and what each changed."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.services.import_history import ImportRunRow
from app.ui.widgets import platform_label

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
COLUMNS = ("Imported", "File", "Platform", "Rows", "New", "Updated", "Unchanged", "Skipped",
           "Not in roster")
NUMERIC = {3, 4, 5, 6, 7, 8}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def local_time_text(run: ImportRunRow) -> str:
    """Stored in UTC; shown in the computer's time zone."""
    return run.imported_at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class ImportHistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runs: list[ImportRunRow] = []

    def set_runs(self, runs: list[ImportRunRow]) -> None:
        self.beginResetModel()
        self.runs = list(runs)
        self.endResetModel()

    def run_at(self, row: int) -> ImportRunRow:
        return self.runs[row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def _values(self, run: ImportRunRow) -> tuple:
        return (run.imported_at, run.file_name, platform_label(run.platform), run.rows_read,
                run.inserted, run.updated, run.unchanged, run.skipped, len(run.unmatched))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run = self.runs[index.row()]
        column = index.column()
        value = self._values(run)[column]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return local_time_text(run)
            if column == 2 and run.profile != run.platform:
                return f"{value} ({run.profile.replace('_', ' ')})"
            if column in NUMERIC:
                return f"{value:,}" if value else "–"
            return value
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return f"{run.file_name}\nSHA-256 {run.file_sha256}"
            if column == 7 and run.errors:
                return "\n".join(f"Row {e['row']}: {e['reason']}" for e in run.errors[:10])
            if column == 8 and run.unmatched:
                return "Kept as names, not matched to an agent:\n" + "\n".join(
                    run.unmatched[:15])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
