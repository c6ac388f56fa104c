"""Where Coachbench keeps its files.

The database lives in the platform's user data folder (never inside the installed
program, so upgrades keep it) unless ``--db`` or ``COACHBENCH_DB`` names another.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from app import APP_NAME

DB_ENV_VAR = "COACHBENCH_DB"
DB_FILE_NAME = "coachbench.sqlite"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / DB_FILE_NAME


def database_target(cli_value: str | None) -> str:
    """The database the user asked for: ``--db``, else ``COACHBENCH_DB``, else the default."""
    for value in (cli_value, os.environ.get(DB_ENV_VAR)):
        if value and value.strip():
            return value.strip()
    return str(default_database_path())


class Settings:
    """A small JSON settings file (window geometry, recent databases).

    A damaged file is ignored rather than fatal: settings are a convenience, not data.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.json"
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self._values, dict):
                self._values = {}
        except (OSError, ValueError):
            self._values = {}

    def get(self, key: str, default=None):
        return self._values.get(key, default)

    def set(self, key: str, value) -> None:
        self._values[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._values, indent=2), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
