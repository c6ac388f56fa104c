"""A dialog that asks before Cancel, Escape or its close button throws typed work away.

Subclasses say what "unsaved" means (``has_unsaved_changes``) and what to ask. A close by
the program itself (``close()`` in a teardown or a window switch, not the user's click)
never asks: there is nobody to answer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox


class GuardedDialog(QDialog):
    discard_title = "Discard your changes?"
    discard_question = "Your changes have not been saved. Discard them?"

    _closing_quietly = False

    def has_unsaved_changes(self) -> bool:
        return False

    def reject(self) -> None:
        if self.has_unsaved_changes() and not self._closing_quietly:
            answer = QMessageBox.question(
                self, self.discard_title, self.discard_question,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._closing_quietly = not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._closing_quietly = False
