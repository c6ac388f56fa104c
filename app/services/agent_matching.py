"""Matching the assignee names of an export to agents of the roster.

A support platform names the agent its own way ("Ana Lima", "ana.lima", "LIMA, Ana"), so
names are matched through the roster's aliases: first the exact text, then the case- and
accent-folded form (``match_key``), an alias for this platform before one for every
platform; then the agent's own name and e-mail. A name nothing matches is listed with
the closest roster names, and the user's answer (map, create, ignore) is saved as an
alias, so the next import of that platform matches it without asking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInputError
from app.ingest.agent_names import AgentDirectory
from app.ingest.normalize import clean_text, match_key
from app.models import Agent, AgentAlias
from app.services import roster

MAP, CREATE, IGNORE = "map", "create", "ignore"


@dataclass(frozen=True)
class AgentDecision:
    """What to do with one unmatched name: map it to an agent, create an agent, ignore it."""

    action: str  # MAP, CREATE or IGNORE
    agent_id: int | None = None  # for MAP

    @classmethod
    def map_to(cls, agent_id: int) -> AgentDecision:
        return cls(MAP, agent_id)


@dataclass
class UnmatchedName:
    """A name from the file that no alias matched, with how often it occurs."""

    name: str
    rows: int
    suggestions: list[tuple[int, str]] = field(default_factory=list)  # (agent id, name)


def load_directory(session: Session) -> AgentDirectory:
    exact: dict[tuple[str, str], int] = {}
    folded: dict[tuple[str, str], int] = {}
    for platform, alias, key, agent_id in session.execute(
            select(AgentAlias.platform, AgentAlias.alias, AgentAlias.alias_key,
                   AgentAlias.agent_id)):
        exact[(platform, alias.strip())] = agent_id
        folded[(platform, key)] = agent_id
    names: dict[int, str] = {}
    by_name: dict[str, int | None] = {}
    by_email: dict[str, int] = {}
    for agent_id, full_name, email in session.execute(
            select(Agent.id, Agent.full_name, Agent.email)):
        names[agent_id] = full_name
        key = match_key(full_name)
        by_name[key] = None if key in by_name else agent_id  # namesakes: ask the user
        if email:
            by_email[email.lower()] = agent_id
    return AgentDirectory(exact, folded, {k: v for k, v in by_name.items() if v is not None},
                          by_email, names)


def unmatched_names(directory: AgentDirectory, platform: str,
                    counts: dict[str, int]) -> list[UnmatchedName]:
    """The names (with row counts) that no alias or roster name matches, most rows first.
    Spellings that differ only in case or accents are one name (its commonest spelling),
    since one alias will match them all."""
    found = [UnmatchedName(name, rows, directory.suggestions(name))
             for name, rows in fold_counts(counts).items()
             if directory.resolve(platform, name) is None]
    found.sort(key=lambda item: (-item.rows, match_key(item.name)))
    return found


def fold_counts(counts: dict[str, int]) -> dict[str, int]:
    """Name -> rows with "ana lima" and "Ana Lima" counted together under the spelling
    seen most."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for name, rows in counts.items():
        groups.setdefault(match_key(name), []).append((rows, name))
    return {max(group, key=lambda item: item[0])[1]: sum(r for r, _ in group)
            for group in groups.values()}


def apply_decisions(session: Session, directory: AgentDirectory, platform: str,
                    decisions: dict[str, AgentDecision], today: date) -> tuple[int, int]:
    """Save the user's answers in the caller's transaction: an alias for each mapped name,
    a new agent (with the name as alias) for each created one. Returns (aliases, agents)
    added. Names already matched since the user was asked are left alone."""
    aliases = agents = 0
    for raw, decision in decisions.items():
        name = clean_text(raw)
        if not name or decision.action == IGNORE or directory.resolve(platform, name):
            continue
        if decision.action == MAP:
            if decision.agent_id is None or session.get(Agent, decision.agent_id) is None:
                raise BadInputError(f"The agent chosen for '{name}' is no longer in the "
                                    "roster; check the names again.")
            session.add(AgentAlias(agent_id=decision.agent_id, platform=platform,
                                   alias=name, alias_key=match_key(name)))
            session.flush()
            directory.learn(platform, name, decision.agent_id)
            aliases += 1
        elif decision.action == CREATE:
            agent_id = create_agent_for(session, directory, platform, name, today)
            directory.learn(platform, name, agent_id)
            agents += 1
        else:
            raise ValueError(f"unknown decision {decision.action!r}")
    return aliases, agents


def create_agent_for(session: Session, directory: AgentDirectory, platform: str, name: str,
                     today: date) -> int:
    """A new roster agent named as in the export, with that name as its alias there.

    The roster service validates it like the agent dialog would; an agent of the same
    name who is only missing the alias gets the alias instead of a namesake."""
    existing = directory.by_name.get(match_key(name))
    if existing is not None:
        session.add(AgentAlias(agent_id=existing, platform=platform, alias=name,
                               alias_key=match_key(name)))
        session.flush()
        return existing
    agent = roster.save_agent(
        session, roster.AgentInput(full_name=name, aliases=[roster.AliasInfo(platform, name)]),
        None, today)
    directory.names[agent.id] = agent.full_name
    directory.by_name[match_key(agent.full_name)] = agent.id
    return agent.id
