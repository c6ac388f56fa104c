"""Showing errors to the user: expected ones plainly, unexpected ones with details."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import UserError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A warning for a ``UserError`` (its message says what to do); a critical box with
    the traceback under "Show details" for anything else, which is a bug."""
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, str(exc))
        return
    log.error("%s: %r", title, exc)
    box = QMessageBox(QMessageBox.Icon.Critical, title,
                      f"Something went wrong that Coachbench did not expect:\n{exc}\n\n"
                      "Please report it with the details below.", parent=parent)
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()
