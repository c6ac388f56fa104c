"""The one background-job API: long work runs off the UI thread, with progress and cancel.

The work is a plain function ``fn(progress)`` that calls ``progress.report(done, total,
message)`` now and then (which also stops it with ``Cancelled`` when the user cancelled).
It never touches a widget. Its result or exception comes back to the UI thread through
``Job`` signals (queued across threads by Qt). Database writes run on one thread, one
after another; reading files may run beside them.

    job = jobs.start(lambda progress: import_file(sf, path, progress), title="Importing")
    job.succeeded.connect(show_summary)
    job.failed.connect(show_error)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.progress import Cancelled, Progress

log = logging.getLogger(__name__)

REPORT_INTERVAL_S = 0.05  # progress signals at most 20 times a second


class Job(QObject):
    """A handle on one piece of background work. Signals arrive on the UI thread."""

    progressed = Signal(int, int, str)  # done, total (0 = unknown), message
    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    # The worker thread emits these; queued to the UI thread, they re-emit the public
    # signals there. So a caller that connects right after start() never misses a result.
    _reported = Signal(int, int, str)
    _ended = Signal(str, object)

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self._reported.connect(self.progressed, queued)
        self._ended.connect(self._deliver, queued)
        self.title = title
        self.progress = Progress(self._report)
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self.done = False
        self._last_report = 0.0

    def cancel(self) -> None:
        self.progress.cancel()

    def _report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last_report >= REPORT_INTERVAL_S or (total and done >= total):
            self._last_report = now
            self._reported.emit(done, total, message)

    def _run(self, fn: Callable[[Progress], Any]) -> None:
        """Runs on a worker thread."""
        try:
            self.progress.check()
            result = fn(self.progress)
        except Cancelled:
            self._ended.emit("cancelled", None)
        except BaseException as exc:  # handed to the UI thread, never lost
            if not _is_expected(exc):
                log.exception("Background job %r failed", self.title)
            self._ended.emit("failed", exc)
        else:
            self._ended.emit("succeeded", result)

    def _deliver(self, outcome: str, value: object) -> None:
        """Runs on the UI thread."""
        self.done = True
        if outcome == "cancelled":
            self.was_cancelled = True
            self.cancelled.emit()
        elif outcome == "failed":
            self.error = value  # type: ignore[assignment]
            self.failed.emit(value)
        else:
            self.result = value
            self.succeeded.emit(value)
        self.finished.emit()


def _is_expected(exc: BaseException) -> bool:
    from app.errors import UserError

    return isinstance(exc, UserError)


class JobRunner(QObject):
    """Owns the worker threads; the main window makes one and passes it to pages."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cb-db")
        self._files = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cb-io")
        self._jobs: set[Job] = set()

    def start(self, fn: Callable[[Progress], Any], *, title: str = "Working",
              writes_database: bool = True) -> Job:
        job = Job(title, self)
        self._jobs.add(job)
        job.finished.connect(lambda: self._jobs.discard(job))
        pool = self._database if writes_database else self._files
        pool.submit(job._run, fn)
        return job

    @property
    def busy(self) -> bool:
        return any(not job.done for job in self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def shutdown(self) -> None:
        """Cancel what runs and wait for it, so no write is cut off mid-transaction."""
        self.cancel_all()
        self._database.shutdown(wait=True)
        self._files.shutdown(wait=True)


def show_progress(job: Job, parent: QWidget, label: str) -> QProgressDialog:
    """A window-modal progress dialog with Cancel, following ``job`` until it finishes."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(job.title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)

    def on_progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(total if total > 0 else 0)
        if total > 0:
            dialog.setValue(min(done, total))
        if message:
            dialog.setLabelText(message)

    def on_cancel() -> None:
        dialog.setLabelText("Cancelling… nothing will be saved.")
        job.cancel()

    job.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    job.finished.connect(dialog.close)
    job.finished.connect(dialog.deleteLater)
    return dialog
