"""Roster import: preview what a spreadsheet would change, then apply it in one transaction.

The preview and the import run the same planning code (``_plan``) against the database:
the preview in a read-only session, the import again inside its write transaction, so
what is saved is checked against the database as it is then, not as it was when the user
looked. Each row is saved with ``roster.save_agent``, the same validation the agent
dialog uses, so a file cannot put in what the window would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.ingest.normalize import match_key
from app.ingest.readers import read_table
from app.ingest.roster import (
    RosterRecord,
    RowError,
    column_label,
    leads_first,
    parse_roster,
    present_fields,
    reporting_loops,
)
from app.models import ANY_PLATFORM, Agent
from app.progress import Progress
from app.services import roster
from app.services.roster import AgentInput, AgentRow, AliasInfo, SessionFactory

__all__ = ["FieldChange", "RosterImportPlan", "RosterImportResult", "RowChange", "RowError",
           "apply_roster_import", "plan_summary", "preview_roster_import"]

ROSTER_MAX_ROWS = 20_000
_SIMPLE_FIELDS = ("full_name", "email", "role", "team", "hire_date", "probation_end",
                  "status", "departure_date")
Ref = tuple[str, int]  # ("agent", agent id) or ("row", row number of a new agent)


class FieldChange(NamedTuple):
    field: str  # the label users see: "Hire date"
    old: str
    new: str


@dataclass
class RowChange:
    row: int
    action: str  # "create", "update" or "unchanged"
    name: str
    agent_id: int | None
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class RosterImportPlan:
    """What importing the file would do. ``records`` and ``columns`` are what the import
    replays, so applying never reads the file again."""

    source: str
    path: str
    sheet: str | None
    sheet_names: list[str]
    changes: list[RowChange]  # one per good row, in file order, unchanged ones included
    errors: list[RowError]
    warnings: list[str]
    ignored_columns: list[str]
    columns: dict[str, str]  # field -> header as written in the file
    records: list[RosterRecord]
    today: date
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    problem_rows: int = 0


@dataclass
class RosterImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[RowError]


@dataclass
class _Target:
    """One row that can be saved: its record, the agent it updates and the data to save."""

    record: RosterRecord
    agent: AgentRow | None
    data: AgentInput
    lead: Ref | None = None
    lead_set: bool = False  # the file gives this row's lead (else it stays as it is)

    @property
    def key(self) -> Ref:
        return ("agent", self.agent.id) if self.agent else ("row", self.record.row_number)


def preview_roster_import(session_factory: SessionFactory, path: str | Path, *,
                          sheet: str | None = None, today: date | None = None,
                          ) -> RosterImportPlan:
    """Read the file and say, row by row, what importing it would change. Writes nothing."""
    table = read_table(path, sheet, max_rows=ROSTER_MAX_ROWS)
    parsed = parse_roster(table)
    today = today or date.today()
    with session_factory() as session:
        targets, errors, warnings, names = _plan(session, parsed.records, parsed.columns, today)
    changes = [_row_change(t, names) for t in targets]
    plan = RosterImportPlan(
        source=table.source, path=str(path), sheet=table.sheet,
        sheet_names=table.sheet_names, changes=changes,
        errors=sorted(parsed.errors + errors, key=lambda e: e.row),
        warnings=parsed.warnings + warnings, ignored_columns=parsed.ignored_columns,
        columns=parsed.columns, records=parsed.records, today=today)
    plan.to_create = sum(1 for c in changes if c.action == "create")
    plan.to_update = sum(1 for c in changes if c.action == "update")
    plan.unchanged = sum(1 for c in changes if c.action == "unchanged")
    plan.problem_rows = len({e.row for e in plan.errors})
    return plan


def apply_roster_import(session_factory: SessionFactory, plan: RosterImportPlan,
                        progress: Progress | None = None, today: date | None = None,
                        ) -> RosterImportResult:
    """Save the plan's rows in one transaction: all of it lands, or (on cancel or any
    unexpected error) none of it. Rows that fail validation now are skipped and listed."""
    progress = progress or Progress()
    today = today or plan.today
    approved = {change.row: change.agent_id for change in plan.changes}
    with session_factory.begin() as session:
        targets, errors, _, names = _plan(session, plan.records, plan.columns, today)
        by_key = {t.key: t for t in targets}
        pending = {t.key for t in targets if _row_change(t, names).action != "unchanged"}
        skip = _drifted(targets, approved, plan.columns, errors)
        order = leads_first([t.key for t in targets if t.key in pending and t.key not in skip],
                            {t.key: t.lead for t in targets})
        saved: dict[Ref, int] = {}  # target key -> agent id
        for done, key in enumerate(order):
            target = by_key[key]
            row = target.record.row_number
            progress.report(done, len(order), f"Row {row}: {target.data.full_name}")
            lead = by_key.get(target.lead) if target.lead and target.lead_set else None
            if lead is not None and lead.key in pending and lead.key not in saved:
                errors.append(RowError(row, column_label(plan.columns, "lead"),
                                       f"The lead '{lead.data.full_name}' (row "
                                       f"{lead.record.row_number}) could not be saved, so this "
                                       "row was skipped."))
                continue
            lead_id = saved[target.lead] if target.lead in saved else (
                target.lead[1] if target.lead and target.lead[0] == "agent" else None)
            try:
                agent = roster.save_agent(session, replace(target.data, lead_id=lead_id),
                                          target.agent.id if target.agent else None, today)
            except roster.RosterValidationError as exc:
                errors.extend(_validation_errors(plan.columns, target.record,
                                                 list(exc.errors.items())))
                continue
            saved[key] = agent.id
        progress.report(len(order), len(order), "Saving…")
    # Problems the preview showed still stand unless the import found newer ones.
    rows_with_errors = {e.row for e in errors}
    errors += [e for e in plan.errors if e.row not in rows_with_errors]
    errors.sort(key=lambda e: e.row)
    updated = sum(1 for key in saved if key[0] == "agent")
    return RosterImportResult(created=len(saved) - updated, updated=updated,
                              unchanged=sum(1 for t in targets if t.key not in pending | skip),
                              skipped=len({e.row for e in errors}), errors=errors)


def _drifted(targets: list[_Target], approved: dict[int, int | None],
             columns: dict[str, str], errors: list[RowError]) -> set[Ref]:
    """Rows not to save: those the preview did not offer (it showed their problems), and
    those that now match another agent than the user saw (the roster changed since)."""
    skip = set()
    for target in targets:
        row, agent = target.record.row_number, target.agent
        if row in approved and approved[row] == (agent.id if agent else None):
            continue
        skip.add(target.key)
        if row in approved:
            now = f"matches {agent.full_name}" if agent else "matches nobody"
            errors.append(RowError(row, column_label(columns, "full_name"), "The roster changed "
                                   f"since the preview: this row now {now}. Preview the file "
                                   "again."))
    return skip


def plan_summary(plan: RosterImportPlan) -> str:
    """"3 new agents, 2 updated, 7 unchanged, 1 row with problems" for a status line."""
    parts = [f"{plan.to_create} new agent{'s' if plan.to_create != 1 else ''}",
             f"{plan.to_update} updated", f"{plan.unchanged} unchanged"]
    if plan.problem_rows:
        parts.append(f"{plan.problem_rows} row{'s' if plan.problem_rows != 1 else ''} "
                     "with problems")
    return ", ".join(parts)


# ------------------------------------------------------------------------ planning


def _plan(session: Session, records: list[RosterRecord], columns: dict[str, str],
          today: date) -> tuple[list[_Target], list[RowError], list[str], dict[Ref, str]]:
    """Match rows to agents, check them, and resolve leads. Reads only. Also returns
    everyone's name after the import, by key, to describe leads."""
    fields = present_fields(columns)
    agents = [roster.to_agent_row(a) for a in session.scalars(
        select(Agent).options(selectinload(Agent.aliases), selectinload(Agent.team),
                              selectinload(Agent.lead)))]
    by_email = {a.email: a for a in agents if a.email}
    by_name: dict[str, list[AgentRow]] = {}
    for agent in agents:
        by_name.setdefault(match_key(agent.full_name), []).append(agent)
    errors: list[RowError] = []
    warnings: list[str] = []
    targets: list[_Target] = []
    failed: dict[str, int] = {}  # name key / e-mail of rows with problems -> row number
    seen: dict[object, int] = {}
    for record in records:
        row, problems = record.row_number, []
        agent = by_email.get(record.email) if record.email else None
        namesakes = [a for a in by_name.get(match_key(record.full_name), []) if a is not agent]
        if agent and namesakes:
            problems.append(("email", f"{record.email} belongs to {agent.full_name}, but "
                             f"{record.full_name} is another agent; correct the name or the "
                             "e-mail."))
        elif agent is None:
            same_name = by_name.get(match_key(record.full_name), [])
            if len(same_name) > 1:
                problems.append(("full_name", f"'{record.full_name}' matches {len(same_name)} "
                                 "agents in the roster; add their e-mail to say which one."))
            elif same_name:
                agent = same_name[0]
                if record.email and agent.email and "email" in fields:
                    warnings.append(f"Row {row}: matched {agent.full_name} by name; their "
                                    f"e-mail will change from {agent.email} to {record.email}.")
        problems.extend(_duplicates(record, agent, seen))
        data = _desired(record, agent, fields)
        check = replace(data, lead_id=None)
        for key, reason in roster.validation_errors(session, check.cleaned(),
                                                    agent.id if agent else None, today).items():
            problems.append((key, reason))
        for alias in record.aliases:
            key = ("alias", alias.platform, match_key(alias.alias))
            owner = seen.setdefault(key, row)
            if owner != row:
                problems.append(("aliases", f"The alias '{alias.alias}' is also given in row "
                                 f"{owner}."))
        if problems:
            errors.extend(_validation_errors(columns, record, problems))
            failed.setdefault(match_key(record.full_name), row)
            if record.email:
                failed.setdefault(record.email, row)
            continue
        targets.append(_Target(record, agent, data))
    targets = _resolve_leads(targets, agents, fields, failed, columns, errors)
    names = {("agent", a.id): a.full_name for a in agents}
    names.update({t.key: t.data.full_name for t in targets})
    return targets, errors, warnings, names


