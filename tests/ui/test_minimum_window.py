"""At the minimum window size (960x600) the pages' toolbars show every control whole."""

from __future__ import annotations

import shutil

import pytest

from app.application import open_database
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
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
