"""Workbooks: one sheet load per import, released after it, and a live progress bar and
Cancel button while a sheet loads."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.ingest import streaming, workbook_rows
from app.ingest.tickets import ParseOptions, parse_file, preview_file
from app.ingest.workbook_rows import load_sheet
from app.progress import Cancelled, Progress, heartbeat

HEADER = ["Id", "Requester email", "Assignee", "Status", "Created at", "Updated at"]


def make_xlsx(path: Path, rows: int, *, notes: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tickets")
    sheet.append(HEADER)
    for i in range(1, rows + 1):
        sheet.append([i, f"c{i}@example.com", f"Agent {i % 7}", "Solved",
                      datetime(2026, 10, 1, 9, i % 60), datetime(2026, 10, 2, 9, 0)])
    if notes:
        notes_sheet = book.create_sheet("Notes")
        notes_sheet.append(["Note", "Author"])
        notes_sheet.append(["Exported for the October review", "Ana"])
    book.save(path)
    return path


@pytest.fixture(autouse=True)
def no_kept_sheet():
    workbook_rows._SHEET_CACHE.clear()
    yield
    workbook_rows._SHEET_CACHE.clear()


@pytest.fixture
def loads(monkeypatch):
    """The sheet names loaded from a book, in order; checks that nothing else is kept
    while a sheet loads (two loaded sheets must never be in memory together)."""
    loaded: list[str] = []
    real = streaming.load_sheet

    def counting(book, sheet_name):
        assert workbook_rows._SHEET_CACHE == []
        loaded.append(sheet_name)
        return real(book, sheet_name)

    monkeypatch.setattr(streaming, "load_sheet", counting)
    return loaded


def records_of(path: Path, sheet: str | None) -> list[dict]:
    preview = preview_file(path)
    options = ParseOptions(preview.profile, preview.mapping, requester_key=b"k")
    return [r for batch in parse_file(path, options, sheet=sheet, batch_size=100)
            for r in batch.records]


# ----------------------------------------------------------------------- the cache


@pytest.mark.parametrize("sheet", [None, "Tickets", "tickets"])
def test_preview_then_import_loads_the_sheet_once_and_releases_it(tmp_path, loads, sheet):
    # The importer previews with the default sheet and parses with the sheet the preview
    # chose: that must not load the sheet a second time (it did: twice the time, and
    # both sheets in memory at once).
    path = make_xlsx(tmp_path / "t.xlsx", 250, notes=True)
    records = records_of(path, sheet)
    assert len(records) == 250
    assert loads == ["Tickets"]
    assert workbook_rows._SHEET_CACHE == []  # released after the import


def test_a_changed_file_or_another_sheet_is_loaded_again(tmp_path, loads):
    path = make_xlsx(tmp_path / "t.xlsx", 20)
    with streaming.open_rows(path):
        pass
    with streaming.open_rows(path, "Tickets"):
        pass
    assert loads == ["Tickets"]
    make_xlsx(path, 30)  # rewritten: another size and time
    with streaming.open_rows(path, "Tickets") as stream:
        assert len(list(stream)) == 30
    assert loads == ["Tickets", "Tickets"]
    other = make_xlsx(tmp_path / "u.xlsx", 5)
    with streaming.open_rows(other):
        pass  # the first file's sheet was dropped before this one loaded (see loads)
    assert len(workbook_rows._SHEET_CACHE) == 1
    assert workbook_rows._SHEET_CACHE[0].file[0] == str(other.resolve())


def test_a_sheet_named_first_is_not_taken_for_the_default(tmp_path, loads):
    path = make_xlsx(tmp_path / "t.xlsx", 5, notes=True)
    with streaming.open_rows(path, "notes") as stream:
        assert (stream.sheet, stream.headers) == ("Notes", ["Note", "Author"])
    with streaming.open_rows(path) as stream:  # the default is the first sheet
        assert stream.sheet == "Tickets"
    with streaming.open_rows(path, "Tickets") as stream:  # ... kept as the named one too
        assert len(list(stream)) == 5
    assert loads == ["Notes", "Tickets"]


# ------------------------------------------------------------------- the heartbeat


def stamps_of(progress_reports: list) -> list[float]:
    return [stamp for stamp, *_ in progress_reports]


def test_heartbeat_reports_busy_while_a_long_call_runs_and_stops_after():
    reports: list = []
    progress = Progress(lambda done, total, text: reports.append(
        (time.perf_counter(), done, total, text)))
    started = time.perf_counter()
    with heartbeat(progress, "Opening t.xlsx…", every=0.05):
        time.sleep(0.5)  # one long call that lets go of the GIL, as a sheet load does
    ended = time.perf_counter()
    time.sleep(0.15)
    assert len(reports) >= 4
    assert {(done, total, text) for _, done, total, text in reports} == {
        (0, 0, "Opening t.xlsx…")}
    stamps = [started] + stamps_of(reports) + [ended]
    assert max(b - a for a, b in zip(stamps, stamps[1:])) < 0.3
    assert reports[-1][0] <= ended  # no beat after the block


def test_heartbeat_does_not_raise_cancel_in_its_thread():
    progress = Progress(lambda *_: None)
    progress.cancel()
    with heartbeat(progress, "busy", every=0.01):
        time.sleep(0.1)  # the beat's report raises Cancelled in its own thread: ignored
    assert progress.cancelled


def test_real_workbook_load_lets_the_heartbeat_beat(tmp_path):
    # The beats come from another thread: they only arrive if calamine lets go of the
    # GIL while it loads a sheet (python-calamine 0.9 does; a version that did not
    # would freeze the bar again).
    path = make_xlsx(tmp_path / "t.xlsx", 5_000)
    reports: list[float] = []
    progress = Progress(lambda *_: reports.append(time.perf_counter()))
    book = streaming.open_workbook(path, is_zip=True)
    with heartbeat(progress, "Opening…", every=0.002):
        started = time.perf_counter()
        book.get_sheet_by_name("Tickets")  # one C call of tens of milliseconds
        seconds = time.perf_counter() - started
        during = len(reports)
    book.close()
    assert during >= 2 and during >= seconds / 0.002 / 4


class SlowBook:
    """A calamine book stand-in whose sheet takes ``seconds`` to load."""

    running: list[int] = [0, 0]  # loads running now, most ever at once

    def __init__(self, seconds: float, error: Exception | None = None) -> None:
        self.seconds, self.error = seconds, error
        self.loading, self.loaded = threading.Event(), threading.Event()

    def get_sheet_by_name(self, name: str):
        self.loading.set()
        SlowBook.running[0] += 1
        SlowBook.running[1] = max(SlowBook.running)
        time.sleep(self.seconds)
        SlowBook.running[0] -= 1
        self.loaded.set()
        if self.error is not None:
            raise self.error
        return f"sheet {name}"


def test_load_sheet_in_a_heartbeat_returns_the_sheet_or_its_error():
    progress = Progress()
    with heartbeat(progress, "busy"):
        assert load_sheet(SlowBook(0.1), "Tickets") == "sheet Tickets"
        with pytest.raises(ValueError, match="damaged"):
            load_sheet(SlowBook(0.1, ValueError("damaged")), "Tickets")
    assert load_sheet(SlowBook(0), "Plain") == "sheet Plain"  # no heartbeat: in place


def test_cancel_while_a_sheet_loads_stops_the_wait_at_once():
    progress = Progress()
    book = SlowBook(3.0)
    threading.Thread(target=lambda: (book.loading.wait(), time.sleep(0.1),
                                     progress.cancel()), daemon=True).start()
    started = time.perf_counter()
    with pytest.raises(Cancelled), heartbeat(progress, "busy"):
        load_sheet(book, "Tickets")
    assert time.perf_counter() - started < 1.5  # not the whole 3 s load


def test_cancel_before_a_real_workbook_loads(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", 5)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled), heartbeat(progress, "busy"):
        streaming.open_rows(path)  # no load starts; the book is closed
    assert workbook_rows._SHEET_CACHE == []


def test_a_book_still_loading_is_closed_by_nobody_and_its_load_is_dropped(tmp_path):
    # A real calamine book refuses close() while a sheet loads ("Already borrowed"):
    # close_quietly must swallow that, so a Cancel is not replaced by a RuntimeError.
    path = make_xlsx(tmp_path / "t.xlsx", 3000)
    book = streaming.open_workbook(path, is_zip=True)
    loader = threading.Thread(target=lambda: book.get_sheet_by_name("Tickets"))
    loader.start()
    workbook_rows.close_quietly(book)  # while loading (refused) or after (closes)
    loader.join()
    workbook_rows.close_quietly(book)


# ---------------------------------------------------------------------- end to end


def test_xlsx_imports_the_same_and_leaves_no_sheet_loaded(session_factory, tmp_path,
                                                          monkeypatch):
    from app.services import ticket_import
    from app.services.ticket_import import ImportRequest, run_import

    path = make_xlsx(tmp_path / "t.xlsx", 300, notes=True)
    csv_path = tmp_path / "t.csv"
    csv_path.write_text(",".join(HEADER) + "\n" + "".join(
        f"{i},c{i}@example.com,Agent {i % 7},Solved,2026-10-01 09:{i % 60:02d}:00,"
        "2026-10-02 09:00:00\n" for i in range(1, 301)))
    preview_for = ticket_import._preview_for

    def with_heartbeat(factory, request):  # the hook the importer is to get
        with heartbeat(Progress(), "Opening…"):
            return preview_for(factory, request)

    monkeypatch.setattr(ticket_import, "_preview_for", with_heartbeat)
    result = run_import(session_factory, ImportRequest(path=path, create_agents=True))
    assert (result.rows_read, result.inserted, result.skipped) == (300, 300, 0)
    assert workbook_rows._SHEET_CACHE == []
    again = run_import(session_factory, ImportRequest(path=csv_path, create_agents=True))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 300)


def test_a_cancelled_load_runs_on_alone_and_the_next_load_waits_for_it():
    SlowBook.running[:] = [0, 0]
    first, second = Progress(), Progress()
    abandoned = SlowBook(0.6)
    threading.Thread(target=lambda: (abandoned.loading.wait(), first.cancel()),
                     daemon=True).start()
    with pytest.raises(Cancelled), heartbeat(first, "busy"):
        load_sheet(abandoned, "Tickets")
    assert not abandoned.loaded.is_set()  # the wait ended before the load did
    with heartbeat(second, "busy"):
        assert load_sheet(SlowBook(0.1), "Next") == "sheet Next"
    assert abandoned.loaded.is_set() and SlowBook.running == [0, 1]  # never two at once


def test_default_sheet_skips_a_title_only_cover_sheet(tmp_path, loads):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    book.create_sheet("Cover").append(["Ticket export, October"])
    make = book.create_sheet("Tickets")
    make.append(["Id", "Status"])
    make.append([1, "Open"])
    path = tmp_path / "cover.xlsx"
    book.save(path)
    preview = preview_file(path)  # was: "has a header row but no data rows"
    assert (preview.sheet, preview.headers) == ("Tickets", ["Id", "Status"])
    with streaming.open_rows(path, "Cover") as stream:  # asked for by name: as it is
        assert (stream.headers, list(stream)) == (["Ticket export, October"], [])
    only = tmp_path / "only.xlsx"
    book = openpyxl.Workbook(write_only=True)
    book.create_sheet("Cover").append(["Id", "Status"])
    book.save(only)
    with streaming.open_rows(only) as stream:  # no better sheet: the header-only one
        assert (stream.sheet, stream.headers, list(stream)) == ("Cover", ["Id", "Status"],
                                                                [])
