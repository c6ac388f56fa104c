"""Loading a workbook sheet once, without freezing the progress bar or the Cancel button.

python-calamine reads a whole sheet in one call (seconds for 100,000 rows) and has no
row-range or lazy reader, so three things here make that call bearable:

* one loaded sheet is kept (``cached_sheet`` / ``keep_sheet``), so the preview and then
  the import of one file load it once — also when the preview chose the default sheet
  and the import names it — and it is dropped *before* another sheet loads, so two
  loaded sheets never sit in memory together;
* ``heartbeat`` keeps a progress bar alive ("busy", total 0) from another thread while a
  long call runs: the sheet load releases the GIL, so the beats do come;
* inside a ``heartbeat``, ``load_sheet`` loads in a worker thread and the caller's
  thread waits for it while checking for Cancel, so Cancel works while a sheet loads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from app.progress import Progress

BEAT_SECONDS = 0.25  # the bar must move at least twice a second
_POLL_SECONDS = 0.05  # how soon Cancel takes effect while a sheet loads

# One sheet loads at a time: a load abandoned by a Cancel runs on to its end, and the
# next import's load waits for it rather than doubling the memory in use.
_ONE_LOAD = threading.Lock()
# The Progress of the heartbeat around the running code, if any (see ``load_sheet``).
_BEATING: ContextVar[Progress | None] = ContextVar("coachbench_heartbeat", default=None)


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


def load_sheet(book, sheet_name: str):
    """``book.get_sheet_by_name(sheet_name)``; inside a ``heartbeat``, loaded in a worker
    thread so that a Cancel raises ``Cancelled`` here at once. An abandoned load runs to
    its end in the worker, which then drops the sheet (and the book, when its last
    reference goes); the caller must close the book with ``close_quietly``, as closing
    a book that is still loading fails."""
    progress = _BEATING.get()
    if progress is None:
        with _ONE_LOAD:
            return book.get_sheet_by_name(sheet_name)
    progress.check()
    done = threading.Event()
    outcome: list = []

    def work() -> None:
        try:
            with _ONE_LOAD:
                if not progress.cancelled:
                    outcome.append(book.get_sheet_by_name(sheet_name))
        except BaseException as exc:  # handed back to the caller's thread
            outcome.append(exc)
        done.set()

    threading.Thread(target=work, name="workbook-sheet", daemon=True).start()
    while not done.wait(_POLL_SECONDS):
        progress.check()
    progress.check()  # cancelled while the worker waited for an earlier load
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def close_quietly(book) -> None:
    """Close a calamine book; one a worker is still loading from refuses ("Already
    borrowed") and goes when that worker lets go of it."""
    with suppress(Exception):
        book.close()


# ------------------------------------------------------------------------ the cache


@dataclass
class LoadedSheet:
    file: tuple  # (resolved path, mtime_ns, size): the same file, unchanged
    sheet_name: str
    data: object  # a python_calamine.CalamineSheet (usable after its book closed)
    names: list[str]  # every sheet of the book
    default: bool  # chosen as the book's default sheet (opened without a sheet name)


# One entry at most: a 100,000-row sheet takes well over 100 MB once loaded.
_SHEET_CACHE: list[LoadedSheet] = []


def file_key(path: Path) -> tuple:
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def cached_sheet(path: Path, sheet: str | None) -> LoadedSheet | None:
    """The kept sheet if it is the one ``open_rows(path, sheet)`` would load; else None,
    and any kept sheet of another file or sheet is dropped before the caller loads."""
    key = file_key(path)
    for entry in _SHEET_CACHE:
        if entry.file != key:
            continue
        if sheet is None and entry.default:
            return entry
        if sheet is not None and _same_sheet(entry, sheet):
            return entry
    _SHEET_CACHE.clear()
    return None


def _same_sheet(entry: LoadedSheet, wanted: str) -> bool:
    if wanted == entry.sheet_name:
        return True
    folded = wanted.strip().casefold()
    # As ``readers._find_sheet`` chooses: an exact name first, then case-insensitively.
    return wanted not in entry.names and \
        next((n for n in entry.names if n.casefold() == folded), None) == entry.sheet_name


def keep_sheet(path: Path, sheet_name: str, data, names: list[str], *,
               default: bool) -> None:
    _SHEET_CACHE.clear()
    _SHEET_CACHE.append(LoadedSheet(file_key(path), sheet_name, data, names, default))


def release_sheet(path: str | Path) -> None:
    """Forget the loaded sheet of ``path`` (after its import)."""
    resolved = str(Path(path).resolve())
    _SHEET_CACHE[:] = [entry for entry in _SHEET_CACHE if entry.file[0] != resolved]
