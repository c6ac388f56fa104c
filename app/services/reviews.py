"""Conversation reviews: save as draft, finalise, list, open, delete, find the conversation.

Scores are computed by ``app.analytics.qa_scores`` from the review's own scorecard version
and cached on the review, so lists and IQS never recompute them. Saving a review freezes
its version. "Needs coaching" on a finalised review (or one of its criteria) queues a
talking point for the agent's next one-on-one in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.analytics.qa_scores import review_score, scale_range
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.ingest.normalize import clean_text
from app.models import Agent, Team, Ticket
from app.models.base import utc_now
from app.models.quality import (
    Dispute,
    Review,
    ReviewEvent,
    ReviewRating,
    Scorecard,
    ScorecardVersion,
)
from app.services.quality_stats import conversation_text
from app.services.scorecards import (
    ScorecardDetail,
    criterion_info,
    freeze_version,
    latest_version,
    require_version,
    version_detail,
)
from app.services.talking_points import queue_talking_point


@dataclass
class RatingInput:
    value: int | None = None  # None with na=False: not rated yet
    na: bool = False
    comment: str = ""
    needs_coaching: bool = False

    @property
    def is_set(self) -> bool:
        return self.na or self.value is not None


@dataclass
class ReviewInput:
    agent_id: int
    version_id: int
    reviewer: str
    review_date: date
    ratings: dict[int, RatingInput] = field(default_factory=dict)  # criterion id -> rating
    ticket_id: int | None = None
    conversation_ref: str = ""
    comment: str = ""
    needs_coaching: bool = False
    kind: str = "standard"


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    event: str
    detail: str


@dataclass(frozen=True)
class ReviewDetail:
    id: int
    status: str
    kind: str
    agent_id: int
    agent_name: str
    scorecard: ScorecardDetail  # the version the review was scored with
    reviewer: str
    review_date: date
    ticket_id: int | None
    ticket_label: str
    conversation_ref: str
    comment: str
    needs_coaching: bool
    ratings: dict[int, RatingInput]
    score: float | None
    auto_failed: bool
    passed: bool | None
    original_score: float | None
    open_dispute_id: int | None
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True)
class ReviewRow:
    id: int
    review_date: date
    agent_id: int
    agent: str
    team: str
    reviewer: str
    scorecard: str
    version: int
    conversation: str
    score: float | None
    passed: bool | None
    auto_failed: bool
    status: str
    disputed: bool
    needs_coaching: bool


@dataclass
class ReviewFilter:
    agent_id: int | None = None
    team: str | None = None
    reviewer: str | None = None
    start: date | None = None
    end: date | None = None
    scorecard_id: int | None = None
    outcome: str | None = None  # "passed", "failed", "draft" or None for all
    include_calibration: bool = False


@dataclass(frozen=True)
class TicketHit:
    id: int
    external_id: str
    platform: str
    subject: str
    agent_id: int | None
    channel: str
    solved_at: datetime | None

    @property
    def label(self) -> str:
        subject = f" — {self.subject}" if self.subject else ""
        return f"#{self.external_id}{subject}"


# ------------------------------------------------------------------------- writing


def _validate(session: Session, data: ReviewInput, version: ScorecardVersion,
              finalise: bool) -> None:
    errors: list[str] = []
    if session.get(Agent, data.agent_id) is None:
        errors.append("Choose the agent whose conversation this is.")
    if not (clean_text(data.reviewer) or ""):
        errors.append("Name the reviewer.")
    if data.ticket_id is not None and session.get(Ticket, data.ticket_id) is None:
        errors.append("The chosen ticket no longer exists; search for it again.")
    criteria = {c.id: c for c in version.criteria}
    for criterion_id, rating in data.ratings.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append("A rating belongs to another scorecard version; rate again.")
            continue
        if rating.na and not criterion.allow_na:
            errors.append(f"'{criterion.name}' cannot be N/A on this scorecard.")
        if rating.value is not None and not rating.na:
            low, high = scale_range(criterion.scale)
            if not low <= rating.value <= high:
                errors.append(f"'{criterion.name}' takes {low}–{high}, not {rating.value}.")
    if finalise:
        missing = [c.name for c in version.criteria
                   if not data.ratings.get(c.id, RatingInput()).is_set]
        if missing:
            errors.append("Rate every criterion (or mark it N/A) before finalising: "
                          + ", ".join(missing) + ".")
        elif all(data.ratings[c.id].na or c.weight == 0 for c in version.criteria):
            errors.append("At least one weighted criterion must be rated, not N/A.")
    if errors:
        raise BadInputError(" ".join(errors))


def score_ratings(version: ScorecardVersion, ratings: dict[int, RatingInput]):
    """The analytics result for these ratings under this version."""
    specs = [criterion_info(c).spec() for c in version.criteria]
    values = {cid: (None if r.na else r.value) for cid, r in ratings.items() if r.is_set}
    return review_score(specs, values)


def recompute(review: Review) -> None:
    """Refresh the cached score, auto-fail and pass from the review's ratings."""
    ratings = {r.criterion_id: RatingInput(r.value, r.na) for r in review.ratings}
    result = score_ratings(review.version, ratings)
    review.score = result.score
    review.auto_failed = result.auto_failed
    review.passed = result.passed(review.version.pass_threshold)


