"""The Team page through its real dialogs: add, validate, edit, filter, archive, delete.

Modal dialogs run through ``TeamPage._exec_dialog``; ``DialogDriver`` replaces it with
handlers that fill the real dialog's widgets and press OK, so nothing blocks and no test
sleeps. One test drives a genuinely modal ``exec()`` with a timer, to keep that path honest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QMessageBox, QScrollArea

from app.services import roster
from app.services.roster import AliasInfo
from app.ui.dialogs.agent_dialog import AgentDialog
from app.ui.dialogs.archive_dialog import ArchiveDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from app.ui.models.roster_model import LEAD, NAME, ROLE, TEAM
from app.ui.pages.team import (
    PROFILE_MIN_WIDTH,
    PROFILE_SHARE,
    SEARCH_PLACEHOLDER,
    SEARCH_TOOLTIP,
    TeamPage,
)
from app.ui.widgets import ElidedLabel
from tests.conftest import TODAY

Handler = Callable[[QDialog], int]


class DialogDriver:
    """Stands in for ``_exec_dialog``: each dialog the page opens goes to the next handler."""

    def __init__(self, page: TeamPage, monkeypatch) -> None:
        self.handlers: list[Handler] = []
        self.seen: list[QDialog] = []
        monkeypatch.setattr(page, "_exec_dialog", self)

    def then(self, handler: Handler) -> DialogDriver:
        self.handlers.append(handler)
        return self

    def __call__(self, dialog: QDialog) -> int:
        self.seen.append(dialog)
        assert self.handlers, f"unexpected dialog {dialog.windowTitle()!r}"
        return self.handlers.pop(0)(dialog)


def press_ok(dialog: QDialog) -> int:
    dialog.accept()
    return dialog.result()


@pytest.fixture
def make_page(qtbot, session_factory):
    def make() -> TeamPage:
        page = TeamPage(session_factory, today=lambda: TODAY)
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()  # shortcuts only fire in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
        page.table.setFocus()
        return page

    return make


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to QMessageBox.question; records (title, text) of each question."""
    asked: list[tuple[str, str]] = []
    script: list[QMessageBox.StandardButton] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return script.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked, script


def visible_names(page: TeamPage) -> list[str]:
    return [page.proxy.index(row, NAME).data() for row in range(page.proxy.rowCount())]


# ------------------------------------------------------------------- empty roster


def test_empty_database_shows_empty_state_with_its_two_actions(make_page, qtbot, monkeypatch):
    page = make_page()
    assert page.stack.currentWidget() is page.empty_state
    assert page.selected_agent() is None
    with qtbot.waitSignal(page.import_roster_requested):
        next(b for b in page.empty_state.findChildren(type(page.add_button))
             if b.text() == "Import roster…").click()

    def add_first(dialog: AgentDialog) -> int:
        dialog.name_edit.setText("Ana García")
        return press_ok(dialog)

    DialogDriver(page, monkeypatch).then(add_first)
    with qtbot.waitSignal(page.roster_changed):
        next(b for b in page.empty_state.findChildren(type(page.add_button))
             if b.text() == "Add agent").click()
    assert page.stack.currentWidget() is not page.empty_state
    assert page.selected_agent().full_name == "Ana García"


# ------------------------------------------------------------------------ adding


def test_add_agent_with_ctrl_n_fills_every_field(make_page, make_agent, qtbot, monkeypatch,
                                                session_factory):
    lead = make_agent("Li Wei", team="Tier 1", role="Team lead")
    page = make_page()

    def fill(dialog: AgentDialog) -> int:
        assert dialog.windowTitle() == "Add agent"
        dialog.name_edit.setText("  Björn   Berg ")
        dialog.email_edit.setText("Bjorn@Example.com")
        dialog.role_combo.setEditText("Support agent")
        dialog.team_combo.setEditText("Tier 1")
        dialog.set_lead(lead.id)
        dialog.hire_date_edit.set_value(date(2026, 9, 1))
        dialog.probation_end_edit.set_value(date(2027, 3, 1))
        dialog.add_alias_row("zendesk", "bjorn.b")
        return press_ok(dialog)

    driver = DialogDriver(page, monkeypatch).then(fill)
    with qtbot.waitSignal(page.roster_changed):
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(driver.seen) == 1
    saved = driver.seen[0].saved_agent
    stored = roster.get_agent(session_factory, saved.id)
    assert (stored.full_name, stored.email, stored.team, stored.lead_id) == (
        "Björn Berg", "bjorn@example.com", "Tier 1", lead.id)
    assert stored.aliases == (AliasInfo("zendesk", "bjorn.b"),)
    assert page.selected_agent().id == saved.id
    assert page.profile.value_text("probation") == "On probation until 2027-03-01"


