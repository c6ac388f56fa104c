"""The team roster: list, add, edit, archive and delete agents, with their aliases.

Validation lives here, not in the dialogs, so the window, the roster import and the
command line refuse the same things with the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.ingest.normalize import clean_text, match_key
from app.models import AGENT_STATUSES, ANY_PLATFORM, Agent, AgentAlias, Base, Team


STATUS_LABELS = {"active": "Active", "on_leave": "On leave", "departed": "Departed"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class AliasInfo:
    platform: str
    alias: str


@dataclass(frozen=True)
class AgentRow:
    """An agent as the rest of the program sees it: plain values, no session."""

    id: int
    full_name: str
    email: str | None
    role: str | None
    team: str | None
    lead_id: int | None
    lead_name: str | None
    hire_date: date | None
    probation_end: date | None
    status: str
    departure_date: date | None
    aliases: tuple[AliasInfo, ...] = ()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def tenure_months(self, today: date) -> int | None:
        """Whole months from hire to departure (or today); None without a hire date."""
        if self.hire_date is None:
            return None
        end = self.departure_date if self.status == "departed" and self.departure_date else today
        months = (end.year - self.hire_date.year) * 12 + end.month - self.hire_date.month
        if end.day < self.hire_date.day:
            months -= 1
        return max(months, 0)

    def on_probation(self, today: date) -> bool:
        return (self.probation_end is not None and self.probation_end >= today
                and self.status != "departed")


def tenure_text(months: int | None) -> str:
    """"2 y 3 mo", "5 mo", "< 1 mo" or "" — short enough for a table column."""
    if months is None:
        return ""
    if months < 1:
        return "< 1 mo"
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} y {rest} mo"
    return f"{years} y" if years else f"{rest} mo"


@dataclass
class AgentInput:
    """What a user may set on an agent. Text is cleaned; the team is named, not an id."""

    full_name: str
    email: str | None = None
    role: str | None = None
    team: str | None = None
    lead_id: int | None = None
    hire_date: date | None = None
    probation_end: date | None = None
    status: str = "active"
    departure_date: date | None = None
    aliases: list[AliasInfo] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: AgentRow) -> AgentInput:
        return cls(full_name=row.full_name, email=row.email, role=row.role, team=row.team,
                   lead_id=row.lead_id, hire_date=row.hire_date,
                   probation_end=row.probation_end, status=row.status,
                   departure_date=row.departure_date, aliases=list(row.aliases))

    def cleaned(self) -> AgentInput:
        email = clean_text(self.email)
        aliases, seen = [], set()
        for item in self.aliases:
            alias = clean_text(item.alias)
            platform = (clean_text(item.platform) or ANY_PLATFORM).lower()
            if alias and (platform, match_key(alias)) not in seen:
                seen.add((platform, match_key(alias)))
                aliases.append(AliasInfo(platform, alias))
        return replace(self, full_name=clean_text(self.full_name) or "",
                       email=email.lower() if email else None, role=clean_text(self.role),
                       team=clean_text(self.team), aliases=aliases)


class RosterValidationError(BadInputError):
    """One or more fields are not acceptable; ``errors`` maps field name to the reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


# ------------------------------------------------------------------------- reading


def _load_options():
    return (selectinload(Agent.aliases), selectinload(Agent.team), selectinload(Agent.lead))


def to_agent_row(agent: Agent) -> AgentRow:
    """Plain values from a model loaded with aliases, team and lead (``_load_options``)."""
    return AgentRow(
        id=agent.id, full_name=agent.full_name, email=agent.email, role=agent.role,
        team=agent.team.name if agent.team else None, lead_id=agent.lead_id,
        lead_name=agent.lead.full_name if agent.lead else None, hire_date=agent.hire_date,
        probation_end=agent.probation_end, status=agent.status,
        departure_date=agent.departure_date,
        aliases=tuple(AliasInfo(a.platform, a.alias) for a in agent.aliases),
    )


def list_agents(session_factory: SessionFactory, *,
                include_departed: bool = True) -> list[AgentRow]:
    with session_factory() as session:
        query = select(Agent).options(*_load_options()).order_by(func.lower(Agent.full_name))
        if not include_departed:
            query = query.where(Agent.status != "departed")
        return [to_agent_row(agent) for agent in session.scalars(query)]


