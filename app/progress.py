"""Progress reporting and cancellation for long work, without Qt.

Services and ingest code take a ``Progress`` and call ``report`` and ``check``; the UI
(``app.ui.jobs``) passes one whose reports become signals, the command line passes a
silent one. ``check`` raises ``Cancelled`` so a transaction in progress rolls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

BEAT_SECONDS = 0.25  # a progress bar must move at least twice a second
# The Progress of the heartbeat around the running code, if any (see ``beating_progress``).
_BEATING: ContextVar[Progress | None] = ContextVar("coachbench_heartbeat", default=None)


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


@contextmanager
def heartbeat(progress: Progress, message: str, every: float = BEAT_SECONDS
              ) -> Iterator[None]:
    """Report ``(0, 0, message)`` ("busy") every ``every`` seconds while the block runs.

    For a block that makes one long call with no progress of its own (opening a large
    workbook, a commit). The beats come from a daemon thread: Python code hands it the
    GIL every few milliseconds, and calamine's sheet load and SQLite let go of the GIL;
    only a long C call that holds the GIL would hold the beats back. A Cancel is not
    raised in the beating thread; the block sees it at its next ``progress.check()``
    (and a sheet load inside the block stops waiting at once).
    """
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                progress.report(0, 0, message)
            except Exception:  # Cancelled (the block checks for it), or a broken report
                return

    thread = threading.Thread(target=beat, name="progress-heartbeat", daemon=True)
    token = _BEATING.set(progress)
    thread.start()
    try:
        yield
    finally:
        _BEATING.reset(token)
        stop.set()
        thread.join()


def beating_progress() -> Progress | None:
    """The Progress of the ``heartbeat`` the calling code runs in, if any: code that makes
    one long call can then run it in a worker thread and honour Cancel meanwhile."""
    return _BEATING.get()
