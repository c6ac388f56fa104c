"""What a revealed calibration session shows: scores, spreads, alignment, alpha, the
discussion and the history across sessions. Refuses to say anything before the reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.analytics import agreement
from app.analytics.agreement import Reliability
from app.analytics.qa_scores import criterion_score, scale_values
from app.db import SessionFactory
from app.errors import BadInputError
from app.ingest.normalize import match_key
from app.models.calibration import (
    CalibrationDiscussion,
    CalibrationGuidanceNote,
    CalibrationScore,
    CalibrationSession,
)
from app.models.base import utc_now
from app.models.quality import Scorecard, ScorecardVersion
from app.services import scorecards
from app.services.calibration import SessionDetail, _detail, require_session
from app.services.scorecards import CriterionInfo


@dataclass(frozen=True)
class UnitResult:
    """One (conversation, criterion): every grader's value (None = N/A), the benchmark."""

    conversation_id: int
    conversation: str
    criterion: CriterionInfo
    values: dict[str, int | None]  # grader name -> value; a missing name did not rate
    comments: dict[str, str]
    benchmark: int | None
    benchmark_source: str  # "expert", "agreed" or "median"
    spread: float | None
    discuss: bool
    why: str
    note: str
    agreed_value: int | None
    agreed_na: bool

    def score(self, value: int | None) -> float | None:
        return None if value is None else criterion_score(value, self.criterion.scale)


@dataclass(frozen=True)
class GraderResult:
    name: str
    is_expert: bool
    alignment: float | None  # percent 0..100
    per_criterion: dict[str, float]  # criterion name -> percent


@dataclass(frozen=True)
class GuidanceNote:
    criterion: str
    note: str
    version: int | None  # the scorecard version that carries it


@dataclass(frozen=True)
class SessionResults:
    detail: SessionDetail
    units: tuple[UnitResult, ...]  # discuss first, then conversation and criterion order
    graders: tuple[GraderResult, ...]
    reliability: Reliability
    totals: dict[str, list[float | None]]  # grader -> review score per conversation
    benchmark_totals: list[float | None]
    guidance: tuple[GuidanceNote, ...]

    @property
    def to_discuss(self) -> int:
        return sum(1 for u in self.units if u.discuss)

    def report_json(self) -> dict:
        """The command line's ``report --json``: exactly the issue's keys, percents 0–100."""
        r = self.reliability
        return {
            "alpha": None if r.alpha is None else round(r.alpha, 4),
            "alpha_level": r.level,
            "percent_agreement": None if r.percent_agreement is None
            else round(r.percent_agreement, 2),
            "graders": {g.name: {"alignment": None if g.alignment is None
                                 else round(g.alignment, 2)} for g in self.graders},
            "criteria": [{"conversation": u.conversation, "criterion": u.criterion.name,
                          "spread": None if u.spread is None else round(u.spread, 2),
                          "benchmark": u.benchmark, "discuss": u.discuss}
                         for u in self.units],
        }


