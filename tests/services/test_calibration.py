"""Calibration sessions: blind scoring, reveal, hand-computed results, discussion, guidance."""

from __future__ import annotations

from datetime import date

import krippendorff
import numpy as np
import pytest
from sqlalchemy import func, select

from app.errors import BadInputError
from app.models.quality import Review
from app.services import calibration as cal, calibration_results as res, scorecards
from app.services.calibration import ConversationInput, ScoreInput, SessionInput
from tests.services.quality_helpers import make_card

DAY = date(2026, 11, 2)
# Greeting (w10, yes/no, N/A allowed), Accuracy (w30, 1-4), Compliance (w20, yes/no,
# critical), Tone (w40, 1-5), per grader, one conversation.
SCORES = {"Ann": {"Greeting": 1, "Accuracy": 4, "Compliance": 1, "Tone": 5},
          "Bo": {"Greeting": 1, "Accuracy": 3, "Compliance": 1, "Tone": 3},
          "Cy": {"Greeting": "na", "Accuracy": 2, "Compliance": 0, "Tone": 4}}


def new_session(session_factory, *, graders=("Ann", "Bo", "Cy"), expert=None,
                refs=("ZD-101",), title="November calibration"):
    card = make_card(session_factory)
    return cal.create_session(session_factory, SessionInput(
        title, DAY, card.version_id, [ConversationInput(r, f"Transcript of {r}") for r in refs],
        list(graders), "Fay Facilitator", expert))


def score_set(detail, by_name: dict) -> dict:
    criteria = {c.name: c.id for c in detail.scorecard.criteria}
    return {(conv.id, criteria[name]): (ScoreInput(na=True) if value == "na"
                                        else ScoreInput(value))
            for conv in detail.conversations for name, value in by_name.items()}


def submit_all(session_factory, detail, scores=SCORES):
    for grader in detail.graders:
        if grader.name in scores:
            cal.submit_scores(session_factory, detail.id, grader.id,
                              score_set(detail, scores[grader.name]))


def test_create_validates_and_freezes_the_version(session_factory):
    detail = new_session(session_factory)
    assert [g.name for g in detail.graders] == ["Ann", "Bo", "Cy"]
    assert detail.benchmark == "consensus" and detail.status == "scoring"
    assert scorecards.get_version(session_factory, detail.scorecard.version_id).frozen
    card_id = detail.scorecard.version_id
    with pytest.raises(BadInputError, match="one to 5"):
        cal.create_session(session_factory, SessionInput(
            "T", DAY, card_id, [ConversationInput(f"R{i}") for i in range(6)], ["A", "B"]))
    with pytest.raises(BadInputError, match="twice"):
        cal.create_session(session_factory, SessionInput(
            "T", DAY, card_id, [ConversationInput("R")], ["A", "a "]))
    with pytest.raises(BadInputError, match="two graders"):
        cal.create_session(session_factory, SessionInput(
            "T", DAY, card_id, [ConversationInput("R")], ["A"]))


def test_scores_stay_hidden_until_reveal(session_factory):
    detail = new_session(session_factory)
    ann = detail.grader("Ann")
    result = cal.submit_scores(session_factory, detail.id, ann.id,
                               score_set(detail, SCORES["Ann"]))
    assert not result.all_submitted and result.waiting_for == ["Bo", "Cy"]
    with pytest.raises(BadInputError, match="hidden until the facilitator reveals"):
        res.session_results(session_factory, detail.id)
    with pytest.raises(BadInputError, match="already submitted"):
        cal.submit_scores(session_factory, detail.id, ann.id, score_set(detail, SCORES["Ann"]))
    with pytest.raises(BadInputError, match="two graders"):
        cal.reveal(session_factory, detail.id)
    incomplete = dict(list(score_set(detail, SCORES["Bo"]).items())[:2])
    with pytest.raises(BadInputError, match="not rated"):
        cal.submit_scores(session_factory, detail.id, detail.grader("Bo").id, incomplete)


