"""Create or edit a scorecard: name, pass threshold, channels and the criteria.

When the current version is frozen (it has scored reviews) a banner says that saving
makes a new version, and the "Changes" line lists what differs from it as you edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import SessionFactory
from app.errors import UserError
from app.services import scorecards
from app.services.scorecards import (
    SCALE_LABELS,
    CriterionInput,
    SaveResult,
    ScorecardDetail,
    ScorecardInput,
)
from app.ui.sizing import resize_within_screen
from app.ui.widgets import ErrorLabel, make_primary

SECTION, NAME, WEIGHT, SCALE, NA, CRITICAL, GUIDANCE = range(7)
HEADERS = ["Section", "Criterion", "Weight", "Scale", "N/A", "Critical", "Guidance"]


class ScorecardEditorDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, detail: ScorecardDetail | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._detail = detail
        self.result_info: SaveResult | None = None
        self.created: ScorecardDetail | None = None
        self.setWindowTitle(f"Edit {detail.name}" if detail else "New scorecard")
        self.name_edit = QLineEdit()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0, 100)
        self.threshold_spin.setDecimals(0)
        self.threshold_spin.setSuffix(" %")
        self.threshold_spin.setValue(85)
        self.channels_edit = QLineEdit()
        self.channels_edit.setPlaceholderText("Any channel (or e.g. email, chat)")
        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("&Pass threshold", self.threshold_spin)
        form.addRow("C&hannels", self.channels_edit)

        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff7e6; border: 1px solid #f5c26b; "
                                  "border-radius: 4px; padding: 6px;")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("Add criterion")
        self.remove_button = QPushButton("Remove")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        row_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        self.changes_label = QLabel("", objectName="mutedText")
        self.changes_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        make_primary(self.buttons.button(QDialogButtonBox.StandardButton.Save))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        resize_within_screen(self, 980, 560)

        self.add_button.clicked.connect(lambda: self.add_row(CriterionInput("", 10, 4)))
        self.remove_button.clicked.connect(self._remove_row)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(lambda _i: self._update_changes())
        for edit in (self.name_edit, self.channels_edit):
            edit.textChanged.connect(lambda _t: self._update_changes())
        self.threshold_spin.valueChanged.connect(lambda _v: self._update_changes())
        self._fill()

    def _fill(self) -> None:
        detail = self._detail
        data = detail.as_input() if detail else ScorecardInput("", 85.0, [
            CriterionInput("", 10, 4)])
        self.name_edit.setText(data.name)
        self.threshold_spin.setValue(data.pass_threshold)
        self.channels_edit.setText(", ".join(data.channels))
        for criterion in data.criteria:
            self.add_row(criterion)
        if detail and detail.frozen:
            self.banner.setText(f"Version {detail.version} has scored reviews, so it is frozen. "
                                f"Saving changes creates version {detail.version + 1}; the "
                                "old reviews keep the criteria and weights they were scored "
                                "with.")
        elif detail:
            self.banner.setText(f"Version {detail.version} has not scored any review yet, so "
                                "your changes update it in place.")
        self.banner.setVisible(detail is not None)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(NAME, max(self.table.columnWidth(NAME), 220))
        self._update_changes()

    def add_row(self, criterion: CriterionInput) -> None:
        self.table.blockSignals(True)  # no "changes" from a half-built row
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, SECTION, QTableWidgetItem(criterion.section))
        self.table.setItem(row, NAME, QTableWidgetItem(criterion.name))
        self.table.setItem(row, GUIDANCE, QTableWidgetItem(criterion.guidance))
        weight = QDoubleSpinBox()
        weight.setRange(0, 100)
        weight.setDecimals(0)
        weight.setValue(criterion.weight)
        scale = QComboBox()
        for value, label in SCALE_LABELS.items():
            scale.addItem(label, value)
        scale.setCurrentIndex(max(scale.findData(criterion.scale), 0))
        na = QCheckBox()
        na.setChecked(criterion.allow_na)
        critical = QCheckBox()
        critical.setChecked(criterion.critical)
        critical.setToolTip("Auto-fail: below 50% on this criterion sets the review to 0")
        for column, widget in ((WEIGHT, weight), (SCALE, scale), (NA, na), (CRITICAL, critical)):
            self.table.setCellWidget(row, column, widget)
        weight.valueChanged.connect(lambda _v: self._update_changes())
        scale.currentIndexChanged.connect(lambda _i: self._update_changes())
        na.toggled.connect(lambda _c: self._update_changes())
        critical.toggled.connect(lambda _c: self._update_changes())
        self.table.setCurrentCell(row, NAME)
        self.table.blockSignals(False)

    def _criterion(self, row: int) -> CriterionInput:
        def text(column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item else ""

        return CriterionInput(
            name=text(NAME), weight=self.table.cellWidget(row, WEIGHT).value(),
            scale=self.table.cellWidget(row, SCALE).currentData(), section=text(SECTION),
            guidance=text(GUIDANCE), allow_na=self.table.cellWidget(row, NA).isChecked(),
            critical=self.table.cellWidget(row, CRITICAL).isChecked())

    def scorecard_input(self) -> ScorecardInput:
        channels = [c.strip() for c in self.channels_edit.text().split(",") if c.strip()]
        return ScorecardInput(self.name_edit.text(), self.threshold_spin.value(),
                              [self._criterion(r) for r in range(self.table.rowCount())],
                              channels)

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._update_changes()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        items = [self._criterion(r) for r in range(self.table.rowCount())]
        items[row], items[target] = items[target], items[row]
        self.table.setRowCount(0)
        for criterion in items:
            self.add_row(criterion)
        self.table.setCurrentCell(target, NAME)
        self._update_changes()

    def _update_changes(self) -> None:
        if self._detail is None:
            self.changes_label.setText("")
            return
        changes = scorecards.describe_changes(self._detail.as_input(),
                                              scorecards.cleaned(self.scorecard_input()))
        self.changes_label.setText("Changes: " + ("; ".join(changes) if changes else "none yet"))

    def save(self) -> None:
        data = self.scorecard_input()
        try:
            if self._detail is None:
                self.created = scorecards.create_scorecard(self._session_factory, data)
            else:
                self.result_info = scorecards.update_scorecard(self._session_factory,
                                                               self._detail.id, data)
        except UserError as exc:
            self.error_label.show_error(str(exc))
            return
        self.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Enter inside the criteria table edits a cell; it must not save the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            return
        super().keyPressEvent(event)
