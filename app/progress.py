"""Progress reporting and cancellation for long work, without Qt.

Services and ingest code take a ``Progress`` and call ``report`` and ``check``; the UI
(``app.ui.jobs``) passes one whose reports become signals, the command line passes a
silent one. ``check`` raises ``Cancelled`` so a transaction in progress rolls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled the work; whatever it was writing has been rolled back."""


class Progress:
    def __init__(self, on_report: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._on_report = on_report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user")

    def report(self, done: int, total: int = 0, message: str = "") -> None:
        """Say how far the work is (``total`` 0 = unknown) and stop here if cancelled."""
        if self._on_report is not None:
            self._on_report(done, total, message)
        self.check()

