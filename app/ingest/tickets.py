"""Support-platform exports as canonical ticket (or aggregate) records.

Two steps, both pure: ``preview_file`` reads the start of a file and proposes everything
the user confirms (platform, column mapping, date orders, the period of an aggregate
report); ``parse_file`` then streams the whole file as batches of records ready to
insert, in flat memory, with the rows it had to skip and why — as record dictionaries,
or, given the loader's ``RowLayout``, as tuples ready for its INSERT (``rowtuples``). The
loading side (app/services/ticket_import.py) owns the database; the docstrings here are
the contract between the two.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path

from app.errors import BadInputError
from app.ingest import values as V
from app.ingest.aggregates import AGGREGATE_FIELDS, build_aggregates, metric_reader
from app.ingest.detect import (
    Detection,
    detect,
    header_key,
    metric_columns,
    period_column,
    propose_mapping,
    resolve_kind,
    revision_column,
    unique_headers,
)
from app.ingest.platforms import PlatformProfile, get_profile
from app.ingest.platforms.base import fold_header
from app.ingest.rowbuild import (
    ColumnPlan,
    Unreadable,
    compile_builders,
    fixups_for,
    plan_column,
    revision_plan,
    sla_plan,
)
from app.ingest.rowtuples import RowLayout, compile_row_builders
from app.ingest.streaming import (
    RowStream,
    is_blank_or_footer,
    open_rows,
    release_sheet,
    split_trailing,
)

TICKET_FIELDS: tuple[str, ...] = (
    "external_id", "assignee", "group_name", "channel", "status", "priority", "ticket_type",
    "created_at", "first_reply_at", "solved_at", "updated_at", "first_reply_minutes",
    "first_reply_minutes_business", "full_resolution_minutes",
    "full_resolution_minutes_business", "handle_seconds", "agent_replies", "reopens", "csat",
    "csat_raw", "nps", "sla", "escalated", "tags", "subject", "requester",
)
DATE_FIELDS = ("created_at", "first_reply_at", "solved_at", "updated_at")
# The keys of every ticket record, in Ticket column order; "_row" / "_revision" are hints.
RECORD_KEYS: tuple[str, ...] = (
    ("platform",) + tuple("requester_hash" if f == "requester" else f for f in TICKET_FIELDS)
    + ("_row", "_revision"))
PREVIEW_ROWS = 20
SAMPLE_ROWS = 2000  # rows read to decide each column's date order, units and scale

__all__ = ["AGGREGATE_FIELDS", "TICKET_FIELDS", "Detection", "ImportPreview", "ParseOptions",
           "ParsedBatch", "RowProblem", "parse_file", "preview_file"]


@dataclass
class RowProblem:
    row: int            # 1-based row number as the user sees it in the file
    column: str | None  # the file's header text
    reason: str         # "cannot read '31/31/2024' as a date" ...


@dataclass
class ImportPreview:
    source: str
    sheet: str | None
    sheet_names: list[str]
    headers: list[str]                # unique: a repeated header gets " (2)"
    header_row: int
    sample_rows: list[list[str]]      # first 20 data rows as display text
    detection: Detection
    profile: PlatformProfile          # the detected one, or the one the caller forced
    mapping: dict[str, str | None]    # canonical field -> header (None = not in file)
    date_orders: dict[str, str]       # header -> iso | day_first | month_first | serial
                                      #   | ambiguous
    ambiguous_date_columns: list[str]
    needs_period: bool
    header_key: str
    # Additions beyond the first contract (informative):
    metrics: dict[str, str] = field(default_factory=dict)   # aggregate metric -> header
    period_column: str | None = None                        # aggregates: the period column
    encoding: str | None = None
    delimiter: str | None = None


@dataclass
class ParseOptions:
    profile: PlatformProfile
    mapping: dict[str, str | None]
    day_first: dict[str, bool] = field(default_factory=dict)
    period: tuple[date, date] | None = None
    requester_key: bytes = b""


@dataclass
class ParsedBatch:
    records: list[dict]  # empty when rows were asked for (``layout``)
    problems: list[RowProblem]
    rows_read: int
    fraction: float
    rows: list[tuple] = field(default_factory=list)  # with ``layout``: the rows as tuples


# ---------------------------------------------------------------------------- preview


def preview_file(path: str | Path, *, sheet: str | None = None, profile: str | None = None,
                 mapping: dict[str, str | None] | None = None) -> ImportPreview:
    """What ``path`` holds and how it would be read; only the start of the file is read."""
    with open_rows(path, sheet) as stream:
        headers = unique_headers(stream.headers)
        sample = list(islice(iter(stream), SAMPLE_ROWS))
    if not sample:
        raise _no_rows(stream)
    detection = detect(headers)
    chosen = detection.profile if profile is None else get_profile(profile)
    proposed = _checked_mapping(mapping, headers) if mapping else \
        propose_mapping(chosen, headers)
    chosen = resolve_kind(chosen, headers, proposed)
    orders = _date_orders(chosen, headers, proposed, sample)
    metrics = metric_columns(chosen, headers) if chosen.kind == "aggregates" else {}
    period = period_column(chosen, headers) if chosen.kind == "aggregates" else None
    width = len(headers)
    return ImportPreview(
        source=stream.source, sheet=stream.sheet, sheet_names=stream.sheet_names,
        headers=headers, header_row=stream.header_row,
        sample_rows=[[V.text_value(c) or "" for c in (row + [""] * width)[:width]]
                     for _, row in sample[:PREVIEW_ROWS]],
        detection=detection, profile=chosen, mapping=proposed, date_orders=orders,
        ambiguous_date_columns=[h for h, o in orders.items() if o == "ambiguous"],
        needs_period=chosen.kind == "aggregates" and period is None,
        header_key=header_key(stream.headers), metrics=metrics, period_column=period,
        encoding=stream.encoding, delimiter=stream.delimiter)


def _no_rows(stream: RowStream) -> BadInputError:
    return BadInputError(f"{stream.source} has a header row but no data rows; export it "
                         "again with the tickets included.")


def _checked_mapping(mapping: dict[str, str | None], headers: list[str]
                     ) -> dict[str, str | None]:
    known = set(headers)
    result: dict[str, str | None] = {name: None for name in TICKET_FIELDS}
    for name, header in mapping.items():
        if name not in result:
            raise BadInputError(f"'{name}' is not a ticket field; the fields are "
                                f"{', '.join(TICKET_FIELDS)}.")
        if header is not None and header not in known:
            raise BadInputError(f"The mapping names a column '{header}' that the file does "
                                f"not have; its columns are {', '.join(headers)}.")
        result[name] = header
    if "csat_raw" not in mapping:
        result["csat_raw"] = result["csat"]
    return result


def _date_orders(profile: PlatformProfile, headers: list[str],
                 mapping: dict[str, str | None], sample: list[tuple[int, list]]
                 ) -> dict[str, str]:
    columns = {mapping[f] for f in DATE_FIELDS if mapping.get(f)}
    if profile.kind == "aggregates":
        period = period_column(profile, headers)
        if period:
            columns.add(period)
    return {header: V.date_order_of(_column(sample, headers.index(header)))
            for header in headers if header in columns}


def _column(sample: list[tuple[int, list]], index: int) -> list[object]:
    return [row[index] if index < len(row) else "" for _, row in sample]


# ------------------------------------------------------------------------------ parse


def parse_file(path: str | Path, options: ParseOptions, *, sheet: str | None = None,
               batch_size: int = 5000, layout: RowLayout | None = None,
               keep_sheet: bool = False) -> Iterator[ParsedBatch]:
    """Stream the file as batches of records (see ParsedBatch and the contract), or, for
    tickets when a ``layout`` is given, as tuples in that layout (``ParsedBatch.rows``).
    A workbook's loaded sheet is let go at the end (``workbook_rows``), unless
    ``keep_sheet``: the check before an import keeps it for the import that follows.

    The file is opened, the header read and every column's reader decided before this
    returns, so a file that cannot be read raises BadInputError here, not in the loop.
    The caller may stop iterating at any time (Cancel); the file is then closed.
    """
    stream = open_rows(path, sheet)
    try:
        headers = unique_headers(stream.headers)
        rows = stream.raw_rows()
        sample = list(islice(rows, SAMPLE_ROWS))
        if not sample:
            raise _no_rows(stream)
        mapping = _checked_mapping(options.mapping, headers)
        profile = resolve_kind(options.profile, headers, mapping)
        data = [item for item in sample if not is_blank_or_footer(item[1])] or sample
        if profile.kind == "aggregates":
            convert = _aggregate_converter(profile, headers, mapping, data, options)
        else:
            convert = _ticket_converter(profile, headers, mapping, data, options, stream,
                                        layout)
    except BaseException:
        stream.close()
        raise
    return _batches(Path(path), stream, chain(sample, rows), convert, batch_size,
                    tuples=layout is not None and profile.kind != "aggregates",
                    keep_sheet=keep_sheet)


def _batches(path: Path, stream: RowStream, rows: Iterator[tuple[int, list]], convert,
             batch_size: int, tuples: bool, keep_sheet: bool = False
             ) -> Iterator[ParsedBatch]:
    """Cut the rows into batches and convert each. Blank rows are dropped; a batch's
    trailing blank / footer rows are held back until the next rows show whether they
    were the file's footer (dropped) or data after all."""
    build_batch, one_row = convert
    rows_read = 0
    held: list[tuple[int, list]] = []
    try:
        while True:
            # The cyclic garbage collector would otherwise scan the batch's thousands of
            # new lists and dicts again and again while they are made (a third of the
            # time); none of them forms a cycle. It runs again between batches.
            collecting = gc.isenabled()
            gc.disable()
            try:
                chunk = list(islice(rows, batch_size))
            except csv.Error as exc:
                raise BadInputError(f"{stream.source} is not a readable CSV file (after row "
                                    f"{rows_read + len(held) + stream.header_row}: "
                                    f"{exc}).") from None
            finally:
                if collecting:
                    gc.enable()
            at_end = len(chunk) < batch_size
            if held:
                chunk = held + chunk
                held = []
            if not at_end:
                cut = split_trailing(chunk)
                chunk, held = chunk[:cut], chunk[cut:]
            else:
                chunk = chunk[:split_trailing(chunk)]
            records: list[dict] = []
            problems: list[RowProblem] = []
            read = 0
            if build_batch is not None:
                collecting = gc.isenabled()
                gc.disable()
                try:
                    records = build_batch(chunk)
                    read = len(chunk)
                except Exception:
                    records, read = _row_by_row(chunk, one_row, problems)
                finally:
                    if collecting:
                        gc.enable()
            else:  # aggregates: a few rows, each giving several records
                for number, row in chunk:
                    result = one_row(row, number)
                    if result is None:
                        continue
                    read += 1
                    if result.__class__ is Unreadable:
                        problems.append(RowProblem(number, result.header, result.reason))
                    else:
                        records.extend(result)
            rows_read += read
            if at_end:
                yield _batch(records, problems, rows_read, 1.0, tuples)
                return
            last = (held or chunk)[-1][0] if (held or chunk) else None
            yield _batch(records, problems, rows_read, stream.fraction(last), tuples)
    finally:
        stream.close()
        if stream.file_kind == "workbook" and not keep_sheet:
            release_sheet(path)


