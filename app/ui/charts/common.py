"""What every chart shares: colours, a value axis, and the card around a chart that can
save it as PNG and copy its numbers as a table (tab-separated, pastes into Excel)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

BLUE = QColor("#2563eb")
GREY = QColor("#9ca3af")
DARK_GREY = QColor("#6b7280")
RED = QColor("#b42318")
GREEN = QColor("#15803d")
AMBER = QColor("#b26a00")
BAND = QColor(37, 99, 235, 34)
FAINT = QColor("#cbd5e1")

pg.setConfigOptions(antialias=True)


def style_plot(plot: pg.PlotWidget) -> None:
    """A quiet, static plot: no mouse zoom, no context menu, light grid, grey axes."""
    plot.setBackground("w")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.getPlotItem().showGrid(x=False, y=True, alpha=0.12)
    pen = pg.mkPen("#9ca3af")
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pen)
        axis.setTextPen(pg.mkPen("#4b5563"))


class ValueAxis(pg.AxisItem):
    """A left axis whose labels read like the tiles (``85%``, ``2 h``, ``45 min``)."""

    def __init__(self, formatter: Callable[[float], str] | None = None, **kwargs) -> None:
        super().__init__("left", **kwargs)
        self.formatter = formatter

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        if self.formatter is None:
            return super().tickStrings(values, scale, spacing)
        return [self.formatter(v) for v in values]


class ChartCard(QFrame):
    """A white card: title, a note, the chart, and Save PNG / Copy table buttons.

    The chart must offer ``table_rows()`` (header row first) for Copy table.
    """

    def __init__(self, title: str, chart: QWidget, parent: QWidget | None = None, *,
                 scroll: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet("QFrame#chartCard { background: white; border: 1px solid #d7dae0;"
                           " border-radius: 6px; }")
        self.chart = chart
        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.title_label.setFont(font)
        self.title_label.setMinimumWidth(40)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note_label = QLabel("", objectName="mutedText")
        self.note_label.setWordWrap(True)
        self.save_button = QToolButton(text="Save PNG…")
        self.save_button.setToolTip("Save this chart as a PNG picture")
        self.copy_button = QToolButton(text="Copy table")
        self.copy_button.setToolTip("Copy the chart's numbers as a table (paste into Excel)")
        for button in (self.save_button, self.copy_button):
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.save_button.clicked.connect(self.ask_save_png)
        self.copy_button.clicked.connect(self.copy_table)
        header = QHBoxLayout()
        header.setSpacing(4)
        header.addWidget(self.title_label, 1)
        self.header = header
        header.addWidget(self.copy_button)
        header.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.note_label)
        if scroll:  # a tall chart (one row per agent) scrolls inside the card
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(chart)
            layout.addWidget(area, 1)
        else:
            layout.addWidget(chart, 1)

    def set_title(self, title: str, note: str = "") -> None:
        self.title_label.setText(title)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))

    def table_text(self) -> str:
        rows = self.chart.table_rows()  # type: ignore[attr-defined]
        return "\n".join("\t".join(str(cell) for cell in row) for row in rows)

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.table_text())

    def save_png(self, path: Path) -> bool:
        return self.chart.grab().save(str(path), "PNG")

    def ask_save_png(self) -> None:
        name = self.title_label.text().lower().replace(" ", "-").replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Save chart", f"{name}.png",
                                              "PNG picture (*.png)")
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not self.save_png(Path(path)):
                from app.errors import UserError
                from app.ui.messages import show_error

                show_error(self, "Save chart",
                           UserError(f"Could not write {path}; choose another folder."))
