"""Disputes: an agent contests a final review; the manager accepts, partly accepts or rejects.

The original ratings stay on the dispute's items and the review keeps its score at
finalisation (``original_score``); every change a resolution makes is written to the
review's history, so nothing about the first judgement is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.analytics.qa_scores import scale_range
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.models.quality import Dispute, DisputeItem, Review, ReviewEvent, ReviewRating
from app.services.reviews import HistoryEntry, recompute

RESOLUTIONS = {"accepted": "Accepted", "partly_accepted": "Partly accepted",
               "rejected": "Rejected"}
STATUS_LABELS = {"open": "Open", **RESOLUTIONS}


@dataclass(frozen=True)
class Proposal:
    """A proposed rating: a value, or N/A."""

    value: int | None
    na: bool = False

    def text(self) -> str:
        return "N/A" if self.na else ("—" if self.value is None else str(self.value))


@dataclass(frozen=True)
class DisputeItemInfo:
    criterion_id: int
    criterion: str
    original: Proposal
    proposed: Proposal
    accepted: bool | None


@dataclass(frozen=True)
class DisputeInfo:
    id: int
    review_id: int
    raised_on: date
    reason: str
    status: str
    resolution_note: str
    resolved_on: date | None
    items: tuple[DisputeItemInfo, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def _info(dispute: Dispute, names: dict[int, str]) -> DisputeInfo:
    return DisputeInfo(
        dispute.id, dispute.review_id, dispute.raised_on, dispute.reason, dispute.status,
        dispute.resolution_note or "", dispute.resolved_on,
        tuple(DisputeItemInfo(i.criterion_id, names.get(i.criterion_id, "?"),
                              Proposal(i.original_value, i.original_na),
                              Proposal(i.proposed_value, i.proposed_na), i.accepted)
              for i in sorted(dispute.items, key=lambda i: i.id)))


def _criteria_names(review: Review) -> dict[int, str]:
    return {c.id: c.name for c in review.version.criteria}


def open_dispute(session_factory: SessionFactory, review_id: int, reason: str,
                 proposals: dict[int, Proposal], raised_on: date) -> DisputeInfo:
    """Record an agent's dispute with the scores they propose (criterion id -> proposal)."""
    reason = (reason or "").strip()
    with session_factory.begin() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"Review #{review_id} no longer exists.")
        if review.status != "final":
            raise UserError("Only a final review can be disputed; finish the draft first.")
        if session.scalar(select(Dispute.id).where(Dispute.review_id == review_id,
                                                   Dispute.status == "open")):
            raise UserError("This review already has an open dispute; resolve it first.")
        if not reason:
            raise BadInputError("Write the agent's reason for the dispute.")
        criteria = {c.id: c for c in review.version.criteria}
        current = {r.criterion_id: r for r in review.ratings}
        dispute = Dispute(review_id=review_id, raised_on=raised_on, reason=reason)
        for criterion_id, proposal in proposals.items():
            criterion = criteria.get(criterion_id)
            if criterion is None:
                raise BadInputError("A proposed score names a criterion of another scorecard.")
            if proposal.na and not criterion.allow_na:
                raise BadInputError(f"'{criterion.name}' cannot be N/A on this scorecard.")
            if not proposal.na:
                low, high = scale_range(criterion.scale)
                if proposal.value is None or not low <= proposal.value <= high:
                    raise BadInputError(f"'{criterion.name}' takes {low}–{high}.")
            rating = current.get(criterion_id)
            original = Proposal(rating.value if rating else None, rating.na if rating else True)
            if original == proposal:
                continue
            dispute.items.append(DisputeItem(
                criterion_id=criterion_id, original_value=original.value,
                original_na=original.na, proposed_value=None if proposal.na else proposal.value,
                proposed_na=proposal.na))
        session.add(dispute)
        session.flush()
        proposed = ", ".join(f"{criteria[i.criterion_id].name} "
                             f"{Proposal(i.original_value, i.original_na).text()} → "
                             f"{Proposal(i.proposed_value, i.proposed_na).text()}"
                             for i in dispute.items)
        session.add(ReviewEvent(review_id=review_id, event="dispute opened",
                                dispute_id=dispute.id,
                                detail=f"Reason: {reason}" + (f". Proposed: {proposed}"
                                                              if proposed else "")))
        return _info(dispute, _criteria_names(review))


