"""The window's composition root: the QApplication, the database, the main window.

``run_gui`` is what ``coachbench`` with no sub-command calls. ``AppController`` owns the
one open database and swaps it (and the window) when the user opens another file.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from importlib.resources import files

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.application import Database, open_database
from app.config import Settings
from app.errors import UserError
from app.services import Change
from app.services.demo import create_demo
from app.ui.dialogs.welcome_dialog import WelcomeDialog
from app.ui.jobs import Job, JobRunner, show_progress
from app.ui.main_window import MainWindow
from app.ui.messages import show_error


def create_qapplication(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("coachbench")  # Linux: the dock shows coachbench.desktop's icon
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    resources = files("app.resources")
    icons = Path(str(resources / "icons")).as_posix()
    style = (resources / "style.qss").read_text(encoding="utf-8").replace("@ICONS@", icons)
    app.setStyleSheet(style)
    icon = resources / "icons" / "coachbench.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class AppController(QObject):
    """Opens databases and keeps exactly one main window on the open one."""

    def __init__(self) -> None:
        super().__init__()
        self.database: Database | None = None
        self.window: MainWindow | None = None
        self.jobs = JobRunner(self)
        self.settings = Settings()

    def open(self, target: str, *, ask_on_lock: bool = True) -> bool:
        try:
            database = open_database(target)
        except UserError as exc:
            show_error(self.window, "Cannot open the database", exc)
            return False
        if database.other_holder is not None and ask_on_lock:
            answer = QMessageBox.warning(
                self.window, "Database already open",
                f"Another Coachbench has this database open "
                f"({database.other_holder.describe()}).\n\nTwo windows on one file can "
                "overwrite each other's changes. Open it anyway?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Open:
                database.close()
                return False
        self._replace_window(database)
        if database.created:
            QTimer.singleShot(0, self.welcome)
        return True

    def _replace_window(self, database: Database) -> None:
        old_window, old_database = self.window, self.database
        self.database = database
        self.window = MainWindow(database, self.jobs, settings=self.settings)
        self.window.database_switch_requested.connect(self.open)
        if database.migration and database.migration.backup_path:
            self.window.statusBar().showMessage(
                f"Database upgraded; a copy of the old one is in "
                f"{database.migration.backup_path}", 15000)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_database is not None:
            old_database.close()

    def welcome(self) -> None:
        if self.window is None or self.database is None:
            return
        dialog = WelcomeDialog(self.database.display_name, self.window)
        dialog.exec()
        if dialog.choice == WelcomeDialog.DEMO:
            self.load_demo()
        elif dialog.choice == WelcomeDialog.IMPORT:
            self.window.import_roster()

    def load_demo(self) -> Job:
        """Create the demo team in the background (a year of records takes seconds)."""
        window, factory = self.window, self.database.session_factory
        job = self.jobs.start(lambda progress: create_demo(factory, progress=progress),
                              title="Demo team", writes_database=True)
        job.succeeded.connect(lambda _summary: window.notify(set(Change)))
        job.failed.connect(lambda exc: show_error(window, "Cannot load the demo team", exc))
        show_progress(job, window, "Creating the demo team, a year of tickets, reviews and "
                      "one-on-ones…")
        return job

    def shutdown(self) -> None:
        self.jobs.shutdown()
        if self.database is not None:
            self.database.close()


def install_error_hook() -> None:
    """An exception that escapes a slot is shown to the user, not only printed to a
    console they do not have; the window keeps running."""
    previous = sys.excepthook

    def hook(kind, value, trace):
        previous(kind, value, trace)
        if issubclass(kind, KeyboardInterrupt):
            return
        show_error(QApplication.activeWindow(), "Something went wrong", value)

    sys.excepthook = hook


def run_gui(target: str) -> int:
    app = create_qapplication()
    install_error_hook()
    controller = AppController()
    if not controller.open(target):
        return 1
    app.aboutToQuit.connect(controller.shutdown)
    if os.environ.get("COACHBENCH_QUIT_WHEN_SHOWN"):  # installer/measure_startup.py
        QTimer.singleShot(0, lambda: (print(f"shown {time.time():.3f}", flush=True), app.quit()))
    return app.exec()
