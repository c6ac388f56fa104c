"""Loading a workbook sheet once, without freezing the progress bar or the Cancel button.

python-calamine reads a whole sheet in one call (seconds for 100,000 rows) and has no
row-range or lazy reader, so three things here make that call bearable:

* one loaded sheet is kept (``cached_sheet`` / ``keep_sheet``), so the preview and then
  the import of one file load it once — also when the preview chose the default sheet
  and the import names it — and it is dropped *before* another sheet loads, so two
  loaded sheets never sit in memory together;
* ``app.progress.heartbeat`` keeps a progress bar alive ("busy", total 0) from another
  thread while a long call runs: the sheet load releases the GIL, so the beats do come;
* inside a ``heartbeat``, ``load_sheet`` loads in a worker thread and the caller's
  thread waits for it while checking for Cancel, so Cancel works while a sheet loads.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from app.progress import beating_progress

_POLL_SECONDS = 0.05  # how soon Cancel takes effect while a sheet loads

# One sheet loads at a time: a load abandoned by a Cancel runs on to its end, and the
# next import's load waits for it rather than doubling the memory in use.
_ONE_LOAD = threading.Lock()


def load_sheet(book, sheet_name: str):
    """``book.get_sheet_by_name(sheet_name)``; inside a ``heartbeat``, loaded in a worker
    thread so that a Cancel raises ``Cancelled`` here at once. An abandoned load runs to
    its end in the worker, which then drops the sheet (and the book, when its last
    reference goes); the caller must close the book with ``close_quietly``, as closing
    a book that is still loading fails."""
    progress = beating_progress()
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
