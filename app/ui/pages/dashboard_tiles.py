"""KPI tiles: a metric's value in large type, n and interval under it, the change against
the previous period, and a coloured edge for the target (green met, red missed, grey
none). A figure from fewer than 20 ratings is greyed and says so."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.ui.pages.dashboard_view import TileView

MET, MISSED, NONE = "#15803d", "#b42318", "#d1d5db"


class KpiTile(QFrame):
    clicked = Signal(str)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel()
        self.value = QLabel()
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.75)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.change = QLabel()
        self.target = QLabel()
        for label in (self.title, self.detail, self.change, self.target):
            label.setStyleSheet("color: #6b7280;")
        # Tiles share the row equally; a long detail is cut rather than widening the page.
        for label in (self.title, self.value, self.detail, self.change, self.target):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 7, 10, 7)
        layout.setSpacing(1)
        for widget in (self.title, self.value, self.detail, self.change, self.target):
            layout.addWidget(widget)
        self.view: TileView | None = None
        self.selected = False

    def set_view(self, view: TileView) -> None:
        self.view = view
        self.title.setText(view.title)
        self.value.setText(view.value)
        self.detail.setText(("few ratings · " if view.few else "") + view.detail)
        self.change.setText(view.change or " ")
        colour = {True: MET, False: MISSED}.get(view.change_good, "#6b7280")
        self.change.setStyleSheet(f"color: {colour};")
        verdict = {True: " — met", False: " — missed"}.get(view.met, "")
        self.target.setText(view.target + verdict)
        verdict_colour = {True: MET, False: MISSED}.get(view.met, "#6b7280")
        self.target.setStyleSheet(f"color: {verdict_colour};")
        self.value.setStyleSheet("color: #9ca3af;" if view.few or view.value == "no data"
                                 else "color: #111827;")
        self.setToolTip(view.tooltip + "\nClick to chart it below.")
        self._restyle()

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self._restyle()

    def _restyle(self) -> None:
        edge = {True: MET, False: MISSED}.get(self.view.met if self.view else None, NONE)
        border = "#2563eb" if self.selected else "#d7dae0"
        self.setStyleSheet(
            f"KpiTile {{ background: {'#f5f8ff' if self.selected else 'white'};"
            f" border: 1px solid {border}; border-left: 5px solid {edge};"
            " border-radius: 6px; }")

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.clicked.emit(self.key)
        super().mousePressEvent(event)
