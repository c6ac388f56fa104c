"""Importing a support-platform export: preview, check, then load in one transaction.

The window walks three steps — ``preview_import`` (the first rows, the detected platform
and the column mapping), ``scan_import`` (``import_scan``: reads the whole file once
without writing to list the assignee names no alias matches, and the rows that will be
skipped), then ``run_import``. The command line calls ``run_import`` directly.

``run_import`` is one unit of work: one write transaction holds the new aliases and
agents, every ticket or aggregate row and the ``ImportRun`` record, so a Cancel, a crash
or an error (or ``strict`` with any skipped row) leaves the database exactly as it was.
A dry run does all of it and rolls back. The loading itself is in ``ticket_loader``.
"""

from __future__ import annotations

import calendar
import json
import secrets
import time
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics.day_tally import DayTally
from app.db import SessionFactory, large_write
from app.errors import BadInputError
from app.ingest import parallel
from app.ingest.platforms import get_profile
from app.ingest.tickets import (
    ImportPreview,
    ParsedBatch,
    ParseOptions,
    RowProblem,
    parse_file,
    preview_file,
)
from app.ingest.tickets import parse_period as parse_period_text

from app.models import ImportMapping, ImportRun
from app.models.tickets import ImportSecret
from app.progress import Progress, heartbeat
from app.services.agent_matching import (
    AgentDecision,
    apply_decisions,
    create_agent_for,
    fold_counts,
    load_directory,
)
from app.services.file_hash import FileHash
from app.services.import_scan import FileScan, scan_import  # noqa: F401 - the page's names
from app.services.ticket_day_stats import WrittenTickets, update_after_import
from app.services.ticket_loader import AggregateLoader, TicketLoader

