"""The Team page's agent profile at the minimum window size (960x600): its tabs show every
button and combo whole, inside the profile column, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton, QSplitter, QToolButton

from app.ui.pages.team import PROFILE_MIN_WIDTH, PROFILE_SHARE
from tests.ui.test_minimum_window import window  # noqa: F401 - the shared fixture

AGENT = "Valentina Tanaka"  # the demo's agent on an improvement plan, with one-on-ones


def _open_tab(qtbot, window, title: str, agent: str = AGENT):  # noqa: F811 - the fixture
    page = window.show_page("team")
    rows = [r for r in range(page.proxy.rowCount())
            if page.proxy.index(r, 0).data() == agent]
    assert rows, agent
    page._select_row(rows[0])
    panel = page.profile
    titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    panel.tabs.setCurrentIndex(titles.index(title))
    tab = panel.tab_widget(title)
    qtbot.waitUntil(tab.isVisible, timeout=15000)
    qtbot.wait(50)  # the columns and the splitter settle
    return page, panel, tab


def _assert_controls_whole(window, panel, tab) -> None:  # noqa: F811 - the fixture
    left = panel.mapTo(window, panel.rect().topLeft()).x()
    right = panel.mapTo(window, panel.rect().topRight()).x()
    controls = [w for kind in (QPushButton, QToolButton, QComboBox)
                for w in tab.findChildren(kind) if w.isVisible()]
    assert len(controls) >= 4
    for widget in controls:
        text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
        assert widget.width() >= widget.sizeHint().width(), text
        assert widget.mapTo(window, widget.rect().topLeft()).x() >= left, text
        assert widget.mapTo(window, widget.rect().topRight()).x() <= right, text


def test_profile_takes_its_share_and_keeps_the_users_split(qtbot, window):  # noqa: F811
    page, panel, _tab = _open_tab(qtbot, window, "Profile")
    assert panel.width() >= PROFILE_MIN_WIDTH
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: panel.width() >= (PROFILE_SHARE - 0.02)
                    * sum(page.splitter.sizes()), timeout=5000)
    assert panel.width() <= (PROFILE_SHARE + 0.02) * sum(page.splitter.sizes())
    total = sum(page.splitter.sizes())
    page.splitter.splitterMoved.emit(total - 420, 1)  # the user drags the handle...
    page.splitter.setSizes([total - 420, 420])
    window.resize(1200, 800)  # ...then the window changes: the profile keeps their width
    qtbot.waitUntil(lambda: sum(page.splitter.sizes()) < total, timeout=5000)
    assert page.splitter.sizes()[1] == 420

def test_one_on_ones_tab_fits_the_profile_column(qtbot, window):  # noqa: F811
    _page, panel, tab = _open_tab(qtbot, window, "One-on-ones")
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=5000)
    _assert_controls_whole(window, panel, tab)
    assert "latest" in tab.mood.text() and "▆" not in tab.mood.text()
    assert tab.mood_trend.isVisible()
    assert not tab.table.horizontalScrollBar().isVisible()
    assert not tab.goal_list.horizontalScrollBar().isVisible()
    # The goal statuses are one menu: all four still there.
    assert [a.text() for a in tab.goal_menu_button.menu().actions()] == [
        "Achieved", "Missed", "Dropped", "Reopened"]


@pytest.mark.parametrize(("agent", "buttons"), [
    (AGENT, ("checkin_button", "status_button", "details_button")),  # improvement plan
    ("Dmitri Petrov", ("tick_button", "signoff_button")),  # probation checklist
])
def test_plans_tab_fits_the_profile_column(qtbot, window, agent, buttons):  # noqa: F811
    _page, panel, tab = _open_tab(qtbot, window, "Plans", agent)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=5000)
    assert all(getattr(tab, name).isVisible() for name in buttons)
    _assert_controls_whole(window, panel, tab)
    splitter = tab.findChild(QSplitter)
    assert splitter.orientation() == splitter.orientation().Vertical  # list above detail
    assert not tab.table.horizontalScrollBar().isVisible()
    assert not tab.detail.horizontalScrollBar().isVisible()
