"""Edit the agenda templates: change a shipped one (saved as your copy) or add your own."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from app.db import SessionFactory
from app.services import one_on_ones as oo
from app.ui.messages import show_error

NEW = "New template…"


class AgendaTemplatesDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agenda templates")
        self.session_factory = session_factory
        self.templates = {t.name: t for t in oo.list_templates(session_factory)}
        self.choice = QComboBox()
        self.choice.addItems([*self.templates, NEW])
        self.name = QLineEdit()
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText("One agenda item per line")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.choice.currentTextChanged.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Template", self.choice)
        form.addRow("Name", self.name)
        form.addRow("Items", self.items)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self._show(self.choice.currentText())

    def _show(self, name: str) -> None:
        template = self.templates.get(name)
        self.name.setText("" if template is None else template.name)
        self.name.setReadOnly(template is not None)
        self.items.setPlainText("" if template is None else "\n".join(template.items))
        self.note.setText("Comes with Coachbench; your edit is kept as your own version."
                          if template is not None and template.shipped else
                          "Meetings already started keep the agenda they started with.")

    def save(self) -> None:
        try:
            oo.save_template(self.session_factory, self.name.text(),
                             self.items.toPlainText().splitlines())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not save the template", exc)
            return
        self.accept()