def _compute(session: Session, row: CalibrationSession) -> SessionResults:
    detail = _detail(session, row)
    criteria = detail.scorecard.criteria
    specs = [c.spec() for c in criteria]
    units = [((conv.id, c.id), spec) for conv in detail.conversations
             for c, spec in zip(criteria, specs)]
    graders = {g.id: g for g in detail.graders if g.submitted}
    ratings: dict[str, dict[tuple[int, int], int | None]] = {g.name: {} for g in
                                                               graders.values()}
    comments: dict[tuple[int, int], dict[str, str]] = {}
    for score in session.scalars(select(CalibrationScore)
                                 .where(CalibrationScore.grader_id.in_(graders))):
        name = graders[score.grader_id].name
        key = (score.conversation_id, score.criterion_id)
        ratings[name][key] = None if score.na else score.value
        if score.comment:
            comments.setdefault(key, {})[name] = score.comment
    discussions = {(d.conversation_id, d.criterion_id): d for d in session.scalars(
        select(CalibrationDiscussion).where(CalibrationDiscussion.session_id == row.id))}
    expert = detail.expert
    agreed = {k: (None if d.agreed_na else d.agreed_value) for k, d in discussions.items()
              if d.agreed_na or d.agreed_value is not None}
    bench = agreement.benchmark_values(units, ratings,
                                       expert=expert.name if expert else None, agreed=agreed)
    refs = {c.id: c.reference for c in detail.conversations}
    results: list[UnitResult] = []
    for (key, spec), criterion in zip(units, list(criteria) * len(detail.conversations)):
        values = {name: r[key] for name, r in ratings.items() if key in r}
        discuss, why = agreement.needs_discussion(spec, values.values(), bench[key])
        note = discussions.get(key)
        source = "expert" if expert else ("agreed" if key in agreed else "median")
        results.append(UnitResult(
            key[0], refs[key[0]], criterion, values, comments.get(key, {}), bench[key], source,
            agreement.spread([v for v in values.values() if v is not None], spec.scale),
            discuss, why, (note.note or "") if note else "",
            note.agreed_value if note else None, bool(note and note.agreed_na)))
    order = {c.id: i for i, c in enumerate(detail.conversations)}
    results.sort(key=lambda u: (not u.discuss, order[u.conversation_id], u.criterion.position))
    names = {c.id: c.name for c in criteria}
    grader_results = []
    for g in detail.graders:
        if not g.submitted:
            continue
        aligned = agreement.grader_alignment(units, ratings[g.name], bench)
        grader_results.append(GraderResult(
            g.name, g.is_expert, aligned.overall,
            {names[k]: v for k, v in aligned.per_criterion.items()}))
    totals = {name: [agreement.conversation_totals(specs, conv.id, r)
                     for conv in detail.conversations] for name, r in ratings.items()}
    bench_totals = [agreement.conversation_totals(specs, conv.id, bench)
                    for conv in detail.conversations]
    versions = {v.id: v.number for v in row_versions(session, row)}
    guidance = tuple(GuidanceNote(n.criterion_name, n.note, versions.get(n.applied_version_id))
                     for n in session.scalars(select(CalibrationGuidanceNote)
                                              .where(CalibrationGuidanceNote.session_id == row.id)
                                              .order_by(CalibrationGuidanceNote.id)))
    return SessionResults(detail, tuple(results), tuple(grader_results),
                          agreement.reliability(units, ratings), totals, bench_totals, guidance)


def row_versions(session: Session, row: CalibrationSession):
    version = session.get(ScorecardVersion, row.version_id)
    return version.scorecard.versions


def _require_revealed(row: CalibrationSession) -> None:
    if row.status != "revealed":
        waiting = [g.name for g in row.graders if g.submitted_at is None]
        raise BadInputError(
            f"The scores of '{row.title}' are hidden until the facilitator reveals them"
            + (f" (still waiting for {', '.join(waiting)})" if waiting else "")
            + ". Reveal them on the Calibration page.")


def session_results(session_factory: SessionFactory, session_id: int) -> SessionResults:
    with session_factory() as session:
        row = require_session(session, session_id)
        _require_revealed(row)
        return _compute(session, row)


def report_results(session_factory: SessionFactory, session_id: int) -> SessionResults:
    """For the command line: reveals the session first when every grader has submitted
    (the moment the window would offer the reveal); otherwise refuses like the window."""
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        if row.status != "revealed" and all(g.submitted_at for g in row.graders):
            row.status, row.revealed_at = "revealed", utc_now()
            session.flush()
        _require_revealed(row)
        return _compute(session, row)


# --------------------------------------------------------------------- discussion


