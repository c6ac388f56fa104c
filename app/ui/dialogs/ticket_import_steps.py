"""The steps of the ticket import on the Imports page: the mapping, the agents, the summary.

Each step is a plain widget that shows service results and hands back the user's choices
(``mapping()``, ``decisions()``); the page runs the background jobs between them. Choices
are made with combo boxes the tests can set directly.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.agent_matching import CREATE, IGNORE, AgentDecision
from app.services.ticket_import import FilePreview, FileScan, ImportResult
from app.ui.models.text_table_model import TextTableModel, text_table
from app.ui.widgets import error_color, make_primary, platform_label

NOT_IN_FILE = "— not in the file —"
FIELD_LABELS = {
    "external_id": "Ticket ID", "assignee": "Assignee (agent)", "group_name": "Group",
    "channel": "Channel", "status": "Status", "priority": "Priority", "ticket_type": "Type",
    "created_at": "Created", "first_reply_at": "First reply at", "solved_at": "Solved",
    "updated_at": "Updated", "first_reply_minutes": "First reply time",
    "first_reply_minutes_business": "First reply time (business hours)",
    "full_resolution_minutes": "Full resolution time",
    "full_resolution_minutes_business": "Full resolution time (business hours)",
    "handle_seconds": "Handle time", "agent_replies": "Agent replies", "reopens": "Reopens",
    "csat": "Satisfaction (CSAT)", "csat_raw": "Satisfaction (raw score)", "nps": "NPS score",
    "sla": "SLA outcome", "escalated": "Escalated", "tags": "Tags", "subject": "Subject",
    "requester": "Requester (hashed, never stored)", "period_start": "Period start",
    "period_end": "Period end", "revision": "Revision (edit counter)",
}
DATE_ORDERS = (("Day first (31/12/2025)", True), ("Month first (12/31/2025)", False))


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    # The page's own background, not a grey box: the rows sit on the page like a form.
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    area.setStyleSheet("QScrollArea { background: transparent; }")
    widget.setObjectName("stepForm")
    widget.setStyleSheet("QWidget#stepForm { background: transparent; }")
    return area


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class MappingStep(QWidget):
    """The file's first rows, its platform and which column feeds each field."""

    back_requested = Signal()
    next_requested = Signal()
    profile_chosen = Signal(str)  # a profile name
    sheet_chosen = Signal(str)

    def __init__(self, profiles: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: FilePreview | None = None
        self.edited = False
        self.field_combos: dict[str, QComboBox] = {}
        self.date_combos: dict[str, QComboBox] = {}
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.file_label = _bold(QLabel())
        self.sheet_label = QLabel("Sheet:")
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(
            lambda i: self.sheet_chosen.emit(self.sheet_combo.itemText(i)))
        self.profile_combo = QComboBox()
        self.profile_combo.setToolTip("The platform the file comes from; change it if the "
                                      "guess is wrong")
        for name, title in profiles:
            self.profile_combo.addItem(title, name)
        self.profile_combo.activated.connect(
            lambda i: self.profile_chosen.emit(self.profile_combo.itemData(i)))
        self.detected_label = QLabel(objectName="mutedText")
        top.addWidget(self.file_label)
        top.addSpacing(12)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        top.addWidget(QLabel("Platform:"))
        top.addWidget(self.profile_combo)
        top.addWidget(self.detected_label)
        top.addStretch(1)
        layout.addLayout(top)

        self.period_row = QWidget()
        period_layout = QHBoxLayout(self.period_row)
        period_layout.setContentsMargins(0, 0, 0, 0)
        self.period_edit = QLineEdit()
        self.period_edit.setPlaceholderText("YYYY-MM")
        self.period_edit.setMaximumWidth(200)
        self.period_edit.setToolTip("The month these per-agent figures cover, e.g. 2026-10 "
                                    "(or a range: 2026-10-05..2026-10-11)")
        period_layout.addWidget(QLabel("This report has no dates. Period it covers:"))
        period_layout.addWidget(self.period_edit)
        period_layout.addStretch(1)
        layout.addWidget(self.period_row)

        self.sample_model = TextTableModel((), None, self)
        self.sample_view = text_table(self.sample_model, -1)
        self.mapping_holder = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_holder)
        self.mapping_grid.setContentsMargins(0, 0, 8, 0)
        self.mapping_grid.setHorizontalSpacing(10)
        self.mapping_grid.setVerticalSpacing(4)
        mapping_box = QWidget()
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        self.mapping_title = QLabel("Columns", objectName="sectionTitle")
        self.mapping_note = QLabel(objectName="mutedText")
        self.mapping_note.setWordWrap(True)
        mapping_layout.addWidget(self.mapping_title)
        mapping_layout.addWidget(self.mapping_note)
        mapping_layout.addWidget(_scroll(self.mapping_holder), 1)
        sample_box = QWidget()
        sample_layout = QVBoxLayout(sample_box)
        sample_layout.setContentsMargins(0, 0, 0, 0)
        sample_layout.addWidget(QLabel("First rows of the file", objectName="sectionTitle"))
        sample_layout.addWidget(self.sample_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(mapping_box)
        splitter.addWidget(sample_box)
        splitter.setSizes([560, 500])
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = QPushButton("Next: check agents")
        self.next_button.setMinimumWidth(170)
        self.next_button.setToolTip("Read the whole file and list the names not in the "
                                    "roster; nothing is saved yet")
        make_primary(self.next_button)
        self.next_button.clicked.connect(self.next_requested)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)

    def show_preview(self, file_preview: FilePreview, fields: tuple[str, ...]) -> None:
        self.preview = file_preview
        preview = file_preview.preview
        self._filling = True
        self.edited = file_preview.remembered
        self.file_label.setText(preview.source)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(preview.sheet_names)
        if preview.sheet:
            self.sheet_combo.setCurrentText(preview.sheet)
        several = len(preview.sheet_names) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(
            preview.profile.name), 0))
        detection = preview.detection
        if detection.profile.name == preview.profile.name:
            self.detected_label.setText(f"detected, {detection.confidence:.0%} sure")
        else:
            self.detected_label.setText(f"chosen by you (detected: {detection.profile.title}, "
                                        f"{detection.confidence:.0%})")
        self.period_row.setVisible(preview.needs_period)
        headers = tuple(preview.headers)
        self.sample_model.headers = headers
        self.sample_model.set_rows([(tuple(str(c) for c in row) + ("",) * (
            len(headers) - len(row)), "", None, None) for row in preview.sample_rows])
        self.sample_view.resizeColumnsToContents()
        for column in range(len(headers)):
            self.sample_view.setColumnWidth(column, min(self.sample_view.columnWidth(column),
                                                        220))
        self._fill_mapping(preview, fields, headers)
        for header, day_first in file_preview.day_first.items():
            if header in self.date_combos:
                combo = self.date_combos[header]
                combo.setCurrentIndex(max(combo.findData(day_first), 0))
        mapped = sum(1 for v in preview.mapping.values() if v)
        note = (f"{mapped} of {len(fields)} fields found in {len(headers)} columns. "
                "Change a drop-down if a field is fed by the wrong column.")
        if preview.profile.kind == "aggregates":
            metrics = ", ".join(f"{h} ({m.replace('_', ' ')})" for m, h in preview.metrics.items())
            note = (f"A per-agent report: one row per agent"
                    f"{' and ' + preview.period_column if preview.period_column else ''}. "
                    f"Figures found: {metrics or 'none'}.")
        if file_preview.remembered:
            note = "Using the mapping you chose last time for files with these columns. " + note
        self.mapping_note.setText(note)
        self._filling = False

    def _fill_mapping(self, preview, fields: tuple[str, ...], headers: tuple[str, ...]) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.field_combos.clear()
        self.date_combos.clear()
        names = list(fields)
        samples = {h: next((row[i] for row in preview.sample_rows
                            if i < len(row) and str(row[i]).strip()), "")
                   for i, h in enumerate(headers)}
        for row, name in enumerate(names):
            combo = QComboBox()
            combo.addItem(NOT_IN_FILE, None)
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(name)), 0))
            combo.setMinimumWidth(170)
            combo.setMaximumWidth(240)
            combo.currentIndexChanged.connect(self._on_mapping_changed)
            label = QLabel(field_label(name))
            if name == "external_id":
                _bold(label)
            sample = QLabel(objectName="mutedText")
            sample.setMaximumWidth(150)
            self.mapping_grid.addWidget(label, row, 0)
            self.mapping_grid.addWidget(combo, row, 1)
            self.mapping_grid.addWidget(sample, row, 2)
            self.field_combos[name] = combo
            self._show_sample(combo, sample, samples)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, s=sample: self._show_sample(c, s, samples))
        row = len(names)
        if preview.ambiguous_date_columns:
            note = QLabel("Dates that could be read either way (every day is 12 or less):")
            note.setWordWrap(True)
            self.mapping_grid.addWidget(note, row, 0, 1, 3)
            for offset, header in enumerate(preview.ambiguous_date_columns, start=1):
                combo = QComboBox()
                for text, value in DATE_ORDERS:
                    combo.addItem(text, value)
                self.mapping_grid.addWidget(QLabel(header), row + offset, 0)
                self.mapping_grid.addWidget(combo, row + offset, 1)
                self.date_combos[header] = combo
                combo.currentIndexChanged.connect(self._on_mapping_changed)
            row += len(preview.ambiguous_date_columns) + 1
        self.mapping_grid.setRowStretch(row, 1)
        self.mapping_grid.setColumnStretch(2, 1)

    @staticmethod
    def _show_sample(combo: QComboBox, label: QLabel, samples: dict[str, str]) -> None:
        header = combo.currentData()
        text = str(samples.get(header, "")) if header else ""
        label.setText(text if len(text) <= 18 else text[:17] + "…")
        label.setToolTip(text)

    def _on_mapping_changed(self, *_args) -> None:
        if not self._filling:
            self.edited = True

    def set_field_column(self, field: str, header: str | None) -> None:
        """Choose the column for a field, as the user does with the drop-down."""
        combo = self.field_combos[field]
        combo.setCurrentIndex(max(combo.findData(header), 0))

    def mapping(self) -> dict[str, str | None]:
        return {name: combo.currentData() for name, combo in self.field_combos.items()}

    def day_first(self) -> dict[str, bool]:
        return {header: bool(combo.currentData()) for header, combo in self.date_combos.items()}

    def period_text(self) -> str | None:
        return self.period_edit.text().strip() or None


