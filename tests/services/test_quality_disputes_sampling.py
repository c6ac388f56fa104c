"""Disputes keep the original scores and a full history; sampling is reproducible."""

from datetime import date, datetime

import pytest

from app.errors import BadInputError, UserError
from app.models import Ticket
from app.services import disputes, reviews
from app.services.disputes import Proposal
from app.services.review_sampling import SampleRequest, sample_conversations
from tests.services.quality_helpers import add_review, make_card


def _ids(card):
    return {c.name: c.id for c in card.criteria}


def test_dispute_partly_accepted_changes_only_the_accepted_rating(session_factory, make_agent):
    card = make_card(session_factory)
    ids = _ids(card)
    agent = make_agent()
    # greeting 0 -> 0, accuracy 2 -> 33.3, compliance 1 -> 100, tone 3 -> 50
    # (0 + 30*33.33 + 20*100 + 40*50) / 100 = 50
    review = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=0,
                        accuracy=2, compliance=1, tone=3)
    assert review.score == pytest.approx(50.0)
    opened = disputes.open_dispute(
        session_factory, review.id, "The greeting was in the first message",
        {ids["Greeting"]: Proposal(1), ids["Tone"]: Proposal(5),
         ids["Accuracy"]: Proposal(2)},  # same as given: not an item
        date(2026, 10, 3))
    assert [(i.criterion, i.original.text(), i.proposed.text()) for i in opened.items] == [
        ("Greeting", "0", "1"), ("Tone", "3", "5")]
    with pytest.raises(UserError, match="already has an open dispute"):
        disputes.open_dispute(session_factory, review.id, "again", {}, date(2026, 10, 3))
    with pytest.raises(BadInputError, match="some, not all"):
        disputes.resolve_dispute(session_factory, opened.id, "partly_accepted", "x",
                                 date(2026, 10, 5), {ids["Greeting"], ids["Tone"]})
    resolved = disputes.resolve_dispute(session_factory, opened.id, "partly_accepted",
                                        "Greeting was there; tone stands", date(2026, 10, 5),
                                        {ids["Greeting"]})
    assert resolved.status == "partly_accepted"
    assert [i.accepted for i in resolved.items] == [True, False]
    after = reviews.get_review(session_factory, review.id)
    # greeting now 100: (10*100 + 30*33.33 + 20*100 + 40*50) / 100 = 60
    assert after.score == pytest.approx(60.0)
    assert after.original_score == pytest.approx(50.0)
    assert after.ratings[ids["Greeting"]].value == 1
    assert after.ratings[ids["Tone"]].value == 3
    events = [(h.event, h.detail) for h in after.history]
    assert [e for e, _ in events] == ["finalised", "dispute opened", "rating changed",
                                      "dispute resolved"]
    assert events[2][1] == "Greeting: 0 → 1"
    assert "score 50% → 60%" in events[3][1]
    # The dispute keeps the original values for good.
    kept = disputes.list_disputes(session_factory, review.id)[0]
    assert kept.items[0].original == Proposal(0, False)


def test_rejected_dispute_changes_nothing_and_needs_a_note(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    review = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting="na",
                        accuracy=4, compliance=0, tone=5)
    opened = disputes.open_dispute(session_factory, review.id, "Policy allowed it",
                                   {_ids(card)["Compliance"]: Proposal(1)}, date(2026, 10, 2))
    with pytest.raises(BadInputError, match="note"):
        disputes.resolve_dispute(session_factory, opened.id, "rejected", "", date(2026, 10, 4))
    disputes.resolve_dispute(session_factory, opened.id, "rejected", "Refund rule 4.2",
                             date(2026, 10, 4))
    after = reviews.get_review(session_factory, review.id)
    assert after.score == 0.0 and after.auto_failed and after.open_dispute_id is None


def test_draft_cannot_be_disputed(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    draft = add_review(session_factory, card, agent.id, date(2026, 10, 1), finalise=False,
                       greeting=1)
    with pytest.raises(UserError, match="final"):
        disputes.open_dispute(session_factory, draft.id, "no", {}, date(2026, 10, 2))


def _tickets(session_factory, agent_ids):
    with session_factory.begin() as session:
        for agent_id in agent_ids:
            for n in range(20):
                session.add(Ticket(
                    platform="zendesk", external_id=f"{agent_id}-{n}", agent_id=agent_id,
                    subject=f"Question {n}", channel="email" if n % 2 else "chat",
                    solved_at=datetime(2026, 10, 1 + n, 12), csat="bad" if n in (3, 7) else
                    "good", reopens=1 if n == 11 else 0,
                    full_resolution_minutes=5000 if n == 12 else 60))


def test_sample_is_reproducible_and_prioritises(session_factory, make_agent):
    a = make_agent("Ann Agent")
    b = make_agent("Bob Agent")
    _tickets(session_factory, [a.id, b.id])
    request = SampleRequest(date(2026, 10, 1), date(2026, 10, 31), per_agent=4, seed=5)
    first = sample_conversations(session_factory, request)
    again = sample_conversations(session_factory, request)
    assert [s.ticket_id for s in first] == [s.ticket_id for s in again]
    assert len(first) == 8 and {s.agent_id for s in first} == {a.id, b.id}
    other = sample_conversations(session_factory, SampleRequest(
        date(2026, 10, 1), date(2026, 10, 31), per_agent=4, seed=6))
    assert [s.ticket_id for s in other] != [s.ticket_id for s in first]
    # Adding an agent's tickets does not change another agent's draw.
    only_a = sample_conversations(session_factory, SampleRequest(
        date(2026, 10, 1), date(2026, 10, 31), per_agent=4, seed=5, agent_ids=[a.id]))
    assert [s.ticket_id for s in only_a] == [s.ticket_id for s in first if s.agent_id == a.id]
    flagged = sample_conversations(session_factory, SampleRequest(
        date(2026, 10, 1), date(2026, 10, 31), per_agent=4, seed=5, agent_ids=[a.id],
        bad_csat_first=True, reopened_first=True, long_resolution_first=True))
    assert sorted(s.external_id for s in flagged) == sorted(
        f"{a.id}-{n}" for n in (3, 7, 11, 12))
    assert {s.reasons for s in flagged} == {("bad CSAT",), ("reopened",),
                                            ("long resolution",)}
    chat = sample_conversations(session_factory, SampleRequest(
        date(2026, 10, 1), date(2026, 10, 10), per_agent=50, channel="chat"))
    assert chat and all(s.channel == "chat" and s.solved_at.day <= 10 for s in chat)


def test_reviewed_tickets_leave_the_sample(session_factory, make_agent):
    card = make_card(session_factory)
    a = make_agent("Ann Agent")
    _tickets(session_factory, [a.id])
    request = SampleRequest(date(2026, 10, 1), date(2026, 10, 31), per_agent=20, seed=1)
    pool = sample_conversations(session_factory, request)
    assert len(pool) == 20
    hits = reviews.search_tickets(session_factory, f"{a.id}-5")
    assert hits[0].external_id == f"{a.id}-5"  # the exact id comes first
    data = reviews.ReviewInput(a.id, card.version_id, "Rita", date(2026, 10, 20),
                               ticket_id=hits[0].id)
    reviews.save_review(session_factory, None, data, finalise=False)
    assert len(sample_conversations(session_factory, request)) == 19
    assert reviews.search_tickets(session_factory, "question 1", agent_id=a.id)
    assert reviews.search_tickets(session_factory, "100%") == []