def test_results_match_hand_computed_values(session_factory):
    detail = new_session(session_factory)
    submit_all(session_factory, detail)
    cal.reveal(session_factory, detail.id)
    results = res.session_results(session_factory, detail.id)
    by_name = {u.criterion.name: u for u in results.units}
    # benchmark = lower median: Accuracy 4,3,2 -> 3; Compliance 1,1,0 -> 1; Tone 5,3,4 -> 4
    assert {n: u.benchmark for n, u in by_name.items()} == \
        {"Greeting": 1, "Accuracy": 3, "Compliance": 1, "Tone": 4}
    assert by_name["Accuracy"].spread == pytest.approx(200 / 3)
    assert by_name["Tone"].spread == pytest.approx(50.0)
    assert by_name["Greeting"].spread == 0.0 and not by_name["Greeting"].discuss
    assert by_name["Compliance"].discuss and "critical" in by_name["Compliance"].why
    assert results.units[-1].criterion.name == "Greeting"  # to-discuss first
    align = {g.name: g.alignment for g in results.graders}
    assert align["Ann"] == pytest.approx(80.0)
    assert align["Bo"] == pytest.approx(90.0)
    assert align["Cy"] == pytest.approx(60 / 90 * 100)
    assert results.reliability.percent_agreement == pytest.approx(20.0)
    # mixed scales: interval alpha on criterion scores, as the package computes it
    matrix = np.array([[100, 100, 100, 100], [100, 200 / 3, 100, 50],
                       [np.nan, 100 / 3, 0, 75]])
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    assert results.reliability.level == "interval"
    assert results.reliability.alpha == pytest.approx(expected)
    json = results.report_json()
    assert set(json) == {"alpha", "alpha_level", "percent_agreement", "graders", "criteria"}
    assert json["graders"]["Bo"] == {"alignment": 90.0}
    assert set(json["criteria"][0]) == {"conversation", "criterion", "spread", "benchmark",
                                        "discuss"}
    # totals: Ann scores everything at the top -> 100; Cy fails the critical -> 0
    assert results.totals["Ann"] == [pytest.approx(100.0)]
    assert results.totals["Cy"] == [0.0]


def test_agreed_value_becomes_the_benchmark_and_notes_are_kept(session_factory):
    detail = new_session(session_factory)
    submit_all(session_factory, detail)
    cal.reveal(session_factory, detail.id)
    conv = detail.conversations[0].id
    accuracy = next(c for c in detail.scorecard.criteria if c.name == "Accuracy")
    res.save_discussion(session_factory, detail.id, conv, accuracy.id,
                        note="Partial answers are a 3", agreed_value=4)
    results = res.session_results(session_factory, detail.id)
    unit = next(u for u in results.units if u.criterion.name == "Accuracy")
    assert (unit.benchmark, unit.benchmark_source, unit.note) == (4, "agreed",
                                                                  "Partial answers are a 3")
    assert {g.name: g.alignment for g in results.graders}["Ann"] == pytest.approx(90.0)
    with pytest.raises(BadInputError, match="not on the scale"):
        res.save_discussion(session_factory, detail.id, conv, accuracy.id, note="", agreed_value=9)


def test_expert_benchmark(session_factory):
    detail = new_session(session_factory, expert="Ann")
    assert detail.expert.name == "Ann" and detail.benchmark == "expert"
    submit_all(session_factory, detail)
    cal.reveal(session_factory, detail.id)
    results = res.session_results(session_factory, detail.id)
    align = {g.name: g.alignment for g in results.graders}
    assert align["Bo"] == pytest.approx(70.0)  # (10 + 20 + 20 + 20) / 100
    assert align["Ann"] == pytest.approx(100.0)
    with pytest.raises(BadInputError, match="expert"):
        res.save_discussion(session_factory, detail.id, detail.conversations[0].id,
                            detail.scorecard.criteria[0].id, note="", agreed_value=1)


def test_add_to_guidance_makes_the_next_scorecard_version(session_factory):
    detail = new_session(session_factory)
    submit_all(session_factory, detail)
    cal.reveal(session_factory, detail.id)
    tone = next(c for c in detail.scorecard.criteria if c.name == "Tone")
    first = res.add_to_guidance(session_factory, detail.id, tone.id, "Empathy words count.")
    assert first.new_version and first.version == 2
    second = res.add_to_guidance(session_factory, detail.id, tone.id, "Sarcasm is a 1.")
    assert not second.new_version and second.version == 2
    card = scorecards.get_scorecard(session_factory, detail.scorecard.id)
    guidance = next(c.guidance for c in card.criteria if c.name == "Tone")
    assert guidance.endswith("Empathy words count.\nSarcasm is a 1.")
    # the session keeps scoring with its own version
    assert cal.get_session(session_factory, detail.id).scorecard.version == 1
    results = res.session_results(session_factory, detail.id)
    assert [(g.criterion, g.version) for g in results.guidance] == [("Tone", 2), ("Tone", 2)]


def test_calibration_never_makes_reviews_and_history_trends(session_factory):
    first = new_session(session_factory)
    submit_all(session_factory, first)
    cal.reveal(session_factory, first.id)
    with session_factory() as session:
        assert session.scalar(select(func.count(Review.id))) == 0  # nothing reaches IQS
    card_version = first.scorecard.version_id
    second = cal.create_session(session_factory, SessionInput(
        "December", date(2026, 12, 1), card_version, [ConversationInput("ZD-7")],
        ["Ann", "Bo"]))
    submit_all(session_factory, second, {"Ann": SCORES["Ann"], "Bo": SCORES["Ann"]})
    cal.reveal(session_factory, second.id)
    points = res.history(session_factory)
    assert [p.title for p in points] == ["November calibration", "December"]
    assert points[1].alignments == {"Ann": 100.0, "Bo": 100.0}
    assert points[0].alignments["Bo"] == pytest.approx(90.0)
    assert [s.title for s in cal.list_sessions(session_factory)] == ["December",
                                                                    "November calibration"]