def _duplicates(record: RosterRecord, agent: AgentRow | None,
                seen: dict[object, int]) -> list[tuple[str, str]]:
    """The same person twice in one file: by e-mail, by the agent matched, or (for new
    people without an e-mail) by name. The first row wins; later ones are problems."""
    checks = []
    if record.email:
        checks.append(("email", ("email", record.email), f"The e-mail {record.email}", True))
    if agent:
        checks.append(("full_name", ("agent", agent.id), f"{agent.full_name}", True))
    else:
        checks.append(("full_name", ("new", match_key(record.full_name)),
                       f"The name '{record.full_name}'", not record.email))
    problems = []
    for column, key, what, counts in checks:
        first = seen.setdefault(key, record.row_number)
        if first != record.row_number and counts:
            hint = "" if column == "email" else " (people who share a name need their e-mail)"
            problems.append((column, f"{what} is also in row {first}; list each agent "
                                     f"once{hint}."))
    return problems


def _desired(record: RosterRecord, agent: AgentRow | None, fields: set[str]) -> AgentInput:
    """The agent after the import: the file's columns over what the roster has now."""
    data = AgentInput.from_row(agent) if agent else AgentInput(full_name=record.full_name)
    for name in _SIMPLE_FIELDS:
        if name in fields:
            setattr(data, name, getattr(record, name))
    if agent and match_key(record.full_name) == match_key(agent.full_name):
        data.full_name = agent.full_name  # "JOSE ALVAREZ" from HR does not undo "José Álvarez"
    if "aliases" in fields:
        data.aliases = list(data.aliases) + [AliasInfo(a.platform, a.alias)
                                             for a in record.aliases]
    return data.cleaned()