def save_discussion(session_factory: SessionFactory, session_id: int, conversation_id: int,
                    criterion_id: int, *, note: str, agreed_value: int | None = None,
                    agreed_na: bool = False) -> None:
    """The group's note on a unit and, in consensus mode, the value it agreed on."""
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        _require_revealed(row)
        detail = _detail(session, row)
        criterion = next((c for c in detail.scorecard.criteria if c.id == criterion_id), None)
        if criterion is None or conversation_id not in {c.id for c in detail.conversations}:
            raise BadInputError("That criterion or conversation is not part of the session.")
        if row.benchmark == "expert" and (agreed_value is not None or agreed_na):
            raise BadInputError("This session's benchmark is the expert's scores; only the "
                                "consensus mode records an agreed value.")
        if agreed_na and not criterion.allow_na:
            raise BadInputError(f"'{criterion.name}' does not allow N/A.")
        if agreed_value is not None and agreed_value not in scale_values(criterion.scale):
            raise BadInputError(f"{agreed_value} is not on the scale of "
                                f"'{criterion.name}'.")
        found = session.scalar(select(CalibrationDiscussion).where(
            CalibrationDiscussion.session_id == row.id,
            CalibrationDiscussion.conversation_id == conversation_id,
            CalibrationDiscussion.criterion_id == criterion_id))
        if found is None:
            found = CalibrationDiscussion(session_id=row.id, conversation_id=conversation_id,
                                          criterion_id=criterion_id)
            session.add(found)
        found.note = note.strip() or None
        found.agreed_value = None if agreed_na else agreed_value
        found.agreed_na = agreed_na


@dataclass(frozen=True)
class GuidanceResult:
    scorecard: str
    version: int | None  # the version that now carries the note; None = kept only
    new_version: bool
    message: str


def add_to_guidance(session_factory: SessionFactory, session_id: int, criterion_id: int,
                    note: str) -> GuidanceResult:
    """Record a guidance sentence for the criterion and write it into the scorecard's next
    version through the QA service (a frozen current version makes a new one; a version
    still being edited takes it in place). A criterion no longer in the current version
    keeps the note here only, for the scorecard editor."""
    text = note.strip()
    if not text:
        raise BadInputError("Write the guidance sentence first.")
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        _require_revealed(row)
        detail = _detail(session, row)
        criterion = next((c for c in detail.scorecard.criteria if c.id == criterion_id), None)
        if criterion is None:
            raise BadInputError("That criterion is not part of the session's scorecard.")
        card = session.get(Scorecard, detail.scorecard.id)
        current = scorecards.latest_version(card)
        data = scorecards.version_detail(session, current).as_input()
        target = next((i for i, c in enumerate(data.criteria)
                       if match_key(c.name) == match_key(criterion.name)), None)
        stored = CalibrationGuidanceNote(session_id=row.id, scorecard_id=card.id,
                                         criterion_name=criterion.name, note=text)
        session.add(stored)
        if target is None:
            return GuidanceResult(card.name, None, False,
                                  f"'{criterion.name}' is no longer on the current version "
                                  "of the scorecard; the note is kept with this session.")
        old = data.criteria[target]
        guidance = f"{old.guidance}\n{text}".strip() if old.guidance else text
        data.criteria[target] = replace(old, guidance=guidance)
        result = scorecards.update_in(session, card, data)
        stored.applied_version_id = result.detail.version_id
        verb = "made version" if result.new_version else "added to version"
        return GuidanceResult(card.name, result.detail.version, result.new_version,
                              f"Guidance for '{criterion.name}' {verb} "
                              f"{result.detail.version} of '{card.name}'.")


# ------------------------------------------------------------------------ history


@dataclass(frozen=True)
class HistoryPoint:
    session_id: int
    title: str
    session_date: date
    alpha: float | None
    alignments: dict[str, float | None]  # grader name -> percent


def history(session_factory: SessionFactory, limit: int = 24) -> list[HistoryPoint]:
    """Every revealed session, oldest first, with its alpha and each grader's alignment."""
    with session_factory() as session:
        rows = session.scalars(select(CalibrationSession)
                               .where(CalibrationSession.status == "revealed")
                               .order_by(CalibrationSession.session_date.desc(),
                                         CalibrationSession.id.desc()).limit(limit)).all()
        points = []
        for row in reversed(rows):
            results = _compute(session, row)
            points.append(HistoryPoint(row.id, row.title, row.session_date,
                                       results.reliability.alpha,
                                       {g.name: g.alignment for g in results.graders
                                        if not g.is_expert}))
        return points
