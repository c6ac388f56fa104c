"""Command-line commands of the feature modules, one module each.

Each module defines ``add_commands(subparsers)`` (adds its argparse sub-commands) and
``COMMANDS`` (sub-command name -> handler taking the parsed args, returning the exit
code). ``app.cli`` adds them after the foundation's own commands.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

FEATURE_MODULES = (
    "app.commands.imports",   # import, tickets (issue 3)
    "app.commands.quality",   # qa (issue 5)
    "app.commands.coaching",  # agenda, plans (issue 7)
    "app.commands.metrics",   # metrics (issue 4)
    "app.commands.calibration",  # calibration (issue 6)
    "app.commands.packets",  # export-packet (issue 8)
)


def feature_modules() -> list[ModuleType]:
    return [import_module(name) for name in FEATURE_MODULES]
