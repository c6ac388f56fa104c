"""The One-on-ones page driven like a manager: start, type (autosave), tick, hold, amend."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from app.application import open_database
from app.services import one_on_ones as oo
from app.services.talking_points import queue_talking_point
from app.ui.pages.one_on_ones import OneOnOnesPage
from app.ui.pages.one_on_ones_meeting import AmendDialog

TODAY = date(2026, 11, 2)


class _Signals(QObject):
    data_changed = Signal(set, object)


class FakeWindow:
    """What a page needs from the MainWindow: database, today, notify, data_changed."""

    def __init__(self, database):
        self.database = database
        self._signals = _Signals()
        self.data_changed = self._signals.data_changed
        self.notified = []

    def today(self):
        return TODAY

    def notify(self, changes, origin=None):
        self.notified.append(changes)
        self.data_changed.emit(set(changes), origin)


@pytest.fixture
def page(qtbot, database, make_agent):
    agent = make_agent("Keiko Tanaka")
    with database.session_factory.begin() as session:
        queue_talking_point(session, agent.id, "Review 3 needs coaching", origin="qa",
                            source_key="qa-review:3")
    widget = OneOnOnesPage(FakeWindow(database))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_this_week_lists_the_unscheduled_agent_and_starts_a_meeting(page, qtbot):
    assert page.week_model.rowCount() == 1
    assert "No one-on-one scheduled" in page.week_model.payload(0).detail
    page.template_combo.setCurrentText("Weekly check-in")
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    detail = page.editor.detail
    assert detail is not None and detail.template == "Weekly check-in"
    assert page.center.currentIndex() == 1
    assert page.editor.points.count() == 1
    assert "qa review" in page.editor.points.item(0).text()
    assert "Last 30 days" in page.panel.text()


def test_autosave_through_a_simulated_crash(page, qtbot, db_path):
    page.start_selected()
    meeting_id = page.editor.detail.id
    page.editor.shared_notes.setPlainText("Agreed on weekend rota")
    page.editor.private_notes.setPlainText("Looked tired")
    assert page.editor.autosave_timer.isActive()
    qtbot.waitUntil(lambda: not page.editor.autosave_timer.isActive(), timeout=3000)
    # crash: nothing else runs; a new program reads the file
    other = open_database(str(db_path))
    try:
        detail = oo.get_meeting(other.session_factory, meeting_id)
    finally:
        other.close()
    assert (detail.shared_notes, detail.private_notes) == ("Agreed on weekend rota",
                                                           "Looked tired")
    assert page.editor.saved_label.text().startswith("Saved")


def test_tick_hold_then_read_only_and_amend(page, qtbot, monkeypatch):
    page.start_selected()
    editor = page.editor
    editor.point_text.setText("Rota for December")
    qtbot.keyClick(editor.point_text, Qt.Key.Key_Return)
    assert editor.points.count() == 2
    editor.points.item(1).setCheckState(Qt.CheckState.Checked)
    editor.item_text.setText("Send the rota")
    qtbot.keyClick(editor.item_text, Qt.Key.Key_Return)
    assert editor.items.count() == 1
    editor.shared_notes.setPlainText("Original text")
    monkeypatch.setattr(editor, "_ask", lambda title, text: True)
    qtbot.mouseClick(editor.hold_button, Qt.MouseButton.LeftButton)
    assert editor.detail.status == "held"
    assert editor.shared_notes.isReadOnly() and editor.private_notes.isReadOnly()
    assert not editor.hold_button.isVisible() and editor.amend_button.isVisible()
    assert not editor.point_text.isVisible() and not editor.item_text.isVisible()
    assert editor.detail.shared_notes == "Original text"  # saved before holding
    # undiscussed QA point carried; the ticked one recorded as discussed
    assert [(p.discussed, p.text) for p in editor.detail.talking_points] == [
        (False, "Review 3 needs coaching"), (True, "Rota for December")]

    def amend(dialog):
        assert isinstance(dialog, AmendDialog)
        dialog.field.setCurrentIndex(dialog.field.findData("shared_notes"))
        dialog.text.setPlainText("Corrected text")
        return True

    monkeypatch.setattr(editor, "_exec_dialog", amend)
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    assert editor.detail.shared_notes == "Corrected text"
    assert editor.detail.amendments[0].original_text == "Original text"
    assert "original kept" in editor.amendments.text()
    # the next meeting carries the undiscussed point and the open action item
    page.start_selected()
    assert page.editor.detail.id != editor.detail.id or page.editor.detail.status == "planned"
    assert "carried" in page.editor.points.item(0).text()
    assert "Send the rota" in page.editor.items.item(0).text()


def test_action_item_text_gets_the_width_of_the_meeting_column(page, qtbot):
    """The new action item's text has a line of its own: beside owner and due date it
    was squeezed to a few letters."""
    page.start_selected()
    editor = page.editor
    qtbot.waitUntil(editor.item_text.isVisible)
    assert editor.item_text.width() >= editor.items.width() - 4
    assert editor.item_owner.isVisible() and editor.item_due.isVisible()


def test_week_model_passes_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.week_model)


def test_profile_tab_schedule_goals_and_history(qtbot, database, make_agent, monkeypatch):
    from app.services.goals import list_goals
    from app.services.roster import get_agent
    from app.ui.dialogs.goal_dialog import GoalDialog
    from app.ui.pages.one_on_ones_tab import OneOnOnesTab

    agent = make_agent("Lucía Fernández")
    meeting = oo.start_meeting(database.session_factory, agent.id, TODAY, None)
    oo.save_notes(database.session_factory, meeting, mood=7)
    oo.hold_meeting(database.session_factory, meeting)
    tab = OneOnOnesTab(FakeWindow(database))
    qtbot.addWidget(tab)
    tab.show_agent(get_agent(database.session_factory, agent.id))
    assert tab.model.rowCount() == 1 and "latest 7/10" in tab.mood.text()
    assert tab.next_date.value() == date(2026, 11, 16)  # biweekly after the held meeting

    tab.cadence.setCurrentIndex(tab.cadence.findData("weekly"))
    tab.next_date.set_value(date(2026, 11, 9))
    tab.save_schedule()
    tab.show_agent(get_agent(database.session_factory, agent.id))
    assert tab.cadence.currentData() == "weekly"

    def fill(dialog):
        assert isinstance(dialog, GoalDialog)
        dialog.row.text.setText("Keep CSAT high")
        dialog.row.metric_combo.setCurrentIndex(dialog.row.metric_combo.findData("csat"))
        return True

    monkeypatch.setattr(tab, "_exec_dialog", fill)
    tab.add_goal()
    assert "CSAT ≥ 85% over the last 30 days · no data yet" in tab.goal_list.item(0).text()
    tab.goal_list.setCurrentRow(0)
    tab.goal_actions[0].trigger()  # achieved (the "Mark goal" menu)
    (goal,) = list_goals(database.session_factory, agent.id, today=TODAY)
    assert goal.status == "achieved"


def test_agenda_templates_dialog_adds_a_template(qtbot, database):
    from app.ui.dialogs.agenda_templates_dialog import NEW, AgendaTemplatesDialog

    dialog = AgendaTemplatesDialog(database.session_factory)
    qtbot.addWidget(dialog)
    dialog.choice.setCurrentText(NEW)
    dialog.name.setText("Quarterly career talk")
    dialog.items.setPlainText("Where next?\n\nSkills")
    dialog.save()
    rows = {t.name: t.items for t in oo.list_templates(database.session_factory)}
    assert rows["Quarterly career talk"] == ("Where next?", "Skills")


def test_cancel_keeps_points_open_for_the_next_meeting(page, monkeypatch):
    page.start_selected()
    editor = page.editor
    editor.points.item(0).setCheckState(Qt.CheckState.Checked)
    monkeypatch.setattr(editor, "_ask", lambda title, text: True)
    editor.cancel_button.click()
    assert editor.detail.status == "cancelled" and editor.shared_notes.isReadOnly()
    page.start_selected()
    assert page.editor.detail.status == "planned"
    assert page.editor.points.item(0).checkState() == Qt.CheckState.Unchecked


def test_the_mood_trend_reads_as_numbers():
    """Block-glyph bars read as one grey bar at moods of 5 to 8; numbers do not."""
    from app.ui.pages.one_on_ones_meeting import mood_trail

    assert mood_trail([6, 7, 5]) == "6 → 7 → 5"
    assert mood_trail([9, 8, 8, 7, 6, 5, 5, 5]) == "… → 8 → 7 → 6 → 5 → 5 → 5"
