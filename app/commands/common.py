"""What every command needs: opening the database the user named, and printing JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date, datetime
from pathlib import Path

from app.application import Database, open_database
from app.config import database_target
from app.lock import DatabaseLock


def _json_default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(value) -> None:
    print(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


def open_for_command(args, *, must_exist: bool = False, writes: bool = True) -> Database:
    """Open the database for one command. Commands that only read or copy it insist that it
    exists, so a mistyped --db is an error rather than a new, empty database."""
    database = open_database(database_target(args.db), take_lock=False, must_exist=must_exist)
    if database.path is not None and writes:
        holder = DatabaseLock(database.path).holder()
        if holder is not None:
            print(f"coachbench: note: this database is open in a Coachbench window "
                  f"({holder.describe()}); it will not see these changes until it reloads.",
                  file=sys.stderr)
    return database


def iso_day(text: str) -> date:
    """An argparse type for dates: a mistyped one is a one-line usage error, not a trace."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, "
                                         "e.g. 2026-10-01") from None
