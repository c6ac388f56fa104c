"""Reviews, scorecard versions and the IQS read by other modules."""

from datetime import date

import pytest

from app.errors import BadInputError, NotFoundError, UserError
from app.services import quality_stats, reviews, scorecards
from app.services.scorecards import CriterionInput
from tests.services.quality_helpers import SMALL_CARD, add_review, make_card, rate

FULL = dict(greeting=1, accuracy=4, compliance=1, tone=5)


def test_review_score_is_cached_and_pass_uses_threshold(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    # greeting N/A, accuracy 3 -> 66.67, compliance 1 -> 100, tone 4 -> 75
    # (30*66.667 + 20*100 + 40*75) / 90 = 7000 / 90 = 77.78 -> below 80
    review = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting="na",
                        accuracy=3, compliance=1, tone=4)
    assert review.score == pytest.approx(7000 / 90)
    assert review.passed is False
    assert review.status == "final"
    assert review.original_score == pytest.approx(7000 / 90)


def test_auto_fail_zeroes_the_review(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    review = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1,
                        accuracy=4, compliance=0, tone=5)
    assert review.score == 0.0
    assert review.auto_failed


def test_finalising_needs_every_criterion(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    with pytest.raises(BadInputError, match="Compliance, Tone"):
        add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1, accuracy=2)
    draft = add_review(session_factory, card, agent.id, date(2026, 10, 1), finalise=False,
                       greeting=1, accuracy=2)
    assert draft.status == "draft"
    with pytest.raises(BadInputError, match="cannot be N/A"):
        add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1,
                   accuracy="na", compliance=1, tone=2)
    with pytest.raises(BadInputError, match="takes 1–5"):
        add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1,
                   accuracy=2, compliance=1, tone=6)


