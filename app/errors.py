"""Errors the user can act on.

Each carries a message that says what is wrong and what to do next. The command line
prints it as one line (no traceback) and exits with ``exit_code``; the window shows it in
a message box. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    exit_code = 1


class BadInputError(UserError):
    """The input (a file, an argument, a value) cannot be used as given."""

    exit_code = 2


class NotFoundError(BadInputError):
    """A named thing (agent, file, backup) does not exist."""


class DatabaseTooNewError(UserError):
    """The database was written by a newer Coachbench; opening it could damage it."""

    def __init__(self, database_revision: str, program_revision: str) -> None:
        self.database_revision = database_revision
        self.program_revision = program_revision
        super().__init__(
            f"This database has schema version {database_revision}, newer than this "
            f"program's {program_revision}. Nothing was changed; open it with a newer "
            "Coachbench, or choose another database."
        )
