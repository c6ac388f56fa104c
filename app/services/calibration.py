"""Calibration sessions: create them, score blind, reveal, discuss.

Blindness is enforced here, not only in the window: before the facilitator reveals, no
function returns anybody's values (``get_session`` says who has submitted, nothing more;
``session_results`` refuses). A grader submits once; scores then stay hidden and fixed.
Results, discussion and the report live in ``calibration_results``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.analytics.qa_scores import scale_values
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.ingest.normalize import clean_text, match_key
from app.models.base import utc_now
from app.models.calibration import (
    CalibrationConversation,
    CalibrationGrader,
    CalibrationScore,
    CalibrationSession,
)
from app.models.people import Agent
from app.models.quality import ScorecardVersion
from app.services import scorecards
from app.services.scorecards import ScorecardDetail

MAX_CONVERSATIONS = 5
MAX_GRADERS = 30


@dataclass(frozen=True)
class ConversationInput:
    reference: str
    transcript: str = ""


@dataclass
class SessionInput:
    title: str
    session_date: date
    version_id: int
    conversations: list[ConversationInput]
    graders: list[str]
    facilitator: str = ""
    expert: str | None = None  # None = the benchmark is the group's consensus


@dataclass(frozen=True)
class ConversationInfo:
    id: int
    position: int
    reference: str
    transcript: str


@dataclass(frozen=True)
class GraderInfo:
    id: int
    name: str
    is_expert: bool
    on_roster: bool
    submitted: bool
    source: str  # "laptop", "form" or "" (not yet)


@dataclass(frozen=True)
class SessionDetail:
    """A session without any score: safe to show while grading is still blind."""

    id: int
    title: str
    session_date: date
    facilitator: str
    benchmark: str  # "expert" or "consensus"
    status: str  # "scoring" or "revealed"
    scorecard: ScorecardDetail
    conversations: tuple[ConversationInfo, ...]
    graders: tuple[GraderInfo, ...]

    @property
    def revealed(self) -> bool:
        return self.status == "revealed"

    @property
    def expert(self) -> GraderInfo | None:
        return next((g for g in self.graders if g.is_expert), None)

    @property
    def waiting_for(self) -> list[str]:
        return [g.name for g in self.graders if not g.submitted]

    def grader(self, name: str) -> GraderInfo | None:
        key = match_key(name)
        return next((g for g in self.graders if match_key(g.name) == key), None)


@dataclass(frozen=True)
class SessionSummary:
    id: int
    title: str
    session_date: date
    scorecard: str
    status: str
    graders: int
    submitted: int
    conversations: int


@dataclass(frozen=True)
class ScoreInput:
    """One rating on a grader's form: a value, or N/A (``na``), with an optional comment."""

    value: int | None = None
    na: bool = False
    comment: str = ""

    @property
    def is_set(self) -> bool:
        return self.na or self.value is not None


ScoreKey = tuple[int, int]  # (conversation id, criterion id)


@dataclass
class SubmitResult:
    grader: str
    all_submitted: bool
    waiting_for: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------- creating


def _clean_names(names: list[str]) -> list[str]:
    result: list[str] = []
    seen: set[str] = set()
    for name in names:
        text = clean_text(name) or ""
        if not text:
            continue
        if match_key(text) in seen:
            raise BadInputError(f"'{text}' is listed twice as a grader; list each grader once.")
        seen.add(match_key(text))
        result.append(text)
    return result


def _validate(data: SessionInput) -> tuple[str, list[ConversationInput], list[str]]:
    title = clean_text(data.title) or ""
    if not title:
        raise BadInputError("The session needs a title, e.g. 'Refund calls, November'.")
    conversations = [ConversationInput(clean_text(c.reference) or "", (c.transcript or "").strip())
                     for c in data.conversations if (clean_text(c.reference) or "")]
    if not 1 <= len(conversations) <= MAX_CONVERSATIONS:
        raise BadInputError(f"A session scores one to {MAX_CONVERSATIONS} conversations; "
                            f"{len(conversations)} were given.")
    refs = [match_key(c.reference) for c in conversations]
    if len(set(refs)) != len(refs):
        raise BadInputError("The same conversation is listed twice; list each one once.")
    graders = _clean_names(data.graders)
    if data.expert and match_key(data.expert) not in {match_key(g) for g in graders}:
        graders.append(clean_text(data.expert) or "")
    if len(graders) < 2:
        raise BadInputError("A calibration needs at least two graders; name them all.")
    if len(graders) > MAX_GRADERS:
        raise BadInputError(f"At most {MAX_GRADERS} graders can take part in one session.")
    return title, conversations, graders


