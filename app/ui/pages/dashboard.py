"""The Dashboard: how the team is doing, who needs help, and whether a dip is real.

Top to bottom: the period and filters; KPI tiles (value, n, interval, change against the
previous period, target met or missed); for the chosen metric a trend (team line, target,
control limits) beside the agent comparison (each agent's interval against the team
band); then how first reply and resolution times are spread. Everything is computed off
the UI thread (``window.jobs``, reading only); the last request wins.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.metrics import METRICS, RATE_KEYS
from app.analytics.periods import PRESETS, DateRange, preset_range
from app.services import Change
from app.services.metrics import DashboardData, FilterOptions, Scope, dashboard, filter_options
from app.ui.charts.common import ChartCard
from app.ui.charts.comparison_chart import AgentComparisonChart
from app.ui.charts.histogram_chart import HistogramChart, HistogramData
from app.ui.charts.trend_chart import TrendChart
from app.ui.messages import show_error
from app.ui.pages.dashboard_tiles import KpiTile
from app.ui.pages.dashboard_view import TILE_KEYS, comparison_data, tile_view, trend_data
from app.ui.widgets import EmptyState, from_qdate, to_qdate

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CUSTOM = "custom"
ALL = None


WIDE_TILES_WIDTH = 900  # the page's width from which six tiles and two charts share a row


class DashboardPage(QWidget):
    refreshed = Signal()  # the page shows fresh numbers (for tests and tools)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.data: DashboardData | None = None
        self.metric = "csat"
        self._generation = 0
        self._dirty = True
        self._filling = False
        self._options: FilterOptions | None = None
        self._build()
        window.data_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        title = QLabel("Dashboard", objectName="pageTitle")
        self.period_combo = QComboBox()
        for key, label in PRESETS:
            self.period_combo.addItem(label, key)
        self.period_combo.addItem("Custom…", CUSTOM)
        self.period_combo.setCurrentIndex(self.period_combo.findData("last_13_weeks"))
        self.period_combo.setToolTip("Which dates to show")
        today = self.window_.today()
        self.from_edit = QDateEdit(to_qdate(today - timedelta(days=27)), calendarPopup=True)
        self.to_edit = QDateEdit(to_qdate(today), calendarPopup=True)
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.hide()
        self.grain_combo = QComboBox()
        self.grain_combo.addItem("By week", "week")
        self.grain_combo.addItem("By month", "month")
        self.team_combo, self.group_combo, self.channel_combo = (
            QComboBox(), QComboBox(), QComboBox())
        for combo, tip in ((self.team_combo, "One team of the roster"),
                           (self.group_combo, "One ticket group"),
                           (self.channel_combo, "One channel (mail, chat, phone …)")):
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.targets_button = QPushButton("Targets…")
        self.targets_button.setToolTip("Set team-wide and per-agent targets")
        self.settings_button = QPushButton("Escalations…")
        self.settings_button.setToolTip("Which groups and tags count as escalated")
        self.targets_button.clicked.connect(self.edit_targets)
        self.settings_button.clicked.connect(self.edit_settings)

        # The title with the page's buttons, then the filters on a row of their own: in
        # one row they were cut short in a window of the minimum width (960 px).
        title_row = QHBoxLayout()
        title_row.addWidget(title)
        title_row.addStretch(1)
        title_row.addWidget(self.targets_button)
        title_row.addWidget(self.settings_button)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(6)
        for widget in (self.period_combo, self.from_edit, self.to_edit, self.grain_combo,
                       self.team_combo, self.group_combo, self.channel_combo):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.range_label = QLabel(objectName="mutedText")
        self.busy_label = QLabel("Updating…", objectName="mutedText")
        self.busy_label.hide()
        info_row = QHBoxLayout()
        info_row.addWidget(self.range_label, 1)
        info_row.addWidget(self.busy_label)


        self.empty = EmptyState(
            "No tickets yet",
            "The dashboard charts CSAT, first reply and resolution times, SLA and more "
            "from your support platform's ticket exports. Import an export from Zendesk, "
            "Freshdesk, ServiceNow or another tool to begin.")
        self.import_button = self.empty.add_button("Go to Imports", primary=True)
        self.import_button.clicked.connect(lambda: self.window_.show_page("imports"))

        self.scroll: QScrollArea | None = None  # the charts, built when first needed
        self.loading = QLabel("Loading…", objectName="mutedText")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.empty)
        self.filters = QWidget()
        filters_layout = QVBoxLayout(self.filters)
        filters_layout.setContentsMargins(0, 0, 0, 0)
        filters_layout.addLayout(title_row)
        filters_layout.addLayout(toolbar)
        filters_layout.addLayout(info_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)

        for combo in (self.period_combo, self.grain_combo, self.team_combo, self.group_combo,
                      self.channel_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_filters_changed)
        self._fill_filters(FilterOptions([], [], []))
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.refresh)

    def _build_content(self) -> None:
        """The tiles and charts: built on the first data, not at start-up (a dozen plots
        take a second to make, and most sessions start on the Team page)."""
        if self.scroll is not None:
            return
        self.tiles: dict[str, KpiTile] = {}
        tiles = self._tile_grid = QGridLayout()
        tiles.setSpacing(8)
        for key in TILE_KEYS:
            tile = KpiTile(key)
            tile.clicked.connect(self.set_metric)
            self.tiles[key] = tile
        self._tile_columns = 0

        self.trend = TrendChart()
        self.trend_card = ChartCard("Trend", self.trend)
        self.metric_combo = QComboBox()
        for key, info in METRICS.items():
            self.metric_combo.addItem(info.title, key)
        self.metric_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.metric_combo.setMinimumContentsLength(16)
        self.metric_combo.currentIndexChanged.connect(
            lambda: self.set_metric(self.metric_combo.currentData()))
        self.limits_check = QCheckBox("Control limits")
        self.limits_check.setToolTip("Draw p-chart limits (team rate ± 3σ for each period's "
                                     "n): a point outside them is unlikely to be noise")
        self.limits_check.setChecked(True)
        self.limits_check.toggled.connect(self._draw_charts)
        self.trend_card.title_label.hide()  # the metric picker is the title
        self.trend_card.header.insertWidget(0, self.metric_combo)
        self.trend_card.header.insertWidget(1, self.limits_check)
        self.trend_card.header.insertStretch(2, 1)
        self.comparison = AgentComparisonChart()
        self.comparison.agent_clicked.connect(self.open_agent)
        self.comparison_card = ChartCard("Agents", self.comparison, scroll=True)
        # Trend and comparison side by side fit under the tiles on a laptop screen.
        self.trend_card.setFixedHeight(360)
        self.comparison_card.setFixedHeight(360)
        self.trend.setMinimumHeight(160)
        self.first_reply_hist = HistogramChart()
        self.resolution_hist = HistogramChart()
        self.first_reply_card = ChartCard("First reply time, spread", self.first_reply_hist)
        self.resolution_card = ChartCard("Resolution time, spread", self.resolution_hist)
        for card in (self.first_reply_card, self.resolution_card):
            card.setFixedHeight(250)
            card.chart.setMinimumHeight(150)

        charts = self._chart_grid = QGridLayout()
        charts.setSpacing(10)
        self._flow_tiles()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 4, 0)
        content_layout.setSpacing(10)
        content_layout.addLayout(tiles)
        content_layout.addLayout(charts)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        self.stack.insertWidget(0, self.scroll)
        self._select_tile()

    # ------------------------------------------------------------------ requests

    def date_range(self) -> DateRange:
        key = self.period_combo.currentData()
        if key == CUSTOM:
            start, end = from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
            return DateRange(min(start, end), max(start, end))
        return preset_range(key, self.window_.today())

    def scope(self) -> Scope:
        span = self.date_range()
        return Scope(span.start, span.end, team=self.team_combo.currentData(),
                     group=self.group_combo.currentData(),
                     channel=self.channel_combo.currentData())

    def grain(self) -> str:
        return self.grain_combo.currentData()

    def refresh(self) -> None:
        """Recompute in the background; a result that arrives after a newer request is
        dropped."""
        self._dirty = False
        self._generation += 1
        generation = self._generation
        scope, grain = self.scope(), self.grain()
        session_factory = self.window_.database.session_factory
        options = self._options  # the filter lists change only with the data

        def work(progress):
            found = options or filter_options(session_factory)
            progress.check()
            return found, dashboard(session_factory, scope, grain)

        self.busy_label.show()
        job = self.window_.jobs.start(work, title="Dashboard", writes_database=False)
        job.succeeded.connect(lambda result: self._on_result(generation, result))
        job.failed.connect(lambda exc: self._on_failed(generation, exc))

    def _on_result(self, generation: int, result) -> None:
        if generation != self._generation:
            return
        options, data = result
        self.busy_label.hide()
        if options is not self._options:
            self._options = options
            self._fill_filters(options)
        self.data = data
        self.filters.setVisible(data.has_data)
        if data.has_data:
            self._build_content()
            self.stack.setCurrentWidget(self.scroll)
            self._draw()
        else:
            self.stack.setCurrentWidget(self.empty)
        self.refreshed.emit()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy_label.hide()
            show_error(self, "Dashboard", exc)

    def _on_filters_changed(self) -> None:
        if self._filling:
            return
        custom = self.period_combo.currentData() == CUSTOM
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self.refresh()

    def _on_data_changed(self, changes, origin) -> None:
        if changes & {Change.TICKETS, Change.ROSTER, Change.DATABASE}:
            self._dirty = True
            self._options = None
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._flow_tiles()

    def _flow_tiles(self) -> None:
        """Six tiles a row and the charts two by two; when the page is narrow (a window
        near its minimum width) four tiles a row and one chart under the other, which
        would otherwise be cut off at the right."""
        if not hasattr(self, "_chart_grid"):  # the tiles are made with the first data
            return
        columns = 6 if self.width() >= WIDE_TILES_WIDTH else 4
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for tile in self.tiles.values():
            self._tile_grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self._tile_grid.addWidget(tile, index // columns, index % columns)
        cards = (self.trend_card, self.comparison_card, self.first_reply_card,
                 self.resolution_card)
        for card in cards:
            self._chart_grid.removeWidget(card)
        side_by_side = columns == 6
        for index, card in enumerate(cards):
            if side_by_side:
                self._chart_grid.addWidget(card, index // 2, index % 2)
            else:
                self._chart_grid.addWidget(card, index, 0)
        self._chart_grid.setColumnStretch(0, 3)
        self._chart_grid.setColumnStretch(1, 2 if side_by_side else 0)

    def _fill_filters(self, options: FilterOptions) -> None:
        self._filling = True
        for combo, everything, names in ((self.team_combo, "All teams", options.teams),
                                         (self.group_combo, "All groups", options.groups),
                                         (self.channel_combo, "All channels",
                                          options.channels)):
            current = combo.currentData()
            combo.clear()
            combo.addItem(everything, ALL)
            for name in names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self._filling = False

    # ------------------------------------------------------------------ drawing

    def _draw(self) -> None:
        data = self.data
        assert data is not None
        current = data.current
        solved = current.totals["tickets_solved"].count
        created = current.totals["tickets_created"].count
        self.range_label.setText(
            f"{DateRange(data.scope.start, data.scope.end).label()}  ·  compared with "
            f"{DateRange(data.previous_scope.start, data.previous_scope.end).label()}  ·  "
            f"{created:,} tickets created, {solved:,} solved")
        for key, tile in self.tiles.items():
            tile.set_view(tile_view(key, current.totals[key], data.previous.get(key),
                                    data.targets.get(key)))
        for chart, card, key in ((self.first_reply_hist, self.first_reply_card,
                                  "first_reply_minutes"),
                                 (self.resolution_hist, self.resolution_card,
                                  "full_resolution_minutes")):
            histogram = data.histograms[key]
            chart.set_data(HistogramData(METRICS[key].title, histogram.edges,
                                         histogram.counts))
            card.note_label.setText(f"{histogram.n:,} tickets in the period")
        self._draw_charts()

    def _draw_charts(self) -> None:
        data = self.data
        if data is None or self.scroll is None:
            return
        key = self.metric
        info = METRICS[key]
        target = data.targets.get(key)
        self.trend.set_data(trend_data(key, data.current, data.target_series[key],
                                       target=target,
                                       show_limits=self.limits_check.isChecked()))
        self.limits_check.setEnabled(key in RATE_KEYS)
        by = "week" if data.grain == "week" else "month"
        self.trend_card.set_title(
            "Trend", f"By {by}. "
            + (f"Red dashes: target {target.describe()}. " if target else "No target set. ")
            + ("Dotted: control limits (a red point lies outside: unlikely to be noise). "
               if key in RATE_KEYS and self.limits_check.isChecked() else "")
            + "Hollow: fewer than 20 behind it. Hover for exact values.")
        comparison = comparison_data(key, data.current)
        self.comparison.set_data(comparison)
        note = ("Bars: each agent's 95% interval; blue band: the team. Red = clearly worse "
                "than the team, green = clearly better. Click an agent to open them.")
        if info.kind not in ("rate", "score"):
            note = "Blue line: the team. Click an agent to open their profile."
        self.comparison_card.set_title(f"Agents — {info.short or info.title}", note)

    # ------------------------------------------------------------------ actions

    def set_metric(self, key: str | None) -> None:
        if not key or key not in METRICS:
            return
        self.metric = key
        if self.scroll is None:
            return
        self._select_tile()
        self.metric_combo.blockSignals(True)
        self.metric_combo.setCurrentIndex(self.metric_combo.findData(key))
        self.metric_combo.blockSignals(False)
        self._draw_charts()

    def _select_tile(self) -> None:
        for key, tile in self.tiles.items():
            tile.set_selected(key == self.metric)

    def open_agent(self, agent_id: int) -> None:
        """Open the agent's profile on the Team page, at the Metrics tab."""
        self.window_.show_page("team")
        team = self.window_.team_page
        if team.reveal_agent(agent_id):
            tabs = team.profile.tabs
            for index in range(tabs.count()):
                if tabs.tabText(index) == "Metrics":
                    tabs.setCurrentIndex(index)

    def edit_targets(self) -> None:
        from app.ui.dialogs.targets_dialog import TargetsDialog

        dialog = TargetsDialog(self.window_.database.session_factory, self.window_.today(),
                               self)
        dialog.exec()
        if dialog.changed:
            self.window_.notify({Change.TICKETS}, origin=self)
            self.refresh()

    def edit_settings(self) -> None:
        from app.ui.dialogs.metric_settings_dialog import MetricSettingsDialog

        dialog = MetricSettingsDialog(self.window_.database.session_factory, self)
        if dialog.exec():
            self.window_.notify({Change.TICKETS}, origin=self)
            self.refresh()

    def wait_until_drawn(self, timeout_s: float = 20.0) -> bool:
        """Process events until the background computation has been drawn (for
        screenshots and scripts; the window itself never waits)."""
        import time

        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + timeout_s
        while (self._dirty or self.busy_label.isVisible()) and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        return not self.busy_label.isVisible()

    def focus_default(self) -> None:
        self.period_combo.setFocus(Qt.FocusReason.OtherFocusReason)


