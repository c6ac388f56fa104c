"""Import past QA reviews from a spreadsheet: check first, then write all or nothing.

"Check" reads the sheet in the background and lists every bad row with its reason. The
import writes only when every row is valid, or when the user ticks "skip the bad rows".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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

from app.db import SessionFactory
from app.services import scorecards
from app.services.review_import import ReviewImportResult, import_reviews
from app.ui.jobs import JobRunner, show_progress
from app.ui.messages import show_error
from app.ui.widgets import make_primary

HELP = ("Columns: Date, Agent, Reviewer, Ticket, Comment (optional), then one column per "
        "criterion named exactly as on the scorecard. A cell holds the chosen value or N/A; "
        "an empty cell is N/A where the criterion allows it.")


class ReviewImportDialog(QDialog):
    imported = Signal()

    def __init__(self, session_factory: SessionFactory, jobs: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._jobs = jobs
        self.checked: ReviewImportResult | None = None
        self.result: ReviewImportResult | None = None
        self.setWindowTitle("Import past QA reviews")
        self.scorecard_combo = QComboBox()
        for card in scorecards.list_scorecards(session_factory):
            self.scorecard_combo.addItem(card.name, card.name)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("CSV or Excel file")
        self.browse_button = QPushButton("Choose…")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("&Scorecard", self.scorecard_combo)
        form.addRow("&File", file_row)
        help_label = QLabel(HELP, objectName="mutedText")
        help_label.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Choose a file and press Check.")
        self.skip_check = QCheckBox("Skip the bad rows and import the others")
        self.skip_check.setVisible(False)
        self.check_button = QPushButton("Check")
        self.import_button = QPushButton("Import")
        make_primary(self.import_button)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_check, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_label)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.resize(720, 480)

        self.browse_button.clicked.connect(self._browse)
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.close_button.clicked.connect(self.reject)
        self.skip_check.toggled.connect(lambda _c: self._update_buttons())
        self.file_edit.textChanged.connect(lambda _t: self._reset())
        self.scorecard_combo.currentIndexChanged.connect(lambda _i: self._reset())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the review sheet", "",
                                              "Spreadsheets (*.csv *.xlsx *.xls *.ods)")
        if name:
            self.file_edit.setText(name)
            self.run(dry_run=True)

    def _reset(self) -> None:
        self.checked = None
        self.skip_check.setChecked(False)
        self.skip_check.setVisible(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ok = self.checked is not None and self.checked.valid > 0 and (
            not self.checked.errors or self.skip_check.isChecked())
        self.import_button.setEnabled(ok)
        if self.checked is not None and self.checked.errors and self.skip_check.isChecked():
            self.import_button.setText(f"Import {self.checked.valid} rows")
        else:
            self.import_button.setText("Import")

    def run(self, *, dry_run: bool) -> None:
        path = Path(self.file_edit.text().strip())
        name = self.scorecard_combo.currentData()
        if not name or not self.file_edit.text().strip():
            self.report.setPlainText("Choose a scorecard and a file first.")
            return
        skip = self.skip_check.isChecked()
        factory = self._session_factory

        def work(progress):
            return import_reviews(factory, path, name, skip_bad_rows=skip, dry_run=dry_run,
                                  progress=progress)

        job = self._jobs.start(work, title="Importing reviews" if not dry_run else "Checking",
                               writes_database=not dry_run)
        show_progress(job, self, "Reading the sheet…")
        job.succeeded.connect(lambda result: self._done(result, dry_run))
        job.failed.connect(lambda exc: show_error(self, "The sheet cannot be imported", exc))
        job.cancelled.connect(lambda: self.report.setPlainText("Cancelled; nothing was imported."))

    def _done(self, result: ReviewImportResult, dry_run: bool) -> None:
        lines = [f"{result.file}: {result.rows_read} rows, {result.valid} valid, "
                 f"{result.bad_rows} with problems (scorecard '{result.scorecard}' "
                 f"version {result.version})."]
        lines += [f"Note: {w}" for w in result.warnings]
        lines += [e.text() for e in result.errors[:500]]
        if len(result.errors) > 500:
            lines.append(f"… and {len(result.errors) - 500} more")
        if result.written:
            lines.insert(0, f"Imported {result.imported} reviews ({result.already_there} were "
                            f"already there, {result.skipped} bad rows skipped).")
            self.result = result
            self.checked = None
            self.imported.emit()
        else:
            self.checked = result
            self.skip_check.setVisible(bool(result.errors) and result.valid > 0)
            if not dry_run:
                lines.insert(0, "Nothing was imported.")
            elif not result.errors:
                lines.insert(0, "Every row is valid. Press Import to add them.")
            else:
                lines.insert(0, "Nothing is imported while rows have problems: fix them in "
                                "the sheet, or tick “Skip the bad rows”.")
        self.report.setPlainText("\n".join(lines))
        self._update_buttons()
