"""A page that a later version fills: its title and one sentence of what it will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    action_clicked = Signal()

    def __init__(self, title: str, sentence: str, action_text: str | None = None,
                 note: str = "Not available in this version yet.",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(QLabel(title, objectName="pageTitle"))

        card = QFrame(objectName="card")
        card.setMaximumWidth(720)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(20, 18, 20, 18)
        inner.setSpacing(8)
        body = QLabel(sentence, objectName="placeholderText")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(body)
        inner.addWidget(QLabel(note, objectName="mutedText"))
        if action_text:
            button = QPushButton(action_text, objectName="primaryButton")
            button.clicked.connect(self.action_clicked)
            inner.addSpacing(6)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(card)
        layout.addStretch(1)
