"""Large dialogs open no larger than the screen they are on."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from app.ui.launch import create_qapplication
from app.ui.sizing import resize_within_screen


def test_a_large_dialog_shrinks_to_the_screen_and_a_small_one_keeps_its_size(qtbot):
    """A 1180x760 scoring dialog is taller than a 1366x768 laptop's free area."""
    create_qapplication()
    room = QGuiApplication.primaryScreen().availableGeometry()
    big = QDialog()
    qtbot.addWidget(big)
    resize_within_screen(big, room.width() + 400, room.height() + 300)
    assert big.width() <= room.width() and big.height() <= room.height()
    assert big.width() >= room.width() * 9 // 10
    small = QDialog()
    qtbot.addWidget(small)
    resize_within_screen(small, 420, 300)
    assert (small.width(), small.height()) == (420, 300)
