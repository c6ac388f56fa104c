"""Add a goal: text, optional metric target over a window, due date."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QVBoxLayout

from app.services.goals import GoalInput
from app.ui.dialogs.plan_dialogs import ObjectiveRow, _buttons
from app.ui.widgets import OptionalDateEdit


class GoalDialog(QDialog):
    def __init__(self, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add goal")
        self.row = ObjectiveRow(self)
        self.row.text.setPlaceholderText("What should be achieved")
        self.due = OptionalDateEdit(default=today)
        form = QFormLayout()
        form.addRow("Goal", self.row)
        form.addRow("Due", self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Add goal"))
        self.resize(640, 140)

    def result_value(self) -> GoalInput:
        value = self.row.value()
        text = value.text if value else ""
        return GoalInput(text, value.metric if value else None,
                         value.comparator if value else None, value.target if value else None,
                         value.window_days if value else None, self.due.value())