def test_add_agent_through_the_real_modal_dialog(make_page, qtbot, session_factory):
    page = make_page()
    seen: list[str] = []

    def drive_modal() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AgentDialog)
        seen.append(dialog.windowTitle())
        dialog.name_edit.setText("Chloé Martin")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter presses the OK button

    QTimer.singleShot(0, lambda: qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), AgentDialog)) or drive_modal())
    with qtbot.waitSignal(page.roster_changed):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert seen == ["Add agent"]
    assert [a.full_name for a in roster.list_agents(session_factory)] == ["Chloé Martin"]


# -------------------------------------------------------------------- validation


def _set_bad_email(d: AgentDialog, agents) -> None:
    d.email_edit.setText("not-an-address")


def _set_taken_email(d: AgentDialog, agents) -> None:
    d.email_edit.setText("LI@example.com")


def _set_future_hire(d: AgentDialog, agents) -> None:
    d.hire_date_edit.set_value(date(2027, 1, 1))


def _set_probation_before_hire(d: AgentDialog, agents) -> None:
    d.hire_date_edit.set_value(date(2025, 5, 1))
    d.probation_end_edit.set_value(date(2025, 4, 1))


def _set_lead_cycle(d: AgentDialog, agents) -> None:
    d.set_lead(agents["report"].id)  # editing the lead: their own report cannot lead them


@pytest.mark.parametrize("break_it, field, words, edit", [
    (_set_bad_email, "email", "not a valid e-mail", False),
    (_set_taken_email, "email", "already belongs to Li Wei", False),
    (_set_future_hire, "hire_date", "cannot be in the future", False),
    (_set_probation_before_hire, "probation_end", "must be after the hire date", False),
    (_set_lead_cycle, "lead", "reports to this agent", True),
])
def test_validation_message_shows_under_field_and_dialog_stays_open(
        make_page, make_agent, qtbot, monkeypatch, session_factory,
        break_it, field, words, edit):
    lead = make_agent("Li Wei", email="li@example.com")
    report = make_agent("Ben Ng", lead_id=lead.id)
    agents = {"lead": lead, "report": report}
    page = make_page()
    if edit:
        page.select_agent(lead.id)
    before = roster.list_agents(session_factory)

    def refuse_then_fix(dialog: AgentDialog) -> int:
        dialog.show()
        if not edit:
            dialog.name_edit.setText("New Person")
        break_it(dialog, agents)
        dialog.accept()
        assert dialog.isVisible(), "a refused dialog must stay open"
        errors = dialog.field_errors()
        assert list(errors) == [field] and words in errors[field]
        assert roster.list_agents(session_factory) == before
        assert dialog.name_edit.text() == ("Li Wei" if edit else "New Person")
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
        dialog.reject()
        return dialog.result()

    DialogDriver(page, monkeypatch).then(refuse_then_fix)
    if edit:
        page.edit_selected()
    else:
        page.add_agent()
    assert roster.list_agents(session_factory) == before


def test_fixing_the_field_then_saves(make_page, qtbot, monkeypatch, session_factory):
    page = make_page()

    def fix(dialog: AgentDialog) -> int:
        dialog.show()
        dialog.name_edit.setText("Dev Patel")
        dialog.email_edit.setText("dev@")
        dialog.accept()
        assert "email" in dialog.field_errors()
        dialog.email_edit.setText("dev@example.com")
        dialog.accept()
        assert not dialog.isVisible() and dialog.field_errors() == {}
        return dialog.result()

    DialogDriver(page, monkeypatch).then(fix)
    with qtbot.waitSignal(page.roster_changed):
        page.add_agent()
    assert roster.find_agent(session_factory, "dev@example.com").full_name == "Dev Patel"


# ------------------------------------------------------------------------ editing