def get_agent(session_factory: SessionFactory, agent_id: int) -> AgentRow:
    with session_factory() as session:
        return to_agent_row(_require(session, agent_id))


def find_agent(session_factory: SessionFactory, name_or_email: str) -> AgentRow:
    """The one agent whose e-mail, name or alias matches (case- and accent-insensitive)."""
    key = match_key(name_or_email)
    with session_factory() as session:
        agents = session.scalars(select(Agent).options(*_load_options())).all()
        for test in (lambda a: a.email and a.email == key,
                     lambda a: match_key(a.full_name) == key,
                     lambda a: any(alias.alias_key == key for alias in a.aliases)):
            found = [agent for agent in agents if test(agent)]
            if len(found) == 1:
                return to_agent_row(found[0])
            if len(found) > 1:
                names = ", ".join(sorted(a.full_name for a in found))
                raise BadInputError(f"'{name_or_email}' matches several agents ({names}); "
                                    "use their e-mail instead.")
    raise NotFoundError(f"No agent called '{name_or_email}'; see 'roster list' for the names.")


def list_teams(session_factory: SessionFactory) -> list[str]:
    with session_factory() as session:
        return list(session.scalars(select(Team.name).order_by(func.lower(Team.name))))


def count_agents(session_factory: SessionFactory) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(Agent)) or 0


def record_counts(session_factory: SessionFactory, agent_id: int) -> dict[str, int]:
    """Rows elsewhere that point at this agent, by table (aliases excluded)."""
    with session_factory() as session:
        return _record_counts(session, agent_id)


