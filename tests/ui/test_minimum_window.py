"""At the minimum window size (960x600) the pages' toolbars show every control whole."""

from __future__ import annotations

import shutil

import pytest

from app.application import open_database
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from app.ui.pages.quality_overview import Figure
from tests.conftest import TODAY


@pytest.fixture
def window(qtbot, demo_template, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    database = open_database(str(path), daily_backup=False)
    create_qapplication()
    jobs = JobRunner()
    window = MainWindow(database, jobs, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(960, 600)
    window.show()
    qtbot.waitExposed(window)
    yield window
    jobs.shutdown()
    database.close()


def assert_whole(window, page, widgets) -> None:
    right = page.mapTo(window, page.rect().topRight()).x()
    for widget in widgets:
        assert widget.isVisible(), widget
        assert widget.width() >= widget.minimumSizeHint().width(), widget
        assert widget.mapTo(window, widget.rect().topRight()).x() <= right, widget


def test_quality_toolbar_fits(qtbot, window):
    page = window.show_page("quality")
    qtbot.waitUntil(lambda: page.new_button.isVisible(), timeout=15000)
    assert_whole(window, page, [page.period_combo, page.team_combo, page.sample_button,
                                page.import_button, page.new_button])


def test_one_on_ones_toolbar_fits(qtbot, window):
    page = window.show_page("one_on_ones")
    qtbot.waitUntil(lambda: page.start_button.isVisible(), timeout=15000)
    assert_whole(window, page, [page.agent_combo, page.template_combo, page.templates_button,
                                page.start_button])


def test_calibration_grader_buttons_show_their_whole_text(qtbot, window):
    """The demo's session being scored: each grader's big button shows name and state
    whole (on one line, "— score now" was cut to "— score r")."""
    page = window.show_page("calibration")
    panel = page.scoring_panel
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.buttons), timeout=15000)
    qtbot.wait(50)  # the grid settles its columns
    for button in panel.buttons.values():
        assert button.isVisible(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
    assert_whole(window, page, list(panel.buttons.values()))


def test_plans_list_fits_its_pane_with_whole_names(qtbot, window):
    """At 960x600 the plans list shows agent, kind, status and next check-in without
    scrolling sideways (the dates, repeated in the detail, give way) and names whole."""
    page = window.show_page("plans")
    browser = page.browser
    table = browser.table
    qtbot.waitUntil(lambda: table.isVisible() and browser.model.rowCount() > 0,
                    timeout=15000)
    qtbot.wait(50)
    assert not table.horizontalScrollBar().isVisible()
    for column in (0, 1, 2, 5):
        assert not table.isColumnHidden(column), column
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)


def test_one_on_ones_week_list_shows_what_is_due_whole(qtbot, window):
    """At 960x600 the week list's "What" was squeezed to "1:…" beside the empty
    meeting column: now the list takes the width its columns need."""
    page = window.show_page("one_on_ones")
    table = page.week_table
    qtbot.waitUntil(lambda: table.isVisible() and page.week_model.rowCount() > 0,
                    timeout=15000)
    qtbot.wait(50)
    for column in range(page.week_model.columnCount()):
        assert not table.isColumnHidden(column)
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), column
    assert not table.horizontalScrollBar().isVisible()


def test_an_open_meeting_gets_the_room_of_the_week_list(qtbot, window):
    """Holding a meeting, the list keeps When and Agent only and the meeting takes the
    room (at 1280x800 it scrolled sideways beside the whole list and the side panel);
    back to no meeting, the list is whole again."""
    window.resize(1280, 800)
    page = window.show_page("one_on_ones")
    qtbot.waitUntil(lambda: page.week_model.rowCount() > 0, timeout=15000)
    page.open_agent(page.agent_combo.currentData())
    qtbot.waitUntil(lambda: page.center.currentIndex() == 1 and page.panel_scroll.isVisible())
    qtbot.wait(50)
    table = page.week_table
    assert [table.isColumnHidden(c) for c in range(4)] == [False, False, True, True]
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)
    scroll = page.center.currentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    page._show_meeting(False)
    assert not any(table.isColumnHidden(c) for c in range(4))
    assert not page.panel_scroll.isVisible()


