"""Past QA reviews from a spreadsheet: columns Date, Agent, Reviewer, Ticket, Comment
(optional), then one column per criterion named as the criterion.

Pure: it checks every row against the scorecard's criteria and returns parsed rows and
row-numbered errors; the service matches agents and writes. A cell holds the chosen scale
value or ``N/A``; an empty cell is N/A where the criterion allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.analytics.qa_scores import scale_range
from app.errors import BadInputError
from app.ingest.dates import decide_day_first, is_empty, parse_date
from app.ingest.normalize import clean_text, match_key
from app.ingest.readers import Cell, Table

REQUIRED = ("Date", "Agent", "Reviewer", "Ticket")
OPTIONAL = ("Comment",)
_BINARY_WORDS = {"yes": 1, "y": 1, "pass": 1, "true": 1, "no": 0, "n": 0, "fail": 0,
                 "false": 0}


@dataclass(frozen=True)
class SheetCriterion:
    key: int
    name: str
    scale: int
    allow_na: bool


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def text(self) -> str:
        where = f", column {self.column}" if self.column else ""
        return f"Row {self.row}{where}: {self.reason}"


@dataclass
class SheetReview:
    row: int
    review_date: date
    agent: str
    reviewer: str
    ticket: str
    comment: str
    values: dict[int, int | None]  # criterion key -> value, None = N/A


@dataclass
class ParsedSheet:
    reviews: list[SheetReview] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})


def parse_review_sheet(table: Table, criteria: list[SheetCriterion]) -> ParsedSheet:
    """Check the header (a missing column is a BadInputError for the whole file), then
    every row; a row with any error is left out of ``reviews`` and listed in ``errors``."""
    columns = {match_key(h): i for i, h in enumerate(table.headers) if h and h.strip()}
    wanted = list(REQUIRED) + [c.name for c in criteria]
    missing = [name for name in wanted if match_key(name) not in columns]
    if missing:
        raise BadInputError(
            f"{table.source or 'The sheet'} has no column {', '.join(repr(m) for m in missing)}."
            f" A review sheet needs {', '.join(REQUIRED)}, optionally Comment, and one column "
            "per criterion named exactly as on the scorecard.")
    known = {match_key(n) for n in wanted + list(OPTIONAL)}
    extra = [h for h in table.headers if h and h.strip() and match_key(h) not in known]
    result = ParsedSheet(rows_read=len(table.rows))
    if extra:
        result.warnings.append("Columns ignored (not on the scorecard): " + ", ".join(extra))
    date_index = columns[match_key("Date")]
    day_first, warning = decide_day_first("Date", table.column(date_index))
    if warning:
        result.warnings.append(warning)
    comment_index = columns.get(match_key("Comment"))
    for cells, number in zip(table.rows, table.row_numbers):
        if all(is_empty(c) for c in cells):
            result.rows_read -= 1
            continue
        errors: list[RowError] = []
        review_date = None
        try:
            review_date = parse_date(cells[date_index], day_first)
            if review_date is None:
                errors.append(RowError(number, "Date", "the date is empty."))
        except ValueError as exc:
            errors.append(RowError(number, "Date", str(exc)))
        texts = {}
        for name in ("Agent", "Reviewer"):
            texts[name] = _text(cells[columns[match_key(name)]])
            if not texts[name]:
                errors.append(RowError(number, name, f"the {name.lower()} is empty."))
        values: dict[int, int | None] = {}
        for criterion in criteria:
            cell = cells[columns[match_key(criterion.name)]]
            try:
                values[criterion.key] = _value(cell, criterion)
            except ValueError as exc:
                errors.append(RowError(number, criterion.name, str(exc)))
        if not errors and all(v is None for v in values.values()):
            errors.append(RowError(number, "", "every criterion is N/A; rate at least one."))
        if errors:
            result.errors.extend(errors)
            continue
        result.reviews.append(SheetReview(
            number, review_date, texts["Agent"], texts["Reviewer"],
            _text(cells[columns[match_key("Ticket")]]),
            _text(cells[comment_index]) if comment_index is not None else "", values))
    return result


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return clean_text(cell) or ""


def _value(cell: Cell, criterion: SheetCriterion) -> int | None:
    low, high = scale_range(criterion.scale)
    allowed = f"{low}–{high}" + (" or N/A" if criterion.allow_na else "")
    if is_empty(cell):
        if criterion.allow_na:
            return None
        raise ValueError(f"empty, but this criterion cannot be N/A; write {low}–{high}.")
    if isinstance(cell, bool):
        number: float = int(cell)
    elif isinstance(cell, int | float):
        number = cell
    else:
        text = str(cell).strip().casefold()
        if criterion.scale == 2 and text in _BINARY_WORDS:
            return _BINARY_WORDS[text]
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"'{str(cell)[:30]}' is not a score; write {allowed}.") from None
    if not float(number).is_integer() or not low <= number <= high:
        raise ValueError(f"{number:g} is outside the scale; write {allowed}.")
    return int(number)
