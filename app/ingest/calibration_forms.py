"""Reading a filled calibration form back (the layout of app.export.calibration_forms).

Pure: it reads the file through ``app.ingest.readers`` (size and zip-bomb bounds,
calamine) and returns what the file says, with Excel row numbers. Whether that fits the
session (right session, same scorecard, every row there, values on the scale) is the
service's judgement, which names the file and the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import BadInputError
from app.export.calibration_forms import (
    FINGERPRINT,
    GRADER,
    NA_TEXT,
    SCORE_HEADERS,
    SCORES_SHEET,
    SESSION_ID,
    SESSION_SHEET,
    VERSION,
)
from app.ingest.readers import read_table

MAX_FORM_ROWS = 2_000
_NA_WORDS = {"n/a", "na", "n.a.", "not applicable"}


@dataclass(frozen=True)
class FormRow:
    row: int  # Excel row number on the Scores sheet
    conversation: str
    criterion: str
    value: int | None  # None with ``na`` = N/A; None without = blank or not a number
    na: bool
    raw: str  # the cell as written, for messages
    comment: str


@dataclass(frozen=True)
class FilledForm:
    file: str
    session_id: int | None
    grader: str
    version: int | None
    fingerprint: str
    rows: tuple[FormRow, ...]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    try:
        return int(float(text)) if text and float(text).is_integer() else None
    except ValueError:
        return None


def parse_score(value: object) -> tuple[int | None, bool]:
    """(value, is N/A) from a Score cell: a whole number, or N/A in its usual spellings."""
    if _text(value).casefold() in _NA_WORDS:
        return None, True
    return _int(value), False


def read_form(path: str | Path) -> FilledForm:
    path = Path(path)
    name = path.name
    session = read_table(path, sheet=SESSION_SHEET, max_rows=100)
    fields = {_text(row[0]).casefold(): (row[1] if len(row) > 1 else None)
              for row in session.rows if row}
    if SESSION_ID.casefold() not in fields or GRADER.casefold() not in fields:
        raise BadInputError(f"{name} is not a Coachbench calibration form (its '{SESSION_SHEET}' "
                            "sheet has no session id or grader); export the forms again.")
    scores = read_table(path, sheet=SCORES_SHEET, max_rows=MAX_FORM_ROWS)
    headers = [h.strip().casefold() for h in scores.headers]
    missing = [h for h in SCORE_HEADERS if h.casefold() not in headers]
    if missing:
        raise BadInputError(f"{name}: the '{SCORES_SHEET}' sheet has no column "
                            f"{', '.join(repr(m) for m in missing)} (row {scores.header_row}); "
                            "export the form again and fill that one in.")
    column = {h: headers.index(h.casefold()) for h in SCORE_HEADERS}
    rows = []
    for number, cells in zip(scores.row_numbers, scores.rows):
        raw = cells[column["Score"]]
        value, na = parse_score(raw)
        rows.append(FormRow(number, _text(cells[column["Conversation"]]),
                            _text(cells[column["Criterion"]]), value, na,
                            NA_TEXT if na else _text(raw), _text(cells[column["Comment"]])))
    return FilledForm(name, _int(fields.get(SESSION_ID.casefold())),
                      _text(fields.get(GRADER.casefold())), _int(fields.get(VERSION.casefold())),
                      _text(fields.get(FINGERPRINT.casefold())), tuple(rows))
