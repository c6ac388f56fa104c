"""The Quality page: IQS overview, the reviews list and the scorecards, over one period.

The toolbar's period and team apply to the Overview and Reviews tabs. The page reloads
when another page changes quality data (``Change.QUALITY``) or the roster, and tells the
others after it writes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import Change, reviews, roster, scorecards
from app.services.quality_report import quality_overview
from app.ui.messages import show_error
from app.ui.pages.quality_overview import QualityOverviewTab
from app.ui.pages.quality_reviews import QualityReviewsTab
from app.ui.pages.quality_scorecards import QualityScorecardsTab
from app.ui.widgets import DATE_FORMAT, EmptyState, from_qdate, make_primary, to_qdate

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

PERIODS = (("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 12 months"),
           ("year", "This year"), ("custom", "Custom"))


class QualityPage(QWidget):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self._session_factory = window.database.session_factory
        self._stale = True  # loaded when first shown, so start-up stays quick
        self._build()
        self.period_combo.setCurrentIndex(self.period_combo.findData("90"))  # sets the dates
        window.data_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.period_combo = QComboBox()
        for key, label in PERIODS:
            self.period_combo.addItem(label, key)
        self.period_combo.setToolTip("The period the figures and the list cover")
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.team_combo = QComboBox()
        self.team_combo.setToolTip("Show one team only")
        self.sample_button = QPushButton("Pick conversations…")
        self.sample_button.setToolTip("Draw a random sample of solved tickets to review")
        self.import_button = QPushButton("Import reviews…")
        self.import_button.setToolTip("Import past QA scores from a CSV or Excel sheet")
        self.new_button = QPushButton("New review")
        self.new_button.setToolTip("Score a conversation (Ctrl+N)")
        make_primary(self.new_button)
        # The title with the page's buttons, the filters under them: in one row they were
        # cut short in a window of the minimum width (960 px).
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("Quality", objectName="pageTitle"))
        title_row.addStretch(1)
        title_row.addWidget(self.sample_button)
        title_row.addWidget(self.import_button)
        title_row.addWidget(self.new_button)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.period_combo)
        toolbar.addWidget(self.from_edit)
        toolbar.addWidget(QLabel("to"))
        toolbar.addWidget(self.to_edit)
        toolbar.addWidget(self.team_combo)
        toolbar.addStretch(1)

        self.overview_tab = QualityOverviewTab()
        self.reviews_tab = QualityReviewsTab()
        self.scorecards_tab = QualityScorecardsTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview_tab, "Overview")
        self.tabs.addTab(self.reviews_tab, "Reviews")
        self.tabs.addTab(self.scorecards_tab, "Scorecards")
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(title_row)
        content_layout.addLayout(toolbar)
        content_layout.addWidget(self.tabs, 1)

        self.empty_state = EmptyState(
            "No QA reviews yet",
            "Score conversations against a scorecard to see each agent's Internal Quality "
            "Score and the skills behind it. Start with the built-in support scorecard, "
            "import one a QA lead shared, or import past scores from a spreadsheet.")
        self.empty_state.add_button("Import scorecard…").clicked.connect(self.import_scorecard)
        self.empty_state.add_button("Import reviews…").clicked.connect(self.import_reviews)
        self.start_button = self.empty_state.add_button("Use the default scorecard", primary=True)
        self.start_button.clicked.connect(self.start_with_default)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(content)
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.stack)

        self.period_combo.currentIndexChanged.connect(
            lambda _i: self._set_period(self.period_combo.currentData()))
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_dates_edited)
        self.team_combo.currentIndexChanged.connect(lambda _i: self.reload_figures())
        self.new_button.clicked.connect(lambda: self.new_review())
        self.sample_button.clicked.connect(self.pick_conversations)
        self.import_button.clicked.connect(self.import_reviews)
        self.overview_tab.agent_activated.connect(self._show_agent_reviews)
        self.reviews_tab.filters_changed.connect(self.reload_reviews)
        self.reviews_tab.open_requested.connect(self.open_review)
        self.reviews_tab.delete_requested.connect(self.delete_review)
        self.reviews_tab.dispute_requested.connect(self.dispute_review)
        tab = self.scorecards_tab
        tab.selection_changed.connect(self._show_scorecard)
        tab.new_requested.connect(lambda: self.edit_scorecard(new=True))
        tab.edit_requested.connect(self.edit_scorecard)
        tab.import_requested.connect(self.import_scorecard)
        tab.export_requested.connect(self.export_scorecard)
        tab.archive_requested.connect(self.archive_scorecard)
        for keys, slot in (("Ctrl+N", lambda: self.new_review()),):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def focus_default(self) -> None:
        self.new_button.setFocus() if self.stack.currentWidget() is self._content else \
            self.start_button.setFocus()

    # ------------------------------------------------------------------- period

    def period(self) -> tuple[date, date]:
        return from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())

    def _set_period(self, key: str) -> None:
        if key == "custom":
            return
        today = self.window_.today()
        start = date(today.year, 1, 1) if key == "year" else today - timedelta(days=int(key) - 1)
        self._setting = True
        self.from_edit.setDate(to_qdate(start))
        self.to_edit.setDate(to_qdate(today))
        self._setting = False
        self.reload_figures()

    def _on_dates_edited(self) -> None:
        if getattr(self, "_setting", False):
            return
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(self.period_combo.findData("custom"))
        self.period_combo.blockSignals(False)
        self.reload_figures()

    # ------------------------------------------------------------------ loading

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload choices, scorecards and figures from the database."""
        self._stale = False
        cards = scorecards.list_scorecards(self._session_factory)
        agents = roster.list_agents(self._session_factory)
        has_reviews = reviews.count_reviews(self._session_factory) > 0
        self.stack.setCurrentWidget(self._content if cards or has_reviews else self.empty_state)
        teams = roster.list_teams(self._session_factory)
        chosen = self.team_combo.currentData()
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem("All teams", None)
        for team in teams:
            self.team_combo.addItem(team, team)
        self.team_combo.setCurrentIndex(max(self.team_combo.findData(chosen), 0))
        self.team_combo.blockSignals(False)
        self.team_combo.setVisible(len(teams) > 1)
        self.reviews_tab.set_choices([(a.id, a.full_name) for a in agents],
                                     reviews.list_reviewers(self._session_factory),
                                     [(c.id, c.name) for c in cards])
        self.scorecards_tab.set_scorecards(cards)
        self.reload_figures()

    def reload_figures(self) -> None:
        if self._stale:
            return  # refresh() loads everything when the page is shown
        start, end = self.period()
        if end < start:
            return
        team = self.team_combo.currentData()
        self.overview_tab.show_overview(
            quality_overview(self._session_factory, start, end, team=team))
        self.reload_reviews()

    def reload_reviews(self) -> None:
        start, end = self.period()
        filters = self.reviews_tab.filters()
        filters.start, filters.end = start, end
        filters.team = self.team_combo.currentData()
        self.reviews_tab.show_reviews(reviews.list_reviews(self._session_factory, filters))

    def _on_data_changed(self, changes: set, origin) -> None:
        if origin is self:
            return
        if changes & {Change.QUALITY, Change.ROSTER, Change.DATABASE, Change.TICKETS}:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def _changed(self) -> None:
        self.refresh()
        self.window_.notify({Change.QUALITY}, origin=self)

    def _show_agent_reviews(self, agent_id: int) -> None:
        self.reviews_tab.show_agent(agent_id)
        self.tabs.setCurrentWidget(self.reviews_tab)

    # ------------------------------------------------------------------ reviews

    def _exec_dialog(self, dialog: QDialog) -> int:
        return dialog.exec()

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def review_dialog(self, **kwargs):
        from app.ui.dialogs.review_form import ReviewFormDialog

        dialog = ReviewFormDialog(self._session_factory, self.window_.today(), parent=self,
                                  **kwargs)
        dialog.review_saved.connect(lambda _id: self._changed())
        dialog.dispute_requested.connect(lambda rid: (dialog.accept(), self.dispute_review(rid)))
        return dialog

    def new_review(self, agent_id: int | None = None, ticket=None) -> None:
        if not scorecards.list_scorecards(self._session_factory):
            if not self._ask("No scorecard yet", "Reviews are scored against a scorecard. "
                             "Add the default support-conversation scorecard now?"):
                return
            self.start_with_default()
        self._exec_dialog(self.review_dialog(agent_id=agent_id, ticket=ticket))

    def open_review(self, review_id: int) -> None:
        try:
            dialog = self.review_dialog(review_id=review_id)
        except UserError as exc:
            show_error(self, "Cannot open the review", exc)
            self.refresh()
            return
        self._exec_dialog(dialog)

    def delete_review(self, review_id: int) -> None:
        row = next((r for r in self.reviews_tab.model.records if r.id == review_id), None)
        what = f"the review of {row.agent} on {row.review_date}" if row else "this review"
        if not self._ask("Delete review", f"Delete {what}? Its scores, disputes and history "
                         "are removed and no longer count towards IQS. This cannot be undone."):
            return
        try:
            reviews.delete_review(self._session_factory, review_id)
        except UserError as exc:
            show_error(self, "The review was not deleted", exc)
        self._changed()

    def dispute_review(self, review_id: int) -> None:
        from app.ui.dialogs.dispute_dialog import DisputeDialog

        try:
            dialog = DisputeDialog(self._session_factory, review_id, self.window_.today(), self)
        except UserError as exc:
            show_error(self, "Cannot record a dispute", exc)
            return
        if self._exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self._changed()

    def pick_conversations(self) -> None:
        from app.ui.dialogs.review_sampling_dialog import ReviewSamplingDialog

        start, end = self.period()
        dialog = ReviewSamplingDialog(self._session_factory, start, end, self)
        dialog.review_requested.connect(
            lambda hit: self.new_review(agent_id=hit.agent_id, ticket=hit))
        self._exec_dialog(dialog)

    def import_reviews(self) -> None:
        from app.ui.dialogs.review_import_dialog import ReviewImportDialog

        dialog = ReviewImportDialog(self._session_factory, self.window_.jobs, self)
        dialog.imported.connect(self._changed)
        self._exec_dialog(dialog)

    # --------------------------------------------------------------- scorecards

    def start_with_default(self) -> None:
        try:
            with self._session_factory.begin() as session:
                scorecards.ensure_default(session)
        except UserError as exc:
            show_error(self, "The default scorecard was not added", exc)
        self._changed()
        self.tabs.setCurrentWidget(self.scorecards_tab)

    def _show_scorecard(self) -> None:
        card_id = self.scorecards_tab.selected_id()
        detail = scorecards.get_scorecard(self._session_factory, card_id) if card_id else None
        self.scorecards_tab.show_detail(detail)

    def edit_scorecard(self, new: bool = False) -> None:
        from app.ui.dialogs.scorecard_editor import ScorecardEditorDialog

        card_id = None if new else self.scorecards_tab.selected_id()
        detail = scorecards.get_scorecard(self._session_factory, card_id) if card_id else None
        if not new and detail is None:
            return
        dialog = ScorecardEditorDialog(self._session_factory, detail, self)
        if self._exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self._changed()
            saved = dialog.created or (dialog.result_info.detail if dialog.result_info else None)
            if saved is not None:
                self.scorecards_tab.set_scorecards(
                    scorecards.list_scorecards(self._session_factory), keep=saved.id)
            if dialog.result_info and dialog.result_info.new_version:
                self.window_.statusBar().showMessage(
                    f"Saved as version {dialog.result_info.detail.version}; earlier reviews "
                    "keep their version.", 8000)

    def _choose_file(self, title: str, filters: str, save: bool = False,
                     suggested: str = "") -> Path | None:
        if save:
            name, _ = QFileDialog.getSaveFileName(self, title, suggested, filters)
        else:
            name, _ = QFileDialog.getOpenFileName(self, title, "", filters)
        return Path(name) if name else None

    def import_scorecard(self) -> None:
        path = self._choose_file("Import a scorecard", "Scorecard JSON (*.json)")
        if path is None:
            return
        try:
            result = scorecards.import_scorecard(self._session_factory, path)
        except UserError as exc:
            show_error(self, "The scorecard was not imported", exc)
            return
        self._changed()
        self.scorecards_tab.set_scorecards(scorecards.list_scorecards(self._session_factory),
                                           keep=result.detail.id)
        self.tabs.setCurrentWidget(self.scorecards_tab)

    def export_scorecard(self) -> None:
        card_id = self.scorecards_tab.selected_id()
        if card_id is None:
            return
        detail = scorecards.get_scorecard(self._session_factory, card_id)
        path = self._choose_file("Export the scorecard", "Scorecard JSON (*.json)", save=True,
                                 suggested=f"{detail.name}.json")
        if path is None:
            return
        try:
            scorecards.export_scorecard(self._session_factory, detail.name, path)
        except UserError as exc:
            show_error(self, "The scorecard was not exported", exc)
            return
        self.window_.statusBar().showMessage(f"Wrote {path}", 6000)

    def archive_scorecard(self) -> None:
        card_id = self.scorecards_tab.selected_id()
        if card_id is None:
            return
        detail = scorecards.get_scorecard(self._session_factory, card_id)
        used = sum(v.reviews for v in detail.versions)
        text = (f"Archive '{detail.name}'? New reviews can no longer use it; its {used} "
                "reviews keep it." if used else
                f"Delete '{detail.name}'? It has not scored any review.")
        if not self._ask("Archive scorecard" if used else "Delete scorecard", text):
            return
        scorecards.archive_scorecard(self._session_factory, card_id)
        self._changed()
