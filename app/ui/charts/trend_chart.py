"""A metric over time: the main line (team or agent), an optional comparison line (the
team, on an agent's tab), the target as a dashed step line and, for rates, p-chart
control limits around the team rate. Periods without data leave a gap, never a zero;
points with few ratings are drawn hollow and grey. Hovering shows the exact value and n.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip

from app.ui.charts.common import BLUE, DARK_GREY, GREY, RED, ValueAxis, style_plot

LIMIT = "#64748b"


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "3 Nov" / "Nov '26": the axis label
    period: str  # "week of 3 Nov 2026": the hover text
    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    few: bool = False
    compare: float | None = None  # the team's value beside an agent's
    target: float | None = None
    limits: tuple[float, float] | None = None  # p-chart limits around the team rate


@dataclass(frozen=True)
class TrendData:
    title: str
    points: list[TrendPoint]
    format: Callable[[float | None], str]
    main_label: str = "Team"
    compare_label: str = "Team"
    target_text: str = ""  # "≥ 85%"
    y_floor: float | None = 0.0
    y_ceiling: float | None = None
    show_limits: bool = False
    extra: dict = field(default_factory=dict)


class TrendChart(pg.PlotWidget):
    def __init__(self, parent=None, *, compact: bool = False) -> None:
        self.value_axis = ValueAxis()
        super().__init__(parent, axisItems={"left": self.value_axis})
        style_plot(self)
        self._compact = compact
        self.setMinimumHeight(120 if compact else 220)
        self.getAxis("left").setWidth(48 if compact else 58)
        self.data: TrendData | None = None
        self.limit_curves = [self.plot([], [], pen=pg.mkPen(LIMIT, width=1.3,
                                                             style=Qt.PenStyle.DotLine),
                                       connect="finite") for _ in range(2)]
        self.target_curve = self.plot([], [], pen=pg.mkPen(RED, width=1.4,
                                                          style=Qt.PenStyle.DashLine),
                                      connect="finite", stepMode=None)
        self.compare_curve = self.plot([], [], pen=pg.mkPen(GREY, width=1.8),
                                       connect="finite")
        self.curve = self.plot([], [], pen=pg.mkPen(BLUE, width=2.2), connect="finite")
        self.scatter = pg.ScatterPlotItem()
        self.addItem(self.scatter)
        self.no_data = pg.TextItem("no data for this period", color=DARK_GREY, anchor=(0.5, 0.5))
        self.addItem(self.no_data)
        self.no_data.hide()
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.hovered: int | None = None

    def set_data(self, data: TrendData) -> None:
        self.data = data
        self.value_axis.formatter = lambda v: data.format(v) if v is not None else ""
        points = data.points
        xs = list(range(len(points)))

        def ys(values):
            return [math.nan if v is None else v for v in values]

        self.curve.setData(xs, ys(p.value for p in points))
        self.compare_curve.setData(xs, ys(p.compare for p in points))
        # The target as steps: flat across each period, changing where a new one starts.
        tx, ty = [], []
        for x, p in zip(xs, points):
            value = math.nan if p.target is None else p.target
            tx += [x - 0.5, x + 0.5]
            ty += [value, value]
        self.target_curve.setData(tx, ty)
        show_limits = data.show_limits and any(p.limits for p in points)
        for side, curve in enumerate(self.limit_curves):
            curve.setData(xs, ys((p.limits[side] if p.limits else None) for p in points)
                          if show_limits else [])
        spots = []
        for x, p in zip(xs, points):
            if p.value is None:
                continue
            outside = show_limits and p.limits and not p.limits[0] <= p.value <= p.limits[1]
            colour = RED if outside else (GREY if p.few else BLUE)
            spots.append({"pos": (x, p.value), "size": 7 if self._compact else 8,
                          "pen": pg.mkPen(colour, width=1.5),
                          "brush": pg.mkBrush("w" if p.few else colour)})
        self.scatter.setData(spots)
        labels = [(x, p.label) for x, p in zip(xs, points)]
        step = max(1, math.ceil(len(labels) / (3 if self._compact else 7)))
        self.getAxis("bottom").setTicks([labels[::-1][::step][::-1]])
        self.setXRange(-0.6, max(len(points) - 0.4, 0.6), padding=0)
        values = [v for p in points for v in (p.value, p.compare, p.target) if v is not None]
        if show_limits:
            values += [v for p in points if p.limits for v in p.limits]
        if values:
            low, high = min(values), max(values)
            span = max(high - low, abs(high) * 0.1, 1.0)
            low, high = low - span * 0.15, high + span * 0.15
            if data.y_floor is not None:
                low = max(low, data.y_floor)
            if data.y_ceiling is not None:
                high = min(high, data.y_ceiling)
            self.setYRange(low, high, padding=0)
            self.no_data.hide()
        else:
            self.setYRange(0, 1, padding=0)
            self.no_data.setPos((len(points) - 1) / 2 if points else 0, 0.5)
            self.no_data.show()

    # -------------------------------------------------------------------- hover

    def hover_text(self, index: int) -> str:
        """What hovering over a period shows: exact value, n, interval, team, target."""
        data = self.data
        if data is None or not 0 <= index < len(data.points):
            return ""
        p = data.points[index]
        lines = [p.period]
        if p.value is None:
            lines.append(f"{data.main_label}: no data")
        else:
            text = f"{data.main_label}: {data.format(p.value)}  (n = {p.n:,})"
            if p.low is not None and p.high is not None:
                text += f"\n95% interval {data.format(p.low)} – {data.format(p.high)}"
            if p.few:
                text += "\nfew ratings: read with care"
            lines.append(text)
        if p.compare is not None:
            lines.append(f"{data.compare_label}: {data.format(p.compare)}")
        if p.target is not None and data.target_text:
            lines.append(f"Target {data.target_text}")
        if data.show_limits and p.limits:
            lines.append(f"Control limits {data.format(p.limits[0])} – "
                         f"{data.format(p.limits[1])}")
        return "\n".join(lines)

    def _on_mouse_moved(self, position: QPointF) -> None:
        if self.data is None or not self.data.points:
            return
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(position):
            self.hovered = None
            return
        x = view.mapSceneToView(position).x()
        index = min(max(round(x), 0), len(self.data.points) - 1)
        if index != self.hovered:
            self.hovered = index
            QToolTip.showText(QCursor.pos(), self.hover_text(index), self)

    # -------------------------------------------------------------------- table

    def table_rows(self) -> list[list[str]]:
        data = self.data
        if data is None:
            return []
        header = ["Period", data.main_label, "n", "95% low", "95% high"]
        has_compare = any(p.compare is not None for p in data.points)
        if has_compare:
            header.append(data.compare_label)
        header.append("Target")
        rows = [header]
        for p in data.points:
            row = [p.period, _num(p.value), str(p.n), _num(p.low), _num(p.high)]
            if has_compare:
                row.append(_num(p.compare))
            row.append(_num(p.target))
            rows.append(row)
        return rows


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
