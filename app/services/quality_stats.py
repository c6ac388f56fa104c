"""QA figures other modules read inside their own unit of work (one-on-ones, packets).

They take a Session rather than a session factory because their callers already hold one.
Only final reviews of kind ``standard`` count: drafts are unfinished and calibration
reviews never count towards IQS (METRICS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models.quality import Review, Scorecard, ScorecardVersion


@dataclass(frozen=True)
class ReviewSummary:
    review_id: int
    date: date
    score: float | None  # percent 0..100
    passed: bool | None
    scorecard: str
    conversation: str  # the ticket reference or link, "" when none was given
    auto_failed: bool = False


def counted_reviews() -> Select:
    """Reviews that count towards IQS: final, not calibration."""
    return select(Review).where(Review.status == "final", Review.kind == "standard")


def agent_iqs(session: Session, agent_id: int, start: date, end: date
              ) -> tuple[float | None, int]:
    """(IQS in percent, number of reviews) of the agent's reviews dated in [start, end]."""
    query = (select(func.avg(Review.score), func.count(Review.id))
             .where(Review.status == "final", Review.kind == "standard",
                    Review.agent_id == agent_id, Review.score.is_not(None),
                    Review.review_date >= start, Review.review_date <= end))
    average, count = session.execute(query).one()
    return (float(average) if average is not None else None), int(count or 0)


def latest_reviews(session: Session, agent_id: int, limit: int = 3) -> list[ReviewSummary]:
    """The agent's most recent final reviews, newest first."""
    query = (select(Review, Scorecard.name)
             .join(ScorecardVersion, Review.version_id == ScorecardVersion.id)
             .join(Scorecard, ScorecardVersion.scorecard_id == Scorecard.id)
             .where(Review.status == "final", Review.kind == "standard",
                    Review.agent_id == agent_id)
             .order_by(Review.review_date.desc(), Review.id.desc())
             .limit(limit))
    return [ReviewSummary(review_id=review.id, date=review.review_date, score=review.score,
                          passed=review.passed, scorecard=name,
                          conversation=conversation_text(review), auto_failed=review.auto_failed)
            for review, name in session.execute(query)]


def conversation_text(review: Review) -> str:
    return review.conversation_ref or (f"ticket #{review.ticket_id}" if review.ticket_id else "")
