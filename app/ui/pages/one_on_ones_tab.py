"""The agent profile's "One-on-ones" tab: cadence and next date, past meetings with the
mood trend, and goals (with progress from the data).

The tab lives in the Team page's profile column (about 330 px wide at the minimum window), so
it is laid out for a narrow column: the schedule on form rows with its buttons below, the
mood trend drawn as a small line (text block glyphs read as one black bar), a "Mark goal"
menu instead of a row of status buttons, and tables and goals that elide or wrap instead
of scrolling sideways."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Change, goals, one_on_ones as oo
from app.services.one_on_ones import CADENCE_LABELS, MeetingSummary
from app.ui.dialogs.goal_dialog import GoalDialog
from app.ui.messages import show_error
from app.ui.models.coaching_models import RowsTableModel
from app.ui.widgets import OptionalDateEdit, ResizingTableView, columns_width

POINTS_COLUMN = 4  # talking points: the first column to go when the tab is narrow
GOAL_STATUSES = (("achieved", "Achieved"), ("missed", "Missed"), ("dropped", "Dropped"),
                 ("open", "Reopened"))


def _cells(m: MeetingSummary):
    return [m.meeting_date.isoformat(), m.template or "", m.status.capitalize()
            + (" (amended)" if m.amended else ""), str(m.mood or ""), str(m.points)]


class MoodTrend(QWidget):
    """The moods of the past meetings (oldest first, 1–10) as a small line with dots; the
    tooltip lists them. Drawn rather than spelled with block glyphs, which render as one
    solid black bar in most fonts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._moods: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_moods(self, moods: list[int]) -> None:
        self._moods = list(moods)
        self.setVisible(len(self._moods) > 1)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(120, 22)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(40, 22)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        if len(self._moods) < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(3, 3, -3, -3)
        step = min(rect.width() / (len(self._moods) - 1), 14.0)
        points = [QPointF(rect.left() + i * step,
                          rect.bottom() - (max(1, min(10, m)) - 1) / 9 * rect.height())
                  for i, m in enumerate(self._moods)]
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(colour, 1.5))
        painter.drawPolyline(points)
        painter.setBrush(colour)
        painter.drawEllipse(points[-1], 2.5, 2.5)


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
        self.cadence.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        self.mood = QLabel()
        self.mood_trend = MoodTrend()
        mood_row = QHBoxLayout()
        mood_row.addWidget(self.mood_trend, 1)
        mood_row.addWidget(self.mood)
        self.model = RowsTableModel(["Date", "Agenda", "Status", "Mood", "Points"], _cells,
                                    parent=self)
        self.table = ResizingTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):  # the agenda takes what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resized.connect(self._fit_columns)  # its width decides the columns
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(self._open_row)
        self.goal_list = QListWidget()
        self.goal_list.setWordWrap(True)  # long goals wrap instead of scrolling sideways
        self.goal_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.goal_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.goal_list.setMinimumHeight(56)
        self.goal_list.currentItemChanged.connect(lambda *_: self._update_goal_actions())
        add_goal = QPushButton("Add goal…")
        add_goal.clicked.connect(self.add_goal)
        # One menu button instead of four status buttons: it fits the narrow column.
        self.goal_menu_button = QPushButton("Mark goal")
        self.goal_menu_button.setToolTip("Mark the selected goal achieved, missed, dropped "
                                         "or open again")
        menu = QMenu(self.goal_menu_button)
        self.goal_actions = []
        for status, label in GOAL_STATUSES:
            action = menu.addAction(label)
            action.triggered.connect(lambda _c=False, s=status: self.set_goal_status(s))
            self.goal_actions.append(action)
        self.goal_menu_button.setMenu(menu)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Cadence", self.cadence)
        form.addRow("Next", self.next_date)
        form.addRow(buttons)
        form.addRow("Mood", mood_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 3)
        goals_row = QHBoxLayout()
        goals_row.addWidget(QLabel("Goals"))
        goals_row.addStretch(1)
        goals_row.addWidget(self.goal_menu_button)
        goals_row.addWidget(add_goal)
        layout.addLayout(goals_row)
        layout.addWidget(self.goal_list, 1)
        self._update_goal_actions()
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
        self._fit_columns()
        self.mood_trend.set_moods([m for _, m in moods])
        self.mood_trend.setToolTip(", ".join(f"{day.isoformat()}: {m}/10" for day, m in moods))
        self.mood.setText(f"latest {moods[-1][1]}/10" if moods else "no moods recorded")
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
        self._update_goal_actions()

    def _fit_columns(self) -> None:
        """The talking-point count gives way when the agenda would be squeezed below a
        readable width; the agenda elides (it is the meeting's template name)."""
        others = columns_width(self.table, (0, 2, 3, POINTS_COLUMN))
        agenda_room = self.table.viewport().width() - others
        self.table.setColumnHidden(POINTS_COLUMN, agenda_room < 110)

    def _update_goal_actions(self) -> None:
        item = self.goal_list.currentItem()
        self.goal_menu_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None)

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
