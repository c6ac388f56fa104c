"""Agent comparison: one row per agent, their value with its 95% interval, and the team
value as a line inside a shaded band (the team's own interval).

Rows are sorted worst first. An agent is marked only when their whole interval lies on one
side of the team value (red when worse, green when better); an agent who merely *looks*
lower but whose interval reaches the team value stays neutral. Few ratings draw hollow.
Clicking a row emits ``agent_clicked(agent_id)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QFontMetrics
from PySide6.QtWidgets import QToolTip

from app.ui.charts.common import BAND, BLUE, DARK_GREY, GREEN, GREY, RED, style_plot

ROW_HEIGHT = 21


@dataclass(frozen=True)
class ComparisonRow:
    agent_id: int | None
    name: str
    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    few: bool = False
    position: str | None = None  # below / above / within the team value


@dataclass(frozen=True)
class ComparisonData:
    title: str
    rows: list[ComparisonRow]
    team_value: float | None
    team_low: float | None
    team_high: float | None
    format: Callable[[float | None], str]
    higher_is_better: bool = True


class NameAxis(pg.AxisItem):
    def __init__(self) -> None:
        super().__init__("left")
        self.names: dict[int, str] = {}

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        return [self.names.get(round(v), "") for v in values]


class AgentComparisonChart(pg.PlotWidget):
    agent_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        self.name_axis = NameAxis()
        super().__init__(parent, axisItems={"left": self.name_axis})
        style_plot(self)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.12)
        self.name_axis.setWidth(140)
        # Every agent's name, however many rows: pyqtgraph drops labels past a fill limit.
        self.name_axis.setStyle(hideOverlappingLabels=False, textFillLimits=[(0, 1.0)])
        self.setMinimumHeight(160)
        self.data: ComparisonData | None = None
        self.shown: list[ComparisonRow] = []
        self.band = pg.LinearRegionItem(orientation="vertical", movable=False,
                                        brush=pg.mkBrush(BAND), pen=pg.mkPen(None))
        self.addItem(self.band)
        self.team_line = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(BLUE, width=1.6))
        self.addItem(self.team_line)
        self.bars = pg.ErrorBarItem(x=np.array([]), y=np.array([]), pen=pg.mkPen(GREY, width=2))
        self.addItem(self.bars)
        self.scatter = pg.ScatterPlotItem()
        self.addItem(self.scatter)
        self.scene().sigMouseClicked.connect(self._on_click)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_data(self, data: ComparisonData) -> None:
        self.data = data
        with_value = [r for r in data.rows if r.value is not None]
        without = [r for r in data.rows if r.value is None]
        # Worst first: who may need help is at the top, without scrolling.
        with_value.sort(key=lambda r: r.value, reverse=not data.higher_is_better)
        self.shown = with_value + without
        count = len(self.shown)
        ys = {index: count - 1 - index for index in range(count)}  # first row on top
        self.name_axis.names = {ys[i]: _short(r) for i, r in enumerate(self.shown)}
        self.name_axis.setTicks([[(ys[i], _short(r)) for i, r in enumerate(self.shown)]])
        # Wide enough for the longest name: pyqtgraph leaves out a label that would not fit.
        metrics = QFontMetrics(self.name_axis.style.get("tickFont") or self.font())
        widest = max((metrics.horizontalAdvance(_short(r)) for r in self.shown), default=60)
        self.name_axis.setWidth(min(widest + 24, 220))
        bars = [(ys[i], r) for i, r in enumerate(self.shown)
                if r.low is not None and r.high is not None]
        if bars:
            self.bars.setData(x=np.array([(r.low + r.high) / 2 for _, r in bars]),
                              y=np.array([float(y) for y, _ in bars]),
                              width=np.array([r.high - r.low for _, r in bars]), beam=0.25)
        else:
            self.bars.setData(x=np.array([]), y=np.array([]), width=np.array([]))
        spots = []
        for i, r in enumerate(self.shown):
            if r.value is None:
                continue
            colour = self._colour(r)
            spots.append({"pos": (r.value, ys[i]), "size": 9, "data": i,
                          "pen": pg.mkPen(colour, width=1.6),
                          "brush": pg.mkBrush("w" if r.few else colour)})
        self.scatter.setData(spots)
        if data.team_value is not None:
            self.team_line.setValue(data.team_value)
            self.team_line.show()
        else:
            self.team_line.hide()
        if data.team_low is not None and data.team_high is not None:
            self.band.setRegion((data.team_low, data.team_high))
            self.band.show()
        else:
            self.band.hide()
        xs = [v for r in self.shown for v in (r.value, r.low, r.high) if v is not None]
        if data.team_value is not None:
            xs.append(data.team_value)
        if xs:
            low, high = min(xs), max(xs)
            span = max(high - low, 1.0)
            self.setXRange(low - span * 0.05, high + span * 0.05, padding=0)
        self.setYRange(-0.8, max(count + 0.2, 0.3), padding=0)
        self.setMinimumHeight(max(160, count * ROW_HEIGHT + 40))

    def _colour(self, row: ComparisonRow):
        if row.few:
            return GREY
        worse = "below" if self.data and self.data.higher_is_better else "above"
        if row.position == worse:
            return RED
        if row.position in ("below", "above"):
            return GREEN
        return DARK_GREY

    def row_at(self, y: float) -> ComparisonRow | None:
        index = len(self.shown) - 1 - round(y)
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def _on_click(self, event) -> None:
        view = self.getPlotItem().vb
        position = event.scenePos()
        if not self.sceneBoundingRect().contains(position):
            return
        row = self.row_at(view.mapSceneToView(position).y())
        if row is not None and row.agent_id is not None:
            self.agent_clicked.emit(row.agent_id)

    def _on_mouse_moved(self, position: QPointF) -> None:
        row = self.row_at(self.getPlotItem().vb.mapSceneToView(position).y())
        if row is not None:
            QToolTip.showText(QCursor.pos(), self.hover_text(row), self)

    def hover_text(self, row: ComparisonRow) -> str:
        data = self.data
        if data is None:
            return ""
        fmt = data.format
        lines = [row.name]
        if row.value is None:
            lines.append("no data")
        else:
            lines.append(f"{fmt(row.value)}  (n = {row.n:,})")
            if row.low is not None:
                lines.append(f"95% interval {fmt(row.low)} – {fmt(row.high)}")
        if data.team_value is not None:
            lines.append(f"Team {fmt(data.team_value)}")
        verdict = {"below": "interval wholly below the team",
                   "above": "interval wholly above the team",
                   "within": "not clearly different from the team"}.get(row.position or "")
        if row.few:
            verdict = "few ratings: too few to judge"
        if verdict:
            lines.append(verdict)
        if row.agent_id is not None:
            lines.append("Click to open their profile")
        return "\n".join(lines)

    def table_rows(self) -> list[list[str]]:
        if self.data is None:
            return []
        rows = [["Agent", "Value", "n", "95% low", "95% high", "Against team"]]
        for r in self.shown:
            rows.append([r.name, _num(r.value), str(r.n), _num(r.low), _num(r.high),
                         r.position or ""])
        rows.append(["Team", _num(self.data.team_value), "", _num(self.data.team_low),
                     _num(self.data.team_high), ""])
        return rows


def _short(row: ComparisonRow) -> str:
    name = row.name if len(row.name) <= 18 else row.name[:17] + "…"
    return f"{name} ({row.n})"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
