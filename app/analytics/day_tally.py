"""The tickets' day summary counted from rows in hand, as they are read.

The summary (``services.ticket_day_stats``) is normally recounted by the database after
an import. For an import that only adds tickets, the importing process has every row in
hand anyway, so it counts them here as they go to the database (``services.ticket_import``),
and the recount — seconds for a million tickets — is not needed. The counts are the same
as the database's GROUP BY of ``ticket_day_stats._count_queries`` (a test holds the two
together): per (day, agent) and basis, ``[tickets, *COUNTS, *time arrays]``.

Rows are tuples in a layout given by column name; timestamps come as stored (a
``datetime``, or SQLite's ISO text of one).
"""

from __future__ import annotations

from array import array
from datetime import date
from operator import itemgetter

from app.analytics.metrics import CREATED_TIME_KEYS, TIME_KEYS

SOLVED_TIME_KEYS = tuple(k for k in TIME_KEYS if k not in CREATED_TIME_KEYS)
# The counts of a solved day, in the summary's order (``ticket_day_stats.COUNTS``).
COUNTS = ("csat_good", "csat_rated", "nps_promoters", "nps_detractors", "nps_rated",
          "one_touch", "replies_known", "sla_met", "sla_known", "reopened", "reopens_known",
          "escalated", "escalation_known", "handle_sum", "handle_n")
FIELDS = ("agent_id", "created_at", "solved_at", "csat", "nps", "agent_replies", "sla",
          "reopens", "escalated", "handle_seconds", "group_name", "channel", *TIME_KEYS)


def stored_day(moment) -> date | None:
    """The day of a stored moment: a datetime, or SQLite's ISO text of one."""
    if moment is None:
        return None
    return date.fromisoformat(moment[:10]) if isinstance(moment, str) else moment.date()


class DayTally:
    """``created`` / ``solved``: (day, agent id) -> [tickets, *counts, *time arrays];
    ``groups`` / ``channels``: every name seen; ``rows``: how many rows were counted."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self._fields = itemgetter(*(columns.index(name) for name in FIELDS))
        self.created: dict[tuple[date, int | None], list] = {}
        self.solved: dict[tuple[date, int | None], list] = {}
        self.groups: set[str | None] = set()
        self.channels: set[str | None] = set()
        self.rows = 0
        self._days: dict[str, date] = {}

    def _day(self, moment) -> date:
        """``stored_day``, remembered per day's text (a day has many tickets)."""
        if not isinstance(moment, str):
            return moment.date()
        day = self._days.get(moment[:10])
        if day is None:
            day = self._days[moment[:10]] = stored_day(moment)
        return day

    def add(self, rows: list[tuple]) -> None:
        created, solved, day_of = self.created, self.solved, self._day
        groups, channels = self.groups, self.channels
        self.rows += len(rows)
        for (agent, made, done, csat, nps, replies, sla, reopens, escalated, handle, group,
             channel, first, first_b, full, full_b) in map(self._fields, rows):
            groups.add(group)
            channels.add(channel)
            if made is not None:
                key = (day_of(made), agent)
                part = created.get(key)
                if part is None:
                    part = created[key] = [0, array("d"), array("d")]
                part[0] += 1
                if first is not None:
                    part[1].append(first)
                if first_b is not None:
                    part[2].append(first_b)
            if done is None:
                continue
            key = (day_of(done), agent)
            part = solved.get(key)
            if part is None:
                part = solved[key] = [0] * (1 + len(COUNTS)) + [array("d"), array("d")]
            part[0] += 1
            if csat is not None:
                part[1] += csat == "good"
                part[2] += 1
            if nps is not None and 0 <= nps <= 10:
                part[3] += nps >= 9
                part[4] += nps <= 6
                part[5] += 1
            if replies is not None:
                part[6] += replies <= 1
                part[7] += 1
            if sla is not None:
                part[8] += sla == "met"
                part[9] += 1
            if reopens is not None:
                part[10] += reopens >= 1
                part[11] += 1
            if escalated is not None:
                part[12] += bool(escalated)
                part[13] += 1
            if handle is not None:
                part[14] += handle
                part[15] += 1
            if full is not None:
                part[16].append(full)
            if full_b is not None:
                part[17].append(full_b)

    def earliest(self) -> date | None:
        """The first day counted on either basis."""
        return min((day for day, _ in (*self.created, *self.solved)), default=None)