def save_review_in(session: Session, review_id: int | None, data: ReviewInput, *,
                   finalise: bool, source: str = "form", log: bool = True) -> Review:
    """Validate and write one review in the caller's transaction."""
    version = require_version(session, data.version_id)
    _validate(session, data, version, finalise)
    if review_id is None:
        review = Review(source=source)
        session.add(review)
    else:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"Review #{review_id} no longer exists; refresh the list.")
        if review.status == "final":
            raise UserError("This review is final; its scores change only through a dispute.")
    review.kind = data.kind
    review.agent_id = data.agent_id
    review.version_id = version.id
    review.version = version
    review.ticket_id = data.ticket_id
    review.conversation_ref = clean_text(data.conversation_ref)
    review.reviewer = clean_text(data.reviewer) or ""
    review.review_date = data.review_date
    review.comment = (data.comment or "").strip() or None
    review.needs_coaching = data.needs_coaching
    existing = {r.criterion_id: r for r in review.ratings}
    for criterion in version.criteria:
        rating = data.ratings.get(criterion.id)
        row = existing.pop(criterion.id, None)
        if rating is None or not (rating.is_set or rating.comment or rating.needs_coaching):
            if row is not None:
                review.ratings.remove(row)
            continue
        if row is None:
            row = ReviewRating(criterion_id=criterion.id)
            review.ratings.append(row)
        row.na = rating.na
        row.value = None if rating.na else rating.value
        row.comment = (rating.comment or "").strip() or None
        row.needs_coaching = rating.needs_coaching
    for stale in existing.values():
        review.ratings.remove(stale)
    recompute(review)
    freeze_version(session, version.id)
    session.flush()
    if finalise:
        review.status = "final"
        review.finalised_at = utc_now()
        review.original_score = review.score
        if log:
            session.add(ReviewEvent(review_id=review.id, event="finalised",
                                    detail=f"score {_percent(review.score)}"))
        _queue_coaching(session, review, version)
    return review


def _queue_coaching(session: Session, review: Review, version: ScorecardVersion) -> None:
    if review.kind != "standard":
        return
    ref = conversation_text(review) or f"review #{review.id}"
    if review.needs_coaching:
        text = f"QA review of {ref} ({review.review_date:%d %b %Y}, {_percent(review.score)})"
        if review.comment:
            text += f": {review.comment}"
        queue_talking_point(session, review.agent_id, text[:1000], origin="qa",
                            source_key=f"qa-review:{review.id}")
    names = {c.id: c.name for c in version.criteria}
    for rating in review.ratings:
        if rating.needs_coaching:
            text = f"QA: {names[rating.criterion_id]} on {ref}"
            if rating.comment:
                text += f" — {rating.comment}"
            queue_talking_point(session, review.agent_id, text[:1000], origin="qa",
                                source_key=f"qa-review:{review.id}:criterion:"
                                           f"{rating.criterion_id}")


def _percent(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}%"


def save_review(session_factory: SessionFactory, review_id: int | None, data: ReviewInput,
                *, finalise: bool) -> ReviewDetail:
    with session_factory.begin() as session:
        review = save_review_in(session, review_id, data, finalise=finalise)
        session.flush()
        return _detail(session, review)


def delete_review(session_factory: SessionFactory, review_id: int) -> None:
    with session_factory.begin() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"Review #{review_id} no longer exists.")
        session.delete(review)


# ------------------------------------------------------------------------- reading


def _detail(session: Session, review: Review) -> ReviewDetail:
    agent = session.get(Agent, review.agent_id)
    ticket = session.get(Ticket, review.ticket_id) if review.ticket_id else None
    open_dispute = session.scalar(select(Dispute.id).where(
        Dispute.review_id == review.id, Dispute.status == "open"))
    events = session.scalars(select(ReviewEvent).where(ReviewEvent.review_id == review.id)
                             .order_by(ReviewEvent.at, ReviewEvent.id))
    return ReviewDetail(
        id=review.id, status=review.status, kind=review.kind, agent_id=review.agent_id,
        agent_name=agent.full_name if agent else "?",
        scorecard=version_detail(session, review.version),
        reviewer=review.reviewer, review_date=review.review_date, ticket_id=review.ticket_id,
        ticket_label=_ticket_hit(ticket).label if ticket else "",
        conversation_ref=review.conversation_ref or "", comment=review.comment or "",
        needs_coaching=review.needs_coaching,
        ratings={r.criterion_id: RatingInput(r.value, r.na, r.comment or "", r.needs_coaching)
                 for r in review.ratings},
        score=review.score, auto_failed=review.auto_failed, passed=review.passed,
        original_score=review.original_score, open_dispute_id=open_dispute,
        history=tuple(HistoryEntry(e.at, e.event, e.detail) for e in events))


