"""Shared helpers for the ticket-import tests: preview + parse a file in one call."""

from __future__ import annotations

from pathlib import Path

from app.ingest.tickets import ParseOptions, RowProblem, parse_file, preview_file

FIXTURES = Path(__file__).parent / "fixtures"
KEY = b"test-key"


def parse_all(path, *, profile: str | None = None, sheet: str | None = None,
              mapping=None, day_first=None, period=None, batch_size: int = 5000):
    """(preview, records, problems, rows_read) for a whole file."""
    preview = preview_file(path, sheet=sheet, profile=profile, mapping=mapping)
    options = ParseOptions(profile=preview.profile, mapping=preview.mapping,
                           day_first=day_first or {}, period=period, requester_key=KEY)
    records: list[dict] = []
    problems: list[RowProblem] = []
    rows_read = 0
    for batch in parse_file(path, options, sheet=sheet, batch_size=batch_size):
        records.extend(batch.records)
        problems.extend(batch.problems)
        assert batch.rows_read >= rows_read
        rows_read = batch.rows_read
        assert 0.0 <= batch.fraction <= 1.0
    return preview, records, problems, rows_read


def by_id(records: list[dict]) -> dict[str, dict]:
    return {record["external_id"]: record for record in records}


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path
