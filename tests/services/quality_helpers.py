"""Small builders shared by the QA service and UI tests."""

from __future__ import annotations

from datetime import date

from app.services import reviews, scorecards
from app.services.scorecards import CriterionInput, ScorecardInput

SMALL_CARD = ScorecardInput("Small", 80.0, [
    CriterionInput("Greeting", 10, 2, "Opening", allow_na=True),
    CriterionInput("Accuracy", 30, 4, "Resolution"),
    CriterionInput("Compliance", 20, 2, "Resolution", critical=True),
    CriterionInput("Tone", 40, 5, "Communication"),
])


def make_card(session_factory, data: ScorecardInput = SMALL_CARD) -> scorecards.ScorecardDetail:
    return scorecards.create_scorecard(session_factory, data)


def rate(card: scorecards.ScorecardDetail, **values) -> dict[int, reviews.RatingInput]:
    """Ratings by criterion name (spaces as underscores); 'na' marks N/A."""
    by_name = {c.name.replace(" ", "_").lower(): c.id for c in card.criteria}
    return {by_name[name.lower()]: (reviews.RatingInput(na=True) if value == "na"
                                    else reviews.RatingInput(value))
            for name, value in values.items()}


def add_review(session_factory, card, agent_id: int, day: date, *, finalise: bool = True,
               reviewer: str = "Rita Reviewer", kind: str = "standard", ref: str = "ZD-1",
               **values) -> reviews.ReviewDetail:
    data = reviews.ReviewInput(agent_id, card.version_id, reviewer, day, rate(card, **values),
                               conversation_ref=ref, kind=kind)
    return reviews.save_review(session_factory, None, data, finalise=finalise)