class AgentsStep(QWidget):
    """The names in the file that no alias matches: map each, create it, or leave it."""

    back_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scan: FileScan | None = None
        self.combos: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.summary_label = _bold(QLabel())
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.names_title = QLabel("Names not in the roster", objectName="sectionTitle")
        self.names_note = QLabel(
            "Each choice is saved as an alias, so the next import of this platform matches "
            "the name by itself. Left unassigned, the tickets keep the name and count for "
            "the team only.", objectName="mutedText")
        self.names_note.setWordWrap(True)
        layout.addWidget(self.names_title)
        layout.addWidget(self.names_note)
        self.names_holder = QWidget()
        self.names_grid = QGridLayout(self.names_holder)
        self.names_grid.setContentsMargins(0, 0, 8, 0)
        self.names_grid.setHorizontalSpacing(12)
        self.names_area = _scroll(self.names_holder)
        layout.addWidget(self.names_area, 1)
        self.problems_title = QLabel("Rows that will be skipped", objectName="sectionTitle")
        layout.addWidget(self.problems_title)
        self.problems_model = TextTableModel(("Row", "Column", "Reason"), None, self)
        self.problems_view = text_table(self.problems_model, 2)
        layout.addWidget(self.problems_view, 1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back_requested)
        self.import_button = QPushButton("Import")
        self.import_button.setMinimumWidth(170)
        make_primary(self.import_button)
        self.import_button.clicked.connect(self.import_requested)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

    def show_scan(self, scan: FileScan, platform: str) -> None:
        self.scan = scan
        good = scan.rows_read - scan.skipped
        parts = [f"{plural(scan.rows_read, 'row')} read", f"{good:,} can be imported"]
        if scan.skipped:
            parts.append(f"{scan.skipped:,} will be skipped")
        names = len(scan.assignees)
        if scan.unmatched:
            parts.append(f"{len(scan.unmatched)} of {plural(names, 'assignee name')} not in "
                         "the roster")
        elif names:
            parts.append(f"all {plural(names, 'assignee name')} match the roster")
        else:
            parts.append("no assignee names (team-level data)")
        self.summary_label.setText(", ".join(parts) + ".")
        self.import_button.setText(f"Import {good:,} row{'s' if good != 1 else ''}")
        self.import_button.setEnabled(good > 0)
        self._fill_names(scan, platform)
        error = error_color(self.palette())
        self.problems_model.set_rows([((str(p.row), p.column or "", p.reason), "", error, None)
                                      for p in scan.problems[:2000]])
        self.problems_view.resizeColumnsToContents()
        self.problems_view.setColumnWidth(1, min(self.problems_view.columnWidth(1), 200))
        self.problems_title.setVisible(bool(scan.skipped))
        self.problems_view.setVisible(bool(scan.skipped))

    def _fill_names(self, scan: FileScan, platform: str) -> None:
        while self.names_grid.count():
            item = self.names_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos.clear()
        visible = bool(scan.unmatched)
        for widget in (self.names_title, self.names_note, self.names_area):
            widget.setVisible(visible)
        if not visible:
            return
        for column, text in enumerate(("Name in the file", "Rows", f"In Coachbench "
                                       f"({platform_label(platform)} alias)")):
            self.names_grid.addWidget(_bold(QLabel(text)), 0, column)
        suggested_ids = set()
        for row, item in enumerate(scan.unmatched, start=1):
            combo = QComboBox()
            combo.setMinimumWidth(260)
            combo.addItem("Leave unassigned", AgentDecision(IGNORE))
            for agent_id, name in item.suggestions:
                combo.addItem(f"{name}  (suggested)", AgentDecision.map_to(agent_id))
                suggested_ids.add(agent_id)
            combo.addItem(f"Add “{item.name}” as a new agent", AgentDecision(CREATE))
            combo.insertSeparator(combo.count())
            for agent_id, name in scan.agents:
                combo.addItem(name, AgentDecision.map_to(agent_id))
            self.names_grid.addWidget(QLabel(item.name), row, 0)
            count = QLabel(f"{item.rows:,}")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.names_grid.addWidget(count, row, 1)
            self.names_grid.addWidget(combo, row, 2)
            self.combos[item.name] = combo
        self.names_grid.setRowStretch(len(scan.unmatched) + 1, 1)
        self.names_grid.setColumnStretch(3, 1)

    def choose(self, name: str, decision: AgentDecision) -> None:
        """Pick a choice for a name, as the user does with the drop-down."""
        combo = self.combos[name]
        for index in range(combo.count()):
            if combo.itemData(index) == decision:
                combo.setCurrentIndex(index)
                return
        raise KeyError(decision)

    def decisions(self) -> dict[str, AgentDecision]:
        return {name: combo.currentData() for name, combo in self.combos.items()
                if combo.currentData() is not None}