def test_double_click_edits_and_keeps_the_selection(make_page, make_agent, qtbot, monkeypatch,
                                                   session_factory):
    make_agent("Ana García")
    ben = make_agent("Ben Ng", role="Support agent")
    page = make_page()

    def promote(dialog: AgentDialog) -> int:
        assert dialog.windowTitle() == "Edit agent — Ben Ng"
        assert dialog.role_combo.currentText() == "Support agent"
        dialog.role_combo.setEditText("Senior agent")
        return press_ok(dialog)

    DialogDriver(page, monkeypatch).then(promote)
    row = page.proxy.proxy_row_of(ben.id)
    rect = page.table.visualRect(page.proxy.index(row, NAME))
    with qtbot.waitSignal(page.roster_changed):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert roster.get_agent(session_factory, ben.id).role == "Senior agent"
    assert page.selected_agent().id == ben.id
    assert page.proxy.index(page.proxy.proxy_row_of(ben.id), ROLE).data() == "Senior agent"


def test_f2_edits_the_selected_agent(make_page, make_agent, qtbot, monkeypatch):
    ana = make_agent("Ana García")
    page = make_page()
    page.select_agent(ana.id)
    driver = DialogDriver(page, monkeypatch).then(lambda d: d.reject() or d.result())
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert [d.windowTitle() for d in driver.seen] == ["Edit agent — Ana García"]


# ---------------------------------------------------------------------- filtering