def _batch(made: list, problems: list[RowProblem], rows_read: int, fraction: float,
           tuples: bool) -> ParsedBatch:
    if tuples:
        return ParsedBatch([], problems, rows_read, fraction, rows=made)
    return ParsedBatch(made, problems, rows_read, fraction)


def _row_by_row(chunk: list[tuple[int, list]], one_row, problems: list[RowProblem]
                ) -> tuple[list, int]:
    """A batch with an unusual row: each row on its own, the careful way when needed."""
    made: list = []
    read = 0
    for number, row in chunk:
        result = one_row(row, number)
        if result is None:  # a blank row
            continue
        read += 1
        if result.__class__ is Unreadable:
            problems.append(RowProblem(number, result.header, result.reason))
        else:
            made.append(result)
    return made, read


def _one_record(fast, careful):
    """One row as a record: the fast way, else the careful way (None for a blank row,
    ``Unreadable`` for a row that cannot be read)."""
    def one(row: list, number: int):
        try:
            return fast(row, number)
        except Exception:
            result = careful(row, number)
        return Unreadable(*result) if isinstance(result, tuple) else result
    return one


def _ticket_converter(profile: PlatformProfile, headers: list[str],
                      mapping: dict[str, str | None], sample: list[tuple[int, list]],
                      options: ParseOptions, stream: RowStream, layout: RowLayout | None):
    """(build a batch, build one row) of records, or of tuples in ``layout``."""
    plans = ticket_plans(profile, headers, mapping, sample, options, stream)
    build_batch, fast, careful = compile_builders(profile, plans)
    if layout is None:
        return build_batch, _one_record(fast, careful)
    return compile_row_builders(profile, plans, fixups_for(profile, plans), layout, careful)


