"""Demo QA: the default scorecard and about 200 reviews over the past year.

Two patterns a manager should spot: one agent keeps failing the compliance criterion
(auto-fails), and one agent's tone and empathy scores climb month by month. One review
carries a resolved dispute and two are drafts, so every screen has something to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.analytics.qa_scores import scale_range
from app.models import Agent
from app.models.quality import Dispute, DisputeItem, ReviewEvent, ReviewRating
from app.services.reviews import RatingInput, ReviewInput, recompute, save_review_in
from app.services.scorecards import ensure_default, latest_version

COMPLIANCE = "Policy and compliance"
TONE = "Tone and empathy"


def add_demo_reviews(session: Session, today: date, rng: random.Random) -> str:
    scorecard = ensure_default(session)
    version = latest_version(scorecard)
    agents = session.scalars(select(Agent).options(selectinload(Agent.team))
                             .order_by(Agent.id)).all()
    leads = [a for a in agents if a.role and "Lead" in a.role]
    staff = [a for a in agents if a not in leads]
    if not staff:
        return "No QA reviews (no agents)."
    rule_breaker, improver = staff[1], staff[4 % len(staff)]
    reviewers = [lead.full_name for lead in leads] or ["QA Lead"]
    start = today - timedelta(days=364)
    count = 0
    finals = []
    for index in range(600):
        if count == 200:
            break
        agent = staff[index % len(staff)]
        day = start + timedelta(days=rng.randint(0, 364))
        if (agent.hire_date and day < agent.hire_date + timedelta(days=14)) or (
                agent.departure_date and day > agent.departure_date):
            continue
        draft = count >= 198  # two unfinished reviews from this week
        if draft:
            day = today - timedelta(days=rng.randint(0, 4))
        progress = (day - start).days / 364  # 0 a year ago .. 1 today
        skill = 0.72 + 0.26 * ((agent.id * 37) % 10) / 10  # each agent's usual level
        ratings = {}
        for criterion in version.criteria:
            low, high = scale_range(criterion.scale)
            if criterion.allow_na and rng.random() < 0.12:
                ratings[criterion.id] = RatingInput(na=True)
                continue
            level = skill
            if criterion.name == TONE and agent is improver:
                level = 0.15 + 0.8 * progress
            chance = min(0.98, max(0.02, level + rng.uniform(-0.2, 0.2)))
            if criterion.name == COMPLIANCE:
                chance = 0.45 if agent is rule_breaker else 0.96
            value = low + round(chance * (high - low) + rng.uniform(-0.45, 0.45))
            ratings[criterion.id] = RatingInput(min(high, max(low, value)))
        recent_failure = (agent is rule_breaker and (today - day).days < 60
                          and ratings[_id(version, COMPLIANCE)].value == 0)
        if recent_failure:
            ratings[_id(version, COMPLIANCE)].needs_coaching = True
            ratings[_id(version, COMPLIANCE)].comment = "Refund approved without verifying " \
                                                        "the account holder."
        data = ReviewInput(agent.id, version.id, rng.choice(reviewers), day, ratings,
                           conversation_ref=f"ZD-{104000 + index * 7 + rng.randint(0, 6)}",
                           comment=_comment(rng, ratings, version))
        review = save_review_in(session, None, data, finalise=not draft, source="demo")
        count += 1
        if not draft:
            finals.append(review)
    _demo_dispute(session, finals, version, today)
    session.flush()
    return (f"{count} QA reviews over the last year on '{scorecard.name}': "
            f"{rule_breaker.full_name} keeps failing compliance, "
            f"{improver.full_name}'s tone is improving.")


def _id(version, name: str) -> int:
    return next(c.id for c in version.criteria if c.name == name)


def _name(version, rating) -> str:
    return next(c.name for c in version.criteria if c.id == rating.criterion_id).lower()


def _comment(rng: random.Random, ratings, version) -> str:
    low = [c.name for c in version.criteria
           if ratings[c.id].value is not None and ratings[c.id].value == scale_range(c.scale)[0]]
    if low:
        return f"Work on: {', '.join(low).lower()}."
    return rng.choice(["Solid conversation.", "Clear and friendly.", "Good follow-up.", ""])


def _demo_dispute(session: Session, finals, version, today: date) -> None:
    """One resolved, partly accepted dispute, so the history view has a story to tell."""
    candidates = [r for r in finals if r.score is not None and 0 < r.score < 85
                  and (today - r.review_date).days < 120]
    if not candidates:
        return
    review = max(candidates, key=lambda r: r.review_date)
    ratings = {r.criterion_id: r for r in review.ratings}
    lowered = sorted((r for r in review.ratings if r.value is not None and not r.na),
                     key=lambda r: r.value)[:2]
    if len(lowered) < 2:
        return
    dispute = Dispute(review_id=review.id, raised_on=review.review_date + timedelta(days=2),
                      reason="The customer had already verified in chat; the notes were in "
                             "the linked ticket.", status="partly_accepted",
                      resolution_note=f"Accepted for {_name(version, lowered[0])}; "
                                      f"{_name(version, lowered[1])} stands.",
                      resolved_on=review.review_date + timedelta(days=4))
    names = {c.id: c for c in version.criteria}
    for position, rating in enumerate(lowered):
        high = scale_range(names[rating.criterion_id].scale)[1]
        dispute.items.append(DisputeItem(
            criterion_id=rating.criterion_id, original_value=rating.value, original_na=False,
            proposed_value=high, proposed_na=False, accepted=position == 0))
    session.add(dispute)
    session.flush()
    before = review.score
    accepted = dispute.items[0]
    target: ReviewRating = ratings[accepted.criterion_id]
    target.value = accepted.proposed_value
    recompute(review)
    name = names[accepted.criterion_id].name
    session.add_all([
        ReviewEvent(review_id=review.id, event="dispute opened", dispute_id=dispute.id,
                    detail=f"Reason: {dispute.reason}"),
        ReviewEvent(review_id=review.id, event="rating changed", dispute_id=dispute.id,
                    detail=f"{name}: {accepted.original_value} → {accepted.proposed_value}"),
        ReviewEvent(review_id=review.id, event="dispute resolved", dispute_id=dispute.id,
                    detail=f"Partly accepted; score {before:.0f}% → {review.score:.0f}%. "
                           f"Note: {dispute.resolution_note}"),
    ])
