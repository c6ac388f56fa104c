"""The Imports page: bring in a support platform's export, and see every past import.

Choose (or drop) a file → its first rows, the detected platform and the column mapping,
all editable → a full read lists the assignee names the roster does not know, to map,
create or leave → the import runs in the background with a progress bar and Cancel → a
summary with the skipped rows ("Save error report…"). Nothing is written before Import,
and a cancelled or failed import writes nothing at all. The roster import lives here too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import BadInputError, UserError
from app.ingest.platforms import PROFILES
from app.ingest.tickets import TICKET_FIELDS
from app.services import Change
from app.services.import_history import list_imports
from app.services.import_scan import forget_loaded_file
from app.services.ticket_import import (
    FilePreview,
    FileScan,
    ImportRequest,
    ImportResult,
    parse_period,
    preview_import,
    run_import,
    scan_import,
    write_error_report,
)
from app.ui.dialogs.ticket_import_steps import AgentsStep, MappingStep, SummaryStep
from app.ui.messages import show_error
from app.ui.models.import_history_model import ImportHistoryModel
from app.ui.widgets import (
    EmptyState,
    ResizingTableView,
    attention_color,
    error_color,
    fit_table_columns,
    make_primary,
    tint,
)

FILE_FILTER = ("Exports (*.csv *.tsv *.txt *.xlsx *.xlsm *.xls *.ods *.xml);;"
               "All files (*)")
HOME, MAPPING, AGENTS, RUNNING, SUMMARY = range(5)


class ImportsPage(QWidget):
    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.session_factory = window.database.session_factory
        self.jobs = window.jobs
        self.path: str | None = None
        self.file_preview: FilePreview | None = None
        self.scan: FileScan | None = None
        self.result: ImportResult | None = None
        self.job = None
        self._back_to = HOME
        self.setAcceptDrops(True)
        self._build()
        self._build_actions()
        window.data_changed.connect(self._on_data_changed)
        self.refresh_history()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(QLabel("Imports", objectName="pageTitle"))
        header.addStretch(1)
        self.roster_button = QPushButton("Import roster…")
        self.roster_button.setToolTip("Import the team roster from a spreadsheet "
                                      "(Ctrl+Shift+I)")
        self.roster_button.clicked.connect(lambda: self.window_.import_roster())
        self.import_button = QPushButton("Import export file…")
        self.import_button.setToolTip("Import a ticket export from Zendesk, Freshdesk, "
                                      "ServiceNow, Salesforce, Intercom, HubSpot, Help Scout "
                                      "or any CSV / Excel file (Ctrl+I); or drop it here")
        make_primary(self.import_button)
        self.import_button.clicked.connect(self.choose_file)
        header.addWidget(self.roster_button)
        header.addWidget(self.import_button)
        layout.addLayout(header)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_home())
        self.mapping_step = MappingStep([(p.name, p.title) for p in PROFILES.values()])
        self.mapping_step.back_requested.connect(self.go_home)
        self.mapping_step.next_requested.connect(self.check_file)
        self.mapping_step.profile_chosen.connect(self._profile_chosen)
        self.mapping_step.sheet_chosen.connect(self._sheet_chosen)
        self.stack.addWidget(self.mapping_step)
        self.agents_step = AgentsStep()
        self.agents_step.back_requested.connect(lambda: self._show(MAPPING))
        self.agents_step.import_requested.connect(self.start_import)
        self.stack.addWidget(self.agents_step)
        self.stack.addWidget(self._build_running())
        self.summary_step = SummaryStep()
        self.summary_step.done_requested.connect(self.go_home)
        self.summary_step.another_requested.connect(self.choose_file)
        self.summary_step.save_report_requested.connect(self.save_error_report)
        self.stack.addWidget(self.summary_step)
        layout.addWidget(self.stack, 1)

    def _build_home(self) -> QWidget:
        home = QWidget()
        layout = QVBoxLayout(home)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.history_model = ImportHistoryModel(self)
        self.history_view = ResizingTableView()
        self.history_view.resized.connect(self._fit_history)
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setShowGrid(False)
        self.history_view.setWordWrap(False)
        self.history_view.verticalHeader().hide()
        self.history_view.horizontalHeader().setStretchLastSection(False)
        self.history_view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.history_title = QLabel("Past imports", objectName="sectionTitle")
        self.history_hint = QLabel("Drop an export file anywhere on this page to import it. "
                                   "Importing a file again changes nothing that is already "
                                   "up to date.", objectName="mutedText")
        self.history_hint.setWordWrap(True)  # one line is wider than the smallest window
        self.empty_state = EmptyState(
            "No imports yet", "Import the ticket export you download from your support "
            "platform — Zendesk, Freshdesk, ServiceNow, Salesforce, Intercom, HubSpot, Help "
            "Scout — as CSV or Excel, or drop the file here. You will see the columns and "
            "the agents before anything is saved.")
        self.empty_state.add_button("Import roster…").clicked.connect(
            lambda: self.window_.import_roster())
        self.empty_import_button = self.empty_state.add_button("Import export file…",
                                                               primary=True)
        self.empty_import_button.clicked.connect(self.choose_file)
        self.home_stack = QStackedWidget()
        self.home_stack.addWidget(self.empty_state)
        table_box = QWidget()
        box_layout = QVBoxLayout(table_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.history_title)
        box_layout.addWidget(self.history_view, 1)
        box_layout.addWidget(self.history_hint)
        self.home_stack.addWidget(table_box)
        layout.addWidget(self.home_stack, 1)
        return home

    def _build_running(self) -> QWidget:
        running = QWidget()
        layout = QVBoxLayout(running)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addStretch(1)
        self.running_title = QLabel(objectName="sectionTitle")
        self.running_label = QLabel(objectName="mutedText")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("%p %")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop; nothing of this import is saved (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        layout.addWidget(self.running_title)
        layout.addLayout(row)
        layout.addWidget(self.running_label)
        layout.addStretch(2)
        return running

    def _build_actions(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((["Ctrl+I"], self.choose_file), (["Escape"], self._escape)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(context)
            action.triggered.connect(slot)
            self.addAction(action)

    # ------------------------------------------------------------------- history

    def refresh_history(self) -> None:
        runs = list_imports(self.session_factory)
        self.history_model.set_runs(runs)
        self.home_stack.setCurrentIndex(1 if runs else 0)
        self._fit_history()

    def _fit_history(self) -> None:
        """Columns fit their contents; the file name takes what is left. On a small
        window the unchanged and updated counts, then the platform, give way before the
        file name is cut (at 960 px it read "ser…")."""
        if not self.history_model.rowCount():
            return
        fit_table_columns(self.history_view, text_columns=(1, 2), shrink_last=(1,),
                          give_way=(6, 5, 2))
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)

    def _on_data_changed(self, changes, origin) -> None:
        if origin is not self and changes & {Change.TICKETS, Change.DATABASE}:
            self.refresh_history()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_history()

    def focus_default(self) -> None:
        button = self.import_button if self.stack.currentIndex() == HOME else None
        (button or self.stack.currentWidget()).setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ choosing

    def choose_file(self) -> None:
        if self._busy():
            return
        start = str(Path(self.path).parent) if self.path else str(Path.home())
        path = self._ask_open_path(start)
        if path:
            self.open_file(path)

    def _ask_open_path(self, start: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an export file", start, FILE_FILTER)
        return path

    def open_file(self, path: str | Path, *, profile: str | None = None,
                  sheet: str | None = None) -> None:
        """Read the start of ``path`` in the background and show the mapping step."""
        if self._busy():
            return
        self.path = str(path)
        self.scan = None
        self._message(f"Reading {Path(self.path).name}…", "muted")
        factory, target = self.session_factory, self.path
        self.job = self.jobs.start(
            lambda _p: preview_import(factory, target, sheet=sheet, profile=profile),
            title="Reading export", writes_database=False)
        self.job.succeeded.connect(self._preview_ready)
        self.job.failed.connect(self._preview_failed)

    def _preview_ready(self, file_preview: FilePreview) -> None:
        if self.sender() is not self.job:
            return
        self.file_preview = file_preview
        preview = file_preview.preview
        # A per-agent report needs only the agent column; its figures are found by name.
        fields = ("assignee",) if preview.profile.kind == "aggregates" else TICKET_FIELDS
        self.mapping_step.show_preview(file_preview, tuple(fields))
        problems = []
        if preview.ambiguous_date_columns:
            problems.append("Some date columns could be day-first or month-first; choose "
                            "below the mapping.")
        if preview.needs_period:
            problems.append("This report has no dates: name the period it covers.")
        self._message(" ".join(problems) or None, "attention")
        self._show(MAPPING)

    def _preview_failed(self, exc: BaseException) -> None:
        if self.sender() is not self.job:
            return
        self._show(HOME)
        if isinstance(exc, UserError):
            self._message(f"{exc}", "error")
        else:
            self._message("The file could not be read.", "error")
            show_error(self, "Cannot read the file", exc)

    def _profile_chosen(self, name: str) -> None:
        preview = self.file_preview.preview if self.file_preview else None
        if self.path and preview and name != preview.profile.name:
            self.open_file(self.path, profile=name, sheet=preview.sheet)

    def _sheet_chosen(self, sheet: str) -> None:
        preview = self.file_preview.preview if self.file_preview else None
        if self.path and preview and sheet != preview.sheet:
            self.open_file(self.path, sheet=sheet)

    # --------------------------------------------------------------- the request

    def request(self) -> ImportRequest:
        """What the user chose so far, as the service takes it."""
        preview = self.file_preview.preview
        return ImportRequest(
            path=Path(self.path), profile=preview.profile.name, sheet=preview.sheet,
            mapping=self.mapping_step.mapping(), day_first=self.mapping_step.day_first(),
            period=self.mapping_step.period_text() if preview.needs_period else None,
            decisions=self.agents_step.decisions() if self.scan else {},
            remember_mapping=self.mapping_step.edited)

    def check_file(self) -> None:
        """Next: read the whole file (nothing written) to list unknown names and bad rows."""
        if self.file_preview is None or self._busy():
            return
        request = self.request()
        try:
            if self.file_preview.preview.needs_period:
                if not request.period:
                    raise BadInputError("Name the period this report covers, as YYYY-MM.")
                parse_period(request.period)
            if not request.mapping.get("external_id") and \
                    self.file_preview.preview.profile.kind != "aggregates":
                raise BadInputError("Choose the column that holds the ticket ID; without it "
                                    "tickets cannot be told apart.")
        except BadInputError as exc:
            self._message(str(exc), "error")
            return
        self._message(None)
        factory = self.session_factory
        self._run(lambda progress: scan_import(factory, request, progress),
                  f"Checking {Path(self.path).name}", writes=False, back_to=MAPPING,
                  done=self._scan_ready)

    def _scan_ready(self, scan: FileScan) -> None:
        self.scan = scan
        self.agents_step.show_scan(scan, self.file_preview.preview.profile.vendor)
        self._show(AGENTS)

    def start_import(self) -> None:
        if self.file_preview is None or self._busy():
            return
        request = self.request()
        factory, today = self.session_factory, self.window_.today()
        self._run(lambda progress: run_import(factory, request, progress, today),
                  f"Importing {Path(self.path).name}", writes=True, back_to=AGENTS,
                  done=self._import_done)

    def _import_done(self, result: ImportResult) -> None:
        self.result = result
        self.summary_step.show_result(result)
        self._message(None)
        self._show(SUMMARY)
        self.refresh_history()
        changes = {Change.TICKETS}
        if result.agents_added or result.aliases_added:
            changes.add(Change.ROSTER)
        self.window_.notify(changes, origin=self)

    # ------------------------------------------------------------ running a job

    def _run(self, fn, title: str, *, writes: bool, back_to: int, done) -> None:
        self._back_to = back_to
        self.running_title.setText(title + "…")
        self.running_label.setText("Starting…")
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self._show(RUNNING)
        self.job = self.jobs.start(fn, title=title, writes_database=writes)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(done)
        self.job.failed.connect(self._job_failed)
        self.job.cancelled.connect(self._job_cancelled)

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        else:  # a step that cannot say how far it is: the bar shows it is busy
            self.progress_bar.setRange(0, 0)
        if text:
            self.running_label.setText(text)

    def cancel(self) -> None:
        if self.job is not None and not self.job.done:
            self.cancel_button.setEnabled(False)
            self.running_label.setText("Cancelling… nothing will be saved.")
            self.job.cancel()

    def _escape(self) -> None:
        if self.stack.currentIndex() == RUNNING:
            self.cancel()

    def _job_failed(self, exc: BaseException) -> None:
        self._show(self._back_to)
        if isinstance(exc, UserError):
            self._message(f"Nothing was imported. {exc}", "error")
        else:
            self._message("Nothing was imported: something unexpected went wrong.", "error")
            show_error(self, "Import failed", exc)

    def _job_cancelled(self) -> None:
        self._show(self._back_to)
        self._message("Cancelled; nothing was saved.", "muted")

    def _busy(self) -> bool:
        return self.job is not None and not self.job.done and self.stack.currentIndex() == RUNNING

    # ------------------------------------------------------------------- summary

    def save_error_report(self, path: str | None = None) -> Path | None:
        if self.result is None or not self.result.errors:
            return None
        if path is None:
            start = Path(self.path).with_name(Path(self.path).stem + "-skipped-rows.csv")
            path = self._ask_save_path(str(start))
            if not path:
                return None
        try:
            written = write_error_report(path, self.result)
        except OSError as exc:
            self._message(f"Cannot write {path}: {exc.strerror or exc}. Choose another "
                          "folder.", "error")
            return None
        self._message(f"Error report saved to {written}.", "success")
        return written

    def _ask_save_path(self, start: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save error report", start,
                                              "CSV files (*.csv)")
        return path

    def go_home(self) -> None:
        if self._busy():
            return
        if self.path:  # a workbook's sheet kept loaded for an import that will not come
            forget_loaded_file(self.path)
        self._message(None)
        self._show(HOME)
        self.refresh_history()

    # ------------------------------------------------------------------- helpers

    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.import_button.setEnabled(index != RUNNING)
        self.roster_button.setEnabled(index != RUNNING)

    def _message(self, text: str | None, kind: str = "muted") -> None:
        self.message_label.setVisible(bool(text))
        self.message_label.setText(text or "")
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        color = {"error": error_color(palette), "attention": attention_color(palette),
                 "success": QColor("#81c995") if dark else QColor("#1b7f3b"),
                 "muted": palette.color(QPalette.ColorRole.PlaceholderText)}[kind]
        self.message_label.setStyleSheet(
            f"color: {color.name()}; background: {tint(palette, color, 0.10).name()};"
            f" border: 1px solid {tint(palette, color, 0.35).name()}; border-radius: 4px;"
            " padding: 6px 10px;")

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile() and not self._busy():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_file(urls[0].toLocalFile())
