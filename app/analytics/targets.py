"""Which target applies: the agent's own, else the team-wide one, the newest in effect.

A target row applies from its effective date until a newer row of the same metric and
scope starts, so the history stays and each point of a trend is judged by the target of
its day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.analytics.metrics import METRICS


@dataclass(frozen=True)
class Target:
    metric: str
    comparator: str  # ">=" or "<="
    value: float
    effective_from: date
    agent_id: int | None = None  # None = the whole team
    id: int | None = None

    def describe(self) -> str:
        from app.analytics.metrics import format_value

        sign = "≥" if self.comparator == ">=" else "≤"
        if METRICS[self.metric].kind == "rate":
            return f"{sign} {self.value:g}%"
        return f"{sign} {format_value(self.metric, self.value)}"


def default_comparator(metric: str) -> str:
    return ">=" if METRICS[metric].higher_is_better else "<="


class TargetBook:
    def __init__(self, targets: Iterable[Target]) -> None:
        self._targets = sorted(targets, key=lambda t: t.effective_from)

    def for_day(self, metric: str, day: date, agent_id: int | None = None) -> Target | None:
        """The agent's target in effect on ``day``, else the team-wide one."""
        team = own = None
        for target in self._targets:
            if target.metric != metric or target.effective_from > day:
                continue
            if target.agent_id is None:
                team = target
            elif target.agent_id == agent_id:
                own = target
        return own or team

    def __len__(self) -> int:
        return len(self._targets)