def ticket_plans(profile: PlatformProfile, headers: list[str],
                 mapping: dict[str, str | None], sample: list[tuple[int, list]],
                 options: ParseOptions, stream: RowStream) -> list[ColumnPlan]:
    """How each mapped column is read, decided from the sample rows."""
    if not mapping.get("external_id"):
        raise BadInputError(f"{stream.source}: no column is mapped to the ticket id, so "
                            "tickets cannot be told apart; choose the column that holds it.")
    typed = stream.file_kind != "csv"
    plans = []
    for name in TICKET_FIELDS:
        header = mapping.get(name)
        if header is None:
            continue
        index = headers.index(header)
        choice = options.day_first.get(header)
        order = None if choice is None else ("day_first" if choice else "month_first")
        plans.append(plan_column(profile, name, header, index, _column(sample, index),
                                 order_choice=order, requester_key=options.requester_key,
                                 typed_cells=typed))
    if mapping.get("sla") and profile.sla_also:
        plans = [p for p in plans if p.field != "sla"]
        index = headers.index(mapping["sla"])  # type: ignore[arg-type]
        folded = {fold_header(a) for a in profile.sla_also}
        extra = tuple(i for i, h in enumerate(headers)
                      if i != index and fold_header(h) in folded)
        plans.append(sla_plan(profile, headers, (index, *extra)))
    revision = revision_column(profile, headers)
    if revision is not None:
        plans.append(revision_plan(revision, headers.index(revision)))
    return plans


