"""Dialogs of the Plans page: a new plan, a check-in, a state change, a ticked item."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.analytics.objectives import METRICS, format_value
from app.errors import BadInputError
from app.services.plans import (
    OBJECTIVE_LABELS,
    PRESET_DAYS,
    TRANSITIONS,
    STATUS_LABELS,
    ObjectiveInput,
    PlanDetail,
    PlanInput,
    PlanSummary,
    preset_end,
)
from app.ui.messages import show_error
from app.ui.sizing import resize_within_screen
from app.ui.widgets import OptionalDateEdit, from_qdate, to_qdate


def _buttons(dialog: QDialog, ok: str = "Save") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def choose_agent(parent, title: str, agents) -> int | None:
    names = [a.full_name for a in agents]
    name, ok = QInputDialog.getItem(parent, title, "Agent", names, 0, False)
    if not ok:
        return None
    return agents[names.index(name)].id


class ObjectiveRow(QWidget):
    """One objective: text, and optionally metric, comparator, target and window.

    The combo box is ``metric_combo``, never ``metric``: an attribute named like a Qt
    virtual (QPaintDevice.metric) is taken for a Python override and crashes Qt."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("What must improve")
        self.metric_combo = QComboBox()
        self.metric_combo.addItem("no metric", "")
        for key, (label, _unit, _higher) in METRICS.items():
            self.metric_combo.addItem(label, key)
        self.comparator = QComboBox()
        for sign, label in ((">=", "≥"), ("<=", "≤")):
            self.comparator.addItem(label, sign)
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 100000)
        self.target.setValue(85)
        self.window_days = QSpinBox()
        self.window_days.setRange(1, 366)
        self.window_days.setValue(30)
        self.window_days.setSuffix(" d")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        for widget in (self.metric_combo, self.comparator, self.target, self.window_days):
            layout.addWidget(widget)
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._sync())
        self._sync()

    def _sync(self) -> None:
        on = bool(self.metric_combo.currentData())
        for widget in (self.comparator, self.target, self.window_days):
            widget.setEnabled(on)

    def value(self) -> ObjectiveInput | None:
        if not self.text.text().strip():
            return None
        metric = self.metric_combo.currentData() or None
        if metric is None:
            return ObjectiveInput(self.text.text())
        return ObjectiveInput(self.text.text(), metric, self.comparator.currentData(),
                              self.target.value(), self.window_days.value())


