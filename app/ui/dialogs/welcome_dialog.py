"""The first-start screen: begin empty, look around with the demo team, or import a roster."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

from app import APP_NAME


class WelcomeDialog(QDialog):
    """Ask how to start. ``choice`` is "empty", "demo" or "import" after it closes."""

    EMPTY, DEMO, IMPORT = "empty", "demo", "import"

    def __init__(self, database_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setMinimumWidth(560)
        self.choice = self.EMPTY
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        title = QLabel(f"Welcome to {APP_NAME}", objectName="pageTitle")
        intro = QLabel(
            "Coachbench keeps your team's roster, one-on-ones, quality reviews and plans "
            "in one file on this computer. Nothing is sent anywhere.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(500)  # wrapped height is computed for the width it really gets
        location = QLabel(f"Your database: {database_name}", objectName="mutedText")
        location.setWordWrap(True)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(location)
        layout.addSpacing(8)
        self.buttons = {}
        for key, text, detail in (
            (self.IMPORT, "Import a roster spreadsheet",
             "Bring in your team from a CSV or Excel file with names, e-mails, roles and "
             "hire dates. You see a preview before anything is saved."),
            (self.DEMO, "Load the demo team",
             "Sample agents in two teams, to look around first. For your real team, "
             "start a separate database later (File › New database)."),
            (self.EMPTY, "Start with an empty roster",
             "Add your agents one by one from the Team page (Ctrl+N)."),
        ):
            button = QCommandLinkButton(text, detail)
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            layout.addWidget(button)
            self.buttons[key] = button

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()
