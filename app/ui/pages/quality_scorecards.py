"""The Quality page's Scorecards tab: the rubrics, their criteria and version history.

A scorecard that has scored reviews is frozen; the panel says so before anyone edits, and
the history lists every version with what changed and how many reviews used it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.scorecards import SCALE_LABELS, ScorecardDetail, ScorecardSummary


class QualityScorecardsTab(QWidget):
    selection_changed = Signal()
    new_requested = Signal()
    edit_requested = Signal()
    import_requested = Signal()
    export_requested = Signal()
    archive_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.new_button = QPushButton("New…")
        self.import_button = QPushButton("Import JSON…")
        self.import_button.setToolTip("Add a scorecard a QA lead shared as JSON")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.import_button)
        left.addLayout(buttons)
        left_widget = QWidget()
        left_widget.setLayout(left)

        self.title_label = QLabel("", objectName="sectionTitle")
        self.version_label = QLabel("", objectName="mutedText")
        self.version_label.setWordWrap(True)
        self.edit_button = QPushButton("Edit…")
        self.export_button = QPushButton("Export JSON…")
        self.archive_button = QPushButton("Archive…")
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.archive_button)
        head.addWidget(self.export_button)
        head.addWidget(self.edit_button)
        self.criteria_table = QTableWidget(0, 6)
        self.criteria_table.setHorizontalHeaderLabels(
            ["Section", "Criterion", "Weight", "Scale", "N/A", "Critical"])
        self.criteria_table.verticalHeader().hide()
        self.criteria_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.criteria_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.criteria_table.setAlternatingRowColors(True)
        self.criteria_table.setShowGrid(False)
        self.criteria_table.horizontalHeader().setStretchLastSection(True)
        self.history_label = QLabel("", objectName="mutedText")
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.RichText)
        self.history_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(head)
        right.addWidget(self.version_label)
        right.addWidget(self.criteria_table, 3)
        right.addWidget(QLabel("Versions", objectName="sectionTitle"))
        right.addWidget(self.history_label, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_widget)
        splitter.addWidget(right_widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 900])
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)

        self.list.currentRowChanged.connect(lambda _r: self.selection_changed.emit())
        self.list.itemDoubleClicked.connect(lambda _i: self.edit_requested.emit())
        self.new_button.clicked.connect(self.new_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.archive_button.clicked.connect(self.archive_requested)

    def set_scorecards(self, cards: list[ScorecardSummary], keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_id()
        self.list.blockSignals(True)
        self.list.clear()
        for card in cards:
            item = QListWidgetItem(f"{card.name}\n{card.criteria} criteria · v{card.version} · "
                                   f"{card.reviews} reviews")
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, c in enumerate(cards) if c.id == keep), 0 if cards else -1)
        self.list.setCurrentRow(row)
        self.selection_changed.emit()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_detail(self, detail: ScorecardDetail | None) -> None:
        for button in (self.edit_button, self.export_button, self.archive_button):
            button.setEnabled(detail is not None)
        if detail is None:
            self.title_label.setText("No scorecard")
            self.version_label.setText("Add one with New…, or import a JSON file.")
            self.criteria_table.setRowCount(0)
            self.history_label.setText("")
            return
        self.title_label.setText(detail.name)
        used = next((v.reviews for v in detail.versions if v.number == detail.version), 0)
        channels = ", ".join(detail.channels) or "any channel"
        state = (f"Frozen: version {detail.version} has scored {used} review"
                 f"{'s' if used != 1 else ''}, so editing makes version {detail.version + 1} "
                 "(old reviews keep theirs)." if detail.frozen
                 else f"Version {detail.version}, not used yet: edits change it in place.")
        self.version_label.setText(f"Version {detail.version} (current) · pass at "
                                   f"{detail.pass_threshold:g}% · {channels}. {state}")
        self.criteria_table.setRowCount(len(detail.criteria))
        for row, c in enumerate(detail.criteria):
            values = [c.section, c.name, f"{c.weight:g}", SCALE_LABELS[c.scale],
                      "yes" if c.allow_na else "", "auto-fail" if c.critical else ""]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 1 and c.guidance:
                    item.setToolTip(c.guidance)
                self.criteria_table.setItem(row, column, item)
        self.criteria_table.resizeColumnsToContents()
        lines = []
        for v in detail.versions:
            current = " (current)" if v.number == detail.version else ""
            note = (v.change_note or "").replace("&", "&amp;").replace("<", "&lt;")
            lines.append(f"<b>Version {v.number}</b>{current} · {v.created_at:%Y-%m-%d} · "
                         f"{v.reviews} review{'s' if v.reviews != 1 else ''}"
                         + (f"<br>&nbsp;&nbsp;{note}" if note else ""))
        self.history_label.setText("<br>".join(lines))
