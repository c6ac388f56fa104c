"""Add or edit one agent: every roster field, with the service's reasons shown in place.

The roster service validates (so the window, the import and the command line refuse the
same things); this dialog only shows each reason under its field and stays open, so
nothing the user typed is lost.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.ingest.platform_names import PLATFORMS
from app.services.roster import (
    STATUS_LABELS,
    AgentInput,
    AgentRow,
    AliasInfo,
    RosterValidationError,
    SessionFactory,
    create_agent,
    list_agents,
    list_teams,
    update_agent,
)
from app.ui.widgets import ErrorLabel, OptionalDateEdit, make_primary, platform_label

NO_LEAD = "— none —"
# Field names as RosterValidationError.errors uses them, in the order of the form.
FIELDS = ("full_name", "email", "role", "team", "lead", "hire_date", "probation_end",
          "status", "departure_date", "aliases")


def _add_months(value: date, months: int) -> date:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class AgentDialog(QDialog):
    """``saved_agent`` holds the AgentRow the service returned once the dialog accepted."""

    def __init__(self, session_factory: SessionFactory, agent: AgentRow | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._agent = agent
        self._today = today or date.today()
        self.saved_agent: AgentRow | None = None
        self.setWindowTitle("Add agent" if agent is None else f"Edit agent — {agent.full_name}")
        self.setMinimumWidth(540)
        self._errors: dict[str, ErrorLabel] = {}
        self._focus: dict[str, QWidget] = {}
        self._build()
        self._load(agent)

    # ------------------------------------------------------------------- building

    def _build(self) -> None:
        others = list_agents(self._session_factory)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("First and last name")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("name@company.com (optional)")
        self.role_combo = self._editable_combo(
            sorted({a.role for a in others if a.role}, key=str.casefold), "e.g. Support agent")
        self.team_combo = self._editable_combo(list_teams(self._session_factory),
                                               "e.g. Tier 1 (a new name makes a new team)")
        self.lead_combo = QComboBox()
        self.lead_combo.addItem(NO_LEAD, None)
        own_id = self._agent.id if self._agent else None
        own_lead = self._agent.lead_id if self._agent else None
        for other in others:
            if other.id == own_id or (other.status == "departed" and other.id != own_lead):
                continue
            suffix = " (departed)" if other.status == "departed" else ""
            self.lead_combo.addItem(other.full_name + suffix, other.id)
        self.hire_date_edit = OptionalDateEdit(default=self._today)
        self.probation_end_edit = OptionalDateEdit(default=_add_months(self._today, 6))
        self.status_combo = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, key)
        self.departure_date_edit = OptionalDateEdit(default=self._today)
        self.alias_table = QTableWidget(0, 2)
        self.alias_table.setHorizontalHeaderLabels(["Platform", "Alias"])
        self.alias_table.verticalHeader().hide()
        self.alias_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.alias_table.setColumnWidth(0, 150)
        self.alias_table.horizontalHeader().setStretchLastSection(True)
        self.alias_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alias_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alias_table.setMinimumHeight(118)
        self.alias_table.setMaximumHeight(150)
        self.add_alias_button = QPushButton("Add al&ias")
        self.remove_alias_button = QPushButton("Re&move")
        for button in (self.add_alias_button, self.remove_alias_button):
            button.setAutoDefault(False)  # Enter saves the dialog, never adds a row
        # Parented now, so make_primary's setDefault registers with this dialog; otherwise
        # QDialog picks the first auto-default button in the focus chain as the default.
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel, self)
        ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setText("Add agent" if self._agent is None else "Save")
        make_primary(ok_button)

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        rows = [("&Name", "full_name", self.name_edit), ("&E-mail", "email", self.email_edit),
                ("&Role", "role", self.role_combo), ("&Team", "team", self.team_combo),
                ("&Lead", "lead", self.lead_combo),
                ("&Hire date", "hire_date", self.hire_date_edit),
                ("&Probation end", "probation_end", self.probation_end_edit),
                ("&Status", "status", self.status_combo),
                ("&Departure date", "departure_date", self.departure_date_edit),
                ("&Aliases", "aliases", self._alias_box())]
        for text, field, widget in rows:
            label = QLabel(text)
            focus = self.alias_table if field == "aliases" else widget
            label.setBuddy(focus)
            form.addRow(label, self._with_error(field, widget))
            self._focus[field] = focus
        self.general_error = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.button_box)

        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.status_combo.currentIndexChanged.connect(self._on_status_changed)
        self.hire_date_edit.value_changed.connect(self._on_hire_changed)
        self.add_alias_button.clicked.connect(self._on_add_alias)
        self.remove_alias_button.clicked.connect(self._on_remove_alias)
        self.alias_table.itemSelectionChanged.connect(self._update_alias_buttons)
        self.name_edit.textEdited.connect(lambda _t: self._errors["full_name"].show_error(None))
        self.email_edit.textEdited.connect(lambda _t: self._errors["email"].show_error(None))

    def _editable_combo(self, items: list[str], placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(items)
        combo.lineEdit().setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)
        return combo

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        """The field with its (hidden until needed) error sentence right under it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        self._errors[field] = ErrorLabel()
        layout.addWidget(self._errors[field])
        return box

    def _alias_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        # One line, unwrapped: a wrapped label would be clipped in a top-level dialog.
        hint = QLabel("How ticket exports name this agent, so tickets find them.",
                      objectName="mutedText")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_alias_button)
        buttons.addWidget(self.remove_alias_button)
        buttons.addStretch(1)
        layout.addWidget(self.alias_table)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        return box

    def _load(self, agent: AgentRow | None) -> None:
        if agent is not None:
            self.name_edit.setText(agent.full_name)
            self.email_edit.setText(agent.email or "")
            self.role_combo.setEditText(agent.role or "")
            self.team_combo.setEditText(agent.team or "")
            self.set_lead(agent.lead_id)
            self.hire_date_edit.set_value(agent.hire_date)
            self.probation_end_edit.set_value(agent.probation_end)
            self.set_status(agent.status)
            self.departure_date_edit.set_value(agent.departure_date)
            for alias in agent.aliases:
                self.add_alias_row(alias.platform, alias.alias)
        self._on_status_changed()
        self._update_alias_buttons()
        self.name_edit.setFocus()

    # ------------------------------------------------------------ values in/out

    def set_lead(self, agent_id: int | None) -> None:
        index = self.lead_combo.findData(agent_id)
        self.lead_combo.setCurrentIndex(max(index, 0))

    def set_status(self, key: str) -> None:
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(key), 0))

    def add_alias_row(self, platform: str = "any", alias: str = "") -> int:
        row = self.alias_table.rowCount()
        self.alias_table.insertRow(row)
        combo = QComboBox()
        for key in PLATFORMS:
            combo.addItem(platform_label(key), key)
        if combo.findData(platform) < 0:  # a platform this version does not list
            combo.addItem(platform, platform)
        combo.setCurrentIndex(combo.findData(platform))
        self.alias_table.setCellWidget(row, 0, combo)
        self.alias_table.setItem(row, 1, QTableWidgetItem(alias))
        return row

    def aliases(self) -> list[AliasInfo]:
        result = []
        for row in range(self.alias_table.rowCount()):
            combo = self.alias_table.cellWidget(row, 0)
            item = self.alias_table.item(row, 1)
            text = item.text().strip() if item else ""
            if text:
                result.append(AliasInfo(combo.currentData(), text))
        return result

    def agent_input(self) -> AgentInput:
        departed = self.status_combo.currentData() == "departed"
        return AgentInput(
            full_name=self.name_edit.text(), email=self.email_edit.text() or None,
            role=self.role_combo.currentText() or None,
            team=self.team_combo.currentText() or None,
            lead_id=self.lead_combo.currentData(), hire_date=self.hire_date_edit.value(),
            probation_end=self.probation_end_edit.value(),
            status=self.status_combo.currentData(),
            departure_date=self.departure_date_edit.value() if departed else None,
            aliases=self.aliases())

    def field_errors(self) -> dict[str, str]:
        """The messages currently shown, by field ("" for the one not tied to a field)."""
        shown = {field: label.text() for field, label in self._errors.items()
                 if not label.isHidden()}
        if not self.general_error.isHidden():
            shown[""] = self.general_error.text()
        return shown

    # ------------------------------------------------------------------ reactions

    def _on_status_changed(self, _index: int = 0) -> None:
        departed = self.status_combo.currentData() == "departed"
        self.departure_date_edit.setEnabled(departed)
        if departed and self.departure_date_edit.value() is None:
            self.departure_date_edit.set_value(self._today)

    def _on_hire_changed(self) -> None:
        hired = self.hire_date_edit.value()
        if hired is not None:
            self.probation_end_edit.set_default(_add_months(hired, 6))

    def _on_add_alias(self) -> None:
        row = self.add_alias_row()
        self.alias_table.setCurrentCell(row, 1)
        self.alias_table.editItem(self.alias_table.item(row, 1))

    def _on_remove_alias(self) -> None:
        row = self.alias_table.currentRow()
        if row >= 0:
            self.alias_table.removeRow(row)
        self._update_alias_buttons()

    def _update_alias_buttons(self) -> None:
        self.remove_alias_button.setEnabled(self.alias_table.currentRow() >= 0)

    # --------------------------------------------------------------------- saving

    def accept(self) -> None:
        """Save through the service; on refusal show why and stay open."""
        for label in [*self._errors.values(), self.general_error]:
            label.show_error(None)
        data = self.agent_input()
        try:
            if self._agent is None:
                row = create_agent(self._session_factory, data, today=self._today)
            else:
                row = update_agent(self._session_factory, self._agent.id, data,
                                   today=self._today)
        except RosterValidationError as exc:
            self.show_errors(exc.errors)
            return
        except UserError as exc:
            QMessageBox.warning(self, "Cannot save the agent", str(exc))
            return
        self.saved_agent = row
        super().accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; the first bad field (in form order) gets focus."""
        general = []
        for field, message in errors.items():
            if field in self._errors:
                self._errors[field].show_error(message)
            else:
                general.append(message)
        self.general_error.show_error(" ".join(general) or None)
        # Grow (never shrink) so the new sentences fit without the user resizing.
        self.layout().activate()
        wanted = self.sizeHint().expandedTo(self.size())
        if wanted != self.size():
            self.resize(wanted)
        bad = [field for field in FIELDS if field in errors]
        if bad:
            self._focus[bad[0]].setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(self._focus[bad[0]], QLineEdit):
                self._focus[bad[0]].selectAll()
