"""Commands of this feature (filled in by its issue)."""

from __future__ import annotations

COMMANDS: dict = {}


def add_commands(subparsers) -> None:
    """Add this feature's sub-commands to the ``coachbench`` parser."""
