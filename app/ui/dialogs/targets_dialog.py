"""The Targets dialog: team-wide and per-agent targets per metric, each from a date.

A new target for the same metric and scope from a later date takes over from that date;
the older one stays for the earlier periods (so old charts keep the target of their day).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.analytics.metrics import METRICS
from app.analytics.targets import default_comparator
from app.db import SessionFactory
from app.errors import UserError
from app.services import roster
from app.services.targets import TargetRow, delete_target, list_targets, save_target
from app.ui.messages import show_error
from app.ui.widgets import fit_table_columns, from_qdate, make_primary, to_qdate

_ROOT = QModelIndex()
HEADERS = ("Metric", "Applies to", "Target", "From")
UNITS = {"rate": " %", "score": " points", "time": " min", "mean": " s", "count": " tickets"}


class TargetTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[TargetRow] = []

    def set_rows(self, rows: list[TargetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        target = row.target
        return (METRICS[target.metric].title if target.metric in METRICS else target.metric,
                row.agent_name or "Whole team", target.describe(),
                target.effective_from.isoformat())[index.column()]


class TargetsDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Targets")
        self.resize(640, 520)
        self._session_factory = session_factory
        self.changed = False
        self.model = TargetTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setShortcut("Del")
        self.remove_button.clicked.connect(self.remove_selected)

        self.metric_combo = QComboBox()
        for key, info in METRICS.items():
            self.metric_combo.addItem(info.title, key)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem("Whole team", None)
        for agent in roster.list_agents(session_factory, include_departed=False):
            self.scope_combo.addItem(agent.full_name, agent.id)
        self.comparator_combo = QComboBox()
        self.comparator_combo.addItem("at least (≥)", ">=")
        self.comparator_combo.addItem("at most (≤)", "<=")
        self.value_spin = QDoubleSpinBox()
        self.value_spin.setDecimals(1)
        self.value_spin.setRange(-100, 525600)
        self.from_edit = QDateEdit(to_qdate(today), calendarPopup=True)
        self.from_edit.setDisplayFormat("yyyy-MM-dd")
        self.add_button = QPushButton("Add target")
        make_primary(self.add_button)
        self.add_button.clicked.connect(self.add_target)
        self.metric_combo.currentIndexChanged.connect(self._on_metric_changed)
        self._on_metric_changed()

        form = QFormLayout()
        form.addRow("Metric", self.metric_combo)
        form.addRow("Applies to", self.scope_combo)
        value_row = QHBoxLayout()
        value_row.addWidget(self.comparator_combo)
        value_row.addWidget(self.value_spin, 1)
        form.addRow("Target", value_row)
        form.addRow("From", self.from_edit)
        adding = QGroupBox("Add a target")
        adding_layout = QVBoxLayout(adding)
        adding_layout.addLayout(form)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("A later target for the same metric replaces this one from "
                                 "its date.", objectName="mutedText"), 1)
        add_row.addWidget(self.add_button)
        adding_layout.addLayout(add_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        list_row = QHBoxLayout()
        list_row.addWidget(QLabel("Targets in use (an agent's own target wins over the "
                                  "team's)", objectName="mutedText"), 1)
        list_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(list_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(adding)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(list_targets(self._session_factory))
        fit_table_columns(self.table)
        self.remove_button.setEnabled(bool(self.model.rows))

    def _on_metric_changed(self) -> None:
        key = self.metric_combo.currentData()
        info = METRICS[key]
        self.comparator_combo.setCurrentIndex(
            self.comparator_combo.findData(default_comparator(key)))
        self.value_spin.setSuffix(UNITS[info.kind])
        defaults = {"csat": 85, "fcr": 60, "sla": 90, "nps": 30, "reopen_rate": 8,
                    "escalation_rate": 5, "first_reply_minutes": 60,
                    "full_resolution_minutes": 1440, "aht_seconds": 480}
        self.value_spin.setValue(defaults.get(key, 0))

    def add_target(self) -> None:
        try:
            save_target(self._session_factory, self.metric_combo.currentData(),
                        self.comparator_combo.currentData(), self.value_spin.value(),
                        from_qdate(self.from_edit.date()), self.scope_combo.currentData())
        except UserError as exc:
            show_error(self, "Add target", exc)
            return
        self.changed = True
        self.reload()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.rows[rows[0].row()]
        answer = QMessageBox.question(
            self, "Remove target",
            f"Remove the target {row.target.describe()} for "
            f"{METRICS[row.target.metric].title} ({row.agent_name or 'whole team'}, from "
            f"{row.target.effective_from})?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_target(self._session_factory, row.target.id)
        except UserError as exc:
            show_error(self, "Remove target", exc)
        self.changed = True
        self.reload()
