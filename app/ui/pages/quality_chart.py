"""IQS over time (pyqtgraph): one point per week or month, the pass threshold as a line.

Periods without final reviews leave a gap rather than a made-up zero; each point's
tooltip-like label under the axis says the period, and the point size grows a little with
the number of reviews behind it, so a mean of two reviews does not look like one of forty.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services.quality_report import TrendPoint

LINE = QColor("#2563eb")
THRESHOLD = QColor("#b42318")


class IqsTrendChart(pg.PlotWidget):
    def __init__(self, parent=None, *, compact: bool = False) -> None:
        super().__init__(parent, background="w")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
        self.setYRange(0, 100, padding=0.04)
        axis_pen = pg.mkPen("#6b7280")
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(axis_pen)
            axis.setTextPen(axis_pen)
        self.getAxis("left").setTicks([[(v, f"{v}%") for v in (0, 25, 50, 75, 100)]])
        self.getAxis("left").setWidth(38)
        self.setMinimumHeight(110 if compact else 180)
        if compact:
            self.setMaximumHeight(150)
        self._compact = compact
        self.points: list[TrendPoint] = []
        # No InfLineLabel on the line: with PySide6 6.12 it crashed the interpreter at exit
        # (bool_dealloc) after the chart was painted; the threshold is named on the axis.
        self.threshold_line = pg.InfiniteLine(
            angle=0, movable=False,
            pen=pg.mkPen(THRESHOLD, width=1.2, style=Qt.PenStyle.DashLine))
        self.addItem(self.threshold_line)
        self.curve = self.plot([], [], pen=pg.mkPen(LINE, width=2), connect="finite")
        self.scatter = pg.ScatterPlotItem(brush=pg.mkBrush(LINE), pen=pg.mkPen("w"))
        self.addItem(self.scatter)

    def set_trend(self, points: list[TrendPoint], threshold: float, unit: str) -> None:
        self.points = list(points)
        self.threshold_line.setValue(threshold)
        ticks = [(v, f"{v}%") for v in (0, 25, 50, 75, 100) if abs(v - threshold) >= 13]
        self.getAxis("left").setTicks([ticks + [(threshold, f"pass {threshold:g}")]])
        self.getAxis("left").setWidth(58)
        xs = list(range(len(points)))
        ys = [p.iqs if p.iqs is not None else math.nan for p in points]
        self.curve.setData(xs, ys)
        spots = [{"pos": (x, p.iqs), "size": 5 + min(p.reviews, 20) ** 0.5 * 2}
                 for x, p in zip(xs, points) if p.iqs is not None]
        self.scatter.setData(spots)
        labels = [(x, _label(p, unit)) for x, p in zip(xs, points)]
        step = max(1, math.ceil(len(labels) / (3 if self._compact else 12)))
        self.getAxis("bottom").setTicks([labels[::step]])
        self.setXRange(-0.5, max(len(points) - 0.5, 0.5), padding=0)


def _label(point: TrendPoint, unit: str) -> str:
    return point.start.strftime("%b '%y") if unit == "month" else point.start.strftime("%d %b")
