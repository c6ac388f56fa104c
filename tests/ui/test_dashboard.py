"""The Dashboard page and the agent's Metrics tab, driven with pytest-qt."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.metric_settings import load_escalation
from app.services.targets import list_targets, save_target
from app.ui.dialogs.metric_settings_dialog import MetricSettingsDialog
from app.ui.dialogs.targets_dialog import TargetsDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.services.test_metrics_service import add_tickets, ticket

WAIT = 15000


def make_window(qtbot, database) -> MainWindow:
    create_qapplication()
    jobs = JobRunner()
    window = MainWindow(database, jobs, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def open_dashboard(qtbot, window):
    page = window.pages["dashboard"]
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        window.show_page("dashboard")
    return page


@pytest.fixture
def agents(session_factory, make_agent):
    """Ana: 30 solved tickets a week apart... Ben: few ratings, all bad."""
    ana = make_agent("Ana Silva", team="Tier 1").id
    ben = make_agent("Ben Okafor", team="Tier 1").id
    rows = []
    for day in range(1, 85):
        moment = datetime.combine(TODAY - timedelta(days=day), datetime.min.time()) \
            + timedelta(hours=10)
        rows.append(ticket(ana, created=moment, solved=moment + timedelta(hours=2),
                           csat="good" if day % 5 else "bad", group_name="General",
                           channel="Mail", first_reply_minutes=20.0 + day % 7,
                           full_resolution_minutes=120.0, sla="met", agent_replies=1))
        if day % 7 == 0:
            rows.append(ticket(ben, created=moment, solved=moment + timedelta(hours=5),
                               csat="bad", group_name="Technical", channel="Chat",
                               first_reply_minutes=90.0, full_resolution_minutes=300.0,
                               sla="breached", agent_replies=4))
    add_tickets(session_factory, rows)
    save_target(session_factory, "csat", ">=", 70, date(2026, 1, 1))
    return {"ana": ana, "ben": ben}


def test_empty_dashboard_points_to_imports(qtbot, database):
    window = make_window(qtbot, database)
    page = open_dashboard(qtbot, window)
    assert page.stack.currentWidget() is page.empty
    assert "No tickets yet" in page.empty.title_label.text()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["imports"]


def test_tiles_trend_hover_copy_and_png(qtbot, database, agents, tmp_path):
    window = make_window(qtbot, database)
    page = open_dashboard(qtbot, window)
    assert page.stack.currentWidget() is page.scroll
    data = page.data
    csat = data.current.totals["csat"]
    # Last 13 weeks = 3 Aug .. 2 Nov: Ana's 84 days minus those before 3 Aug, plus Ben's.
    tile = page.tiles["csat"]
    assert tile.value.text() == f"{csat.value:.1f}%"
    assert f"n {csat.n:,}" in tile.detail.text()
    assert "target ≥ 70%" in tile.target.text()
    assert tile.target.text().endswith("met")
    assert "vs previous" in tile.change.text() or "no earlier data" in tile.change.text()
    assert page.tiles["nps"].value.text() == "no data"
    assert "13 weeks" in page.period_combo.currentText()
    # Clicking a tile charts that metric; hovering a point shows its exact value and n.
    qtbot.mouseClick(page.tiles["sla"], Qt.MouseButton.LeftButton)
    assert page.metric == "sla" and page.metric_combo.currentData() == "sla"
    assert page.tiles["sla"].selected and not page.tiles["csat"].selected
    points = page.trend.data.points
    assert len(points) == 13 and points[0].period == "Week of 10 Aug 2026"  # Mondays
    last = next(i for i in range(len(points) - 1, -1, -1) if points[i].value is not None)
    text = page.trend.hover_text(last)
    assert f"(n = {points[last].n:,})" in text and "95% interval" in text
    assert all(p.limits for p in points if p.n)  # control limits on by default
    # Every chart copies its numbers as a table and saves as PNG.
    page.comparison_card.copy_table()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Agent", "Value", "n", "95% low", "95% high",
                                    "Against team"]
    assert any(line.startswith("Ben Okafor\t0.00\t") for line in lines)
    page.first_reply_card.copy_table()
    assert QApplication.clipboard().text().startswith("From (min)\tTo (min)\tTickets")
    path = tmp_path / "trend.png"
    assert page.trend_card.save_png(path) and path.stat().st_size > 1000




def test_agent_comparison_marks_the_clearly_worse_and_opens_the_profile(
        qtbot, database, agents):
    window = make_window(qtbot, database)
    page = open_dashboard(qtbot, window)
    rows = {r.name: r for r in page.comparison.shown}
    assert rows["Ana Silva"].position == "above"
    assert rows["Ben Okafor"].few and rows["Ben Okafor"].position == "below"
    assert page.comparison.shown[0].name == "Ben Okafor"  # worst first
    tab = window.team_page.profile.tabs
    metrics_tab = window.team_page.profile.tab_widget("Metrics")
    with qtbot.waitSignal(metrics_tab.refreshed, timeout=WAIT):
        page.comparison.agent_clicked.emit(agents["ben"])
    assert window.stack.currentWidget() is window.team_page
    assert window.team_page.selected_agent().id == agents["ben"]
    assert tab.tabText(tab.currentIndex()) == "Metrics"
    trends = metrics_tab.trends
    assert trends.agent_name == "Ben Okafor"
    assert trends.agent.totals["csat"].value == 0.0
    assert metrics_tab.charts["csat"].data.points[-1].compare is not None  # the team line
    assert "team" in metrics_tab.cards["csat"].note_label.text()


def test_filters_narrow_the_numbers(qtbot, database, agents):
    window = make_window(qtbot, database)
    page = open_dashboard(qtbot, window)
    everyone = page.data.current.totals["tickets_solved"].count
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        page.group_combo.setCurrentIndex(page.group_combo.findData("Technical"))
    assert page.data.current.totals["tickets_solved"].count < everyone
    assert page.data.current.totals["csat"].value == 0.0
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        page.grain_combo.setCurrentIndex(page.grain_combo.findData("month"))
    assert page.data.grain == "month"
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        page.period_combo.setCurrentIndex(page.period_combo.findData("custom"))
    assert page.from_edit.isVisible()


def test_targets_dialog_adds_a_target(qtbot, session_factory, make_agent):
    agent = make_agent("Ana Silva")
    dialog = TargetsDialog(session_factory, TODAY)
    qtbot.addWidget(dialog)
    dialog.metric_combo.setCurrentIndex(dialog.metric_combo.findData("first_reply_minutes"))
    assert dialog.comparator_combo.currentData() == "<="
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData(agent.id))
    dialog.value_spin.setValue(45)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.changed
    [row] = list_targets(session_factory)
    assert (row.target.metric, row.target.value, row.agent_name) == (
        "first_reply_minutes", 45.0, "Ana Silva")
    assert dialog.model.rowCount() == 1


def test_escalation_settings_dialog_saves_groups_and_tags(qtbot, session_factory, agents):
    dialog = MetricSettingsDialog(session_factory)
    qtbot.addWidget(dialog)
    items = {dialog.groups_list.item(i).text(): dialog.groups_list.item(i)
             for i in range(dialog.groups_list.count())}
    assert set(items) == {"General", "Technical"}
    items["Technical"].setCheckState(Qt.CheckState.Checked)
    dialog.tags_edit.setPlainText("escalated\n\nTier2 ")
    dialog.save()
    settings = load_escalation(session_factory)
    assert settings.groups == ("Technical",) and settings.tags == ("escalated", "Tier2")


def test_nothing_is_cut_off_at_the_minimum_window_size(qtbot, database, agents):
    """At 960x600 the filters get a row of their own, four tiles share a row and the
    charts stand one under the other; at a laptop size six tiles and two charts a row."""
    window = make_window(qtbot, database)
    window.resize(960, 600)
    page = open_dashboard(qtbot, window)
    qtbot.wait(50)
    page_right = page.mapTo(window, page.rect().topRight()).x()
    for widget in (page.period_combo, page.grain_combo, page.team_combo, page.group_combo,
                   page.channel_combo, page.targets_button, page.settings_button):
        assert widget.width() >= widget.minimumSizeHint().width()
        assert widget.mapTo(window, widget.rect().topRight()).x() <= page_right
    viewport = page.scroll.viewport().width()
    assert page.scroll.widget().width() <= viewport  # no column hidden past the edge
    assert page.tiles["sla"].y() == page.tiles["csat"].y() != page.tiles["fcr"].y()
    assert page.comparison_card.y() > page.trend_card.y()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: page.tiles["fcr"].y() == page.tiles["csat"].y(), timeout=WAIT)
    assert page.comparison_card.y() == page.trend_card.y()


def test_a_change_that_rounds_to_nothing_shows_no_direction():
    """3.08% against 3.05% used to read "▲ 0.0 pts vs previous" in red."""
    from app.analytics.metrics import RateStat
    from app.ui.pages.dashboard_view import tile_view

    now, before = RateStat(k=308, n=10_000), RateStat(k=305, n=10_000)
    view = tile_view("escalation_rate", now, before, None)
    assert view.change == "≈ same as previous period"
    assert view.change_good is None
    moved = tile_view("escalation_rate", RateStat(k=325, n=10_000), before, None)
    assert moved.change == "▲ 0.2 pts vs previous" and moved.change_good is False
    assert tile_view("escalation_rate", before, before, None).change == \
        "= same as previous period"


def test_histogram_labels_thin_out_when_the_bars_are_narrow(qtbot):
    """In the half-width cards at 1280 px the bin labels ran together ("<30m<1h<2h"):
    a narrow chart labels every second bar or fewer; a wide one labels them all."""
    from app.ui.charts.histogram_chart import HistogramChart, HistogramData

    create_qapplication()
    chart = HistogramChart()
    qtbot.addWidget(chart)
    edges = [0, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, float("inf")]
    chart.set_data(HistogramData("Resolution", edges, [1] * 11))
    chart.resize(300, 200)
    chart.show()
    qtbot.waitExposed(chart)
    assert 1 < len(chart.shown_labels) < 11
    assert chart.shown_labels[0] == "<15m"
    chart.resize(1000, 200)
    qtbot.waitUntil(lambda: chart.shown_labels == chart.labels())
