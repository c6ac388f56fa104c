"""QA scorecards: create, edit (with version freezing), list, and share as JSON.

A version that has scored a review is frozen; saving changes to its scorecard then makes
a new version, so every old review keeps the criteria, scales and weights it was scored
with. The JSON format is the issue's: ``{"name", "pass_threshold", "criteria": [{"section",
"name", "guidance", "weight", "scale", "allow_na", "critical"}]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.analytics.qa_scores import CriterionSpec
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.ingest.normalize import match_key
from app.models.base import utc_now
from app.models.quality import Review, Scorecard, ScorecardCriterion, ScorecardVersion
from app.services.scorecard_input import (  # noqa: F401  (part of this module's API)
    CriterionInput,
    ScorecardInput,
    cleaned,
    describe_changes,
    validate,
)

SCALE_LABELS = {2: "Yes / No (0–1)", 3: "3-point (1–3)", 4: "4-point (1–4)", 5: "5-point (1–5)"}
MAX_JSON_BYTES = 1_000_000


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    position: int
    section: str
    name: str
    guidance: str
    weight: float
    scale: int
    allow_na: bool
    critical: bool

    def spec(self) -> CriterionSpec:
        return CriterionSpec(self.id, self.name, self.weight, self.scale, self.allow_na,
                             self.critical)

    def as_input(self) -> CriterionInput:
        return CriterionInput(self.name, self.weight, self.scale, self.section,
                              self.guidance, self.allow_na, self.critical)


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    created_at: datetime
    frozen: bool
    change_note: str
    reviews: int


@dataclass(frozen=True)
class ScorecardDetail:
    """One version of a scorecard with everything needed to show, edit or score with it."""

    id: int
    name: str
    channels: tuple[str, ...]
    version_id: int
    version: int
    current_version: int
    pass_threshold: float
    frozen: bool
    criteria: tuple[CriterionInfo, ...]
    versions: tuple[VersionInfo, ...] = ()

    @property
    def is_current(self) -> bool:
        return self.version == self.current_version

    def as_input(self) -> ScorecardInput:
        return ScorecardInput(self.name, self.pass_threshold,
                              [c.as_input() for c in self.criteria], list(self.channels))


@dataclass(frozen=True)
class ScorecardSummary:
    id: int
    name: str
    current_version_id: int
    version: int
    criteria: int
    pass_threshold: float
    channels: tuple[str, ...]
    frozen: bool
    reviews: int


@dataclass(frozen=True)
class SaveResult:
    detail: ScorecardDetail
    new_version: bool  # the old version was frozen, so the changes made a new one
    changed: bool  # False when the input equalled the current version


# ------------------------------------------------------------------------- reading


def latest_version(scorecard: Scorecard) -> ScorecardVersion:
    return max(scorecard.versions, key=lambda v: v.number)


def _review_counts(session: Session, version_ids: list[int]) -> dict[int, int]:
    if not version_ids:
        return {}
    rows = session.execute(select(Review.version_id, func.count(Review.id))
                           .where(Review.version_id.in_(version_ids))
                           .group_by(Review.version_id))
    return {vid: n for vid, n in rows}


def criterion_info(c: ScorecardCriterion) -> CriterionInfo:
    return CriterionInfo(c.id, c.position, c.section or "", c.name, c.guidance or "",
                         c.weight, c.scale, c.allow_na, c.critical)


def _channels(text: str | None) -> tuple[str, ...]:
    return tuple(line for line in (text or "").splitlines() if line.strip())


def version_detail(session: Session, version: ScorecardVersion,
                   with_history: bool = False) -> ScorecardDetail:
    scorecard = version.scorecard
    versions: tuple[VersionInfo, ...] = ()
    if with_history:
        counts = _review_counts(session, [v.id for v in scorecard.versions])
        versions = tuple(VersionInfo(v.id, v.number, v.created_at, v.frozen_at is not None,
                                     v.change_note or "", counts.get(v.id, 0))
                         for v in sorted(scorecard.versions, key=lambda v: -v.number))
    return ScorecardDetail(
        id=scorecard.id, name=scorecard.name, channels=_channels(scorecard.channels),
        version_id=version.id, version=version.number,
        current_version=latest_version(scorecard).number, pass_threshold=version.pass_threshold,
        frozen=version.frozen_at is not None,
        criteria=tuple(criterion_info(c) for c in version.criteria), versions=versions)


def list_scorecards(session_factory: SessionFactory) -> list[ScorecardSummary]:
    with session_factory() as session:
        scorecards = session.scalars(
            select(Scorecard).where(Scorecard.archived.is_(False))
            .options(selectinload(Scorecard.versions).selectinload(ScorecardVersion.criteria))
            .order_by(func.lower(Scorecard.name))).all()
        counts = _review_counts(session, [v.id for s in scorecards for v in s.versions])
        result = []
        for s in scorecards:
            current = latest_version(s)
            result.append(ScorecardSummary(
                s.id, s.name, current.id, current.number, len(current.criteria),
                current.pass_threshold, _channels(s.channels), current.frozen_at is not None,
                sum(counts.get(v.id, 0) for v in s.versions)))
        return result


def get_scorecard(session_factory: SessionFactory, scorecard_id: int) -> ScorecardDetail:
    """The current version, with the version history."""
    with session_factory() as session:
        scorecard = session.get(Scorecard, scorecard_id)
        if scorecard is None:
            raise NotFoundError(f"Scorecard #{scorecard_id} no longer exists; refresh the list.")
        return version_detail(session, latest_version(scorecard), with_history=True)


def get_version(session_factory: SessionFactory, version_id: int) -> ScorecardDetail:
    with session_factory() as session:
        return version_detail(session, require_version(session, version_id), with_history=True)


def require_version(session: Session, version_id: int) -> ScorecardVersion:
    version = session.get(ScorecardVersion, version_id)
    if version is None:
        raise NotFoundError(f"Scorecard version #{version_id} no longer exists.")
    return version


def find_scorecard(session: Session, name: str) -> Scorecard:
    key = match_key(name)
    for scorecard in session.scalars(select(Scorecard)):
        if match_key(scorecard.name) == key:
            return scorecard
    names = ", ".join(session.scalars(select(Scorecard.name).order_by(Scorecard.name))) or "none"
    raise NotFoundError(f"No scorecard called '{name}' (scorecards: {names}).")


def current_version(session: Session, scorecard: Scorecard) -> ScorecardVersion:
    return latest_version(scorecard)


# ------------------------------------------------------------------------- writing


def freeze_version(session: Session, version_id: int) -> None:
    """Mark a version as used for scoring (reviews and calibration sessions call this)."""
    version = require_version(session, version_id)
    if version.frozen_at is None:
        version.frozen_at = utc_now()


def _fill_version(session: Session, version: ScorecardVersion, data: ScorecardInput) -> None:
    """Replace the content of an unfrozen version (no review points at its criteria)."""
    version.pass_threshold = data.pass_threshold
    if version.criteria:
        version.criteria.clear()
        session.flush()  # the old rows go before new ones reuse their names
    for position, c in enumerate(data.criteria):
        version.criteria.append(ScorecardCriterion(
            position=position, section=c.section, name=c.name, guidance=c.guidance or None,
            weight=float(c.weight), scale=c.scale, allow_na=c.allow_na, critical=c.critical))


def _check(data: ScorecardInput) -> ScorecardInput:
    data = cleaned(data)
    errors = validate(data)
    if errors:
        raise BadInputError(" ".join(errors))
    return data


def _name_taken(session: Session, name: str, scorecard_id: int | None) -> bool:
    return any(match_key(s.name) == match_key(name) and s.id != scorecard_id
               for s in session.scalars(select(Scorecard)))


def create_in(session: Session, data: ScorecardInput) -> Scorecard:
    data = _check(data)
    if _name_taken(session, data.name, None):
        raise BadInputError(f"A scorecard called '{data.name}' already exists; choose "
                            "another name or edit that one.")
    scorecard = Scorecard(name=data.name, channels="\n".join(data.channels) or None)
    version = ScorecardVersion(number=1, change_note="First version")
    scorecard.versions.append(version)
    _fill_version(session, version, data)
    session.add(scorecard)
    session.flush()
    return scorecard


def update_in(session: Session, scorecard: Scorecard, data: ScorecardInput) -> SaveResult:
    data = _check(data)
    if _name_taken(session, data.name, scorecard.id):
        raise BadInputError(f"Another scorecard is called '{data.name}'; choose another name.")
    current = latest_version(scorecard)
    old = version_detail(session, current).as_input()
    changes = describe_changes(old, data)
    renamed = scorecard.name != data.name
    scorecard.name = data.name
    scorecard.channels = "\n".join(data.channels) or None
    content_changed = [c for c in changes if not c.startswith("Channels")]
    if not content_changed:
        session.flush()
        return SaveResult(version_detail(session, current, True), False,
                          bool(changes) or renamed)
    new_version = current.frozen_at is not None
    if new_version:
        version = ScorecardVersion(number=current.number + 1, change_note="; ".join(changes))
        scorecard.versions.append(version)
    else:
        version = current
        note = current.change_note if current.number == 1 else None
        version.change_note = note or "; ".join(changes)
    _fill_version(session, version, data)
    session.flush()
    session.refresh(scorecard)
    return SaveResult(version_detail(session, version, True), new_version, True)


def create_scorecard(session_factory: SessionFactory, data: ScorecardInput) -> ScorecardDetail:
    with session_factory.begin() as session:
        scorecard = create_in(session, data)
        return version_detail(session, latest_version(scorecard), with_history=True)


def update_scorecard(session_factory: SessionFactory, scorecard_id: int,
                     data: ScorecardInput) -> SaveResult:
    with session_factory.begin() as session:
        scorecard = session.get(Scorecard, scorecard_id)
        if scorecard is None:
            raise NotFoundError(f"Scorecard #{scorecard_id} no longer exists; refresh the list.")
        return update_in(session, scorecard, data)


def archive_scorecard(session_factory: SessionFactory, scorecard_id: int) -> None:
    """Hide a scorecard from new reviews; its reviews keep it."""
    with session_factory.begin() as session:
        scorecard = session.get(Scorecard, scorecard_id)
        if scorecard is None:
            raise NotFoundError(f"Scorecard #{scorecard_id} no longer exists.")
        used = sum(_review_counts(session, [v.id for v in scorecard.versions]).values())
        # A frozen version may also be held by calibration sessions: keep it, hidden.
        if used or any(v.frozen_at is not None for v in scorecard.versions):
            scorecard.archived = True
        else:
            session.delete(scorecard)


# ---------------------------------------------------------------------- JSON sharing


def parse_json(text: str, source: str = "the file") -> ScorecardInput:
    """A scorecard from the sharing format; BadInputError naming the field that is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{source} is not valid JSON (line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}).") from None
    if not isinstance(data, dict):
        raise BadInputError(f"{source} must hold one JSON object with name, pass_threshold "
                            "and criteria.")
    missing = [k for k in ("name", "criteria") if k not in data]
    if missing:
        raise BadInputError(f"{source} has no {' or '.join(missing)}; a scorecard needs "
                            "name, pass_threshold and criteria.")
    if not isinstance(data["criteria"], list):
        raise BadInputError(f"{source}: criteria must be a list.")
    criteria = []
    for number, item in enumerate(data["criteria"], start=1):
        if not isinstance(item, dict) or "name" not in item:
            raise BadInputError(f"{source}: criterion {number} must be an object with a name.")
        try:
            criteria.append(CriterionInput(
                name=str(item["name"]), weight=_number(item.get("weight", 1), "weight"),
                scale=int(_number(item.get("scale", 2), "scale")),
                section=str(item.get("section") or ""),
                guidance=str(item.get("guidance") or ""),
                allow_na=_flag(item.get("allow_na", False), "allow_na"),
                critical=_flag(item.get("critical", False), "critical")))
        except ValueError as exc:
            raise BadInputError(f"{source}: criterion {number} ({item['name']}): {exc}") from None
    try:
        threshold = _number(data.get("pass_threshold", 85), "pass_threshold")
    except ValueError as exc:
        raise BadInputError(f"{source}: {exc}") from None
    channels = data.get("channels") or []
    if not isinstance(channels, list):
        channels = [str(channels)]
    parsed = ScorecardInput(str(data["name"]), threshold, criteria, [str(c) for c in channels])
    errors = validate(cleaned(parsed))
    if errors:
        raise BadInputError(f"{source}: " + " ".join(errors))
    return cleaned(parsed)


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    return float(value)


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, not {value!r}.")
    return value


