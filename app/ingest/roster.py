"""Turning a roster spreadsheet (a ``Table``) into agent records, before any database.

HR files and managers' own lists name their columns in many ways, so headers are matched
by meaning (``Start date`` is the hire date, ``Reports to`` is the lead). A problem in one
row (an unreadable date, an unknown status) is reported with the row number the user sees
and that row is left out; the others still come through, so one typo never blocks a team.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from app.errors import BadInputError
from app.ingest.dates import decide_day_first, detect_day_first, is_empty, parse_date
from app.ingest.normalize import clean_text, match_key
from app.ingest.platform_names import ANY_PLATFORM, PLATFORMS
from app.ingest.readers import Table

_PLATFORM_SYNONYMS = {"all": ANY_PLATFORM, "every": ANY_PLATFORM, "zohodesk": "zoho",
                      "servicecloud": "salesforce", "salesforceservicecloud": "salesforce"}

# field -> (label shown to users, header synonyms as normalised by _header_key)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("Name", ("name", "full name", "agent", "agent name", "employee",
                           "employee name", "team member", "member")),
    "first_name": ("First name", ("first name", "given name", "firstname")),
    "last_name": ("Last name", ("last name", "surname", "family name", "lastname")),
    "email": ("E-mail", ("email", "e mail", "email address", "e mail address", "mail",
                         "work email", "work e mail")),
    "role": ("Role", ("role", "title", "job title", "position", "job")),
    "team": ("Team", ("team", "squad", "team name")),
    "lead": ("Lead", ("lead", "team lead", "team leader", "manager", "supervisor",
                      "reports to", "line manager", "lead name", "lead email")),
    "hire_date": ("Hire date", ("hire date", "start date", "joined", "date hired", "hired",
                                "joining date", "hired on", "date joined")),
    "probation_end": ("Probation end", ("probation end", "probation end date",
                                        "probation until", "probation ends", "probation")),
    "status": ("Status", ("status", "employment status")),
    "departure_date": ("Departure date", ("departure date", "end date", "left on",
                                          "leaving date", "termination date", "last day")),
    "aliases": ("Aliases", ("aliases", "alias", "platform names", "platform name",
                            "other names")),
}
DATE_FIELDS = ("hire_date", "probation_end", "departure_date")
STATUS_WORDS = {
    "active": ("active", "employed", "current", "working"),
    "on_leave": ("on leave", "leave", "on_leave", "parental leave", "sick leave",
                 "leave of absence", "loa"),
    "departed": ("departed", "left", "inactive", "terminated", "resigned", "former",
                 "leaver", "gone"),
}
_STATUS_BY_WORD = {word: key for key, words in STATUS_WORDS.items() for word in words}
_ALIAS_SEPARATORS = re.compile(r"[;|\n]")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class AliasEntry:
    """A name the agent carries in one platform ("any" = every platform)."""

    platform: str
    alias: str


@dataclass
class RosterRecord:
    """One good row of the file. Fields whose column is absent keep their defaults; the
    import looks at ``ParsedRoster.fields`` to know which ones the file really set."""

    row_number: int
    full_name: str
    email: str | None = None
    role: str | None = None
    team: str | None = None
    lead: str | None = None  # as written: a name or an e-mail
    hire_date: date | None = None
    probation_end: date | None = None
    status: str = "active"
    departure_date: date | None = None
    aliases: list[AliasEntry] = field(default_factory=list)


@dataclass(frozen=True)
class RowError:
    """Why a row was left out: the row as the user numbers it and the column's header."""

    row: int
    column: str
    reason: str


@dataclass
class ParsedRoster:
    source: str
    records: list[RosterRecord]
    errors: list[RowError]
    warnings: list[str]
    columns: dict[str, str]  # field -> the header as written in the file
    ignored_columns: list[str]

    @property
    def fields(self) -> set[str]:
        return present_fields(self.columns)