def get_review(session_factory: SessionFactory, review_id: int) -> ReviewDetail:
    with session_factory() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"Review #{review_id} no longer exists; refresh the list.")
        return _detail(session, review)


def list_reviews(session_factory: SessionFactory, filters: ReviewFilter | None = None
                 ) -> list[ReviewRow]:
    f = filters or ReviewFilter()
    with session_factory() as session:
        # Plain columns, not ORM objects: the list can hold thousands of reviews.
        query = (select(Review.id, Review.review_date, Agent.id, Agent.full_name, Team.name,
                        Review.reviewer, Scorecard.name, ScorecardVersion.number,
                        Review.conversation_ref, Review.ticket_id, Review.score, Review.passed,
                        Review.auto_failed, Review.status, Review.needs_coaching)
                 .join(Agent, Review.agent_id == Agent.id)
                 .outerjoin(Team, Agent.team_id == Team.id)
                 .join(ScorecardVersion, Review.version_id == ScorecardVersion.id)
                 .join(Scorecard, ScorecardVersion.scorecard_id == Scorecard.id)
                 .order_by(Review.review_date.desc(), Review.id.desc()))
        if not f.include_calibration:
            query = query.where(Review.kind == "standard")
        if f.agent_id is not None:
            query = query.where(Review.agent_id == f.agent_id)
        if f.reviewer:
            query = query.where(func.lower(Review.reviewer) == f.reviewer.lower())
        if f.start:
            query = query.where(Review.review_date >= f.start)
        if f.end:
            query = query.where(Review.review_date <= f.end)
        if f.scorecard_id is not None:
            query = query.where(Scorecard.id == f.scorecard_id)
        if f.outcome == "passed":
            query = query.where(Review.status == "final", Review.passed.is_(True))
        elif f.outcome == "failed":
            query = query.where(Review.status == "final", Review.passed.is_(False))
        elif f.outcome == "draft":
            query = query.where(Review.status == "draft")
        rows = session.execute(query).all()
        disputed = set(session.scalars(select(Dispute.review_id).where(Dispute.status == "open")))
        coached = set(session.scalars(select(ReviewRating.review_id).distinct()
                                      .where(ReviewRating.needs_coaching.is_(True))))
        if f.team:
            rows = [row for row in rows if row[4] == f.team]
        return [ReviewRow(rid, day, agent_id, agent, team or "", reviewer, name, number,
                          ref or (f"ticket #{ticket_id}" if ticket_id else ""), score, passed,
                          auto_failed, status, rid in disputed, coaching or rid in coached)
                for (rid, day, agent_id, agent, team, reviewer, name, number, ref, ticket_id,
                     score, passed, auto_failed, status, coaching) in rows]


def list_reviewers(session_factory: SessionFactory) -> list[str]:
    with session_factory() as session:
        return sorted(set(session.scalars(select(Review.reviewer))), key=str.lower)


def _ticket_hit(ticket: Ticket) -> TicketHit:
    return TicketHit(ticket.id, ticket.external_id, ticket.platform, ticket.subject or "",
                     ticket.agent_id, ticket.channel or "", ticket.solved_at)


def search_tickets(session_factory: SessionFactory, text: str, *, agent_id: int | None = None,
                   limit: int = 30) -> list[TicketHit]:
    """Imported tickets whose id is ``text`` (with or without '#') or whose subject holds it;
    exact id matches first. Restricted to the agent's tickets when ``agent_id`` is given."""
    needle = (text or "").strip().lstrip("#")
    if not needle:
        return []
    with session_factory() as session:
        query = select(Ticket).where(or_(Ticket.external_id == needle,
                                         Ticket.external_id.ilike(f"%{_escape(needle)}%",
                                                                  escape="\\"),
                                         Ticket.subject.ilike(f"%{_escape(needle)}%",
                                                              escape="\\")))
        if agent_id is not None:
            query = query.where(Ticket.agent_id == agent_id)
        query = query.order_by((Ticket.external_id == needle).desc(),
                               Ticket.solved_at.desc()).limit(limit)
        return [_ticket_hit(t) for t in session.scalars(query)]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def scorecard_choices(session_factory: SessionFactory) -> list[ScorecardDetail]:
    """Current versions of the scorecards a new review can use."""
    with session_factory() as session:
        cards = session.scalars(select(Scorecard).where(Scorecard.archived.is_(False))
                                .order_by(func.lower(Scorecard.name))).all()
        return [version_detail(session, latest_version(c)) for c in cards]


def version_for_review(session_factory: SessionFactory, version_id: int) -> ScorecardDetail:
    with session_factory() as session:
        return version_detail(session, require_version(session, version_id))


def last_reviewer(session_factory: SessionFactory) -> str:
    """Who wrote the most recent review: the form's default reviewer."""
    with session_factory() as session:
        return session.scalar(select(Review.reviewer).order_by(Review.created_at.desc(),
                                                               Review.id.desc()).limit(1)) or ""


def count_reviews(session_factory: SessionFactory) -> int:
    """Every review, drafts and calibration included (is the Quality page empty?)."""
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(Review)) or 0