def create_session(session_factory: SessionFactory, data: SessionInput) -> SessionDetail:
    title, conversations, graders = _validate(data)
    with session_factory.begin() as session:
        version = scorecards.require_version(session, data.version_id)
        # The session scores with this version: freeze it, so editing the scorecard later
        # makes a new version and the session keeps its criteria.
        scorecards.freeze_version(session, version.id)
        roster = {match_key(a.full_name): a.id for a in session.scalars(select(Agent))}
        expert_key = match_key(data.expert) if data.expert else None
        row = CalibrationSession(title=title, session_date=data.session_date,
                                 version_id=version.id,
                                 facilitator=clean_text(data.facilitator) or "",
                                 benchmark="expert" if expert_key else "consensus")
        for position, c in enumerate(conversations):
            row.conversations.append(CalibrationConversation(
                position=position, reference=c.reference, transcript=c.transcript or None))
        for position, name in enumerate(graders):
            row.graders.append(CalibrationGrader(
                position=position, name=name, agent_id=roster.get(match_key(name)),
                is_expert=match_key(name) == expert_key))
        session.add(row)
        session.flush()
        return _detail(session, row)


def create_from_names(session_factory: SessionFactory, *, title: str, scorecard: str,
                      graders: list[str], conversations: list[str], expert: str | None,
                      session_date: date, facilitator: str = "") -> SessionDetail:
    """The command line's way in: the scorecard by name (its current version)."""
    with session_factory() as session:
        card = scorecards.find_scorecard(session, scorecard)
        version_id = scorecards.current_version(session, card).id
    return create_session(session_factory, SessionInput(
        title, session_date, version_id, [ConversationInput(r) for r in conversations],
        graders, facilitator, expert))


def delete_session(session_factory: SessionFactory, session_id: int) -> None:
    with session_factory.begin() as session:
        session.delete(require_session(session, session_id))


# ------------------------------------------------------------------------ reading


def require_session(session: Session, session_id: int) -> CalibrationSession:
    row = session.get(CalibrationSession, session_id)
    if row is None:
        raise NotFoundError(f"Calibration session #{session_id} does not exist; list the "
                            "sessions on the Calibration page.")
    return row


def _detail(session: Session, row: CalibrationSession) -> SessionDetail:
    version = session.get(ScorecardVersion, row.version_id)
    return SessionDetail(
        id=row.id, title=row.title, session_date=row.session_date,
        facilitator=row.facilitator, benchmark=row.benchmark, status=row.status,
        scorecard=scorecards.version_detail(session, version),
        conversations=tuple(ConversationInfo(c.id, c.position, c.reference, c.transcript or "")
                            for c in row.conversations),
        graders=tuple(GraderInfo(g.id, g.name, g.is_expert, g.agent_id is not None,
                                 g.submitted_at is not None, g.source or "")
                      for g in row.graders))


def get_session(session_factory: SessionFactory, session_id: int) -> SessionDetail:
    with session_factory() as session:
        return _detail(session, require_session(session, session_id))


def list_sessions(session_factory: SessionFactory) -> list[SessionSummary]:
    with session_factory() as session:
        rows = session.scalars(
            select(CalibrationSession)
            .options(selectinload(CalibrationSession.graders),
                     selectinload(CalibrationSession.conversations))
            .order_by(CalibrationSession.session_date.desc(), CalibrationSession.id.desc())).all()
        wanted = {r.version_id for r in rows}
        cards = {v.id: f"{v.scorecard.name} v{v.number}" for v in session.scalars(
            select(ScorecardVersion).where(ScorecardVersion.id.in_(wanted)))}
        return [SessionSummary(r.id, r.title, r.session_date, cards.get(r.version_id, ""),
                               r.status, len(r.graders),
                               sum(1 for g in r.graders if g.submitted_at), len(r.conversations))
                for r in rows]