def resolve_dispute(session_factory: SessionFactory, dispute_id: int, resolution: str,
                    note: str, resolved_on: date,
                    accepted_criteria: set[int] | None = None) -> DisputeInfo:
    """Close a dispute. ``accepted`` applies every proposal, ``rejected`` none, and
    ``partly_accepted`` those in ``accepted_criteria`` (at least one, not all)."""
    if resolution not in RESOLUTIONS:
        raise BadInputError(f"A dispute is resolved as {', '.join(RESOLUTIONS.values())}.")
    with session_factory.begin() as session:
        dispute = session.get(Dispute, dispute_id)
        if dispute is None:
            raise NotFoundError(f"Dispute #{dispute_id} no longer exists.")
        if dispute.status != "open":
            raise UserError("This dispute is already resolved.")
        review = session.get(Review, dispute.review_id)
        names = _criteria_names(review)
        chosen = {i.criterion_id for i in dispute.items}
        if resolution == "rejected":
            chosen = set()
        elif resolution == "partly_accepted":
            chosen = set(accepted_criteria or ()) & chosen
            if not chosen or chosen == {i.criterion_id for i in dispute.items}:
                raise BadInputError("For a partial acceptance, tick the criteria you accept "
                                    "(some, not all); otherwise accept or reject it.")
        if not (note or "").strip() and resolution != "accepted":
            raise BadInputError("Write a note saying why, so the agent understands the decision.")
        ratings = {r.criterion_id: r for r in review.ratings}
        before = review.score
        for item in dispute.items:
            item.accepted = item.criterion_id in chosen
            if not item.accepted:
                continue
            rating = ratings.get(item.criterion_id)
            if rating is None:
                rating = ReviewRating(criterion_id=item.criterion_id)
                review.ratings.append(rating)
            rating.value = item.proposed_value
            rating.na = item.proposed_na
            session.add(ReviewEvent(
                review_id=review.id, event="rating changed", dispute_id=dispute.id,
                detail=f"{names[item.criterion_id]}: "
                       f"{Proposal(item.original_value, item.original_na).text()} → "
                       f"{Proposal(item.proposed_value, item.proposed_na).text()}"))
        session.flush()
        recompute(review)
        dispute.status = resolution
        dispute.resolution_note = (note or "").strip() or None
        dispute.resolved_on = resolved_on
        score_change = ("" if before == review.score else
                        f"; score {_pct(before)} → {_pct(review.score)}")
        session.add(ReviewEvent(review_id=review.id, event="dispute resolved",
                                dispute_id=dispute.id,
                                detail=f"{RESOLUTIONS[resolution]}{score_change}"
                                       + (f". Note: {note.strip()}" if note.strip() else "")))
        session.flush()
        return _info(dispute, names)


def _pct(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}%"


def list_disputes(session_factory: SessionFactory, review_id: int) -> list[DisputeInfo]:
    with session_factory() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"Review #{review_id} no longer exists.")
        names = _criteria_names(review)
        disputes = session.scalars(select(Dispute).where(Dispute.review_id == review_id)
                                   .order_by(Dispute.id))
        return [_info(d, names) for d in disputes]


def review_history(session_factory: SessionFactory, review_id: int) -> list[HistoryEntry]:
    with session_factory() as session:
        events = session.scalars(select(ReviewEvent).where(ReviewEvent.review_id == review_id)
                                 .order_by(ReviewEvent.at, ReviewEvent.id))
        return [HistoryEntry(e.at, e.event, e.detail) for e in events]
