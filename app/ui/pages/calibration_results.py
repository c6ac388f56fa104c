"""A revealed session: reliability up top, then where to talk, who is aligned, the totals
chart and the history. Built only from ``SessionResults``, which the service hands out
after the reveal and never before."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.agreement import alpha_band
from app.analytics.qa_scores import scale_values
from app.services.calibration_results import HistoryPoint, SessionResults, UnitResult
from app.ui.pages.calibration_charts import HistoryChart, TotalsChart
from app.ui.widgets import make_primary

DISCUSS_BG = QColor("#fdecea")
BAND_COLOURS = {"reliable": "#15803d", "tentative": "#b45309", "not reliable": "#b42318",
                "not computed": "#6b7280"}


class RowsTableModel(QAbstractTableModel):
    """Read-only rows of display text, with a tint per row and a tooltip per cell."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.tints: list[QColor | None] = []
        self.tips: list[list[str]] = []
        self.header_tips: list[str] = []
        self.centred_from = 3

    def set_rows(self, headers, rows, tints=None, tips=None, header_tips=None) -> None:
        self.beginResetModel()
        self.header_tips = list(header_tips or [""] * len(headers))
        self.headers, self.rows = list(headers), [list(r) for r in rows]
        self.tints = list(tints or [None] * len(rows))
        self.tips = [list(t) for t in (tips or [[""] * len(headers) for _ in rows])]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and self.tints[index.row()] is not None:
            return QBrush(self.tints[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips[index.row()][index.column()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.centred_from:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips[section] or None
        return None


def _table(model: RowsTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 1.1)  # read from across a meeting table
    view.setFont(font)
    view.verticalHeader().setDefaultSectionSize(30)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _value_text(value: int | None) -> str:
    return "N/A" if value is None else str(value)


class _NoteEdit(QPlainTextEdit):
    """A note box that asks for a few lines, not Qt's 192 px: the discussion box scrolls
    by its preferred height, and the larger hint put a scroll bar on it at 1280x800. It
    still takes the room left over."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), 80)


class DiscussionBox(QFrame):
    """The selected criterion: everyone's score, then the group's note and agreed value."""

    save_requested = Signal(object, str, object, bool)  # unit, note, agreed value, agreed N/A
    guidance_requested = Signal(object, str)  # unit, note

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.unit: UnitResult | None = None
        self.title = QLabel("Choose a criterion on the left", objectName="sectionTitle")
        self.title.setWordWrap(True)
        self.scores_label = QLabel("")
        self.scores_label.setWordWrap(True)
        self.scores_label.setTextFormat(Qt.TextFormat.RichText)
        self.agreed_label = QLabel("Agreed value")
        self.agreed_combo = QComboBox()
        self.note_edit = _NoteEdit()
        self.note_edit.setMinimumHeight(60)
        self.note_edit.setPlaceholderText("What the group decided, and why")
        self.note_edit.setTabChangesFocus(True)
        self.save_button = QPushButton("Save note")
        make_primary(self.save_button)
        self.guidance_button = QPushButton("Add to guidance…")
        self.guidance_button.setToolTip("Write the note into this criterion's guidance in the "
                                        "scorecard's next version")
        self.status_label = QLabel("", objectName="mutedText")
        self.status_label.setWordWrap(True)
        agreed = QHBoxLayout()
        agreed.addWidget(self.agreed_label)
        agreed.addWidget(self.agreed_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.guidance_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.scores_label)
        layout.addLayout(agreed)
        layout.addWidget(QLabel("Discussion note"))
        layout.addWidget(self.note_edit, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.save_button.clicked.connect(self._save)
        self.guidance_button.clicked.connect(
            lambda: self.unit and self.guidance_requested.emit(
                self.unit, self.note_edit.toPlainText()))
        self.set_unit(None, consensus=True)

    def set_unit(self, unit: UnitResult | None, *, consensus: bool) -> None:
        self.unit = unit
        for widget in (self.note_edit, self.save_button, self.guidance_button,
                       self.agreed_combo):
            widget.setEnabled(unit is not None)
        self.agreed_label.setVisible(consensus)
        self.agreed_combo.setVisible(consensus)
        self.status_label.setText("")
        if unit is None:
            self.title.setText("Choose a criterion on the left")
            self.scores_label.setText("")
            self.note_edit.setPlainText("")
            return
        c = unit.criterion
        self.title.setText(f"{c.name} · {unit.conversation}")
        lines = [f"<b>{name}</b>: {_value_text(v)}" for name, v in unit.values.items()]
        source = {"expert": "expert", "agreed": "agreed", "median": "median until agreed"}
        lines.append(f"<b>Benchmark</b> ({source[unit.benchmark_source]}): "
                     f"{_value_text(unit.benchmark)}")
        if unit.why:
            lines.append(f"<span style='color:#b42318'>Discuss: {unit.why}</span>")
        if c.guidance:
            lines.append(f"<i>Guidance: {_escape(c.guidance)}</i>")
        for name, comment in unit.comments.items():
            lines.append(f"{name}: “{_escape(comment)}”")
        self.scores_label.setText("<br>".join(lines))
        self.agreed_combo.clear()
        self.agreed_combo.addItem("Not agreed yet", ("none", None))
        for value in scale_values(c.scale):
            self.agreed_combo.addItem(str(value), ("value", value))
        if c.allow_na:
            self.agreed_combo.addItem("N/A", ("na", None))
        wanted = ("na", None) if unit.agreed_na else (
            ("value", unit.agreed_value) if unit.agreed_value is not None else ("none", None))
        self.agreed_combo.setCurrentIndex(max(self.agreed_combo.findData(wanted), 0))
        self.note_edit.setPlainText(unit.note)

    def _save(self) -> None:
        if self.unit is None:
            return
        kind, value = self.agreed_combo.currentData() or ("none", None)
        self.save_requested.emit(self.unit, self.note_edit.toPlainText(),
                                 value if kind == "value" else None, kind == "na")


def _short_names(names: list[str]) -> list[str]:
    """First names as column headers (the full name is the tooltip); the whole name when
    two graders share a first name."""
    firsts = [n.split()[0] if n.split() else n for n in names]
    return [f if firsts.count(f) == 1 else n for f, n in zip(firsts, names)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ResultsPanel(QWidget):
    """Everything after the reveal. ``results`` stays None until ``show_results``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: SessionResults | None = None
        self.alpha_label = QLabel("", objectName="alphaFigure")
        self.band_label = QLabel("")
        self.agreement_label = QLabel("", objectName="alphaFigure")
        self.reading_label = QLabel("")
        self.reading_label.setWordWrap(True)
        self.reading_label.setMinimumWidth(360)
        summary = QFrame(objectName="summaryStrip")
        strip = QHBoxLayout(summary)
        for title, figure, under in (("Krippendorff's alpha", self.alpha_label,
                                      self.band_label),
                                     ("Percent agreement", self.agreement_label, None)):
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(QLabel(title, objectName="mutedText"))
            box.addWidget(figure)
            if under is not None:
                box.addWidget(under)
            strip.addLayout(box)
            strip.addSpacing(24)
        strip.addWidget(self.reading_label, 1)

        self.units_model = RowsTableModel(self)
        self.units_view = _table(self.units_model)
        self.discussion = DiscussionBox()
        # In a scroll area: on a 600 px high window the box was squeezed and cut the
        # third grader's score off; now it scrolls.
        discussion_scroll = QScrollArea()
        discussion_scroll.setWidgetResizable(True)
        discussion_scroll.setFrameShape(QFrame.Shape.NoFrame)
        discussion_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        discussion_scroll.setWidget(self.discussion)
        discussion_scroll.setMinimumWidth(290)
        discussion_scroll.setMaximumWidth(380)
        self.discussion_scroll = discussion_scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.units_view)
        split.addWidget(discussion_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.graders_model = RowsTableModel(self)
        self.graders_view = _table(self.graders_model)
        self.graders_view.horizontalHeader().setStretchLastSection(False)
        self.graders_view.horizontalHeader().setMinimumSectionSize(96)
        self.totals_chart = TotalsChart()
        self.history_chart = HistoryChart()
        self.history_note = QLabel("", objectName="mutedText")
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_chart, 1)
        history_layout.addWidget(self.history_note)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Discuss")
        self.tabs.addTab(self.graders_view, "Alignment")
        self.tabs.addTab(self.totals_chart, "Totals chart")
        self.tabs.addTab(history, "History")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        self.units_view.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._select(current.row()))

    def show_results(self, results: SessionResults, history: list[HistoryPoint]) -> None:
        keep = self.discussion.unit
        self.results = results
        r = results.reliability
        band = alpha_band(r.alpha)
        colour = BAND_COLOURS[band]
        self.alpha_label.setText("—" if r.alpha is None else f"{r.alpha:.2f}")
        self.alpha_label.setStyleSheet(f"color: {colour};")
        self.band_label.setText(f"<span style='color:{colour}'><b>{band}</b></span> · "
                                f"{r.level}")
        self.agreement_label.setText("—" if r.percent_agreement is None
                                     else f"{r.percent_agreement:.0f}%")
        discuss = results.to_discuss
        self.reading_label.setText(
            f"<b>{discuss} of {len(results.units)} criteria to discuss</b> (listed first). "
            + _escape(r.reading))
        self._fill_units(results)
        self._fill_graders(results)
        detail = results.detail
        self.totals_chart.set_totals([c.reference for c in detail.conversations],
                                     results.totals, results.benchmark_totals)
        self.history_chart.set_history(history)
        self.history_note.setText(
            "Each grader's alignment with the benchmark per session, and the session's alpha "
            "(× 100, dashed). " + (f"{len(history)} revealed sessions." if len(history) > 1
                                   else "A trend appears after the second revealed session."))
        row = 0
        if keep is not None:
            row = next((i for i, u in enumerate(results.units)
                        if (u.conversation_id, u.criterion.id)
                        == (keep.conversation_id, keep.criterion.id)), 0)
        if results.units:
            self.units_view.selectRow(row)
            self._select(row)

    def _fill_units(self, results: SessionResults) -> None:
        plain = [g.name for g in results.graders]
        names = _short_names(plain)
        header_tips = ["To discuss", "", "", *[g.name + (" (expert, the benchmark)"
                                                   if g.is_expert else "")
                                            for g in results.graders], "", "", ""]
        rows, tints, tips = [], [], []
        for u in results.units:
            values = [_value_text(u.values[n]) if n in u.values else "—" for n in plain]
            spread = "—" if u.spread is None else f"{u.spread:.0f}"
            rows.append(["⚑" if u.discuss else "", u.conversation, u.criterion.name,
                         *values, _value_text(u.benchmark), spread, u.why])
            tints.append(DISCUSS_BG if u.discuss else None)
            tip = [""] * (6 + len(plain))
            for i, n in enumerate(plain):
                if n in u.values:
                    score = u.score(u.values[n])
                    tip[3 + i] = "N/A" if score is None else f"{score:.0f}% of the scale"
            tips.append(tip)
        self.units_model.set_rows(["", "Conversation", "Criterion", *names, "Benchmark",
                                   "Spread", "Why"], rows, tints, tips, header_tips)

    def _fill_graders(self, results: SessionResults) -> None:
        """Criteria down, graders across: fits the screen however long the names are."""
        graders = list(results.graders)
        names = _short_names([g.name for g in graders])
        tips = ["", *[g.name + (" (expert, the benchmark)" if g.is_expert else "")
                      for g in graders]]

        def cell(value: float | None) -> str:
            return "—" if value is None else f"{value:.0f}%"

        rows = [["Overall (weighted)", *[cell(g.alignment) for g in graders]]]
        for c in results.detail.scorecard.criteria:
            rows.append([c.name, *[cell(g.per_criterion.get(c.name)) for g in graders]])
        tints = [QColor("#eef2ff")] + [None] * (len(rows) - 1)
        self.graders_model.centred_from = 1
        self.graders_model.set_rows(["Alignment with the benchmark", *names], rows, tints,
                                    header_tips=tips)

    def _select(self, row: int) -> None:
        if self.results is None or not 0 <= row < len(self.results.units):
            self.discussion.set_unit(None, consensus=True)
            return
        self.discussion.set_unit(self.results.units[row],
                                 consensus=self.results.detail.benchmark == "consensus")
