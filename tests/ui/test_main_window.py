"""The main window: navigation, menus, backup and restore, welcome, switching databases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.services import roster
from app.ui.dialogs.welcome_dialog import WelcomeDialog
from app.ui.jobs import JobRunner
from app.ui.launch import AppController, create_qapplication
from app.ui.main_window import PAGES, MainWindow
from app.ui.pages.placeholder import PlaceholderPage


def make_window(qtbot, database) -> MainWindow:
    create_qapplication()
    jobs = JobRunner()
    window = MainWindow(database, jobs)
    qtbot.addWidget(window)
    window.show()
    return window


def test_navigation_lists_every_page_in_order(qtbot, database):
    window = make_window(qtbot, database)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Team", "Dashboard", "Quality", "Calibration", "One-on-ones", "Plans",
                      "Imports", "Reports"]
    for index, info in enumerate(PAGES):
        window.nav.setCurrentRow(index)
        assert window.stack.currentWidget() is window.pages[info.key]
        if isinstance(window.pages[info.key], PlaceholderPage):
            assert info.sentence  # says what it will hold, no invented numbers


def test_ctrl_digit_switches_page(qtbot, database):
    window = make_window(qtbot, database)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages["quality"]


def test_menus_have_the_file_actions(qtbot, database):
    window = make_window(qtbot, database)
    menus = {a.text().replace("&", ""): [x.text().replace("&", "") for x in a.menu().actions()
                                          if x.text()]
             for a in window.menuBar().actions()}
    assert {"Open database…", "Backup…", "Restore from backup…", "Quit"} <= set(menus["File"])
    assert menus["Help"] == ["About Coachbench"]


def test_about_names_the_version(qtbot, database, monkeypatch):
    window = make_window(qtbot, database)
    shown = {}
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.update(text=text))
    window.show_about()
    assert __version__ in shown["text"]


def test_status_bar_counts_agents(qtbot, database, make_agent):
    window = make_window(qtbot, database)
    assert window.count_label.text().startswith("0 agents")
    make_agent("Someone")
    window.notify({roster_change()})
    assert window.count_label.text().startswith("1 agent ")


def roster_change():
    from app.services import Change

    return Change.ROSTER


def test_backup_then_restore_through_the_menu(qtbot, database, make_agent, tmp_path, monkeypatch):
    window = make_window(qtbot, database)
    make_agent("Original")
    target = tmp_path / "menu-backup.sqlite"
    monkeypatch.setattr(window.db_actions, "ask_save_path", lambda *a: str(target))
    window.db_actions.backup()
    qtbot.waitUntil(lambda: target.exists(), timeout=5000)
    qtbot.waitUntil(lambda: "Backup saved" in window.statusBar().currentMessage(), timeout=5000)

    make_agent("Added later")
    window.notify({roster_change()})
    monkeypatch.setattr(window.db_actions, "ask_open_path", lambda *a: str(target))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.db_actions.restore()
    qtbot.waitUntil(lambda: "restored" in window.statusBar().currentMessage(), timeout=5000)
    assert [a.full_name for a in roster.list_agents(database.session_factory)] == ["Original"]
    assert window.count_label.text().startswith("1 agent ")


def test_restore_refuses_a_bad_file_and_keeps_data(qtbot, database, make_agent, tmp_path,
                                                   monkeypatch):
    window = make_window(qtbot, database)
    make_agent("Precious")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 100)
    warnings = []
    monkeypatch.setattr(window.db_actions, "ask_open_path", lambda *a: str(bad))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    window.db_actions.restore()
    assert warnings and "not a readable SQLite database" in warnings[0]
    assert [a.full_name for a in roster.list_agents(database.session_factory)] == ["Precious"]


def test_welcome_on_first_start_loads_demo(qtbot, tmp_path, monkeypatch):
    create_qapplication()
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: self._choose(WelcomeDialog.DEMO))
    controller = AppController()
    assert controller.open(str(tmp_path / "fresh.sqlite"))
    qtbot.addWidget(controller.window)
    # The welcome runs once the event loop turns, as on a real first start.
    # The demo (a year of records) is made in the background, behind a progress dialog.
    qtbot.waitUntil(lambda: controller.window.team_page.model.rowCount() >= 12, timeout=90_000)
    controller.shutdown()


def test_welcome_dialog_offers_three_starts(qtbot):
    dialog = WelcomeDialog("/tmp/x.sqlite")
    qtbot.addWidget(dialog)
    assert set(dialog.buttons) == {"empty", "demo", "import"}
    dialog.buttons["empty"].click()
    assert dialog.choice == "empty" and dialog.result() == dialog.DialogCode.Accepted


def test_open_another_database_replaces_the_window(qtbot, tmp_path, monkeypatch):
    create_qapplication()
    monkeypatch.setattr(WelcomeDialog, "exec", lambda self: self._choose(WelcomeDialog.EMPTY))
    controller = AppController()
    assert controller.open(str(tmp_path / "one.sqlite"), ask_on_lock=False)
    first_window = controller.window
    controller.window.database_switch_requested.emit(str(tmp_path / "two.sqlite"))
    assert controller.window is not first_window
    assert controller.database.path.name == "two.sqlite"
    qtbot.addWidget(controller.window)
    controller.shutdown()


def test_newer_database_is_refused_in_the_window(qtbot, tmp_path, monkeypatch):
    import sqlite3

    from app.application import open_database

    path = tmp_path / "future.sqlite"
    open_database(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    create_qapplication()
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: messages.append(a[2]))
    controller = AppController()
    assert not controller.open(str(path))
    assert messages and "newer" in messages[0]


def test_window_geometry_is_remembered(qtbot, database, tmp_path, monkeypatch):
    from app.config import Settings

    create_qapplication()
    path = tmp_path / "settings.json"
    first = MainWindow(database, JobRunner(), settings=Settings(path))
    qtbot.addWidget(first)
    first.show()
    first.move(40, 30)
    first.close()
    saved = Settings(path).get("window_geometry")
    assert isinstance(saved, str) and len(saved) > 20
    restored = []
    # The offscreen screen is smaller than the window, so Qt clamps what it restores;
    # what matters here is that the saved geometry is handed back to Qt.
    monkeypatch.setattr(MainWindow, "restoreGeometry",
                        lambda self, data: restored.append(data.toBase64().data().decode()))
    second = MainWindow(database, JobRunner(), settings=Settings(path))
    qtbot.addWidget(second)
    assert restored == [saved]
    # A damaged settings file is ignored, not fatal.
    path.write_text("{not json")
    third = MainWindow(database, JobRunner(), settings=Settings(path))
    qtbot.addWidget(third)


def test_keyboard_starts_inside_the_team_page(qtbot, database, make_agent, monkeypatch):
    """Ctrl+N and Ctrl+F are the Team page's; they must work right after start-up."""
    make_agent("Someone")
    window = make_window(qtbot, database)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.waitUntil(lambda: window.team_page.isAncestorOf(QApplication.focusWidget()))
    opened = []
    monkeypatch.setattr(window.team_page, "_exec_dialog",
                        lambda dialog: opened.append(dialog) or 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    window.nav.setCurrentRow(2)
    window.nav.setCurrentRow(0)  # coming back puts the keyboard in the page again
    assert window.team_page.isAncestorOf(QApplication.focusWidget())


def test_restore_of_the_open_database_is_refused_before_asking(qtbot, database, monkeypatch):
    window = make_window(qtbot, database)
    asked, warned = [], []
    monkeypatch.setattr(window.db_actions, "ask_open_path", lambda *a: str(database.path))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    window.db_actions.restore()
    assert not asked and "open database itself" in warned[0]


def test_team_page_changes_reach_the_status_bar_once(qtbot, database, make_agent, monkeypatch):
    window = make_window(qtbot, database)
    make_agent("New Person")
    refreshes = []
    monkeypatch.setattr(window.team_page, "refresh", lambda: refreshes.append(1))
    window.team_page.roster_changed.emit()  # as after the page saved an agent
    assert window.count_label.text().startswith("1 agent ")
    assert refreshes == []  # the page redrew itself already; no second reload
    window.notify({roster_change()})  # a change from elsewhere (import, restore) does reload
    assert refreshes == [1]
