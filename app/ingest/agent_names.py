"""The roster's names in lookup form, for matching an export's assignee names.

Pure (no database): the services fill it from the roster once per import
(``agent_matching.load_directory``), and a large import sends it, pickled, to the
process that reads the file (``app.ingest.parallel``), which then needs nothing else.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from app.ingest.normalize import match_key
from app.ingest.platform_names import ANY_PLATFORM

SUGGESTIONS = 3


@dataclass
class AgentDirectory:
    """The roster's names in lookup form, read once per import (a few hundred rows)."""

    exact: dict[tuple[str, str], int]  # (platform, alias as written) -> agent id
    folded: dict[tuple[str, str], int]  # (platform, alias key) -> agent id
    by_name: dict[str, int]  # folded full name -> agent id (only unambiguous names)
    by_email: dict[str, int]
    names: dict[int, str]  # agent id -> full name, every agent
    # Called with (platform, name) for a name nothing matches; returns the agent it made
    # (``--create-agents``), or is None to leave such names unmatched.
    create_missing: Callable[[str, str], int] | None = None
    created: int = 0
    _cache: dict[tuple[str, str], int | None] = field(default_factory=dict)

    def resolve(self, platform: str, raw: str | None) -> int | None:
        """The agent a raw assignee name belongs to, or None. Cached per name, so a
        million rows cost a dictionary look-up each."""
        if not raw:
            return None
        key = (platform, raw)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = self._lookup(platform, raw)
        if found is None and self.create_missing is not None and raw.strip():
            found = self.create_missing(platform, raw.strip())
            self.created += 1
        self._cache[key] = found
        return found

    def _lookup(self, platform: str, raw: str) -> int | None:
        text = raw.strip()
        for place in (platform, ANY_PLATFORM):
            if (place, text) in self.exact:
                return self.exact[(place, text)]
        folded = match_key(text)
        for place in (platform, ANY_PLATFORM):
            if (place, folded) in self.folded:
                return self.folded[(place, folded)]
        if "@" in text and text.lower() in self.by_email:
            return self.by_email[text.lower()]
        return self.by_name.get(folded)

    def learn(self, platform: str, alias: str, agent_id: int) -> None:
        self.exact[(platform, alias.strip())] = agent_id
        self.folded[(platform, match_key(alias))] = agent_id
        self._cache = {k: v for k, v in self._cache.items() if v is not None}

    def suggestions(self, raw: str, limit: int = SUGGESTIONS) -> list[tuple[int, str]]:
        """The roster names closest to ``raw`` (difflib over folded names and aliases)."""
        candidates: dict[str, int] = {}
        for agent_id, name in self.names.items():
            candidates.setdefault(match_key(name), agent_id)
        for (_place, key), agent_id in self.folded.items():
            candidates.setdefault(key, agent_id)
        wanted = match_key(raw)
        close = difflib.get_close_matches(wanted, list(candidates), n=limit * 3, cutoff=0.5)
        # "Lima, Ana" against "Ana Lima": compare the words in order too.
        flipped = " ".join(sorted(wanted.replace(",", " ").split()))
        for key in candidates:
            if " ".join(sorted(key.replace(",", " ").split())) == flipped and key not in close:
                close.insert(0, key)
        found: list[tuple[int, str]] = []
        for key in close:
            agent_id = candidates[key]
            if all(agent_id != seen for seen, _ in found):
                found.append((agent_id, self.names[agent_id]))
        return found[:limit]