def test_quality_overview_tables_fit_without_scrolling_sideways(qtbot, window):
    """At 960x600 the overview's tables showed one or two rows under a fixed-share
    chart and scrolled sideways: now the chart gives way, and so do the least needed
    columns before names are cut; at 1280x800 the agents' columns are all back."""
    page = window.show_page("quality")
    overview = page.overview_tab
    tables = (overview.agent_table, overview.criterion_table)
    qtbot.waitUntil(lambda: overview.agent_model.rowCount() > 0
                    and overview.agent_table.isVisible(), timeout=15000)
    qtbot.wait(50)
    for table in tables:
        assert not table.horizontalScrollBar().isVisible(), table
        assert table.viewport().height() >= 3 * table.verticalHeader().defaultSectionSize()
        assert table.columnWidth(0) >= table.sizeHintForColumn(0), table  # names whole
    assert overview.agent_table.isColumnHidden(1)
    # The team figures' captions ("Tier 1 Support · 34 reviews", cut before) wrap whole.
    right = overview.mapTo(window, overview.rect().topRight()).x()
    for figure in overview.findChildren(Figure):
        label = figure.caption_label
        fits = label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
        wraps = label.wordWrap() and label.height() >= label.heightForWidth(label.width())
        assert fits or wraps, label.text()
        assert figure.mapTo(window, figure.rect().topRight()).x() <= right, label.text()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: not overview.agent_table.isColumnHidden(1))
    assert not any(overview.agent_table.isColumnHidden(c) for c in range(6))
    for table in tables:
        assert table.columnWidth(0) >= table.sizeHintForColumn(0), table
        assert not table.horizontalScrollBar().isVisible(), table


def test_roster_keeps_names_whole(qtbot, window):
    """At 960x600 the roster cut every name ("Amara R…") and scrolled sideways: its
    least needed columns give way first (the profile beside it shows them)."""
    page = window.show_page("team")
    table = page.table
    qtbot.waitUntil(lambda: table.isVisible() and page.model.rowCount() > 0, timeout=15000)
    qtbot.wait(50)
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)
    assert not table.horizontalScrollBar().isVisible()
    assert table.isColumnHidden(1)  # the role went first
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: not table.isColumnHidden(2))  # the lead is back
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)


def test_a_meeting_on_a_small_window_folds_the_week_list_away(qtbot, window):
    """At 960x600 the open meeting scrolled sideways between the week list and the side
    panel: the list folds away, and "Show this week" brings it back."""
    page = window.show_page("one_on_ones")
    qtbot.waitUntil(lambda: page.week_model.rowCount() > 0, timeout=15000)
    page.open_agent(page.agent_combo.currentData())
    qtbot.waitUntil(lambda: page.center.currentIndex() == 1 and page.panel_scroll.isVisible())
    qtbot.wait(50)
    assert page.splitter.sizes()[0] == 0
    assert page.week_toggle.isVisible()
    assert not page.center.currentWidget().horizontalScrollBar().isVisible()
    page.week_toggle.click()
    qtbot.waitUntil(lambda: page.week_table.isVisible())
    assert page.splitter.sizes()[0] > 0 and not page.week_toggle.isVisible()


def test_every_profile_tab_shows_without_scroll_arrows(qtbot, window):
    """At 960x600 the profile's tab bar needed scroll arrows and hid "Metrics"."""
    page = window.show_page("team")
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 0, timeout=15000)
    page._select_row(0)
    bar = page.profile.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.count() >= 5, timeout=15000)
    qtbot.wait(50)
    for index in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(index)), bar.tabText(index)


def test_calibration_discussion_shows_every_score_whole(qtbot, window):
    """At 960x600 the discussion box of a revealed session was squeezed and cut the
    third grader's score off: it scrolls instead, every line whole."""
    page = window.show_page("calibration")
    combo = page.session_combo
    qtbot.waitUntil(lambda: combo.count() > 1, timeout=15000)
    revealed = [i for i in range(combo.count()) if "revealed" in combo.itemText(i)]
    combo.setCurrentIndex(revealed[0])
    box = page.results_panel.discussion
    qtbot.waitUntil(lambda: box.isVisible() and box.unit is not None, timeout=15000)
    qtbot.wait(50)
    label = box.scores_label
    assert label.text().count("<b>") >= 3  # three graders and the benchmark
    assert label.height() >= label.heightForWidth(label.width())
    assert box.height() >= box.layout().minimumSize().height()


def test_plans_list_keeps_names_whole_beside_a_pip(qtbot, window):
    """Beside an improvement plan (three buttons) the list was narrowed and cut the
    name: the status (the detail shows it) gives way instead."""
    page = window.show_page("plans")
    browser = page.browser
    table = browser.table
    qtbot.waitUntil(lambda: table.isVisible() and browser.model.rowCount() > 0,
                    timeout=15000)
    pips = [r for r in range(browser.model.rowCount())
            if browser.model.index(r, 1).data() == "PIP"]
    table.selectRow(pips[0])
    qtbot.wait(100)
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)
    assert not table.horizontalScrollBar().isVisible()
    # The detail reads each objective with its target under it, and does not scroll
    # sideways (a four-column table broke "Statu/s" and overflowed by a pixel).
    detail = browser.detail
    assert "CSAT back to the team level\ntarget CSAT ≥ 85%" in detail.toPlainText()
    assert not detail.horizontalScrollBar().isVisible()
