""""Pick conversations to review": a reproducible random sample of solved tickets per agent.

The same seed, period and filters give the same list (so a lead can share "seed 12").
Double-click a ticket (or press Review) to open the review form on it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import SessionFactory
from app.errors import UserError
from app.services import review_sampling, roster
from app.services.review_sampling import SampledTicket, SampleRequest
from app.services.reviews import TicketHit
from app.ui.models.review_model import Column, RecordTableModel
from app.ui.pages.quality_overview import make_table, record_at
from app.ui.sizing import resize_within_screen
from app.ui.widgets import DATE_FORMAT, ErrorLabel, from_qdate, make_primary, to_qdate

SAMPLE_COLUMNS = (
    Column("Agent", lambda s: s.agent),
    Column("Ticket", lambda s: s.external_id),
    Column("Subject", lambda s: s.subject),
    Column("Channel", lambda s: s.channel),
    Column("Solved", lambda s: s.solved_at.date().isoformat() if s.solved_at else ""),
    Column("CSAT", lambda s: s.csat),
    Column("Why first", lambda s: ", ".join(s.reasons)),
)


class ReviewSamplingDialog(QDialog):
    review_requested = Signal(object)  # a TicketHit to review

    def __init__(self, session_factory: SessionFactory, start: date, end: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self.setWindowTitle("Pick conversations to review")
        self.from_edit, self.to_edit = QDateEdit(to_qdate(start)), QDateEdit(to_qdate(end))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.per_agent_spin = QSpinBox()
        self.per_agent_spin.setRange(1, 50)
        self.per_agent_spin.setValue(5)
        self.team_combo = QComboBox()
        self.team_combo.addItem("Every agent", None)
        for team in roster.list_teams(session_factory):
            self.team_combo.addItem(team, team)
        self.channel_combo = QComboBox()
        self.channel_combo.addItem("Any channel", None)
        for channel in review_sampling.channels(session_factory):
            self.channel_combo.addItem(channel, channel)
        self.bad_csat_check = QCheckBox("Bad CSAT first")
        self.bad_csat_check.setChecked(True)
        self.long_check = QCheckBox("Long resolution first, over")
        self.long_hours = QSpinBox()
        self.long_hours.setRange(1, 24 * 30)
        self.long_hours.setValue(48)
        self.long_hours.setSuffix(" h")
        self.reopened_check = QCheckBox("Reopened first")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(1, 1_000_000)
        self.seed_spin.setValue(1)
        self.seed_spin.setToolTip("The same seed draws the same sample; change it for another")

        period = QHBoxLayout()
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("to"))
        period.addWidget(self.to_edit)
        period.addStretch(1)
        priorities = QHBoxLayout()
        priorities.addWidget(self.bad_csat_check)
        priorities.addWidget(self.long_check)
        priorities.addWidget(self.long_hours)
        priorities.addWidget(self.reopened_check)
        priorities.addStretch(1)
        form = QFormLayout()
        form.addRow("Solved between", period)
        for spin in (self.per_agent_spin, self.seed_spin):
            spin.setMaximumWidth(110)
        self.long_hours.setMaximumWidth(90)
        form.addRow("Per agent", self.per_agent_spin)
        form.addRow("Agents", self.team_combo)
        form.addRow("Channel", self.channel_combo)
        form.addRow("Priorities", priorities)
        form.addRow("Seed", self.seed_spin)

        self.draw_button = QPushButton("Draw sample")
        make_primary(self.draw_button)
        self.model = RecordTableModel(SAMPLE_COLUMNS, self)
        self.table = make_table(self.model)
        self.status_label = QLabel("", objectName="mutedText")
        self.status_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.review_button = QPushButton("Review selected")
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        draw_row = QHBoxLayout()
        draw_row.addStretch(1)
        draw_row.addWidget(self.draw_button)
        layout.addLayout(draw_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        resize_within_screen(self, 900, 600)

        self.draw_button.clicked.connect(self.draw)
        self.review_button.clicked.connect(self._review_selected)
        self.table.doubleClicked.connect(lambda _i: self._review_selected())
        self.close_button.clicked.connect(self.accept)
        self.review_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.review_button.setEnabled(record_at(self.table) is not None))
        self.status_label.setText("Draws from imported tickets solved in the period; tickets "
                                  "already reviewed are left out.")

    def request(self) -> SampleRequest:
        team = self.team_combo.currentData()
        agent_ids = None
        if team:
            agent_ids = [a.id for a in roster.list_agents(self._session_factory)
                         if a.team == team]
        return SampleRequest(
            start=from_qdate(self.from_edit.date()), end=from_qdate(self.to_edit.date()),
            per_agent=self.per_agent_spin.value(), agent_ids=agent_ids,
            channel=self.channel_combo.currentData(),
            bad_csat_first=self.bad_csat_check.isChecked(),
            long_resolution_first=self.long_check.isChecked(),
            long_resolution_hours=self.long_hours.value(),
            reopened_first=self.reopened_check.isChecked(), seed=self.seed_spin.value())

    def draw(self) -> list[SampledTicket]:
        try:
            sample = review_sampling.sample_conversations(self._session_factory, self.request())
        except UserError as exc:
            self.error_label.show_error(str(exc))
            return []
        self.error_label.show_error(None)
        self.model.set_records(sample)
        self.table.resizeColumnsToContents()
        agents = len({s.agent_id for s in sample})
        self.status_label.setText(
            f"{len(sample)} conversations for {agents} agents. Double-click one to review it."
            if sample else "No solved tickets match in this period. Import ticket exports "
            "first, or widen the period or filters.")
        return sample

    def _review_selected(self) -> None:
        sampled = record_at(self.table)
        if sampled is None:
            return
        self.review_requested.emit(TicketHit(
            sampled.ticket_id, sampled.external_id, "", sampled.subject, sampled.agent_id,
            sampled.channel, sampled.solved_at))