def _resolve_leads(targets: list[_Target], agents: list[AgentRow], fields: set[str],
                   failed: dict[str, int], columns: dict[str, str],
                   errors: list[RowError]) -> list[_Target]:
    """Point each row at its lead (an agent, or a new agent's row) and drop rows whose
    lead is unknown, has problems itself, or would close a reporting loop; dropping a row
    can strand others, so repeat until nothing changes."""
    while True:
        targeted = {t.key for t in targets}
        people = [(("agent", a.id), a.email, a.full_name) for a in agents
                  if ("agent", a.id) not in targeted]
        people += [(t.key, t.data.email, t.data.full_name) for t in targets]
        lookup: dict[str, set[Ref]] = {}
        for key, email, name in people:
            for text in filter(None, (email, match_key(name))):
                lookup.setdefault(text, set()).add(key)
        bad: dict[Ref, str] = {}
        for target in targets:
            target.lead_set = "lead" in fields
            if not target.lead_set:
                lead_id = target.agent.lead_id if target.agent else None
                target.lead = ("agent", lead_id) if lead_id else None
            elif target.record.lead is None:
                target.lead = None
            else:
                target.lead, problem = _find_lead(target, lookup, failed)
                if problem:
                    bad[target.key] = problem
        leads = {("agent", a.id): ("agent", a.lead_id) if a.lead_id else None for a in agents}
        leads.update({t.key: t.lead for t in targets})
        names = {("agent", a.id): a.full_name for a in agents}
        names.update({t.key: t.data.full_name for t in targets})
        for key, chain in reporting_loops(leads).items():
            if key in targeted and key not in bad and "lead" in fields:
                bad[key] = ("This lead would make a reporting loop ("
                            + " → ".join(names.get(k, "?") for k in chain) + ").")
        if not bad:
            return targets
        for target in targets:
            if target.key in bad:
                record = target.record
                errors.append(RowError(record.row_number, column_label(columns, "lead"),
                                       bad[target.key]))
                for text in filter(None, (record.email, match_key(record.full_name))):
                    failed.setdefault(text, record.row_number)
        targets = [t for t in targets if t.key not in bad]


