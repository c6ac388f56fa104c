"""The "Export packet…" and "Team batch…" dialogs: who, which period, where.

One dialog for both: the team batch has no agent, no summary and never private notes.
The period is a preset (the last 3, 6 or 12 months up to today) or custom dates. The
"include private notes" box starts unticked every time it opens, on purpose: private
notes leave the machine only when the manager asks for it for this one export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.packets import packet_file_name, preset_period
from app.ui.widgets import from_qdate, make_primary, to_qdate

PRESETS = (("quarter", "Last 3 months"), ("half", "Last 6 months"),
           ("year", "Last 12 months"), ("custom", "Custom dates"))


@dataclass(frozen=True)
class PacketRequest:
    agent_id: int | None  # None = the team batch
    agent_name: str
    start: date
    end: date
    folder: Path
    summary: str = ""
    include_private: bool = False

    @property
    def out(self) -> Path:
        return self.folder / packet_file_name(self.agent_name, self.start, self.end)


class PacketDialog(QDialog):
    def __init__(self, agents: list[tuple[int, str]], today: date, folder: Path, *,
                 team: bool = False, agent_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.today = today
        self.setWindowTitle("Team batch" if team else "Export review packet")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A packet for every active agent and a team overview, written into one folder. "
            "Private one-on-one notes are never included in a batch." if team else
            "A print-ready Excel workbook with the agent's metrics, quality reviews, "
            "one-on-ones and plans for the period.")
        intro.setWordWrap(True)
        intro.setObjectName("mutedText")
        layout.addWidget(intro)
        form = QFormLayout()
        self.agent_combo = QComboBox()
        for key, name in agents:
            self.agent_combo.addItem(name, key)
        if agent_id is not None:
            self.agent_combo.setCurrentIndex(max(self.agent_combo.findData(agent_id), 0))
        if not team:
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
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form.addRow("Save in folder:", folder_row)
        self.file_label = QLabel(objectName="mutedText")
        self.file_label.setWordWrap(True)
        form.addRow("", self.file_label)
        layout.addLayout(form)
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
        return PacketRequest(
            None if self.team else self.agent_combo.currentData(),
            "" if self.team else self.agent_combo.currentText(), start, end, folder,
            "" if self.team else self.summary_edit.toPlainText().strip(),
            False if self.team else self.private_box.isChecked())

    def accept(self) -> None:
        if self.request() is not None:
            super().accept()
