"""The agent profile's Metrics tab: the agent's trends against the team and their targets.

Small charts stacked in a scroll area (the profile panel is narrow): the agent's line in
blue, the team's in grey, the target dashed red. Computed in the background; the team's
series is kept between agents, since clicking through the roster does not change it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.analytics.metrics import METRICS, few, format_value, meets
from app.analytics.periods import add_months, week_start
from app.services import Change
from app.services.metrics import AgentTrends, MetricReport, agent_trends
from app.services.roster import AgentRow
from app.ui.charts.common import ChartCard
from app.ui.charts.trend_chart import TrendChart
from app.ui.messages import show_error
from app.ui.pages.dashboard_view import trend_data

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

TAB_METRICS = ("csat", "first_reply_minutes", "full_resolution_minutes", "sla", "fcr",
               "reopen_rate", "tickets_solved")
# (label, months or weeks back, grain): by month by default, since one agent's week holds
# few ratings and weekly points would mostly be noise.
RANGES = (("Last 12 months, by month", 12, "month"), ("Last 6 months, by month", 6, "month"),
          ("Last 13 weeks, by week", 13, "week"))


class AgentMetricsTab(QWidget):
    refreshed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.agent: AgentRow | None = None
        self.trends: AgentTrends | None = None
        self._team: MetricReport | None = None
        self._generation = 0
        self._dirty = False
        self.range_combo = QComboBox()
        for label, weeks, grain in RANGES:
            self.range_combo.addItem(label, (weeks, grain))
        self.range_combo.currentIndexChanged.connect(self.refresh)
        legend = QLabel('<span style="color:#2563eb">━ agent</span>&nbsp;&nbsp;'
                        '<span style="color:#9ca3af">━ team</span>&nbsp;&nbsp;'
                        '<span style="color:#b42318">╌ target</span>')
        self.busy_label = QLabel("Updating…", objectName="mutedText")
        self.busy_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.range_combo, 1)
        top.addWidget(self.busy_label)
        legend_row = QHBoxLayout()
        legend_row.addWidget(legend)
        legend_row.addStretch(1)

        self.charts: dict[str, TrendChart] = {}
        self.cards: dict[str, ChartCard] = {}
        column = QWidget()
        self._column_layout = QVBoxLayout(column)
        self._column_layout.setContentsMargins(0, 0, 4, 0)
        self._column_layout.setSpacing(8)
        self._column_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(column)
        self.message = QLabel("", objectName="mutedText")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 4)
        layout.addLayout(top)
        layout.addLayout(legend_row)
        layout.addWidget(self.stack, 1)
        window.data_changed.connect(self._on_data_changed)

    def _build_charts(self) -> None:
        """The small charts, made on the first result rather than at start-up."""
        if self.charts:
            return
        for index, key in enumerate(TAB_METRICS):
            chart = TrendChart(compact=True)
            chart.setFixedHeight(130)
            card = ChartCard(METRICS[key].short or METRICS[key].title, chart)
            card.save_button.setText("PNG…")
            card.copy_button.setText("Copy")
            self.charts[key], self.cards[key] = chart, card
            self._column_layout.insertWidget(index, card)

    def show_agent(self, row: AgentRow | None) -> None:
        self.agent = row
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_data_changed(self, changes, origin) -> None:
        if changes & {Change.TICKETS, Change.ROSTER, Change.DATABASE}:
            self._team = None
            self._dirty = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self._generation += 1
        if self.agent is None:
            return
        generation = self._generation
        back, grain = self.range_combo.currentData()
        today = self.window_.today()
        if grain == "month":
            start = add_months(today.replace(day=1), -(back - 1))
        else:
            start = week_start(today) - timedelta(weeks=back - 1)
        agent_id, team = self.agent.id, self._team
        session_factory = self.window_.database.session_factory
        self.busy_label.show()
        job = self.window_.jobs.start(
            lambda progress: agent_trends(session_factory, agent_id, start, today, grain,
                                          team=team),
            title="Agent metrics", writes_database=False)
        job.succeeded.connect(lambda result: self._on_result(generation, result))
        job.failed.connect(lambda exc: self._on_failed(generation, exc))

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.busy_label.hide()
            show_error(self, "Agent metrics", exc)

    def _on_result(self, generation: int, trends: AgentTrends) -> None:
        if generation != self._generation:
            return
        self.busy_label.hide()
        self.trends = trends
        self._team = trends.team
        agent_tickets = (trends.agent.totals["tickets_solved"].count
                         + trends.agent.totals["tickets_created"].count)
        if not agent_tickets:
            self.message.setText(f"No tickets for {trends.agent_name} in this period. "
                                 "Tickets are matched to agents by the names in the "
                                 "export; check their aliases on the Profile tab.")
            self.stack.setCurrentIndex(1)
        else:
            self.stack.setCurrentIndex(0)
        self._build_charts()
        for key in TAB_METRICS:
            self._draw(key, trends)
        self.refreshed.emit()

    def _draw(self, key: str, trends: AgentTrends) -> None:
        target = trends.targets.get(key)
        data = trend_data(key, trends.agent, trends.target_series[key],
                          compare=trends.team, main_label=trends.agent_name, target=target)
        self.charts[key].set_data(data)
        stat = trends.agent.totals[key]
        team = trends.team.totals[key]
        info = METRICS[key]
        parts = [f"{format_value(key, stat.value)}"]
        if info.kind != "count":
            parts[0] += f" (n {stat.n:,})" + (", few" if few(stat) else "")
        parts.append(f"team {format_value(key, team.value)}")
        if target:
            verdict = meets(stat.value, target.comparator, target.value)
            parts.append(f"target {target.describe()}"
                         + {True: " ✓", False: " ✗"}.get(verdict, ""))
        self.cards[key].set_title(info.short or info.title, " · ".join(parts))
