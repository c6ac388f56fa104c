"""QA scores against hand-computed cases (METRICS.md "QA scores")."""

import pytest

from app.analytics.qa_scores import (
    CriterionSpec,
    CriterionStat,
    criterion_breakdown,
    criterion_score,
    iqs,
    pass_rate,
    review_score,
    scale_values,
    weakest,
)


@pytest.mark.parametrize(("scale", "value", "expected"), [
    (2, 0, 0.0), (2, 1, 100.0),
    (3, 1, 0.0), (3, 2, 50.0), (3, 3, 100.0),
    (4, 1, 0.0), (4, 2, 100 / 3), (4, 3, 200 / 3), (4, 4, 100.0),
    (5, 1, 0.0), (5, 2, 25.0), (5, 3, 50.0), (5, 4, 75.0), (5, 5, 100.0),
])
def test_criterion_score_on_every_scale(scale, value, expected):
    assert criterion_score(value, scale) == pytest.approx(expected)


@pytest.mark.parametrize(("scale", "value"), [(2, 2), (3, 0), (4, 5), (5, 6)])
def test_values_outside_the_scale_are_refused(scale, value):
    with pytest.raises(ValueError):
        criterion_score(value, scale)


def test_scale_values():
    assert scale_values(2) == [0, 1]
    assert scale_values(5) == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        scale_values(6)


CARD = [
    CriterionSpec("greet", "Greeting", 5, 2, allow_na=True),
    CriterionSpec("acc", "Accuracy", 25, 4),
    CriterionSpec("policy", "Policy", 15, 2, critical=True),
    CriterionSpec("tone", "Tone", 15, 5),
    CriterionSpec("own", "Ownership", 15, 3, allow_na=True),
]


def test_weighted_score():
    # greet 1 -> 100, acc 3 -> 66.67, policy 1 -> 100, tone 4 -> 75, own 2 -> 50
    # (5*100 + 25*66.667 + 15*100 + 15*75 + 15*50) / 75 = 5541.67 / 75 = 73.889
    result = review_score(CARD, {"greet": 1, "acc": 3, "policy": 1, "tone": 4, "own": 2})
    assert result.score == pytest.approx(5541.6667 / 75, abs=1e-3)
    assert not result.auto_failed
    assert result.rated == 5
    assert result.passed(73.0) and not result.passed(74.0)


def test_na_drops_out_of_both_sums():
    # greet and own N/A: (25*100 + 15*100 + 15*50) / 55 = 4750 / 55 = 86.364
    result = review_score(CARD, {"greet": None, "acc": 4, "policy": 1, "tone": 3, "own": None})
    assert result.score == pytest.approx(4750 / 55)
    assert result.rated == 3


def test_critical_below_half_zeroes_the_review_but_keeps_the_weighted_score():
    result = review_score(CARD, {"greet": 1, "acc": 4, "policy": 0, "tone": 5, "own": 3})
    assert result.score == 0.0
    assert result.auto_failed
    assert result.failed_critical == ("Policy",)
    # 5*100 + 25*100 + 15*0 + 15*100 + 15*100 = 6000 / 75 = 80
    assert result.weighted_score == pytest.approx(80.0)


def test_critical_at_exactly_half_does_not_fail():
    card = [CriterionSpec("a", "A", 1, 3, critical=True), CriterionSpec("b", "B", 1, 5,
                                                                          critical=True)]
    result = review_score(card, {"a": 2, "b": 3})  # both exactly 50
    assert not result.auto_failed
    assert result.score == pytest.approx(50.0)
    assert review_score(card, {"a": 2, "b": 2}).auto_failed  # 25 < 50


def test_unrated_criteria_are_reported_and_left_out():
    result = review_score(CARD, {"acc": 4})
    assert result.score == pytest.approx(100.0)
    assert result.unrated == ("Greeting", "Policy", "Tone", "Ownership")


def test_nothing_rated_has_no_score():
    result = review_score(CARD, {"greet": None, "own": None})
    assert result.score is None
    assert result.passed(85) is None


def test_zero_weight_criterion_can_still_auto_fail():
    card = [CriterionSpec("a", "A", 10, 4), CriterionSpec("c", "Compliance", 0, 2, critical=True)]
    assert review_score(card, {"a": 4, "c": 1}).score == pytest.approx(100.0)
    assert review_score(card, {"a": 4, "c": 0}).score == 0.0


def test_iqs_and_pass_rate():
    assert iqs([80.0, 90.0, None, 0.0]) == pytest.approx(170 / 3)
    assert iqs([]) is None
    assert pass_rate([(85.0, 85.0), (84.9, 85.0), (100.0, 90.0), (None, 85.0)]) == \
        pytest.approx(200 / 3)
    assert pass_rate([]) is None


def test_breakdown_and_weakest():
    stats = criterion_breakdown([("Tone", 25.0), ("Tone", 75.0), ("Policy", 0.0),
                                 ("Policy", 100.0), ("Policy", 100.0), ("Accuracy", 90.0)])
    assert stats["Tone"] == CriterionStat("Tone", 50.0, 2, 1)
    assert stats["Policy"].average == pytest.approx(200 / 3)
    assert stats["Policy"].below_half == 1
    assert [s.name for s in weakest(stats, 2)] == ["Tone", "Policy"]
    assert [s.name for s in weakest(stats, 5, min_rated=2)] == ["Tone", "Policy"]
