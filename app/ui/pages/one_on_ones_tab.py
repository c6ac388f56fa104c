"""The agent profile's "One-on-ones" tab: cadence and next date, past meetings with the
mood trend, and goals (with progress from the data)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Change, goals, one_on_ones as oo
from app.services.one_on_ones import CADENCE_LABELS, MeetingSummary
from app.ui.dialogs.goal_dialog import GoalDialog
from app.ui.messages import show_error
from app.ui.models.coaching_models import RowsTableModel
from app.ui.pages.one_on_ones_meeting import mood_sparkline
from app.ui.widgets import OptionalDateEdit


def _cells(m: MeetingSummary):
    return [m.meeting_date.isoformat(), m.template or "", m.status.capitalize()
            + (" (amended)" if m.amended else ""), str(m.mood or ""), str(m.points)]


class OneOnOnesTab(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session_factory = window.database.session_factory
        self.agent = None
        self.cadence = QComboBox()
        for key, label in CADENCE_LABELS.items():
            self.cadence.addItem(label, key)
        self.next_date = OptionalDateEdit(default=window.today())
        save = QPushButton("Save schedule")
        save.clicked.connect(self.save_schedule)
        self.open_button = QPushButton("Open next one-on-one")
        self.open_button.clicked.connect(self.open_next)
        schedule = QHBoxLayout()
        schedule.addWidget(self.cadence)
        schedule.addWidget(QLabel("next"))
        schedule.addWidget(self.next_date)
        schedule.addWidget(save)
        schedule.addStretch(1)
        schedule.addWidget(self.open_button)
        self.mood = QLabel()
        self.model = RowsTableModel(["Date", "Agenda", "Status", "Mood", "Points"], _cells,
                                    parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(self._open_row)
        self.goal_list = QListWidget()
        self.goal_list.setMaximumHeight(110)
        add_goal = QPushButton("Add goal…")
        add_goal.clicked.connect(self.add_goal)
        self.goal_buttons = []
        for status, label in (("achieved", "Achieved"), ("missed", "Missed"),
                              ("dropped", "Drop"), ("open", "Reopen")):
            button = QPushButton(label)
            button.setToolTip(f"Mark the selected goal: {label.lower()}")
            button.clicked.connect(lambda _c=False, s=status: self.set_goal_status(s))
            self.goal_buttons.append(button)
        form = QFormLayout()
        form.addRow("Cadence", schedule)
        form.addRow("Mood trend", self.mood)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 2)
        goals_row = QHBoxLayout()
        goals_row.addWidget(QLabel("Goals"))
        goals_row.addStretch(1)
        for button in self.goal_buttons:
            goals_row.addWidget(button)
        goals_row.addWidget(add_goal)
        layout.addLayout(goals_row)
        layout.addWidget(self.goal_list, 1)
        window.data_changed.connect(lambda changes, origin: self.show_agent(self.agent)
                                    if origin is not self else None)

    def show_agent(self, row) -> None:
        self.agent = row
        self.setEnabled(row is not None)
        if row is None:
            self.model.set_rows([])
            return
        from app.models.coaching import OneOnOneSchedule

        try:
            meetings = oo.list_meetings(self.session_factory, row.id)
            moods = oo.mood_trend(self.session_factory, row.id)
            rows = goals.list_goals(self.session_factory, row.id, today=self.window_.today())
            with self.session_factory() as session:
                schedule = session.get(OneOnOneSchedule, row.id)
                cadence, next_date = ((schedule.cadence, schedule.next_date) if schedule
                                      else ("biweekly", None))
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not read the one-on-ones", exc)
            return
        self.cadence.setCurrentIndex(max(0, self.cadence.findData(cadence)))
        self.next_date.set_value(next_date)
        self.model.set_rows(meetings)
        self.table.resizeColumnsToContents()
        self.mood.setText(f"{mood_sparkline([m for _, m in moods])}  latest {moods[-1][1]}/10"
                          if moods else "no moods recorded")
        self.goal_list.clear()
        for goal in rows:
            text = f"{goal.text} — {goal.status_label}"
            if goal.metric:
                text += f" · {goal.target_text}"
                text += (f" · now {goal.value:.1f} ({round((goal.progress or 0) * 100)}%)"
                         if goal.value is not None else " · no data yet")
            if goal.due:
                text += f" · due {goal.due.isoformat()}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            self.goal_list.addItem(item)
        if not rows:
            self.goal_list.addItem("No goals yet: add one with its metric target, if any.")

    def save_schedule(self) -> None:
        if self.agent is None:
            return
        try:
            oo.set_cadence(self.session_factory, self.agent.id, self.cadence.currentData(),
                           self.next_date.value())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not save the schedule", exc)
            return
        self.window_.notify({Change.COACHING}, origin=self)

    def add_goal(self) -> None:
        if self.agent is None:
            return
        dialog = GoalDialog(self.window_.today(), self)
        if not self._exec_dialog(dialog):
            return
        try:
            goals.add_goal(self.session_factory, self.agent.id, dialog.result_value(),
                           today=self.window_.today())
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not add the goal", exc)
            return
        self.window_.notify({Change.COACHING}, origin=self)
        self.show_agent(self.agent)

    def set_goal_status(self, status: str) -> None:
        item = self.goal_list.currentItem()
        goal_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if goal_id is None:
            return
        try:
            goals.set_goal_status(self.session_factory, goal_id, status)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not change the goal", exc)
            return
        self.window_.notify({Change.COACHING}, origin=self)
        self.show_agent(self.agent)

    def _exec_dialog(self, dialog) -> bool:
        """Run a dialog modally; True when accepted (tests replace this one method).
        The dialog is deleted afterwards (its values are read before the event loop runs)."""
        dialog.deleteLater()
        return dialog.exec() == QDialog.DialogCode.Accepted

    def open_next(self) -> None:
        if self.agent is None:
            return
        page = self.window_.show_page("one_on_ones")
        if hasattr(page, "open_agent"):
            page.open_agent(self.agent.id)

    def _open_row(self, index) -> None:
        meeting = self.model.payload(index.row())
        page = self.window_.show_page("one_on_ones")
        if hasattr(page, "open_meeting"):
            page.open_meeting(meeting.id)
