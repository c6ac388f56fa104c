"""The Plans page: create a plan through the dialog, activate, check in, close; a finished
plan offers no action."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from app.services import plans
from app.ui.dialogs.plan_dialogs import CheckInDialog
from app.ui.pages.plans import PlansPage, make_plans_tab
from tests.ui.test_one_on_ones_page import TODAY, FakeWindow


def test_plan_lifecycle_through_the_page(qtbot, database, make_agent, monkeypatch):
    agent = make_agent("Oskar Lund")
    window = FakeWindow(database)
    page = PlansPage(window)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    browser = page.browser
    assert browser.stack.currentIndex() == 0  # empty state

    def fill(dialog):
        dialog.objectives[0].text.setText("CSAT back up")
        row = dialog.objectives[0]
        row.metric_combo.setCurrentIndex(row.metric_combo.findData("csat"))
        dialog.concerns.setPlainText("2026-09-01: low CSAT")
        dialog.hr_contact.setText("Jo")
        return True

    monkeypatch.setattr(browser, "_exec_dialog", fill)
    qtbot.mouseClick(browser.new_button, Qt.MouseButton.LeftButton)
    row = browser.current()
    assert row is not None and row.status == "draft" and row.agent_name == "Oskar Lund"
    assert "CSAT ≥ 85% over the last 30 days" in browser.detail.toPlainText()
    assert browser.activate_button.isVisible() and not browser.checkin_button.isVisible()

    qtbot.mouseClick(browser.activate_button, Qt.MouseButton.LeftButton)
    assert browser.current().status == "active"
    monkeypatch.setattr(browser, "_exec_dialog", lambda dialog: isinstance(dialog, CheckInDialog))
    qtbot.mouseClick(browser.checkin_button, Qt.MouseButton.LeftButton)
    detail = plans.get_plan(database.session_factory, row.id, today=TODAY)
    assert [c.held_on for c in detail.checkins].count(TODAY) == 1

    def close(dialog):
        dialog.status.setCurrentIndex(dialog.status.findData("not_passed"))
        dialog.note.setPlainText("Objectives missed")
        return True

    monkeypatch.setattr(browser, "_exec_dialog", close)
    qtbot.mouseClick(browser.status_button, Qt.MouseButton.LeftButton)
    browser.filter.setCurrentIndex(1)
    row = browser.current()
    assert row.status == "not_passed" and row.finished
    assert not any(b.isVisible() for b in (browser.activate_button, browser.checkin_button,
                                           browser.status_button, browser.tick_button))
    assert "read-only" in browser.detail.toPlainText()
    assert "Not passed" in browser.detail.toPlainText()

    tab = make_plans_tab(window)  # the profile tab shows this agent's plans
    qtbot.addWidget(tab)
    from app.services.roster import get_agent

    tab.show_agent(get_agent(database.session_factory, agent.id))
    assert tab.model.rowCount() == 1


def test_probation_sign_off_through_the_page(qtbot, database, make_agent, monkeypatch):
    agent = make_agent("Wei Moreau", hire_date=TODAY - timedelta(days=40),
                       probation_end=TODAY + timedelta(days=50))
    from app.services import probation

    plans_id = probation.start_probation(database.session_factory, agent.id, actor="lee",
                                         today=TODAY)
    page = PlansPage(FakeWindow(database))
    qtbot.addWidget(page)
    page.show()
    browser = page.browser
    assert browser.current().id == plans_id
    assert browser.signoff_button.isVisible() and browser.tick_button.isVisible()

    def extend(dialog):
        dialog.status.setCurrentIndex(dialog.status.findData("extended"))
        dialog.new_end.setDate(dialog.new_end.date().addDays(10))
        dialog.note.setPlainText("More QA reviews needed")
        return True

    monkeypatch.setattr(browser, "_exec_dialog", extend)
    qtbot.mouseClick(browser.signoff_button, Qt.MouseButton.LeftButton)
    assert browser.current().status == "extended"
    assert browser.current().end == TODAY + timedelta(days=50 + 40)
    assert "More QA reviews needed" in browser.detail.toPlainText()
