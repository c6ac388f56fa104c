"""The background-job API: results, failures, progress and cancel reach the UI thread."""

from __future__ import annotations

import threading
import time

from app.errors import UserError
from app.progress import Progress
from app.ui.jobs import JobRunner


def test_result_arrives_on_the_ui_thread(qtbot):
    runner = JobRunner()
    seen = {}
    ui_thread = threading.current_thread()

    def work(progress: Progress) -> str:
        seen["worker"] = threading.current_thread()
        return "done"

    job = runner.start(work, title="t")
    job.succeeded.connect(lambda value: seen.update(value=value, thread=threading.current_thread()))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen["value"] == "done"
    assert seen["worker"] is not ui_thread and seen["thread"] is ui_thread
    runner.shutdown()


def test_failure_is_delivered_not_lost(qtbot):
    runner = JobRunner()
    job = runner.start(lambda progress: (_ for _ in ()).throw(UserError("bad file")))
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        pass
    assert str(blocker.args[0]) == "bad file"
    runner.shutdown()


def test_progress_and_cancel(qtbot):
    runner = JobRunner()
    started = threading.Event()
    reports = []

    def long_work(progress: Progress) -> None:
        started.set()
        for i in range(10_000):
            progress.report(i, 10_000, f"row {i}")
            time.sleep(0.001)

    job = runner.start(long_work, title="long")
    job.progressed.connect(lambda done, total, message: reports.append(done))
    qtbot.waitUntil(lambda: len(reports) >= 2, timeout=5000)  # the UI thread stays free
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        pass
    assert job.was_cancelled and reports[-1] < 9_999
    assert not runner.busy
    runner.shutdown()


def test_database_jobs_run_one_at_a_time(qtbot):
    runner = JobRunner()
    active, peak = [0], [0]
    lock = threading.Lock()

    def work(progress: Progress) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1

    jobs = [runner.start(work) for _ in range(4)]
    qtbot.waitUntil(lambda: all(job.done for job in jobs), timeout=5000)
    assert peak[0] == 1
    runner.shutdown()
