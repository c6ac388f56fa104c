"""The Quality page's Reviews tab: every review with filters (agent, reviewer, scorecard,
passed/failed/draft); the period and team come from the page's toolbar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.reviews import ReviewFilter, ReviewRow
from app.ui.models.review_model import REVIEW_COLUMNS, RecordTableModel
from app.ui.pages.quality_overview import make_table, record_at

OUTCOMES = (("", "Any result"), ("passed", "Passed"), ("failed", "Failed"), ("draft", "Drafts"))


class QualityReviewsTab(QWidget):
    open_requested = Signal(int)  # review id
    delete_requested = Signal(int)
    dispute_requested = Signal(int)
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agent_combo = QComboBox()
        self.agent_combo.setToolTip("Show one agent's reviews")
        self.agent_combo.setMinimumContentsLength(14)
        self.reviewer_combo = QComboBox()
        self.reviewer_combo.setToolTip("Show one reviewer's reviews")
        self.reviewer_combo.setMinimumContentsLength(12)
        self.scorecard_combo = QComboBox()
        self.scorecard_combo.setToolTip("Show reviews scored with one scorecard")
        self.outcome_combo = QComboBox()
        for key, label in OUTCOMES:
            self.outcome_combo.addItem(label, key)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the selected review (Enter)")
        self.dispute_button = QPushButton("Dispute…")
        self.dispute_button.setToolTip("Record or resolve the agent's dispute of this review")
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.agent_combo, self.reviewer_combo, self.scorecard_combo,
                       self.outcome_combo):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.dispute_button)
        filters.addWidget(self.open_button)
        self.model = RecordTableModel(REVIEW_COLUMNS, self)
        self.table = make_table(self.model, 0, Qt.SortOrder.DescendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.count_label = QLabel("", objectName="mutedText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        for combo in (self.agent_combo, self.reviewer_combo, self.scorecard_combo,
                      self.outcome_combo):
            combo.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        self.table.doubleClicked.connect(lambda _i: self._emit(self.open_requested))
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))
        self.dispute_button.clicked.connect(lambda: self._emit(self.dispute_requested))
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        only_table = Qt.ShortcutContext.WidgetShortcut
        for keys, signal in ((["Return", "Enter"], self.open_requested),
                             (["Delete"], self.delete_requested)):
            action = QAction(self.table)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(only_table)
            action.triggered.connect(lambda _c=False, s=signal: self._emit(s))
            self.table.addAction(action)
        self._update_buttons()

    def _emit(self, signal) -> None:
        record = self.selected()
        if record is not None:
            signal.emit(record.id)

    def selected(self) -> ReviewRow | None:
        return record_at(self.table)

    def _update_buttons(self) -> None:
        record = self.selected()
        self.open_button.setEnabled(record is not None)
        self.dispute_button.setEnabled(record is not None and record.status == "final")

    def _menu(self, pos) -> None:
        record = self.selected()
        if record is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_requested.emit(record.id))
        if record.status == "final":
            menu.addAction("Dispute…", lambda: self.dispute_requested.emit(record.id))
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete_requested.emit(record.id))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ filters

    def set_choices(self, agents: list[tuple[int, str]], reviewers: list[str],
                    scorecards: list[tuple[int, str]]) -> None:
        """Refill the filter combos, keeping what was chosen."""
        for combo, everyone, items in (
                (self.agent_combo, "All agents", agents),
                (self.reviewer_combo, "All reviewers", [(r, r) for r in reviewers]),
                (self.scorecard_combo, "All scorecards", scorecards)):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for key, label in items:
                combo.addItem(label, key)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def show_agent(self, agent_id: int) -> None:
        index = self.agent_combo.findData(agent_id)
        if index >= 0:
            self.agent_combo.setCurrentIndex(index)

    def filters(self) -> ReviewFilter:
        return ReviewFilter(agent_id=self.agent_combo.currentData(),
                            reviewer=self.reviewer_combo.currentData(),
                            scorecard_id=self.scorecard_combo.currentData(),
                            outcome=self.outcome_combo.currentData() or None)

    def show_reviews(self, rows: list[ReviewRow]) -> None:
        selected = self.selected()
        self.model.set_records(rows)
        self.table.resizeColumnsToContents()
        if selected is not None:
            for row in range(self.table.model().rowCount()):
                record = record_at(self.table, row)
                if record.id == selected.id:
                    self.table.selectRow(row)
                    break
        final = [r for r in rows if r.status == "final"]
        drafts = len(rows) - len(final)
        failed = sum(1 for r in final if not r.passed)
        self.count_label.setText(
            f"{len(rows)} review{'s' if len(rows) != 1 else ''}"
            + (f" · {failed} failed" if final else "")
            + (f" · {drafts} draft{'s' if drafts != 1 else ''}" if drafts else "")
            + "  ·  Enter opens, Delete deletes, right-click for more")
        self._update_buttons()
