"""Import past QA reviews from a CSV or workbook, all or nothing.

Nothing is written unless every row is valid, or the caller says to skip the bad rows
(the window asks the user after showing them; the command line has --skip-bad-rows).
Rows already imported (same agent, date, reviewer, conversation and scorecard version)
are not added twice, so importing the same sheet again is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.db import SessionFactory
from app.ingest.normalize import match_key
from app.ingest.qa_reviews import RowError, SheetCriterion, parse_review_sheet
from app.ingest.readers import read_table
from app.models import Agent, AgentAlias, Ticket
from app.models.quality import Review
from app.progress import Progress
from app.services.reviews import RatingInput, ReviewInput, save_review_in
from app.services.scorecards import find_scorecard, latest_version

MAX_ROWS = 50_000


@dataclass
class ReviewImportResult:
    file: str
    scorecard: str
    version: int
    rows_read: int
    valid: int
    imported: int = 0
    already_there: int = 0
    skipped: int = 0  # bad rows left out
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    def as_json(self) -> dict:
        return {"file": self.file, "scorecard": self.scorecard, "version": self.version,
                "rows_read": self.rows_read, "valid": self.valid, "imported": self.imported,
                "already_there": self.already_there, "skipped": self.skipped,
                "written": self.written, "warnings": self.warnings,
                "errors": [{"row": e.row, "column": e.column, "reason": e.reason}
                           for e in self.errors]}


def _agent_lookup(session) -> dict[str, list[int]]:
    """Folded name, e-mail or alias -> agent ids (several ids = ambiguous)."""
    lookup: dict[str, set[int]] = {}
    for agent in session.scalars(select(Agent)):
        for key in (match_key(agent.full_name), agent.email):
            if key:
                lookup.setdefault(key, set()).add(agent.id)
    for alias in session.scalars(select(AgentAlias)):
        lookup.setdefault(alias.alias_key, set()).add(alias.agent_id)
    return {k: sorted(v) for k, v in lookup.items()}


def import_reviews(session_factory: SessionFactory, path: str | Path, scorecard_name: str, *,
                   skip_bad_rows: bool = False, dry_run: bool = False,
                   progress: Progress | None = None) -> ReviewImportResult:
    """Check (and unless ``dry_run`` or there are bad rows not to be skipped, write) the
    sheet's reviews against the current version of ``scorecard_name``."""
    table = read_table(path, max_rows=MAX_ROWS)
    with session_factory.begin() as session:
        scorecard = find_scorecard(session, scorecard_name)
        version = latest_version(scorecard)
        criteria = [SheetCriterion(c.id, c.name, c.scale, c.allow_na) for c in version.criteria]
        parsed = parse_review_sheet(table, criteria)
        result = ReviewImportResult(Path(path).name, scorecard.name, version.number,
                                    parsed.rows_read, 0, errors=list(parsed.errors),
                                    warnings=list(parsed.warnings))
        agents = _agent_lookup(session)
        ready = []
        for row in parsed.reviews:
            ids = agents.get(match_key(row.agent), [])
            if len(ids) != 1:
                reason = (f"no agent called '{row.agent}' in the roster; add them or an alias."
                          if not ids else f"'{row.agent}' matches several agents; use an e-mail.")
                result.errors.append(RowError(row.row, "Agent", reason))
                continue
            ready.append((row, ids[0]))
        result.errors.sort(key=lambda e: e.row)
        result.valid = len(ready)
        if dry_run or (result.errors and not skip_bad_rows):
            session.rollback()
            return result
        result.skipped = result.bad_rows
        tickets = _tickets_by_ref(session, {row.ticket for row, _ in ready if row.ticket})
        for done, (row, agent_id) in enumerate(ready):
            if progress is not None and done % 25 == 0:
                progress.report(done, len(ready), f"Importing review {done + 1} of {len(ready)}")
                progress.check()
            if _already_there(session, agent_id, version.id, row):
                result.already_there += 1
                continue
            data = ReviewInput(
                agent_id, version.id, row.reviewer, row.review_date,
                {key: RatingInput(na=True) if value is None else RatingInput(value)
                 for key, value in row.values.items()},
                ticket_id=tickets.get(row.ticket), conversation_ref=row.ticket,
                comment=row.comment)
            save_review_in(session, None, data, finalise=True, source="import", log=False)
            result.imported += 1
        result.written = True
        return result


def _tickets_by_ref(session, refs: set[str]) -> dict[str, int]:
    if not refs:
        return {}
    found: dict[str, int] = {}
    cleaned = {ref.lstrip("#"): ref for ref in refs}
    for chunk in _chunks(sorted(cleaned), 500):
        for ticket_id, external in session.execute(
                select(Ticket.id, Ticket.external_id).where(Ticket.external_id.in_(chunk))):
            found[cleaned[external]] = ticket_id
    return found


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _already_there(session, agent_id: int, version_id: int, row) -> bool:
    return session.scalar(select(Review.id).where(
        Review.agent_id == agent_id, Review.version_id == version_id,
        Review.review_date == row.review_date, Review.reviewer == row.reviewer,
        Review.conversation_ref == (row.ticket or None), Review.source == "import").limit(1)
    ) is not None