class NewPlanDialog(QDialog):
    def __init__(self, agents, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New improvement plan")
        self.agents = agents
        self.agent = QComboBox()
        for agent in agents:
            self.agent.addItem(agent.full_name, agent.id)
        self.start = _date_edit(today)
        self.end = _date_edit(preset_end(today, 60))
        presets = QHBoxLayout()
        presets.addWidget(self.start)
        presets.addWidget(QLabel("to"))
        presets.addWidget(self.end)
        for days in PRESET_DAYS:
            button = QPushButton(f"{days} days")
            button.clicked.connect(lambda _c=False, d=days: self._preset(d))
            presets.addWidget(button)
        self.concerns = QPlainTextEdit()
        self.concerns.setPlaceholderText("One per line; start with the date it was first "
                                         "raised, e.g. 2026-09-14: slow first replies")
        self.objectives = [ObjectiveRow(self) for _ in range(3)]
        objective_box = QVBoxLayout()
        for row in self.objectives:
            objective_box.addWidget(row)
        self.support = QPlainTextEdit()
        self.support.setPlaceholderText("Training, coaching, shadowing… one per line")
        self.checkins = QLineEdit()
        self.checkins.setPlaceholderText("Dates, comma separated (empty: every two weeks)")
        self.hr_contact = QLineEdit()
        self.acknowledged = OptionalDateEdit(default=today)
        self.consequences = QPlainTextEdit()
        for edit in (self.concerns, self.support, self.consequences):
            edit.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow("Agent", self.agent)
        form.addRow("Dates", presets)
        form.addRow("Concerns", self.concerns)
        form.addRow("Objectives", objective_box)
        form.addRow("Support given", self.support)
        form.addRow("Check-ins", self.checkins)
        form.addRow("HR contact", self.hr_contact)
        form.addRow("Acknowledged", self.acknowledged)
        form.addRow("Consequences", self.consequences)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save draft"))
        resize_within_screen(self, 760, 620)

    def _preset(self, days: int) -> None:
        self.end.setDate(to_qdate(preset_end(from_qdate(self.start.date()), days)))

    def accept(self) -> None:
        try:
            self.result_value()
        except BadInputError as exc:
            show_error(self, "Check the plan", exc)
            return
        super().accept()

    def result_value(self) -> tuple[int, PlanInput]:
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        concerns = []
        for line in self.concerns.toPlainText().splitlines():
            head, _, rest = line.partition(":")
            try:
                concerns.append((rest.strip(), date.fromisoformat(head.strip())))
            except ValueError:
                if line.strip():
                    concerns.append((line.strip(), None))
        dates = []
        for part in self.checkins.text().replace(";", ",").split(","):
            if part.strip():
                try:
                    dates.append(date.fromisoformat(part.strip()))
                except ValueError:
                    raise BadInputError(f"Check-in '{part.strip()}' is not a date; write "
                                        "YYYY-MM-DD.") from None
        if not dates:
            day = start + timedelta(days=14)
            while day < end:
                dates.append(day)
                day += timedelta(days=14)
        objectives = [o for o in (row.value() for row in self.objectives) if o]
        if not objectives:
            raise BadInputError("Write at least one objective: what must improve?")
        if self.agent.currentData() is None:
            raise BadInputError("Choose the agent the plan is for.")
        return self.agent.currentData(), PlanInput(
            start_date=start, end_date=end, concerns=concerns, objectives=objectives,
            support=self.support.toPlainText().splitlines(), checkin_dates=dates,
            hr_contact=self.hr_contact.text(), acknowledged_on=self.acknowledged.value(),
            consequences=self.consequences.toPlainText())


class CheckInDialog(QDialog):
    """Notes and a status per objective; metric values are computed when it is saved."""

    def __init__(self, plan: PlanDetail, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Check-in: {plan.agent_name}")
        pending = [c for c in plan.checkins if c.held_on is None]
        self.checkin = QComboBox()
        self.checkin.addItem("an extra check-in", None)
        for checkin in pending:
            self.checkin.addItem(f"planned for {checkin.scheduled_on.isoformat()}", checkin.id)
        if pending:
            self.checkin.setCurrentIndex(1)
        self.held_on = _date_edit(today)
        self.notes = QPlainTextEdit()
        self.statuses: dict[int, QComboBox] = {}
        form = QFormLayout()
        form.addRow("Check-in", self.checkin)
        form.addRow("Held on", self.held_on)
        for objective in plan.objectives:
            combo = QComboBox()
            for key, label in OBJECTIVE_LABELS.items():
                combo.addItem(label, key)
            if objective.status in OBJECTIVE_LABELS:
                combo.setCurrentIndex(list(OBJECTIVE_LABELS).index(objective.status))
            self.statuses[objective.id] = combo
            label = objective.text
            if objective.metric:
                label += f" (last: {format_value(objective.metric, objective.value)})"
            form.addRow(QLabel(label), combo)
        form.addRow("Notes", self.notes)
        hint = QLabel("Metric values are computed and stored with the check-in.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(_buttons(self, "Record check-in"))
        self.resize(560, 420)

    def result_value(self):
        return (from_qdate(self.held_on.date()), self.notes.toPlainText(),
                {oid: combo.currentData() for oid, combo in self.statuses.items()},
                self.checkin.currentData())


class StatusDialog(QDialog):
    """Extend, pass, not pass or cancel (plans); passed, extended or not passed
    (probation sign-off), with a note and, when extending, the new end date."""

    def __init__(self, plan: PlanSummary, today: date, parent=None) -> None:
        super().__init__(parent)
        probation = plan.kind == "probation"
        self.setWindowTitle("Sign off probation" if probation else "Extend or close the plan")
        self.status = QComboBox()
        choices = (("passed", "extended", "not_passed") if probation
                   else [s for s in TRANSITIONS.get(plan.status, ()) if s != "active"])
        for key in choices:
            self.status.addItem(STATUS_LABELS[key], key)
        self.new_end = _date_edit(plan.end + timedelta(days=30))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Why: this note is part of the record")
        form = QFormLayout()
        form.addRow("Outcome", self.status)
        form.addRow("New end date", self.new_end)
        form.addRow("Note", self.note)
        self.status.currentIndexChanged.connect(self._sync)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("The change is dated and kept in the plan's record with "
                                "your name."))
        layout.addWidget(_buttons(self, "Save"))
        self._form = form
        self._sync()
        self.resize(460, 300)

    def _sync(self) -> None:
        self._form.setRowVisible(self.new_end, self.status.currentData() == "extended")

    def result_value(self):
        new_end = from_qdate(self.new_end.date()) if self.status.currentData() == "extended" \
            else None
        return self.status.currentData(), self.note.toPlainText(), new_end


class TickDialog(QDialog):
    """Tick a manual probation item as done on a date (or untick it)."""

    def __init__(self, plan: PlanSummary, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tick checklist item")
        self.item = QComboBox()
        for objective in plan.objectives:
            if objective.metric is None:
                mark = "✓ " if objective.done_on else ""
                self.item.addItem(mark + objective.text, objective.id)
        self.done_on = OptionalDateEdit(today, default=today)
        form = QFormLayout()
        form.addRow("Item", self.item)
        form.addRow("Done on", self.done_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Untick \"set\" to mark the item as not done."))
        layout.addWidget(_buttons(self, "Save"))

    def result_value(self):
        return self.item.currentData(), self.done_on.value()


class DetailsDialog(QDialog):
    """What may change while a plan runs: HR contact, acknowledgement, support,
    consequences and the check-in dates still to come (held ones stay)."""

    def __init__(self, plan: PlanDetail, today: date, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Plan details: {plan.agent_name}")
        self.plan = plan
        self.hr_contact = QLineEdit(plan.hr_contact)
        self.acknowledged = OptionalDateEdit(plan.acknowledged_on, default=today)
        self.support = QPlainTextEdit("\n".join(plan.support))
        self.consequences = QPlainTextEdit(plan.consequences)
        self.checkins = QLineEdit(", ".join(
            c.scheduled_on.isoformat() for c in plan.checkins if c.held_on is None))
        self.checkins.setPlaceholderText("YYYY-MM-DD, comma separated")
        for edit in (self.support, self.consequences):
            edit.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow("HR contact", self.hr_contact)
        form.addRow("Acknowledged", self.acknowledged)
        form.addRow("Support given", self.support)
        form.addRow("Consequences", self.consequences)
        form.addRow("Coming check-ins", self.checkins)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save"))
        self.resize(560, 380)

    def accept(self) -> None:
        try:
            self.result_value()
        except BadInputError as exc:
            show_error(self, "Check the details", exc)
            return
        super().accept()

    def result_value(self) -> dict:
        dates = []
        for part in self.checkins.text().replace(";", ",").split(","):
            if part.strip():
                try:
                    dates.append(date.fromisoformat(part.strip()))
                except ValueError:
                    raise BadInputError(f"Check-in '{part.strip()}' is not a date; write "
                                        "YYYY-MM-DD.") from None
        held = [c.scheduled_on for c in self.plan.checkins if c.held_on is not None]
        return {"hr_contact": self.hr_contact.text(),
                "acknowledged_on": self.acknowledged.value(),
                "support": self.support.toPlainText().splitlines(),
                "consequences": self.consequences.toPlainText(),
                "checkin_dates": held + dates}
