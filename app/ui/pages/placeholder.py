"""A page that a later version fills: its title and one sentence of what it will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    action_clicked = Signal()

    def __init__(self, title: str, sentence: str, action_text: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(10)
        heading = QLabel(title, objectName="pageTitle")
        body = QLabel(sentence, objectName="placeholderText")
        body.setWordWrap(True)
        body.setMaximumWidth(640)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel("Not available in this version yet.", objectName="mutedText")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(note)
        if action_text:
            button = QPushButton(action_text, objectName="primaryButton")
            button.clicked.connect(self.action_clicked)
            layout.addSpacing(8)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
