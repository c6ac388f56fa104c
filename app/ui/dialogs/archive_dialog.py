"""Archive an agent who left: ask for the departure date, keep every record.

Archiving rather than deleting is the normal way out of the roster: the agent's
one-on-ones, reviews and tickets stay, and they can still be found under "Departed".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.roster import AgentRow, RosterValidationError, SessionFactory, archive_agent
from app.ui.widgets import DATE_FORMAT, ErrorLabel, from_qdate, make_primary, to_qdate


class ArchiveDialog(QDialog):
    """``saved_agent`` holds the archived AgentRow once the dialog accepted."""

    def __init__(self, session_factory: SessionFactory, agent: AgentRow,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._agent = agent
        self.saved_agent: AgentRow | None = None
        today = today or date.today()
        self.setWindowTitle(f"Archive {agent.full_name}")
        self.setMinimumWidth(460)

        heading = QLabel(f"Archive {agent.full_name}?")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        text = QLabel(f"{agent.full_name} leaves the current roster. Their records "
                      "(one-on-ones, reviews, tickets) are kept, and they can still be found "
                      "under the “Departed” filter.")
        text.setWordWrap(True)

        self.date_edit = QDateEdit(to_qdate(agent.departure_date or today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setMinimumWidth(140)
        self.date_error = ErrorLabel()
        date_label = QLabel("&Departure date")
        date_label.setBuddy(self.date_edit)
        field = QVBoxLayout()
        field.setSpacing(2)
        field.addWidget(self.date_edit, 0, Qt.AlignmentFlag.AlignLeft)
        field.addWidget(self.date_error)
        form = QFormLayout()
        form.addRow(date_label, field)

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel, self)
        ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setText("Archive")
        make_primary(ok_button)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.button_box)
        self.date_edit.setFocus()

    def departure_date(self) -> date:
        return from_qdate(self.date_edit.date())

    def set_departure_date(self, value: date) -> None:
        self.date_edit.setDate(to_qdate(value))

    def accept(self) -> None:
        """Archive through the service; on refusal show why and stay open."""
        self.date_error.show_error(None)
        try:
            self.saved_agent = archive_agent(self._session_factory, self._agent.id,
                                             self.departure_date())
        except RosterValidationError as exc:
            self.date_error.show_error(" ".join(exc.errors.values()))
            self.date_edit.setFocus()
            return
        except UserError as exc:
            QMessageBox.warning(self, "Cannot archive", str(exc))
            return
        super().accept()