def present_fields(columns: dict[str, str]) -> set[str]:
    """The record fields a file sets, from its column map (first and last name make the
    name). An import changes only these, so a column the file lacks is left alone."""
    present = set(columns) - {"first_name", "last_name"}
    if "first_name" in columns or "last_name" in columns:
        present.add("full_name")
    return present


def column_label(columns: dict[str, str], field_name: str) -> str:
    """The header the user wrote for a field (``Start date``), else its usual label."""
    return columns.get(field_name) or FIELDS.get(field_name, (field_name,))[0]


def parse_roster(table: Table, platforms: Iterable[str] = PLATFORMS) -> ParsedRoster:
    """Map the table's headers to agent fields and read every row into a record."""
    columns, ignored, warnings = _map_headers(table.headers)
    if "full_name" not in columns and "first_name" not in columns:
        found = ", ".join(f"'{h}'" for h in table.headers if h) or "none"
        expected = ", ".join(label for key, (label, _) in FIELDS.items()
                             if key not in ("full_name", "first_name", "last_name"))
        raise BadInputError(
            f"{table.source or 'The file'} has no name column. Columns found: {found}. "
            "Expected a column called Name (or Full name, Agent, Employee, or First name and "
            f"Last name), and optionally: {expected}.")
    if not table.rows:
        raise BadInputError(f"{table.source or 'The file'} has column headings but no rows "
                            "of agents below them.")
    index = {key: table.headers.index(header) for key, header in columns.items()}
    day_first = _date_orders(table, columns, index, warnings)
    platform_names = {_platform_key(p): p for p in platforms}
    parsed = ParsedRoster(table.source, [], [], warnings, columns, ignored)
    for number, row in zip(table.row_numbers, table.rows):
        cells = {key: row[i] for key, i in index.items()}
        record, errors = _read_row(number, cells, columns, day_first, platform_names)
        parsed.errors.extend(errors)
        if record is not None and not errors:
            parsed.records.append(record)
    return parsed