def _find_lead(target: _Target, lookup: dict[str, set[Ref]],
               failed: dict[str, int]) -> tuple[Ref | None, str | None]:
    text = target.record.lead or ""
    key = text.lower() if "@" in text else match_key(text)
    found = lookup.get(key, set())
    if not found and key in failed:
        return None, (f"The lead '{text}' is in row {failed[key]}, which has problems; fix "
                      "that row first.")
    if not found:
        return None, f"The lead '{text}' is not in the roster or the file."
    if len(found) > 1:
        return None, f"The lead '{text}' matches several people; use their e-mail."
    if target.key in found:
        return None, "An agent cannot be their own lead."
    return next(iter(found)), None


# ------------------------------------------------------------------------ describing


def _row_change(target: _Target, names: dict[Ref, str]) -> RowChange:
    old, new = target.agent, target.data
    changes: list[FieldChange] = []

    def compare(label: str, before: object, after: object, same: bool | None = None) -> None:
        if not (before == after if same is None else same):
            changes.append(FieldChange(label, _show(before), _show(after)))

    compare("Name", old.full_name if old else None, new.full_name)
    compare("E-mail", old.email if old else None, new.email)
    compare("Role", old.role if old else None, new.role)
    compare("Team", old.team if old else None, new.team,
            same=match_key(old.team or "") == match_key(new.team or "") if old else not new.team)
    if target.lead_set:
        old_lead = ("agent", old.lead_id) if old and old.lead_id else None
        compare("Lead", old.lead_name if old else None, names.get(target.lead, "?")
                if target.lead else None, same=old_lead == target.lead)
    compare("Hire date", old.hire_date if old else None, new.hire_date)
    compare("Probation end", old.probation_end if old else None, new.probation_end)
    status = roster.STATUS_LABELS
    compare("Status", status[old.status] if old else None, status.get(new.status, new.status),
            same=(old.status == new.status) if old else new.status == "active")
    compare("Departure date", old.departure_date if old else None,
            new.departure_date if new.status == "departed" else None)
    have = {(a.platform, match_key(a.alias)) for a in (old.aliases if old else ())}
    added = [a for a in new.aliases if (a.platform, match_key(a.alias)) not in have]
    if added:
        changes.append(FieldChange("Aliases", "", "+ " + ", ".join(
            a.alias if a.platform == ANY_PLATFORM else f"{a.alias} ({a.platform})"
            for a in added)))
    action = "create" if old is None else ("update" if changes else "unchanged")
    return RowChange(target.record.row_number, action, new.full_name,
                     old.id if old else None, changes)


def _show(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _validation_errors(columns: dict[str, str], record: RosterRecord,
                       problems: list[tuple[str, str]]) -> list[RowError]:
    """Roster-service reasons as row errors, under the column the user knows."""
    found = []
    for key, reason in problems:
        if key == "departure_date" and "departure_date" not in columns:
            reason += " Add a 'Departure date' column to the file."
        found.append(RowError(record.row_number, column_label(columns, key), reason))
    return found
