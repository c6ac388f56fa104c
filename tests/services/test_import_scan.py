"""The scan before an import finds what the careful reading (a record per row) finds —
rows, skipped rows and their problems, assignees with their counts in order, unmatched
names — on every ticket fixture and real sample, here and in the reader process; and a
Cancel stops it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import BadInputError
from app.ingest.tickets import parse_file
from app.progress import Cancelled, Progress
from app.services import ticket_import
from app.services.agent_matching import load_directory, unmatched_names
from app.services.import_scan import FileScan
from app.services.ticket_import import ImportRequest, preview_import, scan_import
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parents[1] / "ingest" / "fixtures"
SAMPLE_FILES = ["freshdesk_native.xls", "servicenow_pdi.csv"]
HEADER = ["Id", "Requester", "Assignee", "Group", "Status", "Created at", "Solved at",
          "Satisfaction Score", "Replies"]


def careful_scan(session_factory, request: ImportRequest) -> FileScan:
    """What the scan did before it had a fast path: one record per row."""
    preview = ticket_import._preview_for(session_factory, request)
    options = ticket_import._options(preview, request, requester_key=b"k" * 32)
    assignees: dict[str, int] = {}
    problems = []
    rows_read = 0
    for batch in parse_file(request.path, options, sheet=preview.sheet,
                            batch_size=ticket_import.BATCH_SIZE):
        for record in batch.records:
            name = record.get("assignee")
            if name:
                assignees[name] = assignees.get(name, 0) + 1
        problems += batch.problems
        rows_read = batch.rows_read
    with session_factory() as session:
        directory = load_directory(session)
    return FileScan(rows_read=rows_read, skipped=len(problems), problems=problems,
                    assignees=assignees,
                    unmatched=unmatched_names(directory, preview.profile.vendor, assignees),
                    agents=sorted(directory.names.items(), key=lambda i: i[1].casefold()))


def ticket_rows(count: int, bad_every: int = 0) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        created = f"2026-10-{1 + n % 28:02d} 09:{n % 60:02d}:00"
        if bad_every and n % bad_every == 0:
            created = "2026-10-32 09:00:00" if n % 2 else "not a date"
        rows.append([str(n), f"Customer {n % 9}", ["Ana Núñez", "ana nuñez", "Bo Chen", "",
                                                   "Zed Unknown", "Cy Ray"][n % 6],
                     "Support", "Solved" if n % 3 else "Open", created,
                     f"2026-10-{1 + n % 28:02d} 17:00:00" if n % 3 else "",
                     "Good" if n % 4 == 0 else "", str(n % 5)])
    return rows


def write_csv(path: Path, rows: list[list[str]], tail: str = "") -> Path:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines[:40]) + "\n,,,,,,,,\n" + "\n".join(lines[40:]) + "\n"
                    + tail, encoding="utf-8")  # a blank row inside, a footer maybe
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tickets")
    sheet.append(HEADER)
    for n, row in enumerate(rows):
        sheet.append([int(row[0]) if n % 5 else row[0], *row[1:]])
    book.save(path)
    return path


def made_files(tmp_path: Path) -> list[Path]:
    """Files with unreadable rows (some in every batch), blank rows and a footer."""
    return [write_csv(tmp_path / "bad.csv", ticket_rows(700, bad_every=13),
                      tail="Total,,,,,,,,\n"),
            write_xlsx(tmp_path / "bad.xlsx", ticket_rows(300, bad_every=17))]


def all_files(tmp_path: Path) -> list[Path]:
    files = sorted(FIXTURES.glob("*.csv"))
    files += [SAMPLES / name for name in SAMPLE_FILES if (SAMPLES / name).is_file()]
    return files + made_files(tmp_path)


def request_for(session_factory, path: Path) -> ImportRequest:
    preview = preview_import(session_factory, path).preview
    return ImportRequest(path=path, period="2026-10" if preview.needs_period else None)


def assert_same(session_factory, path: Path) -> FileScan:
    request = request_for(session_factory, path)
    try:
        expected = careful_scan(session_factory, request)
    except BadInputError as exc:
        with pytest.raises(BadInputError) as raised:
            scan_import(session_factory, request)
        assert str(raised.value) == str(exc)
        return None  # type: ignore[return-value]
    scan = scan_import(session_factory, request)
    assert scan == expected, path.name
    assert list(scan.assignees.items()) == list(expected.assignees.items()), path.name
    return scan


@pytest.fixture
def roster(make_agent):
    """Agents some of the files' names match (and so are not "unmatched")."""
    make_agent("Ana Núñez")
    make_agent("Bo Chen")
    make_agent("Beth Anglin")


