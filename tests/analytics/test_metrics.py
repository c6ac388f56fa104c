"""The definitions of METRICS.md against hand-computed values (pure, no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from app.analytics.distributions import histogram, quantiles
from app.analytics.metrics import (
    NpsStat,
    RateStat,
    Tally,
    change,
    few,
    format_value,
    is_one_touch,
    meets,
    metric_json,
    metric_set,
    nps_bucket,
    p_chart_limits,
    position_against,
)
from app.analytics.periods import (
    DateRange,
    bucket_bounds,
    period_starts,
    preset_range,
    previous_range,
    week_start,
)
from app.analytics.rates import median, wilson_interval
from app.analytics.targets import Target, TargetBook


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (8, 10, 49.0157, 94.3319),   # the textbook example (Newcombe 1998 style)
    (0, 10, 0.0, 27.7533),
    (10, 10, 72.2467, 100.0),
    (50, 100, 40.3832, 59.6168),
    (1, 1, 20.6543, 100.0),
    # Newcombe (1998), Statistics in Medicine 17:857, Table II, method 3 (Wilson score).
    (81, 263, 25.53, 36.62),
    (15, 148, 6.24, 16.05),
    (0, 20, 0.0, 16.11),
    (1, 29, 0.61, 17.18),
])
def test_wilson_interval_known_values(k, n, low, high):
    got_low, got_high = wilson_interval(k, n)
    assert got_low == pytest.approx(low, abs=6e-3)
    assert got_high == pytest.approx(high, abs=6e-3)


def test_wilson_matches_the_formula_of_metrics_md():
    z, k, n = 1.96, 37, 52
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    assert wilson_interval(k, n) == pytest.approx(((centre - half) * 100, (centre + half) * 100))


def test_a_rate_with_no_data_is_no_data_not_zero():
    stat = RateStat(0, 0)
    assert stat.value is None and stat.low is None and stat.high is None
    assert format_value("csat", stat.value) == "no data"
    assert RateStat(0, 4).value == 0.0  # a real zero stays a zero


def test_every_metric_of_an_empty_tally_is_no_data():
    stats = metric_json(metric_set(Tally()))
    assert stats["csat"] == {"value": None, "n": 0, "low": None, "high": None}
    assert stats["first_reply_minutes"] == {"median": None, "p90": None, "n": 0}
    assert stats["aht_seconds"] == {"mean": None, "n": 0}
    assert stats["tickets_created"] == 0


def test_nps_is_promoters_minus_detractors():
    assert [nps_bucket(s) for s in (0, 6, 7, 8, 9, 10, None, 11)] == [
        "detractor", "detractor", "passive", "passive", "promoter", "promoter", None, None]
    stat = NpsStat(promoters=5, detractors=2, n=10)
    assert stat.value == pytest.approx(30.0)
    low, high = stat.interval
    # ±1.96·√((0.5+0.2−0.3²)/10)·100 = ±48.408
    assert (low, high) == pytest.approx((30 - 48.4084, 30 + 48.4084), abs=1e-3)
    assert NpsStat(10, 0, 10).interval == (100.0, 100.0)


def test_one_touch():
    assert [is_one_touch(r) for r in (0, 1, 2, None)] == [True, True, False, None]


def test_quantiles_interpolate_between_ranks():
    assert quantiles(Counter([1, 2, 3, 4]), (0.5, 0.9)) == [2.5, pytest.approx(3.7)]
    assert quantiles(Counter({10.0: 3, 20.0: 1}), (0.5,)) == [10.0]
    assert quantiles(Counter(), (0.5, 0.9)) == [None, None]
    values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    assert quantiles(Counter(values), (0.5,))[0] == median(values) == 4


def test_histogram_keeps_long_tickets_in_the_last_bin():
    result = histogram(Counter({5: 2, 15: 1, 20000: 1}), edges=(0, 15, 60))
    assert result.counts == [2, 1, 1]
    assert result.n == 4


def test_metric_set_from_a_tally():
    t = Tally(solved=10, csat_good=3, csat_rated=4, one_touch=6, replies_known=8,
              sla_met=9, sla_known=10, reopened=1, reopens_known=10, escalated=2,
              escalation_known=10, handle_sum=900.0, handle_n=3, created=12)
    t.times["first_reply_minutes"].update([10, 20, 30])
    stats = metric_set(t)
    assert stats["csat"].value == 75.0 and stats["csat"].n == 4
    assert stats["fcr"].value == 75.0 and stats["fcr"].n == 8
    assert stats["reopen_rate"].value == 10.0
    assert stats["aht_seconds"].mean == 300.0
    assert stats["first_reply_minutes"].median == 20.0
    assert stats["first_reply_minutes_business"].median is None
    assert stats["tickets_created"].count == 12


def test_reading_the_numbers():
    assert meets(85.0, ">=", 85.0) is True and meets(84.9, ">=", 85) is False
    assert meets(50, "<=", 60) is True and meets(None, ">=", 1) is None
    assert change(80.0, 85.0) == -5.0 and change(None, 85.0) is None
    assert few(RateStat(5, 19)) and not few(RateStat(5, 20)) and not few(RateStat(0, 0))
    # An agent 8/20 (interval 21.9–61.3) against a team at 85%: wholly below.
    assert position_against(RateStat(8, 20), 85.0) == "below"
    assert position_against(RateStat(15, 20), 85.0) == "within"  # only looks lower
    assert position_against(RateStat(20, 20), 50.0) == "above"
    assert position_against(RateStat(0, 0), 50.0) is None


def test_p_chart_limits():
    low, high = p_chart_limits(90.0, 100)
    assert (low, high) == pytest.approx((81.0, 99.0))  # 0.9 ± 3·0.03
    assert p_chart_limits(50.0, 1) == (0.0, 100.0)
    assert p_chart_limits(None, 10) is None and p_chart_limits(80.0, 0) is None


# ------------------------------------------------------------------- periods


def test_weeks_start_on_monday():
    assert week_start(date(2026, 11, 8)) == date(2026, 11, 2)  # Sunday -> Monday before
    assert week_start(date(2026, 11, 2)) == date(2026, 11, 2)
    assert period_starts(date(2026, 11, 4), date(2026, 11, 16), "week") == [
        date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert bucket_bounds(date(2026, 11, 4), date(2026, 11, 16), "week") == [
        datetime(2026, 11, 9), datetime(2026, 11, 16)]
    assert period_starts(date(2026, 1, 31), date(2026, 3, 1), "month") == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_presets_and_the_previous_period():
    today = date(2026, 11, 4)  # a Wednesday
    assert preset_range("last_4_weeks", today) == DateRange(date(2026, 10, 12), today)
    assert preset_range("last_month", today) == DateRange(date(2026, 10, 1), date(2026, 10, 31))
    assert preset_range("last_quarter", today) == DateRange(date(2026, 7, 1),
                                                            date(2026, 9, 30))
    assert preset_range("this_quarter", today) == DateRange(date(2026, 10, 1), today)
    assert previous_range(DateRange(date(2026, 10, 1), date(2026, 10, 31))) == DateRange(
        date(2026, 9, 1), date(2026, 9, 30))
    assert previous_range(DateRange(date(2026, 11, 1), date(2026, 11, 4))) == DateRange(
        date(2026, 10, 1), date(2026, 10, 4))
    assert previous_range(DateRange(date(2026, 7, 1), date(2026, 9, 30))) == DateRange(
        date(2026, 4, 1), date(2026, 6, 30))
    assert previous_range(DateRange(date(2026, 10, 12), today)) == DateRange(
        date(2026, 9, 18), date(2026, 10, 11))  # the 24 days just before


def test_target_book_prefers_the_agents_own_and_the_newest_in_effect():
    book = TargetBook([
        Target("csat", ">=", 80, date(2026, 1, 1)),
        Target("csat", ">=", 85, date(2026, 6, 1)),
        Target("csat", ">=", 75, date(2026, 3, 1), agent_id=7),
    ])
    assert book.for_day("csat", date(2026, 2, 1)).value == 80
    assert book.for_day("csat", date(2026, 7, 1)).value == 85
    assert book.for_day("csat", date(2026, 7, 1), agent_id=7).value == 75
    assert book.for_day("csat", date(2026, 2, 1), agent_id=7).value == 80
    assert book.for_day("csat", date(2025, 12, 31)) is None
    assert book.for_day("sla", date(2026, 7, 1)) is None
    assert Target("csat", ">=", 85, date(2026, 1, 1)).describe() == "≥ 85%"