def test_search_box_and_status_filter(make_page, make_agent, qtbot):
    make_agent("Ana García", team="Tier 2")
    make_agent("Björn Berg", team="Tier 1", aliases=[AliasInfo("zendesk", "bb-support")])
    make_agent("Eve Olsen", status="departed", departure_date=date(2025, 6, 30))
    page = make_page()
    assert visible_names(page) == ["Ana García", "Björn Berg"]
    assert page.status_label.text() == "2 agents shown of 3 (1 departed hidden)"

    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    assert page.search_edit.placeholderText() == SEARCH_PLACEHOLDER
    qtbot.keyClicks(page.search_edit, "GARCIA")
    assert visible_names(page) == ["Ana García"]
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "bb-support")
    assert visible_names(page) == ["Björn Berg"]
    page.search_edit.clear()

    page.status_combo.setCurrentIndex(page.status_combo.findData("departed"))
    assert visible_names(page) == ["Eve Olsen"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    assert page.status_label.text() == "3 agents"
    page.team_combo.setCurrentIndex(page.team_combo.findData("Tier 1"))
    assert visible_names(page) == ["Björn Berg"]


def test_status_line_counts_shown_and_hidden_departed(make_page, make_agent):
    for n in range(13):
        make_agent(f"Agent {n:02d}")
    for n in range(2):
        make_agent(f"Gone {n}", status="departed", departure_date=date(2025, 1, 1))
    page = make_page()
    assert page.status_label.text() == "13 agents shown of 15 (2 departed hidden)"


def test_refresh_keeps_the_selected_agent(make_page, make_agent, session_factory):
    make_agent("Ana García")
    ben = make_agent("Ben Ng")
    page = make_page()
    assert page.select_agent(ben.id)
    roster.create_agent(session_factory, roster.AgentInput("Aaron Abel"), today=TODAY)
    page.refresh()
    assert page.selected_agent().id == ben.id
    assert page.profile.current_agent().id == ben.id


# ------------------------------------------------------------- archive and delete


def test_archive_moves_agent_from_current_to_departed(make_page, make_agent, qtbot, monkeypatch,
                                                      session_factory):
    make_agent("Ana García")
    ben = make_agent("Ben Ng")
    page = make_page()
    page.select_agent(ben.id)

    def archive(dialog: ArchiveDialog) -> int:
        assert isinstance(dialog, ArchiveDialog)
        assert dialog.departure_date() == TODAY
        dialog.set_departure_date(date(2026, 10, 31))
        return press_ok(dialog)

    DialogDriver(page, monkeypatch).then(archive)
    with qtbot.waitSignal(page.roster_changed):
        page.profile.archive_button.click()
    stored = roster.get_agent(session_factory, ben.id)
    assert (stored.status, stored.departure_date) == ("departed", date(2026, 10, 31))
    assert visible_names(page) == ["Ana García"]
    assert page.selected_agent().full_name == "Ana García"
    page.status_combo.setCurrentIndex(page.status_combo.findData("departed"))
    assert visible_names(page) == ["Ben Ng"]


def test_context_menu_offers_edit_archive_delete(make_page, make_agent, qtbot):
    ana = make_agent("Ana García")
    page = make_page()
    offered: list[str] = []

    def read_and_close_menu() -> None:
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        menu = QApplication.activePopupWidget()
        offered.extend(action.text() for action in menu.actions() if not action.isSeparator())
        menu.close()

    QTimer.singleShot(0, read_and_close_menu)
    rect = page.table.visualRect(page.proxy.index(0, NAME))
    page.table.customContextMenuRequested.emit(rect.center())
    assert offered == ["Edit…", "Archive…", "Delete…"]
    assert page.selected_agent().id == ana.id


def test_delete_after_confirmation(make_page, make_agent, qtbot, answers, session_factory):
    make_agent("Ana García")
    ben = make_agent("Ben Ng")
    page = make_page()
    page.select_agent(ben.id)
    asked, script = answers
    script.append(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.roster_changed):
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Ben Ng" in asked[0][1]
    assert [a.full_name for a in roster.list_agents(session_factory)] == ["Ana García"]
    assert visible_names(page) == ["Ana García"]


def test_delete_declined_keeps_the_agent(make_page, make_agent, qtbot, answers,
                                         session_factory):
    ben = make_agent("Ben Ng")
    page = make_page()
    page.select_agent(ben.id)
    _asked, script = answers
    script.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert roster.count_agents(session_factory) == 1


def test_delete_refused_for_lead_with_reports_suggests_archive(
        make_page, make_agent, qtbot, answers, monkeypatch, session_factory):
    lead = make_agent("Li Wei")
    make_agent("Ben Ng", lead_id=lead.id)
    page = make_page()
    page.select_agent(lead.id)
    asked, script = answers
    script += [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Yes]
    driver = DialogDriver(page, monkeypatch).then(lambda d: d.reject() or d.result())
    with qtbot.assertNotEmitted(page.roster_changed):
        page.delete_action.trigger()
    title, text = asked[1]
    assert title == "Cannot delete"
    assert "Li Wei has records (leads 1 agent)" in text and "Archive Li Wei now?" in text
    assert [type(d) for d in driver.seen] == [ArchiveDialog]  # "Yes" opened the archive
    assert roster.count_agents(session_factory) == 2


# ------------------------------------------------------------------ profile panel


def test_profile_panel_shows_hint_details_and_extra_tabs(make_page, make_agent, qtbot,
                                                         monkeypatch):
    lead = make_agent("Li Wei")
    eve = make_agent("Eve Olsen", email="eve@example.com", role="Support agent", team="Tier 1",
                     lead_id=lead.id, hire_date=date(2021, 2, 1), probation_end=date(2021, 8, 1),
                     status="departed", departure_date=date(2025, 6, 30),
                     aliases=[AliasInfo("any", "E. Olsen"), AliasInfo("zendesk", "eve.o")])
    page = make_page()
    panel = page.profile
    assert panel.current_agent() is None and panel.stack.currentWidget() is panel.hint
    assert panel.hint.text() == "Select an agent to see their profile"

    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    page.select_agent(eve.id)
    assert panel.name_label.text() == "Eve Olsen"
    assert panel.subtitle_label.text() == "Support agent · Tier 1"
    assert panel.badge.text() == "Departed"
    assert not panel.archive_button.isEnabled() and not page.archive_action.isEnabled()
    assert panel.value_text("lead") == "Li Wei"
    assert panel.value_text("tenure") == "4 y 4 mo"
    assert panel.value_text("probation") == "Probation ended 2021-08-01"
    assert panel.value_text("departure_date") == "2025-06-30"
    assert panel.value_text("aliases") == "any platform: E. Olsen\nZendesk: eve.o"

    extra = QLabel("One-on-ones go here")
    assert panel.add_tab(extra, "One-on-ones") == 1
    assert panel.tabs.tabText(1) == "One-on-ones"

    page.select_agent(lead.id)
    driver = DialogDriver(page, monkeypatch).then(lambda d: d.reject() or d.result())
    with qtbot.waitSignal(panel.edit_requested):
        panel.edit_button.click()
    assert [d.windowTitle() for d in driver.seen] == ["Edit agent — Li Wei"]


# ------------------------------------------------------------------------ layout

LONG_NAME = ("Maximiliana Wolfeschlegelsteinhausenbergerdorff " * 5)[:200].strip()
LONG_EMAIL = "maximiliana.wolfeschlegelsteinhausen@example.com"


def make_window(qtbot, database, width: int, height: int) -> MainWindow:
    """The real window with the app's style sheet, at a given size (fonts and padding
    from the style sheet decide whether things fit)."""
    create_qapplication()
    window = MainWindow(database, JobRunner(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.size().width() == width)
    return window


def demo_like_team(make_agent) -> dict[str, roster.AgentRow]:
    lead = make_agent("Lucía Bianchi", email="lucia.bianchi@example.com", role="Billing Lead",
                      team="Billing & Accounts")
    agents = {"lead": lead}
    for name in ("Valentina Tanaka", "Samir Okafor", "Amara Rossi"):
        agents[name] = make_agent(
            name, email=f"{name.lower().replace(' ', '.')}@example.com",
            role="Senior Support Agent", team="Billing & Accounts", lead_id=lead.id,
            probation_end=date(2027, 1, 6))
    return agents


def test_toolbar_never_overlaps_at_the_minimum_window_size(qtbot, database, make_agent):
    demo_like_team(make_agent)
    window = make_window(qtbot, database, 960, 600)
    assert window.minimumSize().width() == 960
    page = window.team_page
    toolbar = [page.search_edit, page.status_combo, page.team_combo, page.import_button,
               page.add_button]
    qtbot.waitUntil(lambda: page.add_button.geometry().right() < page.width())
    for left, right in zip(toolbar, toolbar[1:]):
        assert left.geometry().right() < right.geometry().left(), (left, right)
        assert right.width() >= right.minimumSizeHint().width() or right is page.team_combo
    search = page.search_edit
    assert search.width() >= 200
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) < search.width() - 24
    assert search.toolTip() == SEARCH_TOOLTIP

    # The team filter may be narrower than a team's name: it elides, the tooltip tells.
    combo = page.team_combo
    combo.setCurrentIndex(combo.findData("Billing & Accounts"))
    assert combo.shown_text().endswith("…")
    assert combo.toolTip().splitlines() == ["Billing & Accounts", "Show one team only"]
    combo.setCurrentIndex(0)
    assert combo.shown_text() == "All teams" and combo.toolTip() == "Show one team only"


def test_search_box_grows_with_the_window_up_to_a_limit(qtbot, database, make_agent):
    demo_like_team(make_agent)
    window = make_window(qtbot, database, 1280, 800)
    search = window.team_page.search_edit
    assert 200 < search.width() <= 380
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: search.width() == 380)


