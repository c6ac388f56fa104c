"""Screenshots of every page, offscreen: for checking the look, in tests and by hand.

``coachbench --db PATH screenshot --out DIR`` opens the window at a laptop size, visits
each page (with an agent selected where the page has one) and saves one PNG per page.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.application import Database

WINDOW_SIZE = (1280, 800)


def take_screenshots(database: Database, out_dir: Path) -> list[Path]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from app.ui.jobs import JobRunner
    from app.ui.launch import create_qapplication
    from app.ui.main_window import PAGES, MainWindow

    app = create_qapplication()
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = JobRunner()
    window = MainWindow(database, jobs)
    window.resize(*WINDOW_SIZE)
    window.show()
    written: list[Path] = []
    try:
        for index, info in enumerate(PAGES, start=1):
            page = window.show_page(info.key)
            if hasattr(page, "select_first_agent"):
                page.select_first_agent()
            if hasattr(page, "wait_until_drawn"):  # pages that compute in the background
                page.wait_until_drawn()
            for _ in range(3):
                app.processEvents()
            path = out_dir / f"{index:02d}-{info.key}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    finally:
        window.close()
        jobs.shutdown()
        QApplication.processEvents()
    return written
