"""Targets, windows and Wilson intervals for goals and plan objectives (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from app.analytics.objectives import assess, describe, progress, window
from app.analytics.rates import median, percent, wilson_interval


def test_window_includes_both_ends():
    assert window(date(2026, 11, 30), 30) == (date(2026, 11, 1), date(2026, 11, 30))


def test_assess_needs_data_and_enough_of_it():
    assert assess(None, 0, ">=", 85).reason == "no data yet"
    assert assess(90.0, 5, ">=", 80, min_count=8).reason == "too few (5 of 8)"
    assert assess(90.0, 8, ">=", 80, min_count=8).met is True
    assert assess(12.0, 40, "<=", 8).met is False


def test_progress_towards_the_target():
    assert progress(75.0, ">=", 90.0) == pytest.approx(75 / 90)
    assert progress(95.0, ">=", 90.0) == 1.0
    assert progress(16.0, "<=", 8.0) == pytest.approx(0.5)
    assert progress(80.0, ">=", 90.0, baseline=70.0) == pytest.approx(0.5)


def test_descriptions_read_like_the_issue():
    assert describe("csat", ">=", 85, 30) == "CSAT ≥ 85% over the last 30 days"
    assert describe("iqs", ">=", 80, None, 8) == "IQS ≥ 80 over at least 8 reviews"
    assert describe("csat", ">=", None, 30, target_kind="team_median") == \
        "CSAT ≥ team median over the last 30 days"


def test_rates_and_wilson_by_hand():
    assert percent(3, 4) == 75.0 and percent(0, 0) is None
    low, high = wilson_interval(8, 10)
    assert (low, high) == (pytest.approx(49.02, abs=0.01), pytest.approx(94.33, abs=0.01))
    assert median([3, 1, 2]) == 2.0 and median([1, 4]) == 2.5 and median([]) is None