def test_draft_can_be_finished_but_final_is_locked(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    draft = add_review(session_factory, card, agent.id, date(2026, 10, 1), finalise=False,
                       greeting=1)
    data = reviews.ReviewInput(agent.id, card.version_id, "Rita", date(2026, 10, 2),
                               rate(card, **FULL))
    final = reviews.save_review(session_factory, draft.id, data, finalise=True)
    assert final.id == draft.id and final.score == pytest.approx(100.0)
    assert [h.event for h in final.history] == ["finalised"]
    with pytest.raises(UserError, match="dispute"):
        reviews.save_review(session_factory, draft.id, data, finalise=True)


def test_editing_a_used_scorecard_makes_a_new_version(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    old = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1,
                     accuracy=3, compliance=1, tone=4)
    changed = SMALL_CARD.criteria.copy()
    changed[3] = CriterionInput("Tone", 10, 3, "Communication")  # weight 40 -> 10, 5pt -> 3pt
    result = scorecards.update_scorecard(
        session_factory, card.id, scorecards.ScorecardInput("Small", 80.0, changed))
    assert result.new_version
    assert result.detail.version == 2 and result.detail.is_current
    assert "'Tone': weight 40 → 10, scale 5 → 3" in result.detail.versions[0].change_note
    # The old review keeps version 1 and its score.
    again = reviews.get_review(session_factory, old.id)
    assert again.scorecard.version == 1
    assert {c.name: c.weight for c in again.scorecard.criteria}["Tone"] == 40
    assert again.score == pytest.approx(old.score)
    # An unused version is edited in place.
    second = scorecards.update_scorecard(
        session_factory, card.id, scorecards.ScorecardInput("Small", 90.0, changed))
    assert not second.new_version and second.detail.version == 2
    assert [v.number for v in second.detail.versions] == [2, 1]
    assert second.detail.versions[1].frozen and not second.detail.versions[0].frozen


def test_agent_iqs_excludes_drafts_calibration_and_other_periods(session_factory, make_agent):
    card = make_card(session_factory)
    agent = make_agent()
    other = make_agent("Other Person")
    add_review(session_factory, card, agent.id, date(2026, 10, 1), **FULL)  # 100
    add_review(session_factory, card, agent.id, date(2026, 10, 5), greeting=1, accuracy=4,
               compliance=0, tone=5)  # 0
    add_review(session_factory, card, agent.id, date(2026, 10, 6), kind="calibration",
               greeting=1, accuracy=1, compliance=1, tone=1)
    add_review(session_factory, card, agent.id, date(2026, 10, 7), finalise=False, greeting=0)
    add_review(session_factory, card, agent.id, date(2026, 9, 30), greeting=0, accuracy=1,
               compliance=1, tone=1)
    add_review(session_factory, card, other.id, date(2026, 10, 2), greeting=0, accuracy=1,
               compliance=1, tone=1)
    with session_factory() as session:
        assert quality_stats.agent_iqs(session, agent.id, date(2026, 10, 1),
                                       date(2026, 10, 31)) == (50.0, 2)
        assert quality_stats.agent_iqs(session, agent.id, date(2026, 11, 1),
                                       date(2026, 11, 30)) == (None, 0)
        latest = quality_stats.latest_reviews(session, agent.id, limit=2)
    assert [(r.date, r.score, r.passed, r.scorecard) for r in latest] == [
        (date(2026, 10, 5), 0.0, False, "Small"), (date(2026, 10, 1), 100.0, True, "Small")]
    assert latest[0].conversation == "ZD-1" and latest[0].auto_failed


def test_needs_coaching_queues_talking_points_once(session_factory, make_agent):
    from app.models.coaching import TalkingPoint
    from sqlalchemy import select

    card = make_card(session_factory)
    agent = make_agent()
    ratings = rate(card, **FULL)
    tone = next(c.id for c in card.criteria if c.name == "Tone")
    ratings[tone] = reviews.RatingInput(2, comment="Sounded curt", needs_coaching=True)
    data = reviews.ReviewInput(agent.id, card.version_id, "Rita", date(2026, 10, 1), ratings,
                               conversation_ref="ZD-77", needs_coaching=True,
                               comment="Walk through the refund call")
    review = reviews.save_review(session_factory, None, data, finalise=True)
    with session_factory() as session:
        points = session.scalars(select(TalkingPoint).where(
            TalkingPoint.agent_id == agent.id)).all()
        keys = sorted(p.source_key for p in points)
    assert keys == [f"qa-review:{review.id}", f"qa-review:{review.id}:criterion:{tone}"]


def test_list_filters(session_factory, make_agent):
    card = make_card(session_factory)
    a = make_agent("Ann Agent", team="Blue")
    b = make_agent("Bob Agent", team="Red")
    add_review(session_factory, card, a.id, date(2026, 10, 1), **FULL)
    add_review(session_factory, card, b.id, date(2026, 10, 2), reviewer="Lee", greeting=1,
               accuracy=1, compliance=0, tone=1)
    add_review(session_factory, card, b.id, date(2026, 10, 3), finalise=False, greeting=1)
    every = reviews.list_reviews(session_factory)
    assert [r.agent for r in every] == ["Bob Agent", "Bob Agent", "Ann Agent"]
    f = reviews.ReviewFilter
    assert [r.id for r in reviews.list_reviews(session_factory, f(outcome="failed"))] == \
        [every[1].id]
    assert len(reviews.list_reviews(session_factory, f(outcome="draft"))) == 1
    assert len(reviews.list_reviews(session_factory, f(team="Blue"))) == 1
    assert len(reviews.list_reviews(session_factory, f(reviewer="lee"))) == 1
    assert len(reviews.list_reviews(session_factory, f(start=date(2026, 10, 2),
                                                       end=date(2026, 10, 2)))) == 1
    assert reviews.list_reviewers(session_factory) == ["Lee", "Rita Reviewer"]


def test_archive_keeps_used_scorecards_and_deletes_unused_ones(session_factory, make_agent):
    used = make_card(session_factory)
    unused = make_card(session_factory, scorecards.ScorecardInput(
        "Spare", 80, [CriterionInput("Speed", 10, 3)]))
    add_review(session_factory, used, make_agent().id, date(2026, 10, 1), **FULL)
    scorecards.archive_scorecard(session_factory, used.id)
    scorecards.archive_scorecard(session_factory, unused.id)
    assert scorecards.list_scorecards(session_factory) == []
    assert reviews.get_review(session_factory, reviews.list_reviews(session_factory)[0].id
                              ).scorecard.name == "Small"
    with pytest.raises(NotFoundError):
        scorecards.get_scorecard(session_factory, unused.id)
