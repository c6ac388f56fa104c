"""The Quality page clicked through: start, review, filter, dispute, edit, delete, profile."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog

from app.services import Change, reviews, roster, scorecards
from app.ui.dialogs.dispute_dialog import DisputeDialog
from app.ui.dialogs.review_form import ReviewFormDialog
from app.ui.dialogs.scorecard_editor import WEIGHT, ScorecardEditorDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from app.ui.pages.quality import QualityPage


def make_window(qtbot, database) -> MainWindow:
    create_qapplication()
    window = MainWindow(database, JobRunner(), today=lambda: date(2026, 11, 2))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def test_quality_page_from_empty_to_disputed_review(qtbot, database, make_agent, monkeypatch):
    ann = make_agent("Ann Agent", team="Blue")
    window = make_window(qtbot, database)
    page: QualityPage = window.show_page("quality")
    assert page.stack.currentWidget() is page.empty_state
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page._content
    assert page.scorecards_tab.title_label.text() == "Support conversation"
    assert "not used yet" in page.scorecards_tab.version_label.text()

    dialogs = []

    def run_dialog(dialog):
        dialogs.append(dialog)
        if isinstance(dialog, ReviewFormDialog) and dialog._review is None:
            dialog.agent_combo.setCurrentIndex(dialog.agent_combo.findData(ann.id))
            dialog.reviewer_combo.setCurrentText("Rita")
            for row in dialog.rows:  # top marks on yes/no, one below the top elsewhere
                row.set_value(1 if row.criterion.scale == 2 else row.criterion.scale - 1)
            assert dialog.save(finalise=True)
            return QDialog.DialogCode.Accepted
        if isinstance(dialog, DisputeDialog) and dialog.open_dispute is None:
            dialog.reason_edit.setPlainText("Tone was fine")
            tone = next(c.id for c in dialog.review.scorecard.criteria
                        if c.name == "Tone and empathy")
            combo = dialog.proposal_combos[tone]
            combo.setCurrentIndex(combo.findData(5))
            dialog.save()
            return dialog.result()
        if isinstance(dialog, DisputeDialog):
            dialog.note_edit.setPlainText("Agreed")
            dialog.save()
            return dialog.result()
        if isinstance(dialog, ScorecardEditorDialog):
            dialog.table.cellWidget(0, WEIGHT).setValue(10)
            assert "weight 5 → 10" in dialog.changes_label.text()
            dialog.save()
            return dialog.result()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(page, "_exec_dialog", run_dialog)
    monkeypatch.setattr(page, "_ask", lambda title, text: True)

    page.new_button.click()
    assert len(page.reviews_tab.model.records) == 1
    row = page.reviews_tab.model.records[0]
    assert row.agent == "Ann Agent" and row.status == "final" and row.passed is not None
    assert page.overview_tab.iqs_figure.value_label.text() == f"{row.score:.0f}%"
    # Filters: failed hides a passing review, Passed shows it.
    tab = page.reviews_tab
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData("failed" if row.passed
                                                                 else "passed"))
    assert tab.model.records == []
    tab.outcome_combo.setCurrentIndex(0)
    assert len(tab.model.records) == 1
    # Open it: the form comes up read-only.
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert dialogs[-1]._review.id == row.id and not dialogs[-1].finalise_button.isVisible()
    # Dispute, then resolve: the score moves, the history tells it.
    qtbot.mouseClick(tab.dispute_button, Qt.MouseButton.LeftButton)
    assert tab.model.records[0].disputed
    qtbot.mouseClick(tab.dispute_button, Qt.MouseButton.LeftButton)
    detail = reviews.get_review(page._session_factory, row.id)
    assert not tab.model.records[0].disputed
    assert detail.score > row.score and detail.original_score == row.score
    assert [h.event for h in detail.history][-1] == "dispute resolved"
    # Editing the used scorecard makes version 2.
    page.tabs.setCurrentWidget(page.scorecards_tab)
    qtbot.mouseClick(page.scorecards_tab.edit_button, Qt.MouseButton.LeftButton)
    assert "Version 2 (current)" in page.scorecards_tab.version_label.text()
    assert "Version 1" in page.scorecards_tab.history_label.text()
    assert reviews.get_review(page._session_factory, row.id).scorecard.version == 1
    # The profile's Quality tab shows the agent's IQS and the review.
    team = window.show_page("team")
    team.select_agent(ann.id)
    profile = team.profile.tab_widget("Quality")
    assert profile.iqs_label.text() == f"IQS {detail.score:.0f}%"
    assert profile.list.count() == 1
    # Delete (confirmed) removes it everywhere.
    window.show_page("quality")
    page.tabs.setCurrentWidget(tab)
    with qtbot.waitActive(window):
        window.activateWindow()
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.model.records == []
    assert profile.list.count() == 0


class StubWindow(QObject):
    """Just what the Quality page uses of the main window, for tests of the page alone."""

    data_changed = Signal(object, object)

    def __init__(self, database) -> None:
        super().__init__()
        self.database = database
        self.jobs = JobRunner()
        self.pages: dict = {}
        self.notified: list = []

    def today(self) -> date:
        return date(2026, 11, 2)

    def notify(self, changes, origin=None) -> None:
        self.notified.append(changes)
        self.data_changed.emit(changes, origin)


def test_period_presets_and_team_filter(qtbot, database, make_agent):
    create_qapplication()
    make_agent("Ann Agent", team="Blue")
    make_agent("Bob Agent", team="Red")
    window = StubWindow(database)
    page = QualityPage(window)
    qtbot.addWidget(page)
    page.show()
    page.start_with_default()
    card = scorecards.list_scorecards(page._session_factory)[0]
    detail = scorecards.get_scorecard(page._session_factory, card.id)
    agents = {a.full_name: a.id for a in roster.list_agents(page._session_factory)}
    for name, day in (("Ann Agent", date(2026, 10, 30)), ("Bob Agent", date(2026, 3, 1))):
        ratings = {c.id: reviews.RatingInput(c.scale if c.scale > 2 else 1)
                   for c in detail.criteria}
        reviews.save_review(page._session_factory, None, reviews.ReviewInput(
            agents[name], detail.version_id, "Rita", day, ratings), finalise=True)
    page.refresh()
    assert page.period() == (date(2026, 8, 5), date(2026, 11, 2))  # last 90 days
    assert [r.agent for r in page.reviews_tab.model.records] == ["Ann Agent"]
    page.period_combo.setCurrentIndex(page.period_combo.findData("year"))
    assert len(page.reviews_tab.model.records) == 2
    page.team_combo.setCurrentIndex(page.team_combo.findData("Red"))
    assert [r.agent for r in page.reviews_tab.model.records] == ["Bob Agent"]
    assert [a.name for a in page.overview_tab.agent_model.records] == ["Bob Agent"]
    page.from_edit.setDate(page.from_edit.date().addYears(-2))
    assert page.period_combo.currentData() == "custom"
    assert window.notified == [{Change.QUALITY}]  # from adding the default scorecard


def test_profile_quality_tab_fits_the_smallest_window(qtbot, database, make_agent):
    """At 960x600 the tab is shorter than its content: it scrolls instead of squeezing the
    wrapped weakest-criteria text over the chart."""
    from dataclasses import replace

    from tests.services.quality_helpers import SMALL_CARD, add_review, make_card

    wordy = replace(SMALL_CARD, criteria=[replace(c, name=f"{c.name} in the conversation")
                                          for c in SMALL_CARD.criteria])
    card = make_card(database.session_factory, wordy)
    ann = make_agent("Ann Agent")
    ratings = {"greeting_in_the_conversation": 0, "accuracy_in_the_conversation": 2,
               "compliance_in_the_conversation": 1, "tone_in_the_conversation": 3}
    for day in (date(2026, 10, 1), date(2026, 10, 8)):
        add_review(database.session_factory, card, ann.id, day, **ratings)
    window = make_window(qtbot, database)
    window.resize(960, 600)
    team = window.show_page("team")
    team.select_agent(ann.id)
    tabs = team.profile.tabs
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Quality"))
    label = team.profile.tab_widget("Quality").weak_label
    qtbot.waitUntil(label.isVisible)
    qtbot.wait(50)  # let the splitter and tab lay out
    assert label.text().count("<br>") == 2  # three weakest criteria, wrapped
    assert label.height() >= label.heightForWidth(label.width())