def count_sessions(session_factory: SessionFactory) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count(CalibrationSession.id))) or 0


# ------------------------------------------------------------------------ scoring


def check_scores(detail: SessionDetail, scores: Mapping[ScoreKey, ScoreInput]) -> list[str]:
    """Every reason a grader's score set cannot be submitted (complete, in range, N/A only
    where the scorecard allows it)."""
    problems: list[str] = []
    for conversation in detail.conversations:
        for criterion in detail.scorecard.criteria:
            where = f"conversation {conversation.reference}, '{criterion.name}'"
            score = scores.get((conversation.id, criterion.id))
            if score is None or not score.is_set:
                problems.append(f"{where} is not rated yet.")
            elif score.na and not criterion.allow_na:
                problems.append(f"{where}: N/A is not allowed on this criterion.")
            elif not score.na and score.value not in scale_values(criterion.scale):
                values = scale_values(criterion.scale)
                problems.append(f"{where}: {score.value} is outside {values[0]}..{values[-1]}.")
    return problems


def write_scores(session: Session, row: CalibrationSession, grader: CalibrationGrader,
                 scores: Mapping[ScoreKey, ScoreInput], source: str) -> None:
    """Store one complete, checked score set and mark the grader as submitted."""
    grader.scores.clear()
    session.flush()
    for (conversation_id, criterion_id), score in scores.items():
        grader.scores.append(CalibrationScore(
            conversation_id=conversation_id, criterion_id=criterion_id,
            value=None if score.na else score.value, na=score.na,
            comment=score.comment.strip() or None))
    grader.submitted_at = utc_now()
    grader.source = source
    row.updated_at = utc_now()


def ensure_open(row: CalibrationSession) -> None:
    if row.status == "revealed":
        raise BadInputError(f"'{row.title}' has been revealed; scores can no longer be "
                            "added or changed.")


def submit_scores(session_factory: SessionFactory, session_id: int, grader_id: int,
                  scores: Mapping[ScoreKey, ScoreInput]) -> SubmitResult:
    """A grader's blind score set from the laptop. Refused when incomplete or already in."""
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        ensure_open(row)
        grader = next((g for g in row.graders if g.id == grader_id), None)
        if grader is None:
            raise NotFoundError("That grader is not part of this session.")
        if grader.submitted_at is not None:
            raise BadInputError(f"{grader.name} has already submitted; scores stay as "
                                "submitted until the reveal.")
        problems = check_scores(_detail(session, row), scores)
        if problems:
            raise BadInputError(f"{len(problems)} to fix before submitting: {problems[0]}")
        write_scores(session, row, grader, scores, "laptop")
        session.flush()
        waiting = [g.name for g in row.graders if g.submitted_at is None]
        return SubmitResult(grader.name, not waiting, waiting)


def reveal(session_factory: SessionFactory, session_id: int) -> SessionDetail:
    """Show the scores to everyone. Needs at least two score sets to compare."""
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        if row.status != "revealed":
            submitted = [g for g in row.graders if g.submitted_at is not None]
            if len(submitted) < 2:
                raise BadInputError("At least two graders must submit before the reveal; "
                                    f"{len(submitted)} has so far.")
            expert = next((g for g in row.graders if g.is_expert), None)
            if expert is not None and expert.submitted_at is None:
                raise BadInputError(f"The expert benchmark ({expert.name}) has not submitted "
                                    "yet; the results need their scores.")
            row.status = "revealed"
            row.revealed_at = utc_now()
        return _detail(session, row)


def revealed_at(session_factory: SessionFactory, session_id: int) -> datetime | None:
    with session_factory() as session:
        return require_session(session, session_id).revealed_at
