"""The roster import dialog: choose a spreadsheet, see what would change, then import.

Nothing is written until the user presses Import, and the preview says row by row what
will be created or changed and which rows have problems (with the row number they see in
their spreadsheet), so a wrong file or a wrong column is caught before it lands. Reading
and importing run as background jobs; the import can be cancelled and then saves nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.roster_import import (
    RosterImportPlan,
    RosterImportResult,
    RowChange,
    apply_roster_import,
    plan_summary,
    preview_roster_import,
)
from app.ui.jobs import Job, JobRunner, show_progress
from app.ui.models.text_table_model import TextTableModel, text_table
from app.ui.messages import show_error
from app.ui.sizing import resize_within_screen
from app.ui.widgets import EmptyState, attention_color, error_color, make_primary, tint

FILE_FILTER = "Spreadsheets (*.csv *.xlsx *.xlsm *.xls *.ods);;All files (*)"
ACTION_TEXT = {"create": "New", "update": "Update", "unchanged": "No change"}
EXPECTED_COLUMNS = ("Name (required), E-mail, Role, Team, Lead, Hire date, Probation end, "
                    "Status, Departure date, Aliases")


def _success_color(palette: QPalette) -> QColor:
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#81c995") if dark else QColor("#1b7f3b")


def changes_text(change: RowChange, separator: str = "; ") -> str:
    """"Role: Agent → Senior agent; Lead: — → Sam" for updates; for new rows, the values."""
    parts = []
    items = change.changes
    if change.action == "create":  # the e-mail says least about a new person: last
        items = sorted(items, key=lambda item: item.field == "E-mail")
    for item in items:
        if change.action == "create":
            if item.field != "Name":
                parts.append(f"{item.field}: {item.new}")
        elif item.field == "Aliases":
            parts.append(f"Aliases: {item.new}")
        else:
            parts.append(f"{item.field}: {item.old or '—'} → {item.new or '—'}")
    return separator.join(parts)


class RosterImportDialog(QDialog):
    """Preview and import a roster file. ``roster_changed`` fires after a real import."""

    roster_changed = Signal()

    def __init__(self, session_factory, jobs: JobRunner, path: str | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self.jobs = jobs
        self.today = today
        self.path: str | None = None
        self.plan: RosterImportPlan | None = None
        self.result: RosterImportResult | None = None
        self.preview_job: Job | None = None
        self.import_job: Job | None = None
        self._quiet_preview = False
        self.setWindowTitle("Import roster")
        self.setMinimumSize(820, 560)
        resize_within_screen(self, 960, 640)
        self._build()
        if path:
            self.set_path(path)

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        title = QLabel("Import a roster", objectName="sectionTitle")
        intro = QLabel("One row per agent. Columns are matched by their names: "
                       f"{EXPECTED_COLUMNS}. Agents are matched by e-mail, else by name. "
                       "Nothing is saved until you press Import.", objectName="mutedText")
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        file_row.setSpacing(8)
        self.path_label = QLabel("No file chosen")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sheet_label = QLabel("Sheet:")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumWidth(140)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.setAutoDefault(False)  # Return belongs to Import once a preview shows
        self.choose_button.clicked.connect(self.choose_file)
        file_row.addWidget(QLabel("File:"))
        file_row.addWidget(self.path_label, 1)
        file_row.addWidget(self.sheet_label)
        file_row.addWidget(self.sheet_combo)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)
        self._show_sheets([], None)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.summary_label = QLabel()
        font = QFont(self.summary_label.font())
        font.setBold(True)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)

        self.pages = QStackedWidget()
        self.empty_state = EmptyState(
            "Choose a roster file", "A CSV or Excel file from HR or your own list. You will "
            "see what changes before anything is saved.")
        start_button = self.empty_state.add_button("Choose file…", primary=True)
        start_button.clicked.connect(self.choose_file)
        self.pages.addWidget(self.empty_state)
        self.rows_model = TextTableModel(("Row", "Action", "Name", "What changes"), 1, self)
        self.rows_view = text_table(self.rows_model, 3)
        self.problems_model = TextTableModel(("Row", "Column", "Reason"), None, self)
        self.problems_view = text_table(self.problems_model, 2)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes_label.setContentsMargins(10, 8, 10, 8)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QTabWidget()
        self.details.addTab(self.problems_view, "Rows with problems")
        self.details.addTab(self.notes_label, "Notes")
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.rows_view)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 150])
        self.pages.addWidget(splitter)
        layout.addWidget(self.pages, 1)

        buttons = QHBoxLayout()
        self.close_button = QPushButton("Cancel")
        self.close_button.clicked.connect(self.reject)
        self.import_button = QPushButton("Import")
        self.import_button.setMinimumWidth(150)
        make_primary(self.import_button)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

    # -------------------------------------------------------------- choosing

    def choose_file(self) -> None:
        start = str(Path(self.path).parent) if self.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose a roster file", start, FILE_FILTER)
        if path:
            self.set_path(path)

    def set_path(self, path: str, sheet: str | None = None) -> None:
        """Show ``path`` and compute its preview in the background."""
        self.path = str(path)
        self.path_label.setText(Path(self.path).name)
        self.path_label.setToolTip(self.path)
        if sheet is None:
            self._show_sheets([], None)
        self._start_preview(sheet)

    def _sheet_chosen(self, index: int) -> None:
        if self.path and index >= 0:
            self.set_path(self.path, self.sheet_combo.itemText(index))

    def _show_sheets(self, names: list[str], current: str | None) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        if current:
            self.sheet_combo.setCurrentText(current)
        visible = len(names) > 1
        self.sheet_label.setVisible(visible)
        self.sheet_combo.setVisible(visible)

    # --------------------------------------------------------------- preview

    def _start_preview(self, sheet: str | None, quiet: bool = False) -> None:
        self._quiet_preview = quiet
        self.plan = None
        self._update_import_button()
        if not quiet:
            self._show_message(f"Reading {Path(self.path).name}…", "muted")
            self.summary_label.setText("")
        path, factory, today = self.path, self.session_factory, self.today
        self.preview_job = self.jobs.start(
            lambda _progress: preview_roster_import(factory, path, sheet=sheet, today=today),
            title="Reading roster", writes_database=False)
        # Bound methods, not lambdas: Qt drops the connection if the dialog closes first.
        self.preview_job.succeeded.connect(self._preview_ready)
        self.preview_job.failed.connect(self._preview_failed)

    def _is_stale(self) -> bool:
        """A preview of a file (or sheet) the user has since replaced with another."""
        sender = self.sender()
        return sender is not None and sender is not self.preview_job

    def _preview_ready(self, plan: RosterImportPlan) -> None:
        if self._is_stale():
            return
        self.plan = plan
        if not self._quiet_preview:
            self._show_message(None)
        self._show_sheets(plan.sheet_names, plan.sheet)
        self.summary_label.setText(plan_summary(plan) + ".")
        self._fill_rows(plan)
        self._fill_details(plan)
        self.pages.setCurrentIndex(1)
        self._update_import_button()
        if self.import_button.isEnabled():
            self.import_button.setDefault(True)
            self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _preview_failed(self, exc: BaseException) -> None:
        if self._is_stale():
            return
        self.plan = None
        self.summary_label.setText("")
        self.pages.setCurrentIndex(0)
        self._update_import_button()
        if isinstance(exc, UserError):
            self._show_message(f"{exc}\nChoose another file, or fix this one and choose it "
                               "again.", "error")
        else:
            self._show_message("The file could not be read.", "error")
            show_error(self, "Cannot read the file", exc)

    def _fill_rows(self, plan: RosterImportPlan) -> None:
        palette = self.palette()
        create, update = _success_color(palette), attention_color(palette)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        colors = {"create": (create, tint(palette, create, 0.10)),
                  "update": (update, tint(palette, update, 0.10)), "unchanged": (muted, None)}
        order = {"create": 0, "update": 1, "unchanged": 2}
        changes = sorted(plan.changes, key=lambda c: (order[c.action], c.row))
        self.rows_model.set_rows(
            [((str(c.row), ACTION_TEXT[c.action], c.name, changes_text(c)),
              changes_text(c, "\n"), *colors[c.action]) for c in changes])
        self.rows_view.resizeColumnsToContents()
        self.rows_view.setColumnWidth(2, min(max(self.rows_view.columnWidth(2), 140), 220))

    def _fill_details(self, plan: RosterImportPlan) -> None:
        error = error_color(self.palette())
        self.problems_model.set_rows(
            [((str(e.row), e.column, e.reason), "", error, None) for e in plan.errors])
        self.problems_view.resizeColumnsToContents()
        self.problems_view.setColumnWidth(1, min(self.problems_view.columnWidth(1), 180))
        notes = list(plan.warnings)
        if plan.ignored_columns:
            notes.append("Columns not used: " + ", ".join(plan.ignored_columns) + ".")
        self.notes_label.setText("\n\n".join(notes) if notes else "Nothing to note.")
        self.details.setTabText(0, f"Rows with problems ({plan.problem_rows})")
        self.details.setTabText(1, f"Notes ({len(notes)})")
        self.details.setCurrentIndex(0 if plan.errors or not notes else 1)
        # Give the problem list room when there are problems, the preview the rest.
        total = sum(self.splitter.sizes()) or 480
        wanted = 86 + 26 * min(max(len(plan.errors), 2), 6)
        self.splitter.setSizes([max(total - wanted, 160), wanted])

    def _update_import_button(self) -> None:
        count = (self.plan.to_create + self.plan.to_update) if self.plan else 0
        busy = self.import_job is not None and not self.import_job.done
        self.import_button.setEnabled(count > 0 and not busy)
        self.import_button.setText(f"Import {count} agent{'s' if count != 1 else ''}"
                                   if count else "Import")

    # ---------------------------------------------------------------- import

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or not (plan.to_create or plan.to_update):
            return
        factory, today = self.session_factory, self.today
        self.import_job = self.jobs.start(
            lambda progress: apply_roster_import(factory, plan, progress, today),
            title="Importing roster", writes_database=True)
        self.import_job.succeeded.connect(self._import_done)
        self.import_job.failed.connect(self._import_failed)
        self.import_job.cancelled.connect(self._import_cancelled)
        self.import_job.finished.connect(self._import_finished)
        self._update_import_button()
        self.choose_button.setEnabled(False)
        count = plan.to_create + plan.to_update
        show_progress(self.import_job, self, f"Importing {count} agents from {plan.source}…")

    def _import_finished(self) -> None:
        self.choose_button.setEnabled(True)
        self._update_import_button()

    def _import_done(self, result: RosterImportResult) -> None:
        self.result = result
        text = (f"Imported {Path(self.path).name}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged")
        if result.skipped:
            text += f", {result.skipped} row{'s' if result.skipped != 1 else ''} skipped"
        self._show_message(text + ".", "success")
        self.close_button.setText("Close")
        self.roster_changed.emit()
        self._start_preview(self.plan.sheet if self.plan else None, quiet=True)

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._show_message(f"Nothing was imported: {exc}", "error")
        else:
            self._show_message("Nothing was imported: something unexpected went wrong.",
                               "error")
            show_error(self, "Import failed", exc)

    def _import_cancelled(self) -> None:
        self._show_message("Import cancelled; nothing was saved.", "muted")

    def _show_message(self, text: str | None, kind: str = "muted") -> None:
        self.message_label.setVisible(bool(text))
        self.message_label.setText(text or "")
        palette = self.palette()
        color = {"error": error_color(palette), "success": _success_color(palette),
                 "muted": palette.color(QPalette.ColorRole.PlaceholderText)}[kind]
        self.message_label.setStyleSheet(
            f"color: {color.name()}; background: {tint(palette, color, 0.10).name()};"
            f" border: 1px solid {tint(palette, color, 0.35).name()}; border-radius: 4px;"
            " padding: 6px 10px;")

    def reject(self) -> None:
        if self.import_job is not None and not self.import_job.done:
            return  # the progress dialog's Cancel stops an import; closing must not orphan it
        super().reject()