def _aggregate_converter(profile: PlatformProfile, headers: list[str],
                         mapping: dict[str, str | None], sample: list[tuple[int, list]],
                         options: ParseOptions):
    metrics = metric_columns(profile, headers)
    if not metrics:
        raise BadInputError("The report has no figures Coachbench knows (for example "
                            "Tickets, Solved tickets, % Satisfaction score).")
    period = period_column(profile, headers)
    if period is None and options.period is None:
        raise BadInputError("The report has no date, week or month column; name the period "
                            "it covers (for example --period 2026-10).")
    period_index = headers.index(period) if period else None
    order = "iso"
    if period_index is not None:
        choice = options.day_first.get(period)
        order = (V.date_order_of(_column(sample, period_index)) if choice is None
                 else "day_first" if choice else "month_first")
    readers = [(metric, header, headers.index(header),
                metric_reader(profile, metric, header, _column(sample, headers.index(header))))
               for metric, header in metrics.items()]
    assignee = mapping.get("assignee")

    def careful(row: list, number: int):
        result = build_aggregates(
            row, number, vendor=profile.vendor,
            assignee_index=headers.index(assignee) if assignee else None,
            period_index=period_index, period_header=period, period_order=order,
            fixed_period=options.period, metrics=readers)
        return Unreadable(*result) if isinstance(result, tuple) else result

    return None, careful


def parse_period(text: str) -> tuple[date, date]:
    """``2026-10`` (a month), ``2026-W05`` (a week), ``2026-10-05`` (a day) or
    ``2026-10-01..2026-10-31``: the period a user names for a report without dates."""
    from app.ingest.aggregates import period_of

    text = text.strip()
    try:
        if ".." in text:
            start, end = (datetime.fromisoformat(p.strip()).date() for p in text.split(".."))
            if end < start:
                raise ValueError
            return start, end
        period = period_of(text, "period")
    except ValueError:
        period = None
    if period is None:
        raise BadInputError(f"'{text}' is not a period; write a month (2026-10), a week "
                            "(2026-W05), a day (2026-10-05) or a range "
                            "(2026-10-01..2026-10-31).")
    return period
