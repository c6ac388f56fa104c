"""Calibration charts (pyqtgraph): each grader's total per conversation against the
benchmark, and the history of alignment and alpha across sessions."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services.calibration_results import HistoryPoint

PALETTE = ("#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d",
           "#9333ea", "#ea580c", "#0f766e")
BENCHMARK = QColor("#111827")
AXIS = "#6b7280"


def _style(plot: pg.PlotWidget, left_ticks: list[tuple[float, str]]) -> None:
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.getPlotItem().showGrid(x=False, y=True, alpha=0.15)
    pen = pg.mkPen(AXIS)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pen)
        axis.setTextPen(pen)
    plot.getAxis("left").setTicks([left_ticks])
    plot.getAxis("left").setWidth(44)


class _PercentChart(pg.PlotWidget):
    """0–100 % on the left axis, with headroom above 100 % that keeps the legend (one
    row across the top) off the data."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="w")
        _style(self, [(v, f"{v}%") for v in (0, 25, 50, 75, 100)])
        self.setYRange(-4, 122, padding=0)
        self.setMinimumHeight(220)
        self.legend = self.addLegend(offset=(50, 2), labelTextSize="10pt",
                                     colCount=5)


class TotalsChart(_PercentChart):
    """One line of dots per grader over the conversations; the benchmark in black."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.series: dict[str, list[float | None]] = {}

    def set_totals(self, conversations: list[str], totals: dict[str, list[float | None]],
                   benchmark: list[float | None]) -> None:
        self.clear()
        self.legend.clear()
        self.series = dict(totals)
        xs = list(range(len(conversations)))
        count = max(len(totals), 1)
        for index, (name, values) in enumerate(totals.items()):
            color = QColor(PALETTE[index % len(PALETTE)])
            # Nudge each grader sideways a little so equal totals do not hide each other.
            shift = (index - (count - 1) / 2) * 0.06
            ys = [math.nan if v is None else v for v in values]
            self.plot([x + shift for x in xs], ys, pen=pg.mkPen(color, width=1.5),
                      symbol="o", symbolSize=10, symbolBrush=color, symbolPen="w", name=name,
                      connect="finite")
        ys = [math.nan if v is None else v for v in benchmark]
        self.plot(xs, ys, pen=pg.mkPen(BENCHMARK, width=2.5, style=Qt.PenStyle.DashLine),
                  symbol="s", symbolSize=12, symbolBrush=BENCHMARK, name="Benchmark",
                  connect="finite")
        self.getAxis("bottom").setTicks([list(zip(xs, conversations))])
        self.setXRange(-0.5, max(len(xs) - 0.5, 0.5), padding=0)


class HistoryChart(_PercentChart):
    """Each grader's alignment (left axis, %) and the session alpha (×100, dashed)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.points: list[HistoryPoint] = []

    def set_history(self, points: list[HistoryPoint]) -> None:
        self.clear()
        self.legend.clear()
        self.points = list(points)
        xs = list(range(len(points)))
        graders: list[str] = []
        for p in points:
            graders += [g for g in p.alignments if g not in graders]
        for index, name in enumerate(graders):
            color = QColor(PALETTE[index % len(PALETTE)])
            ys = [math.nan if p.alignments.get(name) is None else p.alignments[name]
                  for p in points]
            self.plot(xs, ys, pen=pg.mkPen(color, width=1.5), symbol="o", symbolSize=8,
                      symbolBrush=color, symbolPen="w", name=name, connect="finite")
        alphas = [math.nan if p.alpha is None else max(p.alpha, -0.04) * 100 for p in points]
        self.plot(xs, alphas, pen=pg.mkPen(BENCHMARK, width=2.5, style=Qt.PenStyle.DashLine),
                  symbol="s", symbolSize=10, symbolBrush=BENCHMARK, name="Alpha × 100",
                  connect="finite")
        line = pg.InfiniteLine(80, angle=0, movable=False,
                               pen=pg.mkPen("#059669", width=1, style=Qt.PenStyle.DotLine),
                               label="α 0.80 reliable", labelOpts={"position": 0.08,
                                                                   "color": "#059669"})
        self.addItem(line)
        labels = [(x, p.session_date.strftime("%d %b '%y")) for x, p in zip(xs, points)]
        step = max(1, math.ceil(len(labels) / 8))
        self.getAxis("bottom").setTicks([labels[::step]])
        self.setXRange(-0.5, max(len(xs) - 0.5, 0.5), padding=0)
