"""The "Export packet…" and "Team batch…" dialogs: who, which period, where.

One dialog for both: the team batch has no summary and never private notes. Its "who" is
a checkable list of the active agents, all ticked by default, so a manager can write the
packets of one lead's agents without writing everyone's; all ticked means "every active
agent" (``agent_ids`` None), exactly what a batch did before the list existed.
The period is a preset (the last 3, 6 or 12 months up to today) or custom dates. The
"include private notes" box starts unticked every time it opens, on purpose: private
notes leave the machine only when the manager asks for it for this one export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.packets import packet_file_name, preset_period
from app.ui.widgets import ErrorLabel, from_qdate, make_primary, to_qdate

PRESETS = (("quarter", "Last 3 months"), ("half", "Last 6 months"),
           ("year", "Last 12 months"), ("custom", "Custom dates"))


@dataclass(frozen=True)
class AgentChoice:
    """An agent the dialog offers. Only active ones go in a team batch (as the service
    does); the one-agent list also offers agents on leave."""

    id: int
    name: str
    team: str = ""
    lead: str = ""
    active: bool = True


@dataclass(frozen=True)
class PacketRequest:
    agent_id: int | None  # None = the team batch
    agent_name: str
    start: date
    end: date
    folder: Path
    summary: str = ""
    include_private: bool = False
    agent_ids: list[int] | None = None  # team batch: None = every active agent

    @property
    def out(self) -> Path:
        return self.folder / packet_file_name(self.agent_name, self.start, self.end)


class AgentPicker(QWidget):
    """Which active agents a batch covers: a filter, Select all / none, the ticked count.

    The buttons act on the agents the filter shows, so "filter by a lead, then Select
    all" adds that lead's agents; their labels say so while a filter is typed."""

    changed = Signal()

    def __init__(self, agents: Sequence[AgentChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.filter_edit = _FilterEdit(placeholderText="Filter by name, team or lead")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.entered.connect(self._to_list)
        self.all_button = QPushButton("Select all")
        self.none_button = QPushButton("Select none")
        for button, (plain, filtered) in ((self.all_button, ("Select all", "Select shown")),
                                          (self.none_button, ("Select none",
                                                              "Unselect shown"))):
            button.setAutoDefault(False)  # Enter in the dialog writes packets, not this
            button.setText(filtered)  # as wide as its longer label: no jump when filtering
            button.setMinimumWidth(button.sizeHint().width())
            button.setText(plain)
        self.all_button.clicked.connect(lambda: self._tick_shown(True))
        self.none_button.clicked.connect(lambda: self._tick_shown(False))
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.all_button)
        top.addWidget(self.none_button)
        layout.addLayout(top)

        self.tree = QTreeWidget()
        details = any(a.team or a.lead for a in agents)
        self.tree.setColumnCount(3 if details else 1)
        self.tree.setHeaderLabels(["Agent", "Team", "Lead"][:self.tree.columnCount()])
        self.tree.setHeaderHidden(not details)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setMinimumHeight(150)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.tree.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for agent in agents:
            item = QTreeWidgetItem([agent.name, agent.team, agent.lead][:self.tree.columnCount()])
            item.setData(0, Qt.ItemDataRole.UserRole, agent.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            for column in range(self.tree.columnCount()):
                item.setToolTip(column, item.text(column))
            self.tree.addTopLevelItem(item)
        self.tree.setSortingEnabled(details)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.tree, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(objectName="mutedText")
        self.none_label = ErrorLabel()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.none_label)
        layout.addLayout(bottom)
        self.tree.itemChanged.connect(self._update)
        self.filter_edit.textChanged.connect(self._filter)
        self._update()

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def ticked_ids(self) -> list[int]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self.items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def set_ticked(self, agent_ids) -> None:
        wanted = set(agent_ids)
        for item in self.items():
            item.setCheckState(0, Qt.CheckState.Checked
                               if item.data(0, Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    def _tick_shown(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.tree.blockSignals(True)  # one update for the lot, not one per row
        for item in self.items():
            if not item.isHidden():
                item.setCheckState(0, state)
        self.tree.blockSignals(False)
        self.tree.viewport().update()
        self._update()

    def _filter(self, text: str) -> None:
        key = text.strip().casefold()
        for item in self.items():
            words = " ".join(item.text(c) for c in range(self.tree.columnCount()))
            item.setHidden(bool(key) and key not in words.casefold())
        self.all_button.setText("Select shown" if key else "Select all")
        self.none_button.setText("Unselect shown" if key else "Select none")
        self._update()

    def _update(self) -> None:
        total, ticked = self.tree.topLevelItemCount(), len(self.ticked_ids())
        text = f"{ticked} of {total} agent{'' if total == 1 else 's'} ticked"
        shown = sum(not item.isHidden() for item in self.items())
        if shown < total:
            text += f" · {shown} shown"
        self.count_label.setText(text)
        self.none_label.show_error(
            None if ticked else "There are no active agents; add them on the Team page."
            if not total else "Tick at least one agent to write packets.")
        self.changed.emit()

    def _to_list(self) -> None:
        """Enter in the filter: to the list (its first shown agent), not "write packets"."""
        self.tree.setFocus()
        if self.tree.currentItem() is None or self.tree.currentItem().isHidden():
            shown = [item for item in self.items() if not item.isHidden()]
            if shown:
                self.tree.setCurrentItem(shown[0])


class _FilterEdit(QLineEdit):
    """A line edit that keeps Enter to itself (``entered``) instead of letting it reach
    the dialog's default button. (An event filter installed from the picker did the same,
    but crashed when the dialog was torn down while events were still delivered.)"""

    entered = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.entered.emit()
            return
        super().keyPressEvent(event)


class PacketDialog(QDialog):
    def __init__(self, agents: Sequence[AgentChoice | tuple[int, str]], today: date,
                 folder: Path, *, team: bool = False, agent_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.today = today
        choices = [a if isinstance(a, AgentChoice) else AgentChoice(*a) for a in agents]
        self.setWindowTitle("Team batch" if team else "Export review packet")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        away = len(choices) - sum(a.active for a in choices)
        intro = QLabel(
            "A packet for each ticked agent and a team overview of them, written into one "
            "folder. Private one-on-one notes are never included in a batch."
            + (" Agents on leave are not listed." if away else "") if team else
            "A print-ready Excel workbook with the agent's metrics, quality reviews, "
            "one-on-ones and plans for the period.")
        intro.setWordWrap(True)
        intro.setObjectName("mutedText")
        layout.addWidget(intro)
        form = QFormLayout()
        self.agent_combo = QComboBox()
        for choice in choices:
            self.agent_combo.addItem(choice.name, choice.id)
        if agent_id is not None:
            self.agent_combo.setCurrentIndex(max(self.agent_combo.findData(agent_id), 0))
        self.picker = AgentPicker([a for a in choices if a.active]) if team else None
        if team:
            agents_label = QLabel("&Agents:")
            agents_label.setBuddy(self.picker.tree)
            form.addRow(agents_label, self.picker)
        else:
            form.addRow("&Agent:", self.agent_combo)
        self.preset_combo = QComboBox()
        for key, label in PRESETS:
            self.preset_combo.addItem(label, key)
        form.addRow("&Period:", self.preset_combo)
        dates = QHBoxLayout()
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        form.addRow("", dates)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("Your summary of the period, shown on the "
                                             "Summary sheet and kept with the export record")
        self.summary_edit.setFixedHeight(90)
        self.private_box = QCheckBox("Include private one-on-one notes in this packet")
        self.private_box.setChecked(False)
        self.private_box.setToolTip("Off by default: private notes stay on this computer "
                                    "unless you tick this for this one export.")
        if not team:
            form.addRow("&Summary:", self.summary_edit)
            form.addRow("", self.private_box)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(folder))
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form.addRow("Save in folder:", folder_row)
        self.file_label = QLabel(objectName="mutedText")
        self.file_label.setWordWrap(True)
        form.addRow("", self.file_label)
        layout.addLayout(form, 1)
        self.error_label = QLabel(objectName="errorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton("Write packets" if team else "Export",
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        make_primary(self.ok_button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        for signal in (self.agent_combo.currentIndexChanged, self.start_edit.dateChanged,
                       self.end_edit.dateChanged):
            signal.connect(self._update_file_label)
        self.preset_combo.setCurrentIndex(0)
        self._preset_changed()
        if self.picker is not None:
            self.picker.changed.connect(self._picked)
            self._picked()
            self._fit_batch_size(parent)

    def _fit_batch_size(self, parent: QWidget | None) -> None:
        """Tall enough to show up to 14 agents without empty rows, but never taller than
        the window it opens over (the list scrolls instead): fits the 960x600 minimum."""
        tree = self.picker.tree
        rows = min(tree.topLevelItemCount(), 14)
        wanted = (rows * max(tree.sizeHintForRow(0), 1) + 2 * tree.frameWidth() + 2
                  + (0 if tree.isHeaderHidden() else tree.header().sizeHint().height()))
        height = (self.sizeHint().height() - tree.sizeHint().height()
                  + max(wanted, tree.minimumHeight()))
        limit = parent.window().height() - 40 if parent is not None else 0
        if limit <= 0 and self.screen() is not None:
            limit = self.screen().availableGeometry().height() - 80
        if limit > 0:
            height = min(height, max(limit, self.minimumSizeHint().height()))
        self.resize(max(self.sizeHint().width(), 640), height)

    def _picked(self) -> None:
        count = len(self.picker.ticked_ids())
        self.ok_button.setEnabled(count > 0)
        self.ok_button.setText(f"Write {count} packet{'' if count == 1 else 's'}"
                               if count else "Write packets")
        self.ok_button.setToolTip("" if count else "Tick at least one agent first.")

    def _preset_changed(self) -> None:
        key = self.preset_combo.currentData()
        custom = key == "custom"
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if not custom:
            start, end = preset_period(key, self.today)
            self.start_edit.setDate(to_qdate(start))
            self.end_edit.setDate(to_qdate(end))
        self._update_file_label()

    def _update_file_label(self) -> None:
        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        if self.team:
            self.file_label.setText("One file per agent, named like “Review packet - NAME - "
                                    f"{start} to {end}.xlsx”, plus the team overview.")
        else:
            name = self.agent_combo.currentText() or "agent"
            self.file_label.setText(f"File: {packet_file_name(name, start, end)}")

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save packets in", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def request(self) -> PacketRequest | None:
        """What the manager chose, or None (with the reason shown) when it cannot work."""
        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if end < start:
            self._error("The period ends before it starts; change the dates.")
            return None
        if not folder.is_dir():
            self._error(f"The folder {folder} does not exist; choose another with Browse….")
            return None
        if not self.team and self.agent_combo.currentIndex() < 0:
            self._error("There is no agent to export; add agents on the Team page first.")
            return None
        agent_ids = None
        if self.team:
            ticked = self.picker.ticked_ids()
            if not ticked:
                self._error("Tick at least one agent to write packets.")
                return None
            if len(ticked) < self.picker.tree.topLevelItemCount():
                agent_ids = sorted(ticked)
        return PacketRequest(
            None if self.team else self.agent_combo.currentData(),
            "" if self.team else self.agent_combo.currentText(), start, end, folder,
            "" if self.team else self.summary_edit.toPlainText().strip(),
            False if self.team else self.private_box.isChecked(), agent_ids)

    def accept(self) -> None:
        if self.request() is not None:
            super().accept()
