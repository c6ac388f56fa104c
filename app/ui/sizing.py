"""Fitting widgets to the room they get: labels that wrap only when short of width, and
dialogs no larger than the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    """A label on one line when its row has the room, on more when it has not. (A plain
    word-wrapped label breaks early even when there is room; an unwrapped one sets a
    minimum width that pushes its row off the side.)"""

    def __init__(self, text: str = "", parent: QWidget | None = None, **kwargs) -> None:
        super().__init__(text, parent, **kwargs)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2
        return QSize(width, self.heightForWidth(width))


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a dialog to ``width`` x ``height``, or less on a screen too small for it: a
    1180x760 scoring dialog is taller than a 1366x768 laptop's room above the task bar,
    and its Submit button could end up out of reach. Its layout still sets the smallest
    size it can take."""
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) \
        or widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() * 96 // 100)
        height = min(height, room.height() * 90 // 100)
    widget.resize(width, height)
