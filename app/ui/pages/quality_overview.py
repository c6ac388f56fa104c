"""The Quality page's Overview tab: IQS and pass rate for the period, the trend with the
pass threshold, IQS per agent and the per-criterion breakdown (which criteria fail most,
and for whom)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.quality_report import QualityOverview
from app.ui.models.review_model import (
    CRITERION_COLUMNS,
    RECORD_ROLE,
    SORT_ROLE,
    RecordTableModel,
    agent_columns,
    percent,
)
from app.ui.pages.quality_chart import IqsTrendChart
from app.ui.sizing import WrappingLabel
from app.ui.widgets import ResizingTableView, fit_table_columns


def make_table(model: RecordTableModel, sort_column: int = 0,
               order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> QTableView:
    """A read-only, sortable table in the house style."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = ResizingTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def record_at(table: QTableView, row: int | None = None):
    if row is None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(RECORD_ROLE)
    return table.model().index(row, 0).data(RECORD_ROLE)


class Figure(QFrame):
    """A headline number with its caption, e.g. "IQS 82% · 198 reviews"."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.value_label = QLabel("—")
        self.value_label.setStyleSheet("font-size: 20pt; font-weight: 600;")
        # One line, or two when the row of figures is short of room (team captions,
        # "Tier 1 Support · 34 reviews", were cut at 960 px).
        self.caption_label = WrappingLabel(caption, objectName="mutedText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setStyleSheet("QFrame#figureCard { background: white; border: 1px solid #d7dae0;"
                           " border-radius: 6px; }")

    def set(self, value: str, caption: str, colour: str | None = None) -> None:
        self.value_label.setText(value)
        self.value_label.setStyleSheet("font-size: 20pt; font-weight: 600;"
                                       + (f" color: {colour};" if colour else ""))
        self.caption_label.setText(caption)


class QualityOverviewTab(QWidget):
    agent_activated = Signal(int)  # agent id: show their reviews

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._threshold = 85.0
        self.iqs_figure = Figure("IQS")
        self.pass_figure = Figure("pass rate")
        self.team_figures = QHBoxLayout()
        self.team_figures.setSpacing(8)
        figures = QHBoxLayout()
        figures.setSpacing(8)
        figures.addWidget(self.iqs_figure)
        figures.addWidget(self.pass_figure)
        figures.addLayout(self.team_figures)
        figures.addStretch(1)
        self.chart = IqsTrendChart()
        self.chart_title = QLabel("IQS trend", objectName="sectionTitle")

        self.agent_model = RecordTableModel(agent_columns(lambda: self._threshold), self)
        self.agent_table = make_table(self.agent_model, 2, Qt.SortOrder.AscendingOrder)
        self.agent_table.setToolTip("Double-click an agent to see their reviews")
        self.criterion_model = RecordTableModel(CRITERION_COLUMNS, self)
        self.criterion_table = make_table(self.criterion_model, 1)
        self.criterion_note = QLabel(
            "Real criterion scores: an auto-fail zeroes the review, not its criteria.",
            objectName="mutedText")
        self.criterion_note.setWordWrap(True)

        agents_box = QWidget()
        agents_layout = QVBoxLayout(agents_box)
        agents_layout.setContentsMargins(0, 0, 0, 0)
        agents_layout.addWidget(QLabel("By agent", objectName="sectionTitle"))
        agents_layout.addWidget(self.agent_table, 1)
        criteria_box = QWidget()
        criteria_layout = QVBoxLayout(criteria_box)
        criteria_layout.setContentsMargins(0, 0, 0, 0)
        criteria_layout.addWidget(QLabel("By criterion (lowest first)", objectName="sectionTitle"))
        criteria_layout.addWidget(self.criterion_table, 1)
        criteria_layout.addWidget(self.criterion_note)
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(agents_box)
        tables.addWidget(criteria_box)
        tables.setChildrenCollapsible(False)
        tables.setHandleWidth(12)
        tables.setSizes([560, 520])
        tables.setMinimumHeight(150)  # a header and a few rows

        # Chart above, tables below, in a splitter: at 960x600 the chart's fixed share
        # left the tables one or two rows; now the chart gives way down to 110 px and
        # the manager can drag the line between them.
        trend_box = QWidget()
        trend_layout = QVBoxLayout(trend_box)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        trend_layout.addWidget(self.chart_title)
        trend_layout.addWidget(self.chart, 1)
        self.chart.setMinimumHeight(110)
        self.sections = QSplitter(Qt.Orientation.Vertical)
        self.sections.addWidget(trend_box)
        self.sections.addWidget(tables)
        self.sections.setChildrenCollapsible(False)
        self.sections.setHandleWidth(10)
        self.sections.setStretchFactor(0, 1)
        self.sections.setStretchFactor(1, 2)
        self.sections.setSizes([200, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(figures)
        layout.addWidget(self.sections, 1)
        self.agent_table.doubleClicked.connect(self._on_agent_double_clicked)
        # Refit when a table's width changes (the window, or either splitter, moved).
        self.agent_table.resized.connect(self._fit_columns)
        self.criterion_table.resized.connect(self._fit_columns)

    def show_overview(self, overview: QualityOverview) -> None:
        self._threshold = overview.threshold
        colour = None
        if overview.iqs is not None:
            colour = "#2e7d32" if overview.iqs >= overview.threshold else "#b42318"
        self.iqs_figure.set(percent(overview.iqs),
                            f"IQS · {overview.reviews} review{'s' if overview.reviews != 1 else ''}"
                            f" · pass at {overview.threshold:g}%", colour)
        self.pass_figure.set(percent(overview.pass_rate), "of reviews passed")
        while self.team_figures.count():
            item = self.team_figures.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone now, not only at the next event loop turn
                widget.setParent(None)
                widget.deleteLater()
        if len(overview.per_team) > 1:
            for team, (value, n) in overview.per_team.items():
                figure = Figure(team)
                figure.set(percent(value), f"{team} · {n} reviews")
                self.team_figures.addWidget(figure)
        self.chart_title.setText(f"IQS by {overview.trend_unit}")
        self.chart.set_trend(overview.trend, overview.threshold, overview.trend_unit)
        self.agent_model.set_records(overview.per_agent)
        self.criterion_model.set_records(overview.per_criterion)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit the tables to their width (names elide, tooltips keep them whole)."""
        # On a small window, columns give way before a table scrolls sideways: the team
        # and the weakest criterion of the agents (their reviews tell both), the count
        # below 50% and the lowest agents of the criteria.
        if not fit_table_columns(self.agent_table, text_columns=(0, 1, 5), shrink_last=(0,),
                                 give_way=(1, 5)):
            self.agent_table.resizeColumnsToContents()
        if not fit_table_columns(self.criterion_table, text_columns=(0, 4), shrink_last=(0,),
                                 give_way=(3, 4)):
            self.criterion_table.resizeColumnsToContents()

    def _on_agent_double_clicked(self, index) -> None:
        record = record_at(self.agent_table, index.row())
        if record is not None:
            self.agent_activated.emit(record.agent_id)
