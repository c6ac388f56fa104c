"""The check before an import: one full read of the file that writes nothing.

The Imports page shows, before anything is loaded, who the file's assignees are (and
which of them no alias matches), how many rows it has and which rows would be skipped.
That needs every row read and every cell checked — a row is skipped for any unreadable
cell — but of each row only its assignee kept. So the scan asks ``parse_file`` for
1-tuples holding the assignee (a ``RowLayout`` of that one column: the same generated
fast path the import uses, without a dictionary per row) and counts them with a
``Counter``; a row the fast path cannot take is read the careful way, so the skipped
rows and their problems are the ones the import will meet. A large text file is read by
the reader process (``app.ingest.parallel``), as the import does, so the window's process
only counts; a workbook is not, as its sheet is already loaded here by the preview (kept
by ``workbook_rows``) and a reader process would load it again: seconds, and the memory
of the sheet twice. The scan keeps that sheet loaded for the import that follows (which
lets it go) rather than have the import load it again; ``forget_loaded_file`` lets it
go when the user turns back instead. Aggregate reports have no tuple path:
``parse_file`` gives their records whatever the layout, and their assignees are counted
from those.

``ticket_import`` re-exports ``scan_import`` and ``FileScan``; this module uses its
helpers (the preview, the parse options), imported when a scan starts, as
``ticket_import`` imports this module.
"""

from __future__ import annotations

import secrets
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.db import SessionFactory
from app.ingest import parallel
from app.ingest.rowtuples import RowLayout
from app.ingest.tickets import RowProblem, parse_file
from app.ingest.workbook_rows import release_sheet
from app.progress import Progress, heartbeat
from app.services.agent_matching import UnmatchedName, load_directory, unmatched_names

if TYPE_CHECKING:
    from app.services.ticket_import import ImportRequest

# The record field "assignee" of each row, alone (neither a constant nor a look-up).
ASSIGNEE_ONLY = RowLayout(("assignee",))


@dataclass
class FileScan:
    """What a full read of the file found, before anything is written."""

    rows_read: int
    skipped: int
    problems: list[RowProblem]
    assignees: dict[str, int]  # raw name -> rows
    unmatched: list[UnmatchedName]
    agents: list[tuple[int, str]]  # the roster (id, name), for choosing by hand


def scan_import(session_factory: SessionFactory, request: ImportRequest,
                progress: Progress | None = None) -> FileScan:
    """Read the whole file without writing: who the assignees are (and which of them no
    alias matches), how many rows there are and which would be skipped."""
    from app.services import ticket_import  # not at the top: it imports this module

    progress = progress or Progress()
    opening = f"Opening {Path(request.path).name}…"
    progress.report(0, 0, opening)
    with heartbeat(progress, opening):  # a workbook's sheet loads in one long call
        preview = ticket_import._preview_for(session_factory, request)
    options = ticket_import._options(preview, request, requester_key=secrets.token_bytes(32))
    shown: list = [0, 0, f"Checking {preview.source}…"]  # the last report, repeated
    counted: Counter = Counter()  # (assignee,) -> rows, in order of first appearance
    problems: list[RowProblem] = []
    skipped = rows_read = 0
    text_file = not preview.sheet_names  # not a workbook (see the module docstring)
    if text_file and Path(request.path).stat().st_size >= parallel.MIN_BYTES:
        batches = parallel.parse_file_in_child(
            request.path, options, sheet=preview.sheet, batch_size=ticket_import.BATCH_SIZE,
            layout=ASSIGNEE_ONLY, on_wait=lambda: progress.report(*shown))
    else:
        batches = parse_file(request.path, options, sheet=preview.sheet,
                             batch_size=ticket_import.BATCH_SIZE, layout=ASSIGNEE_ONLY,
                             keep_sheet=True)  # for the import that follows
    with closing(batches):  # a Cancel stops the reading (and the reader process) at once
        for batch in batches:
            counted.update(batch.rows)
            if batch.records:  # an aggregate report's records
                counted.update((record.get("assignee"),) for record in batch.records)
            skipped += len(batch.problems)
            room = ticket_import.PROBLEMS_IN_MEMORY - len(problems)
            problems.extend(batch.problems[:max(room, 0)])
            rows_read = batch.rows_read
            shown[:] = [int(max(0.0, min(batch.fraction, 1.0)) * 1000), 1000,
                        f"Checking {preview.source}: {rows_read:,} rows read"]
            progress.report(*shown)
    assignees = {name: rows for (name,), rows in counted.items() if name}
    with session_factory() as session:
        directory = load_directory(session)
    vendor = preview.profile.vendor
    return FileScan(rows_read=rows_read, skipped=skipped, problems=problems,
                    assignees=assignees,
                    unmatched=unmatched_names(directory, vendor, assignees),
                    agents=sorted(directory.names.items(), key=lambda item: item[1].casefold()))


def forget_loaded_file(path: str | Path) -> None:
    """Let go of the workbook sheet a preview or check kept loaded for ``path`` (over
    100 MB for 100,000 rows), when its import will not follow: the user went back to
    the start or chose another file."""
    release_sheet(path)
