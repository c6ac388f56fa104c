"""The generated fast row builders agree with the careful readers, cell for cell."""

from __future__ import annotations

import hashlib
import hmac
from itertools import islice

import openpyxl
import pytest

from app.ingest import tickets as T
from app.ingest.detect import unique_headers
from app.ingest.normalize import match_key
from app.ingest.rowbuild import compile_builders, is_blank, requester_hasher
from app.ingest.streaming import open_rows
from tests.ingest.ticket_helpers import FIXTURES, write


def converters(path, sheet=None):
    preview = T.preview_file(path, sheet=sheet)
    options = T.ParseOptions(preview.profile, preview.mapping, requester_key=b"k")
    with open_rows(path, sheet) as stream:
        headers = unique_headers(stream.headers)
        rows = list(islice(stream.raw_rows(), 1000))
        plans = T.ticket_plans(preview.profile, headers, preview.mapping, rows, options,
                               stream)
    build_batch, fast, careful = compile_builders(preview.profile, plans)
    return rows, build_batch, fast, careful


@pytest.mark.parametrize("name", ["zendesk.csv", "explore_tickets.csv", "freshdesk.csv",
                                  "servicenow_events.csv", "salesforce.csv", "intercom.csv",
                                  "hubspot.csv", "helpscout.csv"])
def test_fast_and_careful_paths_agree(name):
    rows, build_batch, fast, careful = converters(FIXTURES / name)
    rows = [(n, r) for n, r in rows if not is_blank(r) and not str(r[0]).startswith(
        ("Grand", "Confidential", "Copyright"))]
    assert rows
    fast_rows = []
    for number, row in rows:
        try:
            record = fast(row, number)
        except Exception:  # an unusual cell ("?" in a number column): careful reads it
            assert isinstance(careful(row, number), dict)
            continue
        assert record == careful(row, number)
        fast_rows.append((number, row))
    assert fast_rows
    assert build_batch(fast_rows) == [careful(r, n) for n, r in fast_rows]


def test_fast_and_careful_paths_agree_on_workbook_cells(tmp_path):
    from datetime import datetime
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Id", "Assignee", "Status", "Created at", "Replies",
                  "First reply time in minutes", "Satisfaction Score", "Subject"])
    sheet.append([101, "Ana", "Solved", datetime(2024, 3, 1, 10, 0), 2, 45, 5, "Hello"])
    sheet.append(["A-7", None, "Open", "2024-03-02 10:00:00", 0, 0, "Good", 12])
    sheet.append([102.0, "Bo", "Open", 45353.5, "3", "12.5", "-", None])
    path = tmp_path / "z.xlsx"
    book.save(path)
    rows, build_batch, fast, careful = converters(path)
    expected = [careful(r, n) for n, r in rows]
    assert [r["external_id"] for r in expected] == ["101", "A-7", "102"]
    assert [r["first_reply_minutes"] for r in expected] == [45, 0, 12.5]
    assert [r["subject"] for r in expected] == ["Hello", "12", None]
    assert build_batch(rows) == expected
    assert [fast(r, n) for n, r in rows] == expected


def test_requester_hash_is_hmac_sha256_of_the_folded_text():
    for key in (b"", b"secret", b"k" * 100):
        digest = requester_hasher(key)
        for text in ("Mary@Example.com ", "José  Núñez", "zoë"):
            expected = hmac.new(key, match_key(text).encode(), hashlib.sha256).hexdigest()
            assert digest(text) == expected
        assert digest("") is None and digest("N/A") is None


def test_rows_with_odd_cells_fall_back_to_the_careful_path(tmp_path):
    path = write(tmp_path, "z.csv", "Id,Created at,Replies\n1,2024-03-01 10:00,1\n"
                 "2, 2024-03-02 10:00 ,2.0\n3,2024-03-03,-\n")
    records, problems = _parse(path)
    assert problems == []
    assert [r["created_at"].day for r in records] == [1, 2, 3]
    assert [r["agent_replies"] for r in records] == [1, 2, None]


