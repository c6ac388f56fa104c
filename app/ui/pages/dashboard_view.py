"""Turning metric reports into what the charts and tiles draw (no widgets here).

Shared by the Dashboard page and the agent's Metrics tab, so a number is labelled,
formatted and judged the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.analytics.metrics import (
    METRICS,
    RATE_KEYS,
    Stat,
    change,
    few,
    format_value,
    meets,
    p_chart_limits,
    position_against,
)
from app.analytics.targets import Target
from app.services.metrics import MetricReport, PeriodStats
from app.ui.charts.comparison_chart import ComparisonData, ComparisonRow
from app.ui.charts.trend_chart import TrendData, TrendPoint

# The tiles, in reading order: the headline six, then the rest.
TILE_KEYS = ("csat", "first_reply_minutes", "full_resolution_minutes", "sla", "fcr",
             "tickets_solved", "nps", "reopen_rate", "escalation_rate", "aht_seconds",
             "first_reply_minutes_business", "tickets_created")


def formatter(key: str):
    return lambda value: format_value(key, value)


@dataclass(frozen=True)
class TileView:
    key: str
    title: str
    value: str
    detail: str  # "n = 372 · 95% 84–91%"
    change: str  # "▲ 2.1 pts vs previous"
    change_good: bool | None  # colour of the change: better / worse / neither
    target: str  # "target ≥ 85%" or "no target"
    met: bool | None
    few: bool
    tooltip: str


def tile_view(key: str, stat: Stat, previous: Stat | None, target: Target | None) -> TileView:
    info = METRICS[key]
    value = stat.value
    detail = ""
    if info.kind == "count":
        detail = "tickets"
    elif stat.n == 0:
        detail = "no data in this period"
    else:
        detail = f"n {stat.n:,}"
        if stat.low is not None and stat.high is not None:
            detail += f" · {_short(key, stat.low)} to {_short(key, stat.high)}"
        elif info.kind == "time" and getattr(stat, "p90", None) is not None:
            detail += f" · p90 {format_value(key, stat.p90)}"
    before = previous.value if previous is not None else None
    delta = change(value, before)
    change_text, good = "", None
    if delta is not None:
        amount = _change_amount(key, delta, before)
        if abs(delta) < 1e-9:
            change_text = "= same as previous period"
        elif not any(digit in amount for digit in "123456789"):
            change_text = "≈ same as previous period"  # not "▲ 0.0 pts": no direction to show
        else:
            arrow = "▲" if delta > 0 else "▼"
            change_text = f"{arrow} {amount} vs previous"
            good = (delta > 0) == info.higher_is_better if info.kind != "count" else None
    elif value is not None:
        change_text = "no earlier data to compare"
    met = meets(value, target.comparator, target.value) if target else None
    target_text = f"target {target.describe()}" if target else "no target"
    tooltip = f"{info.title}: {format_value(key, value)}"
    if stat.low is not None and stat.high is not None:
        tooltip += (f"\n95% interval {format_value(key, stat.low)} to "
                    f"{format_value(key, stat.high)} (n = {stat.n:,})")
    if few(stat):
        tooltip += f"\nOnly {stat.n} behind this figure (fewer than 20): read with care."
    return TileView(key, info.short or info.title, format_value(key, value), detail,
                    change_text, good, target_text, met, few(stat), tooltip)


def _change_amount(key: str, delta: float, base: float | None) -> str:
    """How much a figure moved, in the unit its tile shows (rates in points, counts in
    percent of the earlier period)."""
    kind = METRICS[key].kind
    if kind == "rate":
        return f"{abs(delta):.1f} pts"
    if kind == "score":
        return f"{abs(delta):.0f} pts"
    if kind == "count":
        return f"{abs(delta) / base * 100:.0f}%" if base else f"{abs(delta):,.0f}"
    if kind == "mean":
        return f"{abs(delta):.0f} s"
    return format_value(key, abs(delta))


def _short(key: str, value: float) -> str:
    if METRICS[key].kind == "rate":
        return f"{value:.0f}%"
    return format_value(key, value)


def period_label(start: date, grain: str) -> tuple[str, str]:
    """(axis label, hover label) of a period."""
    if grain == "month":
        return start.strftime("%b '%y"), start.strftime("%B %Y")
    return start.strftime("%d %b").lstrip("0"), "Week of " + start.strftime("%d %b %Y").lstrip("0")


def trend_data(key: str, report: MetricReport, targets: list[float | None], *,
               compare: MetricReport | None = None, main_label: str = "Team",
               target: Target | None = None, show_limits: bool = False) -> TrendData:
    """A metric's trend: the report's series, the comparison series beside it, the target
    of each period, and p-chart limits around the rate over the whole range."""
    info = METRICS[key]
    total = report.totals[key]
    p_bar = total.value if key in RATE_KEYS else None
    points = []
    for index, period in enumerate(report.series):
        stat = period.stats[key]
        axis, hover = period_label(period.start, report.grain or "week")
        other = compare.series[index].stats[key].value if compare else None
        points.append(TrendPoint(
            label=axis, period=hover, value=stat.value, n=stat.n, low=stat.low,
            high=stat.high, few=few(stat), compare=other,
            target=targets[index] if index < len(targets) else None,
            limits=p_chart_limits(p_bar, stat.n) if p_bar is not None else None))
    return TrendData(
        title=info.title, points=points, format=formatter(key), main_label=main_label,
        compare_label="Team", target_text=target.describe() if target else "",
        y_floor=None if info.kind == "score" else 0.0,
        y_ceiling=102.0 if info.kind == "rate" else None,
        show_limits=show_limits and key in RATE_KEYS)


def comparison_data(key: str, report: MetricReport) -> ComparisonData:
    info = METRICS[key]
    team = report.totals[key]
    rows = []
    for agent in report.agents:
        stat = agent.stats[key]
        if info.kind != "count" and stat.n == 0:
            continue
        rows.append(ComparisonRow(
            agent.agent_id, agent.name, stat.value, stat.n, stat.low, stat.high,
            few(stat), position_against(stat, team.value)))
    return ComparisonData(info.title, rows, team.value, team.low, team.high, formatter(key),
                          info.higher_is_better)


def series_total(series: list[PeriodStats]) -> int:
    return sum(p.stats["tickets_solved"].count for p in series)
