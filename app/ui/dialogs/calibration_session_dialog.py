"""New calibration session: title, date, scorecard, conversations, graders, benchmark."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.db import SessionFactory
from app.errors import UserError
from app.services import calibration, roster, scorecards
from app.services.calibration import MAX_CONVERSATIONS, ConversationInput, SessionInput
from app.ui.widgets import DATE_FORMAT, ErrorLabel, from_qdate, make_primary, to_qdate


class _GraderCompleter(QCompleter):
    """Completes the name after the last comma, so several roster names can be typed."""

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt override)
        head = self.widget().text().rsplit(",", 1)
        prefix = head[0] + ", " if len(head) > 1 else ""
        return prefix + super().pathFromIndex(index)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.rsplit(",", 1)[-1].strip()]


class CalibrationSessionDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self.created: calibration.SessionDetail | None = None
        self.setWindowTitle("New calibration session")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Refund conversations, November")
        self.date_edit = QDateEdit(to_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.scorecard_combo = QComboBox()
        for card in scorecards.list_scorecards(session_factory):
            self.scorecard_combo.addItem(f"{card.name} (version {card.version}, "
                                         f"{card.criteria} criteria)", card.current_version_id)
        self.refs: list[QLineEdit] = []
        self.transcripts: list[QPlainTextEdit] = []
        self.conversation_rows: list[QWidget] = []
        conversations = QVBoxLayout()
        conversations.setSpacing(4)
        for number in range(MAX_CONVERSATIONS):
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            ref = QLineEdit()
            ref.setPlaceholderText(f"Conversation {number + 1}: ticket reference")
            transcript = QPlainTextEdit()
            transcript.setPlaceholderText("Optional: paste the transcript or notes graders "
                                          "will see")
            transcript.setTabChangesFocus(True)
            transcript.setFixedHeight(52)
            layout.addWidget(ref, 1)
            layout.addWidget(transcript, 2)
            row.setVisible(number == 0)
            self.refs.append(ref)
            self.transcripts.append(transcript)
            self.conversation_rows.append(row)
            conversations.addWidget(row)
        self.add_conversation_button = QPushButton("Add conversation")
        self.add_conversation_button.clicked.connect(self._add_conversation)
        conversations.addWidget(self.add_conversation_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.graders_edit = QLineEdit()
        self.graders_edit.setPlaceholderText("Names separated by commas: roster members or "
                                             "anyone else")
        names = [a.full_name for a in roster.list_agents(session_factory)
                 if a.status != "departed"]
        completer = _GraderCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.graders_edit.setCompleter(completer)
        self.facilitator_edit = QLineEdit()
        self.facilitator_edit.setPlaceholderText("Who leads the discussion")
        self.consensus_radio = QRadioButton("Consensus: the value the group agrees on in "
                                            "discussion")
        self.expert_radio = QRadioButton("Expert grader:")
        self.consensus_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.consensus_radio)
        group.addButton(self.expert_radio)
        self.expert_combo = QComboBox()
        self.expert_combo.setEnabled(False)
        expert_row = QHBoxLayout()
        expert_row.addWidget(self.expert_radio)
        expert_row.addWidget(self.expert_combo, 1)
        benchmark = QVBoxLayout()
        benchmark.addWidget(self.consensus_radio)
        benchmark.addLayout(expert_row)

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Date", self.date_edit)
        form.addRow("&Scorecard", self.scorecard_combo)
        form.addRow("Conversations", conversations)
        form.addRow("&Graders", self.graders_edit)
        form.addRow("&Facilitator", self.facilitator_edit)
        form.addRow("Benchmark", benchmark)
        hint = QLabel("Graders score blind: nobody sees another's scores until you reveal "
                      "them. Without an expert, the graders' median stands in until the group "
                      "agrees a value.", objectName="mutedText")
        hint.setWordWrap(True)
        self.error_label = ErrorLabel()
        cancel = QPushButton("Cancel")
        self.create_button = QPushButton("Create session")
        make_primary(self.create_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.save)
        self.graders_edit.textChanged.connect(self._fill_experts)
        self.expert_radio.toggled.connect(self.expert_combo.setEnabled)
        self.resize(760, 0)
        if self.scorecard_combo.count() == 0:
            self.error_label.show_error("Add a scorecard on the Quality page first.")
            self.create_button.setEnabled(False)

    def _add_conversation(self) -> None:
        hidden = [r for r in self.conversation_rows if not r.isVisible()]
        if hidden:
            hidden[0].setVisible(True)
            self.refs[self.conversation_rows.index(hidden[0])].setFocus()
        self.add_conversation_button.setEnabled(len(hidden) > 1)

    def grader_names(self) -> list[str]:
        return [n.strip() for n in self.graders_edit.text().split(",") if n.strip()]

    def _fill_experts(self) -> None:
        chosen = self.expert_combo.currentText()
        self.expert_combo.clear()
        self.expert_combo.addItems(self.grader_names())
        self.expert_combo.setCurrentText(chosen)

    def session_input(self) -> SessionInput:
        conversations = [ConversationInput(ref.text(), text.toPlainText())
                         for ref, text in zip(self.refs, self.transcripts) if ref.text().strip()]
        expert = (self.expert_combo.currentText() or None) if self.expert_radio.isChecked() \
            else None
        return SessionInput(self.title_edit.text(), from_qdate(self.date_edit.date()),
                            self.scorecard_combo.currentData(), conversations,
                            self.grader_names(), self.facilitator_edit.text(), expert)

    def save(self) -> None:
        if self.expert_radio.isChecked() and not self.expert_combo.currentText():
            self.error_label.show_error("Name the graders first, then choose the expert.")
            return
        try:
            self.created = calibration.create_session(self._session_factory,
                                                      self.session_input())
        except UserError as exc:
            self.error_label.show_error(str(exc))
            return
        self.accept()