def test_table_gets_the_width_and_names_and_leads_stay_whole(qtbot, database, make_agent):
    demo_like_team(make_agent)
    window = make_window(qtbot, database, 1280, 800)
    page = window.team_page
    qtbot.waitUntil(lambda: page._columns_fitted)
    # The profile's tabs need room too: their share of the splitter at this size.
    roster, profile = page.splitter.sizes()
    assert abs(profile / (roster + profile) - PROFILE_SHARE) <= 0.02
    assert page.profile.minimumWidth() == PROFILE_MIN_WIDTH
    # Names and leads stay whole once the window is wide enough for both (at 1280 they
    # may elide, with the tooltip; the columns refit when the window grows).
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: page.splitter.sizes()[0] > roster)
    qtbot.wait(20)
    header, table = page.table.horizontalHeader(), page.table
    for column in (NAME, LEAD):
        assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    # What does not fit is elided, and the tooltip holds the whole text.
    for column in (NAME, ROLE, LEAD, TEAM):
        for row in range(page.proxy.rowCount()):
            index = page.proxy.index(row, column)
            if index.data():
                assert index.data() in index.data(Qt.ItemDataRole.ToolTipRole)


def test_profile_values_elide_with_the_full_text_as_tooltip(qtbot, database, make_agent):
    agent = make_agent(LONG_NAME, email=LONG_EMAIL, role="Senior Support Agent",
                       team="Billing & Accounts",
                       aliases=[AliasInfo("zendesk", f"max.alias.{n:02d}") for n in range(50)])
    window = make_window(qtbot, database, 1280, 800)
    window.team_page.select_agent(agent.id)
    panel = window.team_page.profile
    email = panel.value_label("email")
    qtbot.waitUntil(email.is_elided)
    assert panel.value_text("email") == LONG_EMAIL
    assert email.toolTip() == LONG_EMAIL
    assert "…" in email.shown_text()
    assert email.shown_text().startswith("maxim") and email.shown_text().endswith(".com")
    assert email.geometry().right() <= email.parentWidget().width()

    # The name header stays one line inside the panel; its tooltip is the whole name.
    name = panel.name_label
    assert name.text() == LONG_NAME and name.toolTip() == LONG_NAME and name.is_elided()
    assert name.height() < 2 * name.fontMetrics().lineSpacing()
    assert name.geometry().right() <= panel.width()

    # A value that fits has no tooltip and can be selected.
    role = panel.value_label("role")
    assert not role.is_elided() and role.toolTip() == ""
    assert role.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not email.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_profile_tab_scrolls_vertically_and_rows_never_overlap(qtbot, database, make_agent):
    agent = make_agent("Ana García", email="amara.bianchi@example.com", team="Tier 1",
                       probation_end=date(2027, 3, 1),
                       aliases=[AliasInfo("zendesk", f"ana.alias.{n:02d}") for n in range(50)])
    window = make_window(qtbot, database, 960, 600)
    page = window.team_page
    page.select_agent(agent.id)
    panel = page.profile
    scroll = panel.profile_scroll
    assert isinstance(scroll, QScrollArea) and panel.tabs.widget(0) is scroll
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    assert scroll.widget().width() <= scroll.viewport().width()  # no sideways clipping
    aliases = panel.value_label("aliases")
    assert aliases.height() >= 50 * aliases.fontMetrics().lineSpacing()
    assert panel.value_text("aliases").count("\n") == 49

    # Every row is as tall as it needs: labels and values never overlap one another.
    form = panel._form
    rows = [form.itemAt(row, form.ItemRole.FieldRole).widget() for row in range(form.rowCount())]
    visible = [w for w in rows if w.isVisible()]
    for widget in visible:
        label = form.labelForField(widget)
        assert not label.geometry().intersects(widget.geometry())
        assert widget.height() >= widget.minimumSizeHint().height()
    for upper, lower in zip(visible, visible[1:]):
        assert upper.geometry().bottom() < lower.geometry().top()
    # The e-mail is shortened rather than clipped: whole (tooltip-free) or elided.
    email = panel.value_label("email")
    assert email.shown_text() == "amara.bianchi@example.com" or (
        "…" in email.shown_text() and email.toolTip() == "amara.bianchi@example.com")


