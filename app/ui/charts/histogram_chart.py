"""How times are spread: tickets per bin (under 15 min, 15–30 min ... a week and more),
so a manager sees whether a median hides a long tail."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg

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
        self.getAxis("bottom").setTicks([list(zip(xs, self.labels()))])
        self.setXRange(-0.6, len(xs) - 0.4, padding=0)
        self.setYRange(0, max(data.counts + [1]) * 1.1, padding=0)

    def table_rows(self) -> list[list[str]]:
        if self.data is None:
            return []
        edges = self.data.edges
        rows = [["From (min)", "To (min)", "Tickets"]]
        for low, high, count in zip(edges, edges[1:], self.data.counts):
            rows.append([f"{low:g}", "" if high == float("inf") else f"{high:g}", str(count)])
        return rows
