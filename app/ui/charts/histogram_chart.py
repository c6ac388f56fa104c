"""How times are spread: tickets per bin (under 15 min, 15–30 min ... a week and more),
so a manager sees whether a median hides a long tail."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from app.analytics.distributions import minutes_label
from app.ui.charts.common import BLUE, style_plot


@dataclass(frozen=True)
class HistogramData:
    title: str
    edges: list[float]
    counts: list[int]


class HistogramChart(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        style_plot(self)
        self.setMinimumHeight(180)
        self.data: HistogramData | None = None
        self.shown_labels: list[str] = []  # the bin labels under the axis now
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=pg.mkBrush(BLUE),
                                    pen=pg.mkPen(None))
        self.addItem(self.bars)

    def labels(self) -> list[str]:
        if self.data is None:
            return []
        edges = self.data.edges
        result = []
        for low, high in zip(edges, edges[1:]):
            result.append(f"{minutes_label(low)}+" if high == float("inf")
                          else f"<{minutes_label(high)}")
        return result

    def set_data(self, data: HistogramData) -> None:
        self.data = data
        xs = list(range(len(data.counts)))
        self.bars.setOpts(x=xs, height=data.counts, width=0.8)
        self._set_ticks()
        self.setXRange(-0.6, len(xs) - 0.4, padding=0)
        self.setYRange(0, max(data.counts + [1]) * 1.1, padding=0)

    def _set_ticks(self) -> None:
        """A label under every bar when they fit side by side, else under every second
        (or third...) bar: at 1280 px the half-width chart ran "<30m<1h<2h" together."""
        labels = self.labels()
        if not labels:
            return
        axis = self.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or self.font())
        widest = max(metrics.horizontalAdvance(label) for label in labels) + 8
        slot = self.getPlotItem().vb.width() / len(labels)
        step = max(1, math.ceil(widest / slot)) if slot > 0 else 1
        ticks = [(x, label) for x, label in enumerate(labels) if x % step == 0]
        self.shown_labels = [label for _, label in ticks]
        axis.setTicks([ticks])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if "data" in self.__dict__:  # pyqtgraph resizes the view while it is being built
            self._set_ticks()

    def table_rows(self) -> list[list[str]]:
        if self.data is None:
            return []
        edges = self.data.edges
        rows = [["From (min)", "To (min)", "Tickets"]]
        for low, high, count in zip(edges, edges[1:], self.data.counts):
            rows.append([f"{low:g}", "" if high == float("inf") else f"{high:g}", str(count)])
        return rows