class SummaryStep(QWidget):
    """What the import did, with the skipped rows and their reasons."""

    save_report_requested = Signal()
    done_requested = Signal()
    another_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ImportResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title_label = QLabel(objectName="sectionTitle")
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel(objectName="mutedText")
        self.note_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.note_label)
        self.problems_title = QLabel("Skipped rows", objectName="sectionTitle")
        layout.addWidget(self.problems_title)
        self.problems_model = TextTableModel(("Row", "Column", "Reason"), None, self)
        self.problems_view = text_table(self.problems_model, 2)
        layout.addWidget(self.problems_view, 1)
        self.spacer = QWidget()
        layout.addWidget(self.spacer, 1)
        buttons = QHBoxLayout()
        self.report_button = QPushButton("Save error report…")
        self.report_button.setToolTip("Write the skipped rows and their reasons to a CSV file")
        self.report_button.clicked.connect(self.save_report_requested)
        self.another_button = QPushButton("Import another file…")
        self.another_button.clicked.connect(self.another_requested)
        self.done_button = QPushButton("Done")
        make_primary(self.done_button)
        self.done_button.clicked.connect(self.done_requested)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        self.title_label.setText(f"Imported {result.file_name}")
        counts = (f"{plural(result.rows_read, 'row')} read: {result.inserted:,} new, "
                  f"{result.updated:,} updated, {result.unchanged:,} unchanged, "
                  f"{result.skipped:,} skipped.")
        if result.loaded and result.unchanged == result.loaded:
            counts += "\nNothing changed: every row that could be read was already imported."
        self.counts_label.setText(counts)
        notes = []
        if result.agents_added or result.aliases_added:
            aliases = result.aliases_added
            notes.append(f"{plural(result.agents_added, 'agent')} added to the roster, "
                         f"{aliases} alias{'' if aliases == 1 else 'es'} saved.")
        if result.unmatched_agents:
            notes.append(f"{plural(len(result.unmatched_agents), 'name')} kept without an "
                         "agent: " + ", ".join(result.unmatched_agents[:8])
                         + (" …" if len(result.unmatched_agents) > 8 else "") + ".")
        notes += result.warnings
        notes.append(f"Platform: {platform_label(result.platform)} ({result.profile}); "
                     f"took {result.seconds:.1f} s.")
        self.note_label.setText("\n".join(notes))
        error = error_color(self.palette())
        self.problems_model.set_rows([((str(p.row), p.column or "", p.reason), "", error, None)
                                      for p in result.errors[:5000]])
        self.problems_view.resizeColumnsToContents()
        self.problems_view.setColumnWidth(1, min(self.problems_view.columnWidth(1), 200))
        for widget in (self.problems_title, self.problems_view):
            widget.setVisible(bool(result.errors))
        self.spacer.setVisible(not result.errors)
        self.report_button.setEnabled(bool(result.errors))
