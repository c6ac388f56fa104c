"""The meeting editor: agenda, talking points, action items, notes and mood.

Notes save themselves ``AUTOSAVE_MS`` after typing stops (each save is its own committed
transaction, so a crash loses at most that moment). A held meeting shows read-only; its
notes change only through "Amend", which keeps the original text.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db import SessionFactory
from app.services import action_items, one_on_ones as oo
from app.services.one_on_ones import MeetingDetail
from app.services.plans import current_user
from app.services.talking_points import add_talking_point
from app.ui.messages import show_error
from app.ui.widgets import OptionalDateEdit, make_primary, tint

AUTOSAVE_MS = 800


class MeetingEditor(QWidget):
    """Edits one meeting; emits ``changed`` after any write so the page can redraw."""

    changed = Signal()

    def __init__(self, session_factory: SessionFactory, today, parent=None) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self._today = today
        self.detail: MeetingDetail | None = None
        self._loading = False
        self._dirty = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_now)
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.title = QLabel()
        self.title.setObjectName("meetingTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        self.agenda = QLabel()
        self.agenda.setWordWrap(True)
        self.agenda.setTextFormat(Qt.TextFormat.RichText)
        agenda_box = self._group("Agenda", self.agenda)
        layout.addWidget(agenda_box)

        self.points = QListWidget()
        self.points.setObjectName("talkingPoints")

        self.points.itemChanged.connect(self._on_point_toggled)
        self.point_text = QLineEdit()
        self.point_text.setPlaceholderText("Add a talking point and press Enter")
        self.point_origin = QComboBox()
        self.point_origin.addItem("Manager", "manager")
        self.point_origin.addItem("Raised by agent", "agent")
        self.point_text.returnPressed.connect(self.add_point)
        add_point = QPushButton("Add")
        add_point.clicked.connect(self.add_point)
        self.point_row = self._row(self.point_text, self.point_origin, add_point)
        layout.addWidget(self._group("Talking points — tick when discussed; the rest carry "
                                     "over", self.points, self.point_row))

        self.items = QListWidget()
        self.items.setObjectName("actionItems")

        self.items.itemChanged.connect(self._on_item_toggled)
        self.item_text = QLineEdit()
        self.item_text.setPlaceholderText("New action item")
        self.item_text.returnPressed.connect(self.add_item)
        self.item_owner = QComboBox()
        self.item_owner.addItem("Agent", "agent")
        self.item_owner.addItem("Manager", "manager")
        self.item_due = OptionalDateEdit()
        add_item = QPushButton("Add")
        add_item.clicked.connect(self.add_item)
        # The text on a line of its own: beside the owner and due date it was squeezed to
        # a few letters in the meeting column.
        self.item_row = self._row(QLabel("Owner"), self.item_owner, QLabel("due"),
                                  self.item_due, stretch_after=0)
        self.item_row.addWidget(add_item)
        layout.addWidget(self._group("Action items — open ones follow to every meeting until "
                                     "done", self.items, self.item_text, self.item_row))

        self.shared_notes = QPlainTextEdit()
        self.shared_notes.setObjectName("sharedNotes")
        self.shared_notes.setPlaceholderText("Notes you can share with the agent")
        self.shared_notes.setMinimumHeight(80)
        self.shared_notes.setMaximumHeight(220)
        self.private_notes = QPlainTextEdit()
        self.private_notes.setObjectName("privateNotes")
        self.private_notes.setPlaceholderText("Only for you")
        self.private_notes.setMinimumHeight(60)
        self.private_notes.setMaximumHeight(160)
        palette = self.private_notes.palette()
        palette.setColor(QPalette.ColorRole.Base,
                         tint(palette, QColor("#e0a800"), 0.16))
        self.private_notes.setPalette(palette)
        for edit in (self.shared_notes, self.private_notes):
            edit.textChanged.connect(self._on_typed)
        layout.addWidget(self._group("Shared notes", self.shared_notes))
        private = self._group("Private notes — manager only, never exported unless you "
                              "choose", self.private_notes)
        private.setObjectName("privateBox")
        layout.addWidget(private)

        self.mood = QSpinBox()
        self.mood.setRange(0, 10)
        self.mood.setSpecialValueText("not asked")
        self.mood.setToolTip("How the agent rates their mood or engagement, 1–10 (optional)")
        self.mood.valueChanged.connect(self._on_typed)
        self.saved_label = QLabel()
        self.saved_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hold_button = QPushButton("Mark held")
        self.hold_button.setToolTip("Freeze the record; undiscussed points carry over "
                                    "(Ctrl+Enter)")
        make_primary(self.hold_button)
        self.hold_button.clicked.connect(self.hold)
        self.amend_button = QPushButton("Amend notes…")
        self.amend_button.clicked.connect(self.amend)
        self.cancel_button = QPushButton("Cancel meeting…")
        self.cancel_button.setToolTip("It did not happen: drop it; its points and action items "
                                      "stay open for the next one")
        self.cancel_button.clicked.connect(self.cancel_meeting)
        self.copy_button = QPushButton("Copy as Markdown…")
        self.copy_button.clicked.connect(self.copy_markdown)
        layout.addLayout(self._row(QLabel("Mood / engagement"), self.mood, self.saved_label,
                                   stretch_after=2))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.hold_button)
        layout.addLayout(buttons)
        self.amendments = QLabel()
        self.amendments.setWordWrap(True)
        self.amendments.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.amendments)
        layout.addStretch(1)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.hold)

    @staticmethod
    def _group(title: str, *widgets) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(8, 6, 8, 8)
        for widget in widgets:
            if isinstance(widget, QHBoxLayout):
                holder = QWidget()
                holder.setLayout(widget)
                widget.setContentsMargins(0, 0, 0, 0)
                inner.addWidget(holder)
            else:
                inner.addWidget(widget)
        return box

    @staticmethod
    def _row(*widgets, stretch_after: int | None = None) -> QHBoxLayout:
        row = QHBoxLayout()
        for number, widget in enumerate(widgets):
            row.addWidget(widget, 1 if number == 0 and stretch_after is None else 0)
        if stretch_after is not None:
            row.addStretch(1)
        return row

    # ------------------------------------------------------------------ loading

    def load(self, meeting_id: int | None) -> None:
        self.save_now()
        if meeting_id is None:
            self.detail = None
            return
        try:
            self.detail = oo.get_meeting(self.session_factory, meeting_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, "Could not open the one-on-one", exc)
            self.detail = None
            return
        self._show()

    def reload(self) -> None:
        if self.detail is not None:
            self.load(self.detail.id)

    def _show(self) -> None:
        d = self.detail
        self._loading = True
        try:
            self.title.setText(f"{d.agent_name} — {d.meeting_date.isoformat()}")
            state = {"planned": "Planned: notes save as you type", "held":
                     f"Held {d.held_at:%Y-%m-%d %H:%M} — read-only; use Amend to change notes"
                     if d.held_at else "Held", "cancelled": "Cancelled"}[d.status]
            self.subtitle.setText(" · ".join(p for p in (d.template, state) if p))
            self.agenda.setText("<ul style='margin:0'>" + "".join(
                f"<li>{_esc(item)}</li>" for item in d.agenda) + "</ul>" if d.agenda
                else "<i>No agenda: start from a template to get one.</i>")
            editable = not d.read_only
            self.points.clear()
            for point in d.talking_points:
                label = point.text
                tags = []
                if point.carried:
                    tags.append(f"carried ×{point.times_carried}"
                                if point.times_carried > 1 else "carried")
                if point.origin != "manager":
                    tags.append(point.origin_label.lower())
                if tags:
                    label += f"   [{', '.join(tags)}]"
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, point.id)
                flags = Qt.ItemFlag.ItemIsEnabled
                if editable:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if point.discussed
                                   else Qt.CheckState.Unchecked)
                self.points.addItem(item)
            if not d.talking_points:
                self.points.addItem(QListWidgetItem("No talking points yet."))
            self.items.clear()
            for row in d.action_items:
                text = row.describe()
                if row.overdue:
                    text += "  — overdue"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable
                                                           if editable else Qt.ItemFlag(0)))
                item.setCheckState(Qt.CheckState.Checked if row.done_on
                                   else Qt.CheckState.Unchecked)
                self.items.addItem(item)
            if not d.action_items:
                self.items.addItem(QListWidgetItem("No open action items."))
            self.item_text.setVisible(editable)
            for row in (self.point_row, self.item_row):
                for index in range(row.count()):
                    widget = row.itemAt(index).widget()
                    if widget is not None:
                        widget.setVisible(editable)
            _fit_list(self.points)
            _fit_list(self.items)
            self.item_due.set_default(d.meeting_date)
            self.shared_notes.setPlainText(d.shared_notes)
            self.private_notes.setPlainText(d.private_notes)
            self.shared_notes.setReadOnly(not editable)
            self.private_notes.setReadOnly(not editable)
            self.mood.setValue(d.mood or 0)
            self.mood.setEnabled(editable)
            self.hold_button.setVisible(editable)
            self.cancel_button.setVisible(editable)
            self.amend_button.setVisible(d.status == "held")
            self.saved_label.setText(
                f"Saved {d.notes_saved_at:%H:%M:%S}" if d.notes_saved_at and editable else "")
            self.amendments.setText("\n".join(
                f"Amended {a.amended_at:%Y-%m-%d %H:%M} by {a.amended_by}: "
                f"{a.field.replace('_', ' ')} (original kept)" for a in d.amendments))
            self.amendments.setVisible(bool(d.amendments))
        finally:
            self._loading = False

    # ------------------------------------------------------------------ autosave

    def _on_typed(self, *_args) -> None:
        if self._loading or self.detail is None or self.detail.read_only:
            return
        self._dirty = True
        self.saved_label.setText("Editing…")
        self.autosave_timer.start()

    def save_now(self) -> None:
        """Write what was typed (the timer calls this; so do leaving and holding)."""
        self.autosave_timer.stop()
        if not self._dirty or self.detail is None or self.detail.read_only:
            return
        self._dirty = False
        try:
            saved = oo.save_notes(self.session_factory, self.detail.id,
                                  shared_notes=self.shared_notes.toPlainText(),
                                  private_notes=self.private_notes.toPlainText(),
                                  mood=self.mood.value() or None)
        except Exception as exc:  # noqa: BLE001
            self._dirty = True
            show_error(self, "Could not save the notes", exc)
            return
        self.saved_label.setText(f"Saved {saved:%H:%M:%S}")

    # ------------------------------------------------------------------ actions

    def _write(self, title: str, action) -> bool:
        try:
            action()
        except Exception as exc:  # noqa: BLE001
            show_error(self, title, exc)
            return False
        self.save_now()
        self.reload()
        self.changed.emit()
        return True

    def add_point(self) -> None:
        if self.detail is None or not self.point_text.text().strip():
            return
        agent_id, text = self.detail.agent_id, self.point_text.text()
        origin = self.point_origin.currentData()

        def write():
            with self.session_factory.begin() as session:
                add_talking_point(session, agent_id, text, origin=origin)
        if self._write("Could not add the talking point", write):
            self.point_text.clear()

    def add_item(self) -> None:
        if self.detail is None or not self.item_text.text().strip():
            return
        d = self.detail
        if self._write("Could not add the action item", lambda: action_items.add_action_item(
                self.session_factory, d.agent_id, self.item_text.text(),
                owner=self.item_owner.currentData(), due=self.item_due.value(),
                created_on=d.meeting_date, meeting_id=d.id)):
            self.item_text.clear()

    def _on_point_toggled(self, item: QListWidgetItem) -> None:
        point_id = item.data(Qt.ItemDataRole.UserRole)
        if self._loading or self.detail is None or point_id is None:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        self._write("Could not update the talking point", lambda: oo.set_point_discussed(
            self.session_factory, self.detail.id, point_id, checked))

    def _on_item_toggled(self, item: QListWidgetItem) -> None:
        item_id = item.data(Qt.ItemDataRole.UserRole)
        if self._loading or self.detail is None or item_id is None:
            return
        done = self.detail.meeting_date if item.checkState() == Qt.CheckState.Checked else None
        self._write("Could not update the action item",
                    lambda: action_items.set_done(self.session_factory, item_id, done))

    def hold(self) -> None:
        if self.detail is None or self.detail.read_only:
            return
        self.save_now()
        open_points = sum(not p.discussed for p in self.detail.talking_points)
        text = ("Mark this one-on-one as held? Its record becomes read-only (notes can still "
                "be amended, keeping the original).")
        if open_points:
            text += f"\n\n{open_points} undiscussed talking point(s) will carry over."
        if not self._ask("Mark held", text):
            return
        self._write("Could not mark the one-on-one held",
                    lambda: oo.hold_meeting(self.session_factory, self.detail.id))

    def cancel_meeting(self) -> None:
        if self.detail is None or self.detail.read_only:
            return
        if not self._ask("Cancel meeting", "Cancel this one-on-one? Its notes are kept with "
                         "it; talking points and action items stay open for the next one."):
            return
        self.save_now()
        self._write("Could not cancel the one-on-one",
                    lambda: oo.cancel_meeting(self.session_factory, self.detail.id))

    def amend(self) -> None:
        if self.detail is None or self.detail.status != "held":
            return
        dialog = AmendDialog(self.detail, self)
        if not self._exec_dialog(dialog):
            return
        field, text = dialog.result_value()
        self._write("Could not amend the notes", lambda: oo.amend_meeting(
            self.session_factory, self.detail.id, field, text, actor=current_user()))

    def _ask(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _exec_dialog(self, dialog) -> bool:
        """Run a dialog modally; True when accepted (tests replace this one method).
        The dialog is deleted afterwards (its values are read before the event loop runs)."""
        dialog.deleteLater()
        return dialog.exec() == QDialog.DialogCode.Accepted

    def copy_markdown(self) -> None:
        """Ask every time whether private notes go along (default: no)."""
        if self.detail is None:
            return
        self.save_now()
        self.reload()
        box = QMessageBox(QMessageBox.Icon.Question, "Copy as Markdown",
                          "Copy this one-on-one to the clipboard as Markdown.", parent=self)
        include = QCheckBox("Include my private notes")
        box.setCheckBox(include)
        box.setStandardButtons(QMessageBox.StandardButton.Ok
                               | QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Ok:
            return
        QGuiApplication.clipboard().setText(
            oo.meeting_markdown(self.detail, include_private=include.isChecked()))


class AmendDialog(QDialog):
    """Change a held meeting's notes; the original text is kept in the record."""

    def __init__(self, detail: MeetingDetail, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Amend notes")
        self._detail = detail
        self.field = QComboBox()
        self.field.addItem("Shared notes", "shared_notes")
        self.field.addItem("Private notes", "private_notes")
        self.text = QPlainTextEdit(detail.shared_notes)
        self.field.currentIndexChanged.connect(
            lambda _i: self.text.setPlainText(getattr(detail, self.field.currentData())))
        note = QLabel("The original text and the time of this change are kept with the "
                      "meeting.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.text)
        layout.addWidget(note)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def result_value(self) -> tuple[str, str]:
        return self.field.currentData(), self.text.toPlainText()


def _fit_list(widget: QListWidget, most: int = 8) -> None:
    """As tall as its rows (up to ``most``), so short lists leave no empty box."""
    rows = max(1, min(widget.count(), most))
    height = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height()
    widget.setFixedHeight(rows * max(height, 18) + 2 * widget.frameWidth() + 6)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mood_trail(moods: list[int], last: int = 6) -> str:
    """The latest moods (1–10), oldest first, as "8 → 7 → 6 → 5". Block-glyph bars were
    tried: at moods of 5 to 8 they read as one solid grey bar."""
    shown = moods[-last:]
    return ("… → " if len(moods) > last else "") + " → ".join(str(m) for m in shown)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
