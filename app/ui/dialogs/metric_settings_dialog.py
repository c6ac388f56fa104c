"""Which tickets count as escalated: groups the manager ticks, tags the manager lists.

The platform's own escalation flag always counts; these add to it (METRICS.md).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import SessionFactory
from app.errors import UserError
from app.services.metric_settings import (
    EscalationSettings,
    known_groups,
    load_escalation,
    save_escalation,
)
from app.ui.messages import show_error


class MetricSettingsDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Escalations")
        self.resize(460, 480)
        self._session_factory = session_factory
        current = load_escalation(session_factory)
        chosen = {g.casefold() for g in current.groups}
        self.groups_list = QListWidget()
        names = sorted(set(known_groups(session_factory)) | set(current.groups),
                       key=str.casefold)
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name.casefold() in chosen
                               else Qt.CheckState.Unchecked)
            self.groups_list.addItem(item)
        self.tags_edit = QPlainTextEdit("\n".join(current.tags))
        self.tags_edit.setPlaceholderText("one tag per line, e.g. escalated")
        self.tags_edit.setMaximumHeight(110)
        intro = QLabel("A ticket counts as escalated when the platform flags it, when it is "
                       "in a group ticked here, or when it carries one of the tags below.")
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Escalation groups" if names else
                                "Escalation groups (none imported yet)",
                                objectName="sectionTitle"))
        layout.addWidget(self.groups_list, 1)
        layout.addWidget(QLabel("Escalation tags", objectName="sectionTitle"))
        layout.addWidget(self.tags_edit)
        layout.addWidget(buttons)

    def settings(self) -> EscalationSettings:
        groups = [self.groups_list.item(i).text() for i in range(self.groups_list.count())
                  if self.groups_list.item(i).checkState() == Qt.CheckState.Checked]
        tags = [line.strip() for line in self.tags_edit.toPlainText().splitlines()]
        return EscalationSettings(tuple(groups), tuple(t for t in tags if t))

    def save(self) -> None:
        try:
            save_escalation(self._session_factory, self.settings())
        except UserError as exc:
            show_error(self, "Escalations", exc)
            return
        self.accept()