def _record_counts(session: Session, agent_id: int) -> dict[str, int]:
    """Found from the schema's foreign keys, so tables that later modules add (reviews,
    one-on-ones, tickets...) protect their agents from deletion without code here."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == AgentAlias.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name != Agent.__tablename__:
                continue
            n = session.scalar(select(func.count()).select_from(table)
                               .where(fk.parent == agent_id)) or 0
            if n:
                label = "agents they lead" if table.name == "agents" else table.name
                counts[label] = counts.get(label, 0) + n
    return counts


# ---------------------------------------------------------------------- validation


def _require(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id, options=_load_options())
    if agent is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    return agent


def validation_errors(session: Session, data: AgentInput, agent_id: int | None,
                      today: date) -> dict[str, str]:
    """Every reason ``data`` cannot be saved, by field; empty when it can."""
    errors: dict[str, str] = {}
    if not data.full_name:
        errors["full_name"] = "A name is required."
    if data.email:
        if not _EMAIL.match(data.email):
            errors["email"] = f"'{data.email}' is not a valid e-mail address."
        else:
            owner = session.scalar(select(Agent).where(Agent.email == data.email))
            if owner is not None and owner.id != agent_id:
                errors["email"] = f"{data.email} already belongs to {owner.full_name}."
    if data.hire_date and data.hire_date > today:
        errors["hire_date"] = "The hire date cannot be in the future."
    if data.hire_date and data.probation_end and data.probation_end <= data.hire_date:
        errors["probation_end"] = "The probation end must be after the hire date."
    if data.status not in AGENT_STATUSES:
        errors["status"] = f"Status must be one of: {', '.join(STATUS_LABELS.values())}."
    if data.status == "departed" and data.departure_date is None:
        errors["departure_date"] = "A departed agent needs a departure date."
    if data.departure_date and data.hire_date and data.departure_date < data.hire_date:
        errors["departure_date"] = "The departure date cannot be before the hire date."
    if data.lead_id is not None:
        lead_error = _lead_error(session, data.lead_id, agent_id)
        if lead_error:
            errors["lead"] = lead_error
    alias_error = _alias_error(session, data.aliases, agent_id)
    if alias_error:
        errors["aliases"] = alias_error
    return errors


def _lead_error(session: Session, lead_id: int, agent_id: int | None) -> str | None:
    if agent_id is not None and lead_id == agent_id:
        return "An agent cannot be their own lead."
    lead = session.get(Agent, lead_id)
    if lead is None:
        return "The chosen lead no longer exists."
    seen: set[int] = set()
    current = lead
    while current is not None and current.id not in seen:
        if agent_id is not None and current.lead_id == agent_id:
            return f"{lead.full_name} reports to this agent, so cannot be their lead."
        seen.add(current.id)
        current = session.get(Agent, current.lead_id) if current.lead_id else None
    return None


def _alias_error(session: Session, aliases: list[AliasInfo], agent_id: int | None) -> str | None:
    for item in aliases:
        if len(item.alias) > 254:
            return f"The alias '{item.alias[:40]}…' is too long."
        owner = session.scalar(
            select(Agent).join(AgentAlias)
            .where(AgentAlias.platform == item.platform,
                   AgentAlias.alias_key == match_key(item.alias)))
        if owner is not None and owner.id != agent_id:
            where = "every platform" if item.platform == ANY_PLATFORM else item.platform
            return f"The alias '{item.alias}' ({where}) already belongs to {owner.full_name}."
    return None


# ------------------------------------------------------------------------- writing


def _team_id(session: Session, name: str | None) -> int | None:
    """The team of that name, compared as people do ("équipe été" is "Équipe Été"; the
    database's own lower() folds ASCII only), created when it does not exist yet."""
    if not name:
        return None
    key = match_key(name)
    team = next((t for t in session.scalars(select(Team)) if match_key(t.name) == key), None)
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team.id


def apply_input(session: Session, agent: Agent, data: AgentInput) -> None:
    """Copy validated input onto a model inside the caller's transaction."""
    agent.full_name = data.full_name
    agent.email = data.email
    agent.role = data.role
    agent.team_id = _team_id(session, data.team)
    agent.lead_id = data.lead_id
    agent.hire_date = data.hire_date
    agent.probation_end = data.probation_end
    agent.status = data.status
    agent.departure_date = data.departure_date if data.status == "departed" else None
    wanted = {(a.platform, match_key(a.alias)): a for a in data.aliases}
    for existing in list(agent.aliases):
        if (existing.platform, existing.alias_key) not in wanted:
            agent.aliases.remove(existing)
    have = {(a.platform, a.alias_key) for a in agent.aliases}
    # Removed aliases must be gone before new rows reuse their unique key.
    session.flush()
    for key, item in wanted.items():
        if key not in have:
            agent.aliases.append(AgentAlias(platform=item.platform, alias=item.alias,
                                            alias_key=key[1]))


def save_agent(session: Session, data: AgentInput, agent_id: int | None, today: date) -> Agent:
    """Validate and write in the caller's transaction (the roster import shares this)."""
    data = data.cleaned()
    errors = validation_errors(session, data, agent_id, today)
    if errors:
        raise RosterValidationError(errors)
    agent = Agent(full_name=data.full_name) if agent_id is None else _require(session, agent_id)
    if agent_id is None:
        session.add(agent)
    apply_input(session, agent, data)
    session.flush()
    return agent


def create_agent(session_factory: SessionFactory, data: AgentInput,
                 today: date | None = None) -> AgentRow:
    with session_factory.begin() as session:
        agent = save_agent(session, data, None, today or date.today())
        return to_agent_row(agent)


def update_agent(session_factory: SessionFactory, agent_id: int, data: AgentInput,
                 today: date | None = None) -> AgentRow:
    with session_factory.begin() as session:
        agent = save_agent(session, data, agent_id, today or date.today())
        session.refresh(agent)
        return to_agent_row(_require(session, agent.id))


def archive_agent(session_factory: SessionFactory, agent_id: int, departure_date: date) -> AgentRow:
    """Mark an agent departed: their records stay, they leave the active roster."""
    with session_factory.begin() as session:
        agent = _require(session, agent_id)
        if agent.hire_date and departure_date < agent.hire_date:
            raise RosterValidationError(
                {"departure_date": "The departure date cannot be before the hire date."})
        agent.status = "departed"
        agent.departure_date = departure_date
        session.flush()
        return to_agent_row(agent)


def _count_text(label: str, n: int) -> str:
    if label == "agents they lead":
        return f"leads {n} agent{'s' if n != 1 else ''}"
    return f"{n} {label}"


def delete_agent(session_factory: SessionFactory, agent_id: int) -> None:
    """Delete an agent who has no records at all; anyone else must be archived."""
    with session_factory.begin() as session:
        agent = _require(session, agent_id)
        counts = _record_counts(session, agent_id)
        if counts:
            detail = ", ".join(_count_text(label, n) for label, n in counts.items())
            raise UserError(f"{agent.full_name} has records ({detail}); archive them "
                            "instead of deleting, so their history stays.")
        session.delete(agent)
