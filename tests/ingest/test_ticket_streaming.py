"""parse_file streams: memory stays flat however long the file is."""

from __future__ import annotations

import tracemalloc

from app.ingest.tickets import ParseOptions, parse_file, preview_file

HEADER = ("Id,Requester email,Assignee,Group,Subject,Tags,Status,Via,Created at,Updated at,"
          "Solved at,Satisfaction Score,Replies,First reply time in minutes\n")


def make_csv(path, rows: int):
    with path.open("w", newline="") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(f"{i},c{i % 1000}@x.com,Agent {i % 40},Support,Order {i} is late,"
                         f"vip billing,Solved,Mail,2025-01-01 10:{i % 60:02d}:00,"
                         f"2025-01-02 10:00:00,2025-01-02 09:00:00,Good,{i % 5},{i % 300}\n")
    return path


def peak_while_parsing(path) -> tuple[int, int]:
    preview = preview_file(path)
    options = ParseOptions(preview.profile, preview.mapping, requester_key=b"k")
    tracemalloc.start()
    try:
        rows = 0
        for batch in parse_file(path, options, batch_size=500):
            rows += len(batch.records)
        return rows, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path):
    small_rows, small_peak = peak_while_parsing(make_csv(tmp_path / "small.csv", 3_000))
    large_rows, large_peak = peak_while_parsing(make_csv(tmp_path / "large.csv", 12_000))
    assert (small_rows, large_rows) == (3_000, 12_000)
    # Four times the rows, about the same memory: batches, not the file, are held.
    assert large_peak < 1.5 * small_peak + 1_000_000
    assert large_peak < 30_000_000


def test_open_rows_filtered_and_raw(tmp_path):
    from app.ingest.streaming import open_rows
    path = tmp_path / "r.csv"
    path.write_text("Title of the report\nId,Status\n1,Open\n\n2,Solved\n\nGrand Totals (2)\n")
    with open_rows(path) as stream:
        assert (stream.headers, stream.header_row) == (["Id", "Status"], 2)
        assert list(stream) == [(3, ["1", "Open"]), (5, ["2", "Solved"])]
    with open_rows(path) as stream:
        # Raw: the footer is still there (the importer drops it batch by batch).
        assert [n for n, _ in stream.raw_rows()] == [3, 5, 7]


def test_workbook_progress_follows_the_rows(tmp_path):
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tickets")
    sheet.append(["Id", "Status", "Reopens"])
    for i in range(3000):
        sheet.append([i, "Open", i % 3])
    path = tmp_path / "t.xlsx"
    book.save(path)
    preview = preview_file(path)
    fractions = [b.fraction for b in parse_file(
        path, ParseOptions(preview.profile, preview.mapping), batch_size=1000)]
    assert fractions[:2] == [1001 / 3001, 2001 / 3001]  # last row number read / last row
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)
