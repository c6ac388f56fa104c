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
