"""Use cases. One function is one unit of work in one transaction; results are dataclasses.

Writing services say what they changed with a ``Change`` area, which the window carries
to its pages (so each page redraws only when its data changed).
"""

from enum import StrEnum


class Change(StrEnum):
    ROSTER = "roster"
    TICKETS = "tickets"  # tickets, aggregates, imports, aliases learnt while importing
    QUALITY = "quality"  # scorecards, reviews, disputes
    COACHING = "coaching"  # one-on-ones, talking points, action items, goals, plans
    DATABASE = "database"  # the whole file was replaced (restore, open another)