@pytest.mark.parametrize("batch_size", [ticket_import.BATCH_SIZE, 7])
def test_the_scan_finds_what_the_careful_reading_finds(session_factory, roster, tmp_path,
                                                       monkeypatch, batch_size):
    monkeypatch.setattr(ticket_import, "BATCH_SIZE", batch_size)
    files = all_files(tmp_path)
    scans = {path.name: assert_same(session_factory, path) for path in files}
    bad = scans["bad.csv"]
    assert (bad.rows_read, bad.skipped) == (701, 700 // 13)  # "Total" is a ticket
    assert [u.name for u in bad.unmatched] == ["Zed Unknown", "Cy Ray"]
    assert scans["bad.xlsx"].skipped == 300 // 17
    assert scans["explore_agents_weekly.csv"].assignees  # an aggregate report
    assert any(scan and scan.unmatched for name, scan in scans.items()
               if name.startswith(("freshdesk", "servicenow")))


def test_the_reader_process_finds_the_same(session_factory, roster, tmp_path, spawned):
    files = [FIXTURES / "zendesk.csv", FIXTURES / "explore_agents_weekly.csv",
             *made_files(tmp_path)]
    for path in files:
        assert_same(session_factory, path)
    # One reader process per scan of a text file (the careful reading above is never sent
    # there); a workbook's sheet, loaded here by the preview, is read here.
    assert len(spawned) == len(files) - 1
    assert all(child.returncode == 0 for child in spawned)


def cancelling_progress(seen: list[str]) -> Progress:
    """Cancels at the first report of the reading; ``check`` then raises."""
    progress = Progress(lambda done, total, text: (
        seen.append(text), text.startswith("Checking") and progress.cancel()))
    return progress


def test_cancel_stops_the_scan(session_factory, tmp_path, monkeypatch):
    monkeypatch.setattr(ticket_import, "BATCH_SIZE", 50)
    path = write_csv(tmp_path / "t.csv", ticket_rows(2000))
    seen: list[str] = []
    with pytest.raises(Cancelled):
        scan_import(session_factory, ImportRequest(path=path), cancelling_progress(seen))
    assert seen[-1] == "Checking t.csv: 50 rows read"  # the first batch, and no other


def test_cancel_stops_the_reader_process(session_factory, tmp_path, monkeypatch, spawned):
    monkeypatch.setattr(ticket_import, "BATCH_SIZE", 50)
    path = write_csv(tmp_path / "t.csv", ticket_rows(20_000))
    seen: list[str] = []
    with pytest.raises(Cancelled):
        scan_import(session_factory, ImportRequest(path=path), cancelling_progress(seen))
    assert seen[-1].startswith("Checking") and "20,000" not in seen[-1]
    assert len(spawned) == 1 and spawned[0].poll() is not None  # stopped, not left running


def test_a_workbook_checked_then_imported_loads_its_sheet_once(session_factory, tmp_path,
                                                                 monkeypatch):
    """The window checks a workbook, then imports it: the scan keeps the sheet the
    preview loaded, the import uses it and lets it go (it was loaded three times)."""
    from app.ingest import streaming, workbook_rows
    from app.services.ticket_import import run_import

    workbook_rows._SHEET_CACHE.clear()
    loaded: list[str] = []
    real = streaming.load_sheet
    monkeypatch.setattr(streaming, "load_sheet",
                        lambda book, name: loaded.append(name) or real(book, name))
    path = write_xlsx(tmp_path / "t.xlsx", ticket_rows(120))
    request = request_for(session_factory, path)
    scan = scan_import(session_factory, request)
    assert loaded == ["Tickets"] and len(workbook_rows._SHEET_CACHE) == 1
    result = run_import(session_factory, request)
    assert loaded == ["Tickets"]
    assert result.inserted == scan.rows_read - scan.skipped > 0
    assert workbook_rows._SHEET_CACHE == []


def test_turning_back_lets_the_kept_sheet_go(session_factory, tmp_path):
    from app.ingest import workbook_rows
    from app.services.import_scan import forget_loaded_file

    workbook_rows._SHEET_CACHE.clear()
    path = write_xlsx(tmp_path / "t.xlsx", ticket_rows(50))
    scan_import(session_factory, request_for(session_factory, path))
    assert len(workbook_rows._SHEET_CACHE) == 1
    forget_loaded_file(path)
    assert workbook_rows._SHEET_CACHE == []
