"""File-menu work on the database as a whole: backup, restore, new and open.

Kept apart from the main window so the window stays about layout. File choosers go
through ``ask_save_path`` / ``ask_open_path`` so tests can answer them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app import db
from app.errors import UserError
from app.services import Change
from app.ui.messages import show_error

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

DB_FILTER = "Coachbench database (*.sqlite *.db);;All files (*)"


class DatabaseActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def _database(self):
        return self.window.database

    def _folder(self) -> str:
        path = self._database.path
        return str(path.parent) if path else str(Path.home())

    def ask_save_path(self, title: str, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.window, title,
                                              str(Path(self._folder()) / suggested), DB_FILTER)
        return path

    def ask_open_path(self, title: str, folder: str | None = None) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, title, folder or self._folder(),
                                              DB_FILTER)
        return path

    def backup(self) -> None:
        path = self.ask_save_path("Save a backup of the database",
                                  f"coachbench-backup-{date.today().isoformat()}.sqlite")
        if not path:
            return
        engine = self._database.engine
        job = self.window.jobs.start(lambda progress: db.backup_to(engine, path),
                                     title="Backup")
        job.succeeded.connect(
            lambda out: self.window.statusBar().showMessage(f"Backup saved to {out}", 8000))
        job.failed.connect(lambda exc: show_error(self.window, "Backup failed", exc))

    def restore(self) -> None:
        path = self._database.path
        folder = str(path.parent / db.BACKUP_DIR_NAME) if path else None
        path = self.ask_open_path("Restore the database from a backup", folder)
        if not path:
            return
        try:
            db.check_restore_source(self._database.engine, path)
        except UserError as exc:
            show_error(self.window, "Cannot restore this file", exc)
            return
        answer = QMessageBox.question(
            self.window, "Restore from backup",
            f"Replace everything in the current database with the backup\n{path}?\n\n"
            "The current data is first copied to the backups folder beside the database, "
            "so this can be undone by restoring that copy.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        engine = self._database.engine
        job = self.window.jobs.start(lambda progress: db.restore_from(engine, path),
                                     title="Restore")
        job.succeeded.connect(self._restored)
        job.failed.connect(lambda exc: show_error(self.window, "Restore failed", exc))

    def _restored(self, safety_copy: Path) -> None:
        self.window.notify({Change.DATABASE})
        self.window.statusBar().showMessage(
            f"Backup restored. The previous data was saved to {safety_copy}", 12000)

    def new_database(self) -> None:
        path = self.ask_save_path("Create a new database", "coachbench.sqlite")
        if path:
            if Path(path).exists():
                show_error(self.window, "File exists",
                           UserError(f"{path} already exists; use Open database to open it."))
                return
            self.window.database_switch_requested.emit(path)

    def open_database(self) -> None:
        path = self.ask_open_path("Open a Coachbench database")
        if path:
            self.window.database_switch_requested.emit(path)