def _header_key(header: str) -> str:
    """``E-mail address*`` -> ``e mail address``; ``Hire date (dd/mm/yyyy)`` -> ``hire date``."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", match_key(header))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _map_headers(headers: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    lookup = {synonym: key for key, (_, synonyms) in FIELDS.items() for synonym in synonyms}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    warnings: list[str] = []
    for header in headers:
        if not header:
            continue
        key = lookup.get(_header_key(header))
        if key is None:
            ignored.append(header)
        elif key in columns:
            ignored.append(header)
            warnings.append(f"Both '{columns[key]}' and '{header}' look like the "
                            f"{FIELDS[key][0].lower()} column; '{columns[key]}' was used.")
        else:
            columns[key] = header
    return columns, ignored, warnings


def _date_orders(table: Table, columns: dict[str, str], index: dict[str, int],
                 warnings: list[str]) -> dict[str, bool]:
    """Day/month order per date column. One file comes from one tool and locale, so a
    column that cannot tell on its own follows a column of the same file that can; only
    when none can is it read day-first with a warning."""
    present = [key for key in DATE_FIELDS if key in index]
    settled: dict[str, bool] = {}
    for key in present:
        hint = _order_hint(columns[key])
        found = hint if hint is not None else detect_day_first(table.column(index[key]))
        if found is not None:
            settled[key] = found
    orders: dict[str, bool] = {}
    for key in present:
        if key in settled or settled:
            orders[key] = settled.get(key, next(iter(settled.values()), True))
            continue
        orders[key], warning = decide_day_first(columns[key], table.column(index[key]))
        if warning:
            warnings.append(warning)
    return orders


def _order_hint(header: str) -> bool | None:
    """A header that spells its format (``Start date (MM/DD/YYYY)``) settles the order."""
    text = header.casefold()
    if re.search(r"dd\W?mm", text):
        return True
    if re.search(r"mm\W?dd", text):
        return False
    return None


def _read_row(number: int, cells: dict[str, object], columns: dict[str, str],
              day_first: dict[str, bool], platforms: dict[str, str],
              ) -> tuple[RosterRecord | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(key: str, reason: str) -> None:
        errors.append(RowError(number, columns.get(key, FIELDS[key][0]), reason))

    name = _text(cells.get("full_name"))
    if name is None and ("first_name" in cells or "last_name" in cells):
        name = clean_text(" ".join(filter(None, (_text(cells.get("first_name")),
                                                 _text(cells.get("last_name"))))))
    if name is None:
        key = "full_name" if "full_name" in columns else "first_name"
        fail(key, "The name is empty; every agent needs a name (or delete the row).")
        return None, errors
    email = _text(cells.get("email"))
    record = RosterRecord(row_number=number, full_name=name,
                          email=email.lower() if email else None,
                          role=_text(cells.get("role")), team=_text(cells.get("team")),
                          lead=_text(cells.get("lead")))
    for key in DATE_FIELDS:
        if key not in cells:
            continue
        try:
            setattr(record, key, parse_date(cells[key], day_first.get(key, True)))
        except ValueError as exc:
            fail(key, str(exc))
    status_text = _text(cells.get("status"))
    if status_text is not None:
        status = _STATUS_BY_WORD.get(match_key(status_text).replace("-", " "))
        if status is None:
            fail("status", f"'{status_text}' is not a status; use Active, On leave or "
                           "Departed.")
        else:
            record.status = status
    if "aliases" in cells:
        record.aliases = parse_aliases(cells["aliases"], platforms)
    return record, errors


def parse_aliases(value: object, platforms: dict[str, str] | None = None) -> list[AliasEntry]:
    """``"zendesk: Ana N; freshdesk: ana.n@x.com; Ana Nunez"`` -> three entries.

    Entries are split on ``;``, ``|`` or a line break. ``platform: alias`` names the
    platform when the prefix is one we know; otherwise the whole entry is an alias for
    every platform (so a colon inside a name is kept, not lost).
    """
    known = platforms if platforms is not None else {_platform_key(p): p
                                                     for p in PLATFORMS}
    text = _text(value, keep_lines=True)
    if text is None:
        return []
    entries: list[AliasEntry] = []
    for part in _ALIAS_SEPARATORS.split(text):
        platform, alias = ANY_PLATFORM, clean_text(part)
        if alias and ":" in alias:
            prefix, rest = alias.split(":", 1)
            key = _platform_key(prefix)
            key = _PLATFORM_SYNONYMS.get(key, key)
            if key in known and clean_text(rest):
                platform, alias = known[key], clean_text(rest)
        if alias and AliasEntry(platform, alias) not in entries:
            entries.append(AliasEntry(platform, alias))
    return entries


def _platform_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", match_key(text))


def _text(value: object, keep_lines: bool = False) -> str | None:
    """Cell text, or None for blank and the "no value" markers (``-``, ``N/A``)."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        value = value.isoformat()
    return str(value).strip() if keep_lines else clean_text(value)


def reporting_loops(leads: Mapping[K, K | None]) -> dict[K, list[K]]:
    """Everyone whose chain of leads comes back to them, with the chain (A, B, A).

    ``leads`` maps each person to their lead (None for nobody); people may be any keys.
    """
    loops: dict[K, list[K]] = {}
    for start in leads:
        path, current = [start], leads.get(start)
        while current is not None and current != start and current not in path:
            path.append(current)
            current = leads.get(current)
        if current == start:
            loops[start] = path + [start]
    return loops


def leads_first(people: Iterable[K], leads: Mapping[K, K | None]) -> list[K]:
    """``people`` in their order, except that a lead among them comes before everyone they
    lead (a row may name a lead that a later row creates). ``leads`` must have no loops."""
    wanted = list(people)
    members, placed, order = set(wanted), set(), []

    def place(person: K, depth: int = 0) -> None:
        if person in placed or depth > len(wanted):
            return
        lead = leads.get(person)
        if lead is not None and lead in members:
            place(lead, depth + 1)
        placed.add(person)
        order.append(person)

    for person in wanted:
        place(person)
    return order