ERRORS_KEPT = 500  # problems stored with the ImportRun (the count is always complete)
PROBLEMS_IN_MEMORY = 20_000  # problems handed back for the error report
BATCH_SIZE = 2_000  # small enough that the bar moves several times a second
BYTES_PER_ROW = 250  # a rough size of one exported ticket, to guess a file's rows
REQUESTER_KEY = "requester_hmac"


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that it rolls back."""


class ImportRefused(BadInputError):
    """Nothing was imported (no readable row, or a strict import met a bad one); the
    database is as it was. ``result`` has the counts and problems found until then."""

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class ImportRequest:
    """Everything the user decided about one file."""

    path: Path
    profile: str | None = None  # a profile name to force; None = detected
    sheet: str | None = None
    mapping: dict[str, str | None] | None = None  # None = proposed (or remembered)
    day_first: dict[str, bool] = field(default_factory=dict)
    period: str | tuple[date, date] | None = None  # "2026-10", or (first, last day)
    strict: bool = False
    dry_run: bool = False
    create_agents: bool = False  # create an agent for every unmatched name (CLI)
    decisions: dict[str, AgentDecision] = field(default_factory=dict)
    remember_mapping: bool = False  # the user edited the mapping: keep it for this header


@dataclass
class FilePreview:
    preview: ImportPreview
    remembered: bool  # the mapping (and date orders) came from an earlier, edited import
    day_first: dict[str, bool] = field(default_factory=dict)  # remembered date choices


@dataclass
class ImportResult:
    run_id: int | None
    file_name: str
    sha256: str
    profile: str
    platform: str
    confidence: float
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[RowProblem]
    unmatched_agents: list[str]
    dry_run: bool = False
    aliases_added: int = 0
    agents_added: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # landed, but worth knowing

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def to_json(self) -> dict:
        """The object ``coachbench import --json`` prints (exactly these keys)."""
        return {"platform": self.platform, "confidence": round(self.confidence, 3),
                "rows_read": self.rows_read, "inserted": self.inserted,
                "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
                "errors": [problem_json(p) for p in self.errors],
                "unmatched_agents": list(self.unmatched_agents)}


def problem_json(problem: RowProblem) -> dict:
    return {"row": problem.row, "column": problem.column, "reason": problem.reason}


# ----------------------------------------------------------------------- preview


def preview_import(session_factory: SessionFactory, path: str | Path, *,
                   sheet: str | None = None, profile: str | None = None,
                   mapping: dict[str, str | None] | None = None) -> FilePreview:
    """The start of the file, its platform and mapping. A mapping the user edited for a
    file with the same header is applied, unless another profile or mapping is asked for."""
    preview = preview_file(path, sheet=sheet, profile=profile, mapping=mapping)
    if mapping is not None:
        return FilePreview(preview, False)
    saved = remembered_mapping(session_factory, preview.header_key)
    if saved is None or (profile is not None and saved[0] != preview.profile.name):
        return FilePreview(preview, False)
    saved_profile, saved_mapping, day_first = saved
    known = {k: v for k, v in saved_mapping.items() if v is None or v in preview.headers}
    preview = preview_file(path, sheet=sheet, profile=saved_profile, mapping=known)
    return FilePreview(preview, True, {h: bool(v) for h, v in day_first.items()})


def remembered_mapping(session_factory: SessionFactory, header_key: str,
                       ) -> tuple[str, dict[str, str | None], dict[str, bool]] | None:
    """(profile, mapping, day-first choices) saved for this header, or None."""
    with session_factory() as session:
        saved = session.scalar(select(ImportMapping).where(
            ImportMapping.header_key == header_key))
        if saved is None:
            return None
        data = json.loads(saved.mapping_json)
        return saved.profile, data.get("mapping", {}), data.get("day_first", {})


def _remember(session: Session, preview: ImportPreview, request: ImportRequest) -> None:
    payload = json.dumps({"mapping": preview.mapping, "day_first": request.day_first},
                         ensure_ascii=False, sort_keys=True)
    saved = session.scalar(select(ImportMapping).where(
        ImportMapping.header_key == preview.header_key))
    if saved is None:
        session.add(ImportMapping(header_key=preview.header_key, profile=preview.profile.name,
                                  mapping_json=payload))
    else:
        saved.profile, saved.mapping_json = preview.profile.name, payload


# --------------------------------------------------------------------------- run


def run_import(session_factory: SessionFactory, request: ImportRequest,
               progress: Progress | None = None, today: date | None = None) -> ImportResult:
    """Load the file in one transaction (see the module docstring). Raises
    ``BadInputError`` when the file cannot be read, when a strict import met a bad row,
    and when no row at all could be imported; the database is then untouched."""
    started = time.perf_counter()
    progress = progress or Progress()
    path = Path(request.path)
    # total 0 = "busy": opening a large workbook is one long call that cannot report.
    progress.report(0, 0, f"Opening {path.name}…")
    with heartbeat(progress, f"Opening {path.name}…"):
        preview = _preview_for(session_factory, request)
    period = parse_period(request.period) if request.period else None
    if preview.needs_period and period is None:
        raise BadInputError(f"{path.name} holds per-agent figures without dates; name the "
                            "period they cover (for example --period 2026-10).")
    file_hash = FileHash(path)  # in a thread, while the rows are read
    profile = preview.profile
    platform = profile.vendor
    result = ImportResult(
        run_id=None, file_name=path.name, sha256="", profile=profile.name,
        platform=platform, confidence=float(preview.detection.confidence), rows_read=0,
        inserted=0, updated=0, unchanged=0, skipped=0, errors=[], unmatched_agents=[],
        dry_run=request.dry_run)
    if profile.kind != "aggregates" and not preview.mapping.get("created_at"):
        result.warnings.append(
            f"No column of {path.name} is read as the ticket's creation date, so these "
            "tickets count on the dashboard by their solved date only (tickets created and "
            "first reply times stay empty). If the file has such a column, map it to "
            "'created_at' and import the file again.")
    try:
        with ExitStack() as saving, session_factory.begin() as session, \
                large_write(session):
            written, tally = _load(session, request, preview, period, result, progress,
                                   today or date.today(), file_hash)
            if request.dry_run:
                raise _DryRun
            update_after_import(  # the dashboard's day summary
                session, result.run_id, progress=lambda fraction: progress.report(
                    round(fraction * 1000), 1000, "Updating the dashboard summary…"),
                written=written, tally=tally)
            # The commit takes seconds for a large import and cannot report.
            saving.enter_context(heartbeat(
                progress, f"Saving {result.inserted + result.updated:,} rows…"))
    except _DryRun:
        result.run_id = None
    finally:
        file_hash.stop()
    result.seconds = time.perf_counter() - started
    return result


def _load(session: Session, request: ImportRequest, preview: ImportPreview,
          period: tuple[date, date] | None, result: ImportResult, progress: Progress,
          today: date, file_hash: FileHash
          ) -> tuple[WrittenTickets | None, DayTally | None]:
    """Everything but the summary. Returns what the tickets written were (None for
    aggregates), and their day summary when the reading process counted it."""
    platform = result.platform
    directory = load_directory(session)
    result.aliases_added, result.agents_added = apply_decisions(
        session, directory, platform, request.decisions, today)
    if request.create_agents:
        directory.create_missing = lambda place, name: create_agent_for(
            session, directory, place, name, today)
    run = ImportRun(file_name=result.file_name[:260], file_sha256="",  # known at the end
                    profile=result.profile, platform=platform,
                    confidence=result.confidence, sheet=preview.sheet,
                    period=_period_text(period), status="landed")
    session.add(run)
    session.flush()
    result.run_id = run.id
    if preview.profile.kind == "aggregates":
        loader: AggregateLoader | TicketLoader = AggregateLoader(session, platform, run.id,
                                                                 directory)
    else:
        loader = TicketLoader(session, platform, run.id, directory)
    try:
        tally = _read_into(loader, session, request, preview, period, result, progress)
    finally:
        if isinstance(loader, TicketLoader):
            loader.close()  # its writer thread must stop before the transaction ends
    counts = loader.counts
    result.agents_added += directory.created
    result.inserted, result.updated, result.unchanged = (counts.inserted, counts.updated,
                                                         counts.unchanged)
    result.unmatched_agents = sorted(fold_counts(counts.unmatched), key=str.casefold)
    if result.loaded == 0:
        raise ImportRefused(_nothing_reason(result), result)
    result.sha256 = run.file_sha256 = file_hash.result()
    run.rows_read, run.inserted, run.updated = result.rows_read, result.inserted, result.updated
    run.unchanged, run.skipped = result.unchanged, result.skipped
    run.errors_json = json.dumps([problem_json(p) for p in result.errors[:ERRORS_KEPT]],
                                 ensure_ascii=False) if result.errors else None
    run.unmatched_json = json.dumps(result.unmatched_agents, ensure_ascii=False) \
        if result.unmatched_agents else None
    if request.remember_mapping:
        _remember(session, preview, request)
    return (loader.written(), tally) if isinstance(loader, TicketLoader) else (None, None)


def _read_into(loader: AggregateLoader | TicketLoader, session: Session,
               request: ImportRequest, preview: ImportPreview,
               period: tuple[date, date] | None, result: ImportResult,
               progress: Progress) -> DayTally | None:
    """Parse the file batch by batch into ``loader``, counting rows and problems. Returns
    the rows' day summary, counted on the way, for the first import of a platform (when
    it can replace the database's recount, see ``update_after_import``). It is counted
    here, after each batch went to the writer thread, not in the reading process: that
    one is the busier of the two."""
    layout = loader.layout if isinstance(loader, TicketLoader) else None
    load = loader.load_rows if isinstance(loader, TicketLoader) else loader.load
    options = _options(preview, request, requester_key=requester_key(session), period=period)
    shown: list = [0, 0, f"Reading {result.file_name}…"]  # the last report, repeated
    tally = DayTally(layout.columns) if layout is not None and isinstance(
        loader, TicketLoader) and loader.first_of_platform else None
    progress.report(*shown)
    size = Path(request.path).stat().st_size
    if isinstance(loader, TicketLoader):
        loader.defer_indexes(expected_rows=size // BYTES_PER_ROW)
    if layout is not None and loader.directory.create_missing is None \
            and size >= parallel.MIN_BYTES:
        # A large file: read in a child process while this one writes (both cores).
        batches = parallel.parse_file_in_child(
            request.path, options, sheet=preview.sheet, batch_size=BATCH_SIZE, layout=layout,
            on_wait=lambda: progress.report(*shown))
    else:
        batches = parse_file(request.path, options, sheet=preview.sheet,
                             batch_size=BATCH_SIZE, layout=layout)
    with closing(batches):  # an early end (Cancel, --strict) stops the reading at once
        for batch in batches:
            _take(batch, load, layout is not None, request, result, progress, shown)
            if tally is not None:  # while the writer thread stores the batch
                tally.add(batch.rows)
    with heartbeat(progress, f"Saving {result.rows_read:,} rows…"):  # and their indexes
        loader.finish()
    return tally


def _take(batch: ParsedBatch, load, rows: bool, request: ImportRequest,
          result: ImportResult, progress: Progress, shown: list) -> None:
    """One parsed batch into the loader, its problems into the result, the bar moved."""
    progress.check()
    load(batch.rows if rows else batch.records)
    result.skipped += len(batch.problems)
    room = PROBLEMS_IN_MEMORY - len(result.errors)
    result.errors.extend(batch.problems[:max(room, 0)])
    if request.strict and batch.problems:
        first = batch.problems[0]
        result.rows_read = batch.rows_read
        raise ImportRefused(f"Nothing was imported (--strict): row {first.row}"
                            f"{', column ' + first.column if first.column else ''}: "
                            f"{first.reason}", result)
    result.rows_read = batch.rows_read
    shown[:] = [int(max(0.0, min(batch.fraction, 1.0)) * 1000), 1000,
                f"Importing {result.file_name}: {result.rows_read:,} rows read"]
    progress.report(*shown)


def _nothing_reason(result: ImportResult) -> str:
    if result.rows_read == 0 and not result.skipped:
        return f"{result.file_name} has a header but no data rows; nothing was imported."
    first = result.errors[0] if result.errors else None
    where = ""
    if first is not None:
        where = (f" (first: row {first.row}"
                 f"{', column ' + first.column if first.column else ''}: {first.reason})")
    return (f"None of the {result.skipped:,} rows of {result.file_name} could be read"
            f"{where}; check the platform and the column mapping.")


# ----------------------------------------------------------------------- helpers


def _preview_for(session_factory: SessionFactory, request: ImportRequest) -> ImportPreview:
    if not Path(request.path).is_file():
        what = "a folder" if Path(request.path).is_dir() else "not there"
        raise BadInputError(f"{request.path} is {what}; give the path of an export file.")
    if request.profile:
        get_profile(request.profile)  # an unknown name fails with the list of names
    return preview_import(session_factory, request.path, sheet=request.sheet,
                          profile=request.profile, mapping=request.mapping).preview


def _options(preview: ImportPreview, request: ImportRequest, *, requester_key: bytes,
             period: tuple[date, date] | None = None) -> ParseOptions:
    if period is None and request.period:
        period = parse_period(request.period)
    return ParseOptions(profile=preview.profile, mapping=dict(preview.mapping),
                        day_first=dict(request.day_first), period=period,
                        requester_key=requester_key)


def parse_period(value: str | tuple[date, date]) -> tuple[date, date]:
    """"2026-10" -> (2026-10-01, 2026-10-31); weeks, days and ranges as the ingest side
    reads them (``app.ingest.tickets.parse_period``)."""
    if isinstance(value, tuple):
        return value
    return parse_period_text(str(value))


def _period_text(period: tuple[date, date] | None) -> str | None:
    if period is None:
        return None
    first, last = period
    if first.day == 1 and last == date(first.year, first.month,
                                       calendar.monthrange(first.year, first.month)[1]):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.isoformat()}..{last.isoformat()}"


def requester_key(session: Session) -> bytes:
    """This database's HMAC key for requester hashes, made on first use (see
    ``ImportSecret`` for why it lives in the database)."""
    secret = session.get(ImportSecret, REQUESTER_KEY)
    if secret is None:
        secret = ImportSecret(name=REQUESTER_KEY, value=secrets.token_hex(32))
        session.add(secret)
        session.flush()
    return bytes.fromhex(secret.value)


def write_error_report(path: str | Path, result: ImportResult) -> Path:
    """The skipped rows as CSV (row, column, reason), to fix the file and import again.
    Written with a BOM so Excel reads accents right."""
    import csv

    target = Path(path)
    with open(target, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "column", "reason"])
        for problem in result.errors:
            writer.writerow([result.file_name, problem.row, problem.column or "",
                             problem.reason])
    return target