def test_elided_label_shortens_and_restores_its_text(qtbot):
    label = ElidedLabel("first line that is rather long\nsecond")
    qtbot.addWidget(label)
    label.resize(label.sizeHint())
    label.show()
    assert not label.is_elided() and label.toolTip() == ""
    label.resize(60, label.height())
    assert label.is_elided() and label.text() == "first line that is rather long\nsecond"
    assert label.shown_text().split("\n")[0].endswith("…")
    assert label.toolTip() == label.text()
    assert label.minimumSizeHint().width() < 60
    label.resize(label.sizeHint())
    assert not label.is_elided() and label.shown_text() == label.text()

    wrapped = ElidedLabel("On probation until 2027-03-01", wrap=True)
    qtbot.addWidget(wrapped)
    wrapped.resize(120, 100)
    wrapped.show()
    assert not wrapped.is_elided()  # short words wrap instead
    wrapped.setText(LONG_EMAIL)
    assert wrapped.is_elided() and wrapped.toolTip() == LONG_EMAIL


def test_columns_follow_new_rows_until_the_user_sizes_one(make_page, make_agent, qtbot):
    """Agents added one by one get whole names while there is room to spare."""
    make_agent("Ana")
    page = make_page()
    header = page.table.horizontalHeader()
    narrow = header.sectionSize(NAME)
    make_agent("Bartholomew Okafor-Fitzgerald")
    page.refresh()
    assert header.sectionSize(NAME) > narrow
    page._user_sized_columns = True  # as after dragging a column edge
    header.resizeSection(NAME, 90)
    make_agent("Another Rather Long Name Here")
    page.refresh()
    assert header.sectionSize(NAME) == 90


def test_return_in_search_goes_to_the_first_match(make_page, make_agent, qtbot, monkeypatch):
    make_agent("Ana Alves", email="ana@example.com")
    ben = make_agent("Ben Bauer", email="ben@example.com")
    page = make_page()
    opened = []
    monkeypatch.setattr(page, "_exec_dialog", lambda dialog: opened.append(dialog) or 0)
    page.select_agent(ben.id)
    page.focus_search()
    page.search_edit.setText("example")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.table.hasFocus)
    assert page.selected_agent().full_name == "Ana Alves"
    assert opened == []  # the same Return must not also open the agent
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # a second Return does
    assert len(opened) == 1
