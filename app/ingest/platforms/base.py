"""What a support platform's export looks like, declared as data.

A profile says which headers identify the platform (its *signature*), which header
carries each canonical field (its *columns*, several spellings each, in the order they
are preferred), the units of its durations and what its status, CSAT and SLA words mean.
Everything that reads files is shared (app/ingest/detect.py, app/ingest/tickets.py), so
a new platform is one new module in this package that defines ``PROFILE``.

Header spellings are compared in *folded* form (``fold_header``): case, accents,
punctuation and a unit in brackets are ignored, so ``Número``, ``numero`` and
``First reply time (min)`` / ``First reply time`` meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Unit names a header may carry, and what they mean.
UNIT_WORDS = {
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
    "seconds": "seconds",
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
    "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
}
_UNIT_IN_BRACKETS = re.compile(r"\(\s*(?:in\s+)?([a-z]+)\s*\)")
_UNIT_IN_WORDS = re.compile(r"\bin (milliseconds|seconds|minutes|hours|days)\b")
_NOT_WORD = re.compile(r"[^a-z0-9%#]+")

# What a rating, an SLA outcome or a yes/no cell means, shared by every platform; a
# profile adds its own words on top. None = a known word that is not a rating / outcome.
CSAT_WORDS: dict[str, str | None] = {
    "good": "good", "bad": "bad", "positive": "good", "negative": "bad",
    "offered": None, "unoffered": None, "not offered": None, "not rated": None,
    "unrated": None, "no rating": None,
    "extremely satisfied": "good", "very satisfied": "good", "satisfied": "good",
    "happy": "good", "extremely happy": "good", "very happy": "good",
    "amazing": "good", "great": "good",
    # Not top-box: on a 5- or 7-point scale only the top two count as good.
    "slightly satisfied": "bad", "neutral": "bad", "neither satisfied nor dissatisfied": "bad",
    "ok": "bad", "okay": "bad", "average": "bad",
    "slightly dissatisfied": "bad", "dissatisfied": "bad", "very dissatisfied": "bad",
    "extremely dissatisfied": "bad", "unhappy": "bad", "very unhappy": "bad",
    "terrible": "bad", "poor": "bad",
}
SLA_WORDS: dict[str, str | None] = {
    "within sla": "met", "met": "met", "achieved": "met", "true": "met", "yes": "met",
    "1": "met", "sla met": "met", "in sla": "met", "completed": "met",
    "sla violated": "breached", "violated": "breached", "breached": "breached",
    "missed": "breached", "false": "breached", "no": "breached", "0": "breached",
    "sla breached": "breached", "out of sla": "breached", "breach": "breached",
    "not applicable": None, "no sla": None, "paused": None, "active": None,
    "in progress": None, "cancelled": None,
}
BOOLEAN_WORDS: dict[str, bool] = {
    "true": True, "yes": True, "y": True, "1": True, "x": True, "checked": True,
    "escalated": True, "sim": True, "si": True, "oui": True, "ja": True,
    "false": False, "no": False, "n": False, "0": False, "unchecked": False,
    "not escalated": False, "nao": False, "non": False, "nein": False,
}


def fold_header(text: str) -> str:
    """The form headers are compared in: no accents, case, punctuation or unit brackets."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _UNIT_IN_BRACKETS.sub(
        lambda m: " " if m[1] in UNIT_WORDS else m[0], text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def header_unit(text: str) -> str | None:
    """The unit a header names: ``(min)``, ``(in hrs)``, ``... in minutes``; else None."""
    lowered = str(text).casefold()
    for match in _UNIT_IN_BRACKETS.finditer(lowered):
        if match[1] in UNIT_WORDS:
            return UNIT_WORDS[match[1]]
    match = _UNIT_IN_WORDS.search(lowered)
    return UNIT_WORDS[match[1]] if match else None


def fold_value(text: str) -> str:
    """The form status / rating / SLA words are compared in."""
    return " ".join(str(text).casefold().replace("_", " ").split())


@dataclass(frozen=True)
class PlatformProfile:
    """One platform's export, declared. See the module docstring."""

    name: str        # "zendesk", "zendesk_explore", "freshdesk", ... (the --platform name)
    vendor: str      # the tickets.platform value: "zendesk" for both Zendesk profiles
    title: str       # for the window: "Zendesk (ticket export)"
    kind: str = "tickets"  # "tickets" or "aggregates" (one row per agent and period)
    # Headers that identify the platform (any spelling fold_header gives the same form).
    signature: tuple[str, ...] = ()
    # Canonical field -> header spellings, preferred first. See tickets.TICKET_FIELDS.
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Aggregate metric -> header spellings (for reports with one row per agent/period).
    metrics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Headers naming the period of an aggregate row (a date, week or month).
    period_columns: tuple[str, ...] = ()
    # Unit of a duration column whose header names none ("minutes", "hours", "seconds",
    # "ms", "days"); per header in ``header_units`` (folded spelling -> unit).
    duration_unit: str = "minutes"
    header_units: dict[str, str] = field(default_factory=dict)
    # The platform's own words on top of CSAT_WORDS / SLA_WORDS / BOOLEAN_WORDS.
    csat_words: dict[str, str | None] = field(default_factory=dict)
    sla_words: dict[str, str | None] = field(default_factory=dict)
    # Statuses that mean "solved" (informative: the status is stored as exported).
    solved_statuses: frozenset[str] = frozenset()
    tag_separator: str = ","  # Zendesk uses spaces
    # A zero duration means "not reached" when the named field is empty ("" = always)
    # (Freshdesk writes 00:00:00 for a resolution time of an unresolved ticket).
    zero_means_empty_without: dict[str, str] = field(default_factory=dict)
    # A value that only means something when the named field is set (Salesforce's
    # "Age (Hours)" is a resolution time only on a closed case).
    only_with: dict[str, str] = field(default_factory=dict)
    # A header whose higher number means a newer copy of the same ticket
    # (ServiceNow sys_mod_count); becomes the record's "_revision" hint.
    revision_columns: tuple[str, ...] = ()
    # Further SLA status columns that make one outcome with the mapped ``sla`` column
    # (Freshdesk: resolution, first response and every response status).
    sla_also: tuple[str, ...] = ()
    # A row is an aggregate (not a ticket) when the file has no external id column
    # but has metric columns; profiles that can export both set this.
    can_be_aggregates: bool = False

    def csat_word(self, folded: str) -> tuple[bool, str | None]:
        """(known, meaning) of a folded rating word."""
        for words in (self.csat_words, CSAT_WORDS):
            if folded in words:
                return True, words[folded]
        return False, None

    def sla_word(self, folded: str) -> tuple[bool, str | None]:
        for words in (self.sla_words, SLA_WORDS):
            if folded in words:
                return True, words[folded]
        return False, None
