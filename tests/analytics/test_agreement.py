"""Calibration measures against hand-computed values and the krippendorff package."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from app.analytics import agreement as ag
from app.analytics.qa_scores import CriterionSpec

GREET = CriterionSpec("greet", "Greeting", 1.0, 5)
ACC = CriterionSpec("acc", "Accuracy", 3.0, 5, allow_na=True)
SAFE = CriterionSpec("safe", "Safety", 2.0, 2, critical=True)


def _units(criteria, conversations=("c1",)):
    return [((conv, c.key), c) for conv in conversations for c in criteria]


def test_median_is_lower_middle_for_even_counts():
    assert ag.median_low([4, 2, 3, 5]) == 3
    assert ag.median_low([5, 1, 3]) == 3
    assert ag.median_low([]) is None


def test_unit_alignment_and_spread_by_hand():
    assert ag.unit_alignment(3, 5, 5) == pytest.approx(0.5)  # 1 - 2/4
    assert ag.unit_alignment(0, 1, 2) == 0.0
    assert ag.spread([2, 5, 4], 5) == pytest.approx(75.0)  # 100 - 25
    assert ag.spread([], 5) is None


def test_grader_alignment_is_weight_averaged_over_units_both_rated():
    units = _units([GREET, ACC])
    grader = {("c1", "greet"): 4, ("c1", "acc"): 2}
    bench = {("c1", "greet"): 5, ("c1", "acc"): 4}
    # greet 1 - 1/4 = .75 (w1), acc 1 - 2/4 = .5 (w3): (0.75 + 1.5) / 4 = 56.25%
    result = ag.grader_alignment(units, grader, bench)
    assert result.overall == pytest.approx(56.25)
    assert result.per_criterion == {"greet": pytest.approx(75.0), "acc": pytest.approx(50.0)}
    # N/A on either side drops the unit out of both sums
    result = ag.grader_alignment(units, {**grader, ("c1", "acc"): None}, bench)
    assert result.overall == pytest.approx(75.0)


def test_discuss_marks_spread_over_ten_and_critical_disagreement():
    assert ag.needs_discussion(GREET, [4, 4, 5], 4)[0] is True  # 25 points
    assert ag.needs_discussion(GREET, [4, 4, 4], 5)[0] is False
    # a binary critical criterion: spread 100 and differs from the benchmark
    flag, why = ag.needs_discussion(SAFE, [1, 1, 1], 0)
    assert flag and "critical" in why


def test_benchmark_expert_agreed_and_median():
    units = _units([GREET])
    ratings = {"A": {("c1", "greet"): 2}, "B": {("c1", "greet"): 4},
               "C": {("c1", "greet"): 5}, "D": {("c1", "greet"): 3}}
    assert ag.benchmark_values(units, ratings) == {("c1", "greet"): 3}
    assert ag.benchmark_values(units, ratings, expert="C") == {("c1", "greet"): 5}
    assert ag.benchmark_values(units, ratings, agreed={("c1", "greet"): 4}) == \
        {("c1", "greet"): 4}


def test_percent_agreement_pooled_over_units():
    matrix = np.array([[1, 2, np.nan], [1, 3, 2], [1, 2, 2]], dtype=float)
    # unit 1: 3 pairs agree; unit 2: A-C agree of 3; unit 3: one pair, agrees -> 5/7
    value, pairs = ag.percent_agreement(matrix)
    assert pairs == 7
    assert value == pytest.approx(5 / 7 * 100)


def _ratings(rows, units):
    return {g: {u: (None if math.isnan(v) else int(v)) for (u, _c), v in zip(units, row)}
            for g, row in rows.items()}


def test_alpha_ordinal_equals_package_with_na_missing():
    units = _units([GREET, ACC], ("c1", "c2", "c3"))
    rows = {"A": [5, 4, 3, 2, 4, 4], "B": [4, 4, 3, np.nan, 5, 4], "C": [5, 3, 2, 2, 4, 3]}
    ratings = _ratings(rows, units)
    result = ag.reliability(units, ratings)
    expected = krippendorff.alpha(reliability_data=np.array(list(rows.values())),
                                  level_of_measurement="ordinal",
                                  value_domain=[1, 2, 3, 4, 5])
    assert result.level == "ordinal" and result.on == "scale values"
    assert result.alpha == pytest.approx(expected)


def test_alpha_nominal_for_binary():
    units = _units([SAFE], ("c1", "c2", "c3", "c4"))
    rows = {"A": [1, 0, 1, 1], "B": [1, 0, 0, 1], "C": [1, 1, 0, np.nan]}
    result = ag.reliability(units, _ratings(rows, units))
    expected = krippendorff.alpha(reliability_data=np.array(list(rows.values())),
                                  level_of_measurement="nominal")
    assert result.level == "nominal"
    assert result.alpha == pytest.approx(expected)


def test_alpha_mixed_scales_uses_criterion_scores_at_interval_level():
    units = _units([GREET, SAFE], ("c1", "c2"))
    rows = {"A": [5, 1, 3, 0], "B": [4, 1, 3, 1], "C": [5, 0, 2, 0]}
    result = ag.reliability(units, _ratings(rows, units))
    scores = np.array([[100, 100, 50, 0], [75, 100, 50, 100], [100, 0, 25, 0]], dtype=float)
    expected = krippendorff.alpha(reliability_data=scores, level_of_measurement="interval")
    assert (result.level, result.on) == ("interval", "criterion scores")
    assert result.alpha == pytest.approx(expected)


def test_all_equal_scores_give_no_alpha_but_a_note():
    units = _units([GREET], ("c1", "c2"))
    rows = {"A": [4, 4], "B": [4, 4]}
    result = ag.reliability(units, _ratings(rows, units))
    assert result.alpha is None
    assert result.percent_agreement == 100.0
    assert result.nearly_all_equal
    assert "cannot be computed" in result.reading and "percent agreement" in result.reading


def test_reading_bands():
    assert ag.alpha_band(0.85) == "reliable"
    assert ag.alpha_band(0.7) == "tentative"
    assert ag.alpha_band(0.2) == "not reliable"
    assert ag.reading(0.9, 95.0, False).startswith("Reliable")


def test_conversation_total_applies_auto_fail():
    criteria = [GREET, SAFE]
    values = {("c1", "greet"): 5, ("c1", "safe"): 0}
    assert ag.conversation_totals(criteria, "c1", values) == 0.0
    values[("c1", "safe")] = 1
    assert ag.conversation_totals(criteria, "c1", values) == pytest.approx(100.0)
