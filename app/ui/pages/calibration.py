"""The Calibration page: sessions on the left; on the right the session in its state.

While a session is being scored the page shows only who has submitted — big name buttons
for the meeting room, one grader at a time on the blind score sheet — and never a score.
After the facilitator's reveal it shows the results (``ResultsPanel``), which the
service refuses to compute before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import Change, calibration, calibration_results
from app.services.calibration import SessionDetail
from app.services.calibration_forms import export_forms, import_forms
from app.services.calibration_report import export_report
from app.ui.dialogs.calibration_scoring import CalibrationScoringDialog
from app.ui.dialogs.calibration_session_dialog import CalibrationSessionDialog
from app.ui.jobs import show_progress
from app.ui.messages import show_error
from app.ui.pages.calibration_results import ResultsPanel
from app.ui.widgets import EmptyState, make_primary

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

STYLE = """
QPushButton#graderButton { font-size: 15pt; font-weight: 600; padding: 14px 18px;
    min-height: 48px; text-align: left; }
QPushButton#graderButton:disabled { color: #15803d; background: #ecfdf3;
    border: 1px solid #abefc6; }
QLabel#bigStatus { font-size: 15pt; font-weight: 600; color: #1f2329; }
QLabel#alphaFigure { font-size: 26pt; font-weight: 600; }
QPushButton#revealButton { font-size: 12pt; padding: 8px 16px; }
QFrame#summaryStrip { background: #ffffff; border: 1px solid #d7dae0; border-radius: 6px; }
"""


class ScoringPanel(QWidget):
    """Who is scoring now: one big button per grader. Holds no score, ever."""

    def __init__(self, page: CalibrationPage) -> None:
        super().__init__(page)
        self.page = page
        self.question = QLabel("Blind scoring — pick your name to score", objectName="bigStatus")
        self.status = QLabel("", objectName="bigStatus")
        self.status.setWordWrap(True)
        self.note = QLabel("", objectName="mutedText")
        self.note.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self.buttons: dict[int, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.question)
        layout.addSpacing(6)
        layout.addLayout(self.grid)
        layout.addSpacing(12)
        layout.addWidget(self.status)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_session(self, detail: SessionDetail) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        columns = 2 if len(detail.graders) <= 6 else 3
        for index, grader in enumerate(detail.graders):
            role = " · expert" if grader.is_expert else ""
            # Name and state on two lines: one line was cut off ("— score n") at the
            # minimum window width.
            if grader.submitted:
                text = f"{grader.name}{role}\n✓  done"
            else:
                text = f"{grader.name}{role}\n▶  score now"
            button = QPushButton(text, objectName="graderButton")
            button.setEnabled(not grader.submitted)
            how = "an Excel form" if grader.source == "form" else "this laptop"
            button.setToolTip(f"Submitted on {how}; hidden until the reveal" if grader.submitted
                              else f"Open {grader.name}'s blind score sheet")
            button.clicked.connect(lambda _c=False, g=grader: self.page.start_scoring(g.id))
            self.buttons[grader.id] = button
            self.grid.addWidget(button, index // columns, index % columns)
        waiting = detail.waiting_for
        done = len(detail.graders) - len(waiting)
        if waiting:
            self.status.setText(f"{done} of {len(detail.graders)} have submitted · waiting for "
                                + ", ".join(waiting))
        else:
            self.status.setText(f"All {done} graders have submitted. Reveal the scores when "
                                "the group is ready.")
        self.note.setText("Scores stay hidden from everyone, this screen included, until you "
                          "reveal them. Graders who are not in the room can fill in an Excel "
                          "form: use the Export grader forms and Import filled forms "
                          "buttons above.")


class CalibrationPage(QWidget):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self._session_factory = window.database.session_factory
        self.detail: SessionDetail | None = None
        self.scoring_dialog: CalibrationScoringDialog | None = None
        self.setStyleSheet(STYLE)
        self._build()
        window.data_changed.connect(self._on_data_changed)
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.new_button = QPushButton("New session")
        self.new_button.setToolTip("Plan a calibration session (Ctrl+N)")
        make_primary(self.new_button)
        # A drop-down, not a side list: in the meeting room the width goes to the scores.
        self.session_combo = QComboBox()
        self.session_combo.setMinimumWidth(420)
        self.session_combo.setToolTip("Choose a session")
        self.session_combo.setAccessibleName("Calibration session")
        top = QHBoxLayout()
        session_label = QLabel("&Session")
        session_label.setBuddy(self.session_combo)
        top.addWidget(session_label)
        top.addWidget(self.session_combo)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.title_label = QLabel("", objectName="pageTitle")
        self.meta_label = QLabel("", objectName="mutedText")
        self.meta_label.setWordWrap(True)
        self.export_forms_button = QPushButton("Export grader forms…")
        self.export_forms_button.setToolTip("One Excel form per grader who has not submitted")
        self.import_forms_button = QPushButton("Import filled forms…")
        self.reveal_button = QPushButton("Reveal scores", objectName="revealButton")
        self.reveal_button.setToolTip("Show everyone's scores and the results (Ctrl+R)")
        self.report_button = QPushButton("Export report…")
        self.delete_button = QPushButton("Delete")
        actions = QHBoxLayout()
        actions.addWidget(self.export_forms_button)
        actions.addWidget(self.import_forms_button)
        actions.addWidget(self.report_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.reveal_button)
        self.scoring_panel = ScoringPanel(self)
        self.results_panel = ResultsPanel()
        self.state_stack = QStackedWidget()
        self.state_stack.addWidget(self.scoring_panel)
        self.state_stack.addWidget(self.results_panel)
        session_view = QWidget()
        right = QVBoxLayout(session_view)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title_label)
        right.addWidget(self.meta_label)
        right.addLayout(actions)
        right.addWidget(self.state_stack, 1)
        self.session_view = session_view

        self.empty_state = EmptyState(
            "No calibration sessions yet",
            "In a calibration session your QA graders score the same conversations blind, "
            "then see where they disagree — so an agent's score does not depend on who "
            "graded them. Plan one: pick up to five conversations and name the graders.")
        self.empty_new_button = self.empty_state.add_button("New session", primary=True)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        body.addLayout(top)
        body.addWidget(session_view, 1)
        self.content = content
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.stack)

        self.new_button.clicked.connect(self.new_session)
        self.empty_new_button.clicked.connect(self.new_session)
        self.session_combo.currentIndexChanged.connect(lambda _i: self.show_current())
        self.export_forms_button.clicked.connect(self.export_forms)
        self.import_forms_button.clicked.connect(self.import_forms)
        self.reveal_button.clicked.connect(lambda: self.reveal())
        self.report_button.clicked.connect(self.export_report)
        self.delete_button.clicked.connect(self.delete_session)
        self.results_panel.discussion.save_requested.connect(self.save_discussion)
        self.results_panel.discussion.guidance_requested.connect(self.add_guidance)
        for keys, slot in (("Ctrl+N", self.new_session), ("Ctrl+R", lambda: self.reveal())):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def focus_default(self) -> None:
        if self.stack.currentWidget() is self.empty_state:
            self.empty_new_button.setFocus()
        else:
            self.session_combo.setFocus()

    # ------------------------------------------------------------------ loading

    def _on_data_changed(self, changes, origin) -> None:
        if origin is not self and changes & {Change.QUALITY, Change.ROSTER, Change.DATABASE}:
            self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        sessions = calibration.list_sessions(self._session_factory)
        current = select_id if select_id is not None else self.current_id()
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for s in sessions:
            state = ("revealed" if s.status == "revealed"
                     else f"scoring, {s.submitted} of {s.graders} in")
            self.session_combo.addItem(f"{s.title} — {s.session_date:%d %b %Y} · {state}", s.id)
        ids = [s.id for s in sessions]
        self.session_combo.setCurrentIndex(ids.index(current) if current in ids else 0)
        self.session_combo.blockSignals(False)
        self.stack.setCurrentWidget(self.content if sessions else self.empty_state)
        self.show_current()

    def current_id(self) -> int | None:
        return self.session_combo.currentData()

    def show_current(self) -> None:
        session_id = self.current_id()
        if session_id is None:
            self.detail = None
            return
        detail = calibration.get_session(self._session_factory, session_id)
        self.detail = detail
        self.title_label.setText(detail.title)
        benchmark = (f"expert: {detail.expert.name}" if detail.expert
                     else "consensus of the group")
        refs = ", ".join(c.reference for c in detail.conversations)
        self.meta_label.setText(
            f"{detail.session_date:%d %B %Y} · {detail.scorecard.name} version "
            f"{detail.scorecard.version} · conversations {refs} · benchmark {benchmark}"
            + (f" · facilitator {detail.facilitator}" if detail.facilitator else ""))
        scoring = not detail.revealed
        for button in (self.export_forms_button, self.import_forms_button, self.reveal_button):
            button.setVisible(scoring)
        self.report_button.setVisible(not scoring)
        all_in = scoring and not detail.waiting_for
        self.reveal_button.setProperty("primary", all_in)
        self.reveal_button.setDefault(all_in)
        font = QFont(self.reveal_button.font())
        font.setBold(all_in)
        self.reveal_button.setFont(font)
        self.reveal_button.style().unpolish(self.reveal_button)
        self.reveal_button.style().polish(self.reveal_button)
        if scoring:
            self.results_panel.results = None
            self.scoring_panel.show_session(detail)
            self.state_stack.setCurrentWidget(self.scoring_panel)
        else:
            results = calibration_results.session_results(self._session_factory, detail.id)
            history = calibration_results.history(self._session_factory)
            self.results_panel.show_results(results, history)
            self.state_stack.setCurrentWidget(self.results_panel)

    # ------------------------------------------------------------------ actions

    def new_session(self) -> None:
        dialog = CalibrationSessionDialog(self._session_factory, self.window_.today(), self)
        if dialog.exec() and dialog.created is not None:
            self.window_.notify({Change.QUALITY}, origin=self)
            self.refresh(select_id=dialog.created.id)

    def start_scoring(self, grader_id: int) -> CalibrationScoringDialog | None:
        """Open one grader's blind sheet (window-modal, so the page underneath is out of
        reach while they score)."""
        if self.detail is None or self.detail.revealed:
            return None
        grader = next((g for g in self.detail.graders if g.id == grader_id), None)
        if grader is None or grader.submitted:
            return None
        dialog = CalibrationScoringDialog(self.detail, grader, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.scores_ready.connect(lambda scores: self._submit(dialog, scores))
        dialog.finished.connect(lambda _r: setattr(self, "scoring_dialog", None))
        self.scoring_dialog = dialog
        dialog.open()
        return dialog

    def _submit(self, dialog: CalibrationScoringDialog, scores) -> None:
        try:
            result = calibration.submit_scores(self._session_factory, dialog.detail.id,
                                               dialog.grader.id, scores)
        except Exception as exc:
            show_error(dialog, "The scores were not submitted", exc)
            return
        dialog.accept()
        self.window_.notify({Change.QUALITY}, origin=self)
        self.refresh()
        if result.all_submitted:
            self.reveal_button.setFocus()

    def reveal(self, confirm: bool = True) -> None:
        detail = self.detail
        if detail is None or detail.revealed:
            return
        waiting = detail.waiting_for
        if confirm:
            question = ("Reveal everyone's scores now? Scoring closes: nobody can submit "
                        "afterwards.")
            if waiting:
                question = (f"{', '.join(waiting)} {'has' if len(waiting) == 1 else 'have'} "
                            "not submitted. " + question)
            if QMessageBox.question(self, "Reveal scores", question) != \
                    QMessageBox.StandardButton.Yes:
                return
        try:
            calibration.reveal(self._session_factory, detail.id)
        except Exception as exc:
            show_error(self, "The scores were not revealed", exc)
            return
        self.window_.notify({Change.QUALITY}, origin=self)
        self.refresh()

    def delete_session(self) -> None:
        detail = self.detail
        if detail is None:
            return
        if QMessageBox.question(
                self, "Delete session",
                f"Delete '{detail.title}' with every grader's scores and the discussion "
                "notes? This cannot be undone.") != QMessageBox.StandardButton.Yes:
            return
        calibration.delete_session(self._session_factory, detail.id)
        self.window_.notify({Change.QUALITY}, origin=self)
        self.refresh()

    def export_forms(self) -> None:
        detail = self.detail
        if detail is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Folder for the grader forms")
        if folder:
            self._run(lambda progress: export_forms(self._session_factory, detail.id, folder,
                                                    progress),
                      "Exporting grader forms", writes=False,
                      done=lambda paths: QMessageBox.information(
                          self, "Grader forms written",
                          f"Wrote {len(paths)} forms to {folder}:\n"
                          + "\n".join(p.name for p in paths)
                          + "\n\nSend each grader their form; import them back when filled."))

    def import_forms(self) -> None:
        detail = self.detail
        if detail is None:
            return
        files, _filter = QFileDialog.getOpenFileNames(
            self, "Filled grader forms", "", "Excel forms (*.xlsx *.xlsm *.ods)")
        if files:
            self._run(lambda progress: import_forms(self._session_factory, detail.id, files,
                                                    progress),
                      "Importing grader forms", writes=True, done=self._forms_imported)

    def _forms_imported(self, result) -> None:
        self.window_.notify({Change.QUALITY}, origin=self)
        self.refresh()
        waiting = (f" Still waiting for {', '.join(result.waiting_for)}."
                   if result.waiting_for else " Everyone is in: reveal when ready.")
        QMessageBox.information(self, "Forms imported",
                                f"Imported the scores of {', '.join(result.graders)}." + waiting)

    def export_report(self) -> None:
        detail = self.detail
        if detail is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the session report", f"calibration-{detail.id}.xlsx",
            "Excel workbook (*.xlsx)")
        if path:
            self._run(lambda _p: export_report(self._session_factory, detail.id, path),
                      "Exporting the report", writes=False,
                      done=lambda written: self.window_.statusBar().showMessage(
                          f"Wrote {Path(written).name}", 6000))

    def _run(self, fn, title: str, *, writes: bool, done) -> None:
        job = self.window_.jobs.start(fn, title=title, writes_database=writes)
        show_progress(job, self, title + "…")
        job.succeeded.connect(done)
        job.failed.connect(lambda exc: show_error(self, title + " failed", exc))

    def save_discussion(self, unit, note: str, agreed_value, agreed_na: bool) -> None:
        if self.detail is None:
            return
        try:
            calibration_results.save_discussion(
                self._session_factory, self.detail.id, unit.conversation_id, unit.criterion.id,
                note=note, agreed_value=agreed_value, agreed_na=agreed_na)
        except Exception as exc:
            show_error(self, "The note was not saved", exc)
            return
        self.show_current()
        self.results_panel.discussion.status_label.setText("Saved.")

    def add_guidance(self, unit, note: str) -> None:
        if self.detail is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Add to guidance",
            f"Guidance to add to '{unit.criterion.name}' in the next version of "
            f"'{self.detail.scorecard.name}':", note)
        if not ok or not text.strip():
            return
        try:
            result = calibration_results.add_to_guidance(self._session_factory, self.detail.id,
                                                         unit.criterion.id, text)
        except Exception as exc:
            show_error(self, "The guidance was not added", exc)
            return
        self.window_.notify({Change.QUALITY}, origin=self)
        self.show_current()
        self.results_panel.discussion.status_label.setText(result.message)