def _parse(path):
    preview = T.preview_file(path)
    records, problems = [], []
    for batch in T.parse_file(path, T.ParseOptions(preview.profile, preview.mapping)):
        records += batch.records
        problems += batch.problems
    return records, problems


@pytest.mark.parametrize("name", ["zendesk.csv", "freshdesk.csv", "servicenow_events.csv",
                                  "salesforce.csv", "intercom.csv", "hubspot.csv",
                                  "helpscout.csv"])
def test_row_tuples_hold_what_the_records_hold(name):
    """The loader's tuples (rowtuples) and the records agree, constants, look-ups,
    renamed fields and storage conversions included."""
    from app.ingest.rowbuild import Memo, fixups_for
    from app.ingest.rowtuples import ISO_TEXT, RowLayout, compile_row_builders

    path = FIXTURES / name
    preview = T.preview_file(path)
    options = T.ParseOptions(preview.profile, preview.mapping, requester_key=b"k")
    with open_rows(path) as stream:
        headers = unique_headers(stream.headers)
        rows = list(islice(stream.raw_rows(), 1000))
        plans = T.ticket_plans(preview.profile, headers, preview.mapping, rows, options,
                               stream)
    build_batch, fast, careful = compile_builders(preview.profile, plans)
    columns = ("platform", "external_id", "agent_id", "assignee", "created_at", "solved_at",
               "full_resolution_minutes", "csat", "escalated", "source_revision", "tags",
               "import_id")
    agents = Memo(lambda name: len(name) if name else None)
    layout = RowLayout(columns, constants={"platform": "vendor", "import_id": 9},
                       lookups={"agent_id": ("assignee", agents)},
                       aliases={"source_revision": "_revision"},
                       converters={"created_at": ISO_TEXT, "solved_at": ISO_TEXT,
                                   "escalated": int})
    build_rows, build_row = compile_row_builders(
        preview.profile, plans, fixups_for(preview.profile, plans), layout, careful)
    data = [(n, r) for n, r in rows if not is_blank(r) and not str(r[0]).startswith(
        ("Grand", "Confidential", "Copyright"))]
    expected = []
    for number, row in data:
        record = careful(row, number)
        if isinstance(record, dict):
            expected.append(layout.to_row(record))
    assert [build_row(r, n) for n, r in data if isinstance(careful(r, n), dict)] == expected
    usual = []  # the rows the fast path takes (an unusual cell sends a batch row by row)
    for number, row in data:
        try:
            fast(row, number)
        except Exception:
            continue
        usual.append((number, row))
    assert usual
    assert build_rows(usual) == [layout.to_row(careful(r, n)) for n, r in usual]
    first = expected[0]
    assert first[0] == "vendor" and first[-1] == 9
    record = careful(data[0][1], data[0][0])
    assert first[2] == agents[record.get("assignee")]
    created = record.get("created_at")
    assert first[4] == (created.isoformat(" ", "microseconds") if created else None)


def test_timestamps_stored_as_text_equal_isoformat_whatever_their_form(tmp_path):
    """The text fast path (ColumnPlan.fast_text) for ISO timestamps in CSV cells."""
    from app.ingest.rowtuples import ISO_TEXT, RowLayout

    stamps = ["2024-03-01 10:00:00", "2024-03-01T10:00:00", "2024-03-01 10:00",
              "2024-03-01 10:00:00.250", "2024-W09-5 10:00:00", "", "2024-03-01 09:05:07"]
    body = "".join(f"{n},{stamp}\n" for n, stamp in enumerate(stamps * 5, start=1))
    path = write(tmp_path, "z.csv", "Id,Created at\n" + body)
    preview = T.preview_file(path)
    layout = RowLayout(("external_id", "created_at"), converters={"created_at": ISO_TEXT})
    rows = []
    for batch in T.parse_file(path, T.ParseOptions(preview.profile, preview.mapping),
                              layout=layout):
        rows += batch.rows
        assert batch.problems == []
    records, _ = _parse(path)
    assert rows == [(r["external_id"], r["created_at"] and
                     r["created_at"].isoformat(" ", "microseconds")) for r in records]
    assert rows[0][1] == "2024-03-01 10:00:00.000000" and rows[5][1] is None