def read_json_file(path: str | Path) -> ScorecardInput:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise BadInputError(f"{path.name} is too large for a scorecard (over 1 MB).")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInputError(f"{path} does not exist; choose the file again.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path.name} cannot be read ({exc}).") from None
    return parse_json(text, path.name)


def import_scorecard(session_factory: SessionFactory, path: str | Path) -> SaveResult:
    """Add the scorecard in ``path``; one of the same name gets it as its new content
    (a new version when the current one has scored reviews)."""
    data = read_json_file(path)
    with session_factory.begin() as session:
        try:
            existing = find_scorecard(session, data.name)
        except NotFoundError:
            scorecard = create_in(session, data)
            return SaveResult(version_detail(session, latest_version(scorecard), True), False, True)
        return update_in(session, existing, data)


def export_scorecard(session_factory: SessionFactory, name: str, path: str | Path) -> Path:
    with session_factory() as session:
        scorecard = find_scorecard(session, name)
        data = version_detail(session, latest_version(scorecard)).as_input().to_json()
    path = Path(path)
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"Cannot write {path} ({exc.strerror or exc}).") from None
    return path


def default_scorecard() -> ScorecardInput:
    text = (files("app.resources") / "scorecards" / "default.json").read_text(encoding="utf-8")
    return parse_json(text, "default.json")


def ensure_default(session: Session) -> Scorecard:
    """The shipped scorecard, added on first use (demo, first review)."""
    data = default_scorecard()
    try:
        return find_scorecard(session, data.name)
    except NotFoundError:
        return create_in(session, data)
