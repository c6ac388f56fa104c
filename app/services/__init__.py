"""Use cases. One function is one unit of work in one transaction; results are dataclasses.

Writing services say what they changed with a ``Change`` area, which the window carries
to its pages (so each page redraws only when its data changed).
"""

from enum import StrEnum


class Change(StrEnum):
    ROSTER = "roster"
    DATABASE = "database"  # the whole file was replaced (restore, open another)
