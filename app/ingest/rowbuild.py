"""Turning data rows into ticket records fast: one reader chosen per column, once.

A million-row export must import at close to the speed of merely reading the CSV, so the
per-row path does no decisions: for each mapped column the *kind* of its values is
decided from a sample of rows (ISO timestamps, day-first dates, ``H:MM:SS``, plain
numbers, a handful of repeated statuses ...), and a builder function is generated that
turns a row into a record dict with one inline expression per field -
``datetime.fromisoformat`` for ISO stamps, ``float`` for numbers, a memo dict for
repeated values (statuses, groups, names, ratings). Whenever that optimistic path raises
on an unusual cell, the row is built again by the careful readers of app/ingest/values.py,
which either read it or say which column cannot be read and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime
from functools import partial

from app.ingest import values as V
from app.ingest.normalize import match_key
from app.ingest.platforms.base import PlatformProfile, fold_header, header_unit

FIELD_KINDS: dict[str, str] = {
    "external_id": "id", "assignee": "text", "group_name": "text", "channel": "text",
    "status": "text", "priority": "text", "ticket_type": "text",
    "created_at": "datetime", "first_reply_at": "datetime", "solved_at": "datetime",
    "updated_at": "datetime",
    "first_reply_minutes": "minutes", "first_reply_minutes_business": "minutes",
    "full_resolution_minutes": "minutes", "full_resolution_minutes_business": "minutes",
    "handle_seconds": "seconds", "agent_replies": "count", "reopens": "count",
    "csat": "csat", "csat_raw": "csat_raw", "nps": "nps", "sla": "sla",
    "escalated": "bool", "tags": "tags", "subject": "subject", "requester": "requester",
}
# Longest text each Ticket column holds (PostgreSQL enforces it; SQLite would not).
TEXT_LIMITS = {"assignee": 254, "group_name": 200, "channel": 80, "status": 80,
               "priority": 80, "ticket_type": 80, "csat_raw": 80, "subject": 500}
RECORD_KEY = {"requester": "requester_hash"}
MEMO_LIMIT = 50_000


class Unreadable(NamedTuple):
    """A row that cannot be read: the column's header and why."""

    header: str | None
    reason: str


class Memo(dict):
    """A dict that computes a missing key with ``fn`` (and remembers it while small):
    the lookup of a value seen before costs one C-level dict access."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[object], object]):
        super().__init__()
        self.fn = fn

    def __missing__(self, key: object) -> object:
        value = self.fn(key)
        if len(self) < MEMO_LIMIT:
            self[key] = value
        return value


@dataclass
class ColumnPlan:
    """How one mapped column becomes one record field."""

    field: str        # canonical field (record key may differ: requester -> requester_hash)
    header: str
    index: int
    careful: Callable[[object], object]   # the reader that explains failures
    fast: str         # an expression on the cell variable ``{v}``
    names: dict[str, object]              # globals the expression needs
    date_order: str | None = None
    # Further columns read together with ``index`` (the careful reader then gets a
    # tuple of cells): Freshdesk's several SLA status columns make one outcome.
    extra: tuple[int, ...] = ()
    # For an ISO timestamp column of text cells: an expression giving the stored text
    # (``isoformat(" ", "microseconds")``) straight from the cell — formatting a datetime
    # costs a microsecond, ten times the check that the cell is already in that form.
    fast_text: str | None = None

    @property
    def indices(self) -> tuple[int, ...]:
        return (self.index, *self.extra)

    @property
    def key(self) -> str:
        return RECORD_KEY.get(self.field, self.field)


def duration_unit(profile: PlatformProfile, header: str) -> str:
    """A duration column's unit: the profile's word for this header, the header's own
    ``(min)`` / ``(in hrs)`` / ``in minutes``, else the profile's default."""
    return (profile.header_units.get(fold_header(header)) or header_unit(header)
            or profile.duration_unit)


def _csat_raw(value: object) -> str | None:
    return V.text_value(value, 80)


def _subject(value: object) -> str | None:
    if value.__class__ is str:
        return value.strip()[:500] or None  # type: ignore[attr-defined]
    return V.text_value(value, 500)


def _id_fast_fail(value: object) -> str:
    return V.external_id(value)


def _number_id(value: object) -> str:
    """A ticket id from a workbook number: 19381.0 is "19381"."""
    if value.__class__ is float and value.is_integer():  # type: ignore[attr-defined]
        return str(int(value))  # type: ignore[call-overload]
    if value.__class__ is int:
        return str(value)
    return V.external_id(value)


def _lenient_count(value: object) -> int | None:
    try:
        return V.parse_count(value)
    except ValueError:
        return None


def requester_hasher(key: bytes) -> Callable[[object], str | None]:
    """HMAC-SHA256 (hex) of the folded requester: repeat contacts can be counted, and the
    name or address itself is never stored.

    The HMAC is computed from SHA-256 states primed with the key pads once, which is the
    same value as ``hmac.new(key, text, sha256)`` at a third of the cost per call (a
    million-row file may hold hundreds of thousands of distinct requesters)."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def digest(value: object) -> str | None:
        text = V.text_value(value)
        if text is None:
            return None
        folded = " ".join(text.casefold().split()) if text.isascii() else match_key(text)
        first = inner.copy()
        first.update(folded.encode("utf-8"))
        second = outer.copy()
        second.update(first.digest())
        return second.hexdigest()
    return digest


def plan_column(profile: PlatformProfile, field: str, header: str, index: int,
                sample: list[object], *, order_choice: str | None,
                requester_key: bytes, typed_cells: bool) -> ColumnPlan:
    """Decide, from the column's sample values, how to read it. ``typed_cells``: the file
    is a workbook (cells may be numbers or dates); CSV cells are always text."""
    kind = FIELD_KINDS[field]
    n = f"_{index}_{field}"
    names: dict[str, object] = {}
    order = None
    fast_text = None

    def memo(fn: Callable[[object], object]) -> str:
        names[n] = Memo(fn)
        return n + "[{v}]"

    if kind == "id":
        careful = V.external_id
        names[n] = careful
        fast = f"({{v}}.strip() or {n}({{v}}))"
        if typed_cells:
            names[n + "_number"] = _number_id
            fast = _text_or(fast, n + "_number")
    elif kind == "text":
        careful = partial(V.text_value, limit=TEXT_LIMITS.get(field))
        fast = memo(careful)
    elif kind == "subject":
        careful = _subject
        names[n] = careful
        fast = "({v}.strip()[:500] or None)"
        if typed_cells:
            fast = _text_or(fast, n)
    elif kind == "datetime":
        order = order_choice or V.date_order_of(sample)
        careful = partial(V.parse_datetime, order=order)
        names[n] = careful
        fast = n + "({v})"
        if repetitive(sample):  # dates without a time, or a few distinct stamps
            fast = memo(careful)
        elif order == "iso" and _iso_fast_fits(sample):
            names["_fromiso"] = datetime.fromisoformat
            fast = "(_fromiso({v}) if {v} else None)"
            if not typed_cells:
                names[n + "_text"] = partial(_stored_text, careful)
                # "YYYY-MM-DD HH:MM:SS" (dashes, space, colons at 4, 7, 10, 13, 16) that
                # fromisoformat accepts is a valid time already in the stored form.
                fast_text = (f'((({{v}} + ".000000") if len({{v}}) == 19 and '
                             f'{{v}}[4::3] == "-- ::" and _fromiso({{v}}) else '
                             f'{n}_text({{v}})) if {{v}} else None)')
            if typed_cells:
                names["_dt"] = datetime
                fast = (f"({fast} if {{v}}.__class__ is str else {{v}} "
                        f"if {{v}}.__class__ is _dt else {n}({{v}}))")
    elif kind in ("minutes", "seconds"):
        unit = duration_unit(profile, header)
        target = "minutes" if kind == "minutes" else "seconds"
        careful = partial(V.parse_duration, unit=unit, target=target)
        clock = any(isinstance(s, str) and ":" in s for s in sample)
        if clock or unit == "hm" or repetitive(sample):
            fast = memo(careful)
        else:
            factor = (V.TO_MINUTES if target == "minutes" else V.TO_SECONDS)[unit]
            scale = "" if factor == 1 else f" * {factor!r}"
            names[n] = careful
            fast = f"(float({{v}}){scale} if {{v}} else None)"
            if typed_cells:  # numbers arrive as floats; anything else the careful way
                fast = (f"({{v}}{scale} if {{v}}.__class__ is float else "
                        + _text_or(fast, n) + ")")
    elif kind == "count":
        careful = V.parse_count
        names[n] = careful
        fast = "(int({v}) if {v} else None)"
        if typed_cells or repetitive(sample):
            fast = memo(careful)
    elif kind == "csat":
        careful = partial(V.parse_csat, profile=profile, scale=V.csat_scale(sample))
        fast = memo(careful)
    elif kind == "csat_raw":
        careful = _csat_raw
        fast = memo(careful)
    elif kind == "nps":
        careful = V.parse_nps
        fast = memo(careful)
    elif kind == "sla":
        careful = partial(V.parse_sla, profile=profile)
        fast = memo(careful)
    elif kind == "bool":
        careful = V.parse_bool
        fast = memo(careful)
    elif kind == "tags":
        careful = partial(V.parse_tags, separator=profile.tag_separator)
        fast = memo(careful)
    elif kind == "requester":
        careful = requester_hasher(requester_key)
        fast = memo(careful)
    else:  # pragma: no cover - FIELD_KINDS covers every field
        raise KeyError(field)
    if kind != "id" and _fast_path_stumbles(fast, names, sample):
        # The sample itself holds cells the fast path cannot take (decimal commas, "-"
        # markers in a number column ...): read this column the careful way throughout,
        # rather than sending most batches down the row-by-row fallback.
        names[n + "_careful"] = careful
        fast = n + "_careful({v})"
    return ColumnPlan(field, header, index, careful, fast, names, order,
                      fast_text=fast_text if fast == "(_fromiso({v}) if {v} else None)" else None)


def _stored_text(careful: Callable[[object], object], value: object) -> str | None:
    moment = careful(value)
    return None if moment is None else moment.isoformat(" ", "microseconds")  # type: ignore[attr-defined]


def _fast_path_stumbles(fast: str, names: dict[str, object], sample: list[object]) -> bool:
    probe = eval(compile(f"lambda v: {fast.format(v='v')}", "<probe>", "eval"),  # noqa: S307
                 dict(names))
    for value in sample:
        try:
            probe(value)
        except Exception:
            return True
    return False


def revision_plan(header: str, index: int) -> ColumnPlan:
    n = f"_{index}__revision"
    return ColumnPlan("_revision", header, index, _lenient_count, n + "[{v}]",
                      {n: Memo(_lenient_count)})


def repetitive(sample: list[object]) -> bool:
    """Whether a column repeats its values enough for a memo to beat parsing each cell
    (fewer distinct values than half the sample)."""
    filled = [value for value in sample if value != ""]
    return len(filled) >= 20 and len(set(filled)) <= len(filled) // 2


def _text_or(fast: str, careful_name: str) -> str:
    """In a workbook: the text path for text cells, the careful reader for the rest."""
    return f"({fast} if {{v}}.__class__ is str else {careful_name}({{v}}))"


def _iso_fast_fits(sample: list[object]) -> bool:
    """fromisoformat reads (nearly) every sample text, without time zones."""
    tried = fits = 0
    for value in sample:
        if value.__class__ is not str or not value:
            continue
        tried += 1
        try:
            if datetime.fromisoformat(value).tzinfo is None:  # type: ignore[arg-type]
                fits += 1
        except ValueError:
            pass
    return tried == 0 or fits >= 0.9 * tried


def compile_builders(profile: PlatformProfile, plans: list[ColumnPlan]):
    """(build_batch, fast, careful) for records holding ``platform``, the mapped fields,
    ``_row`` and, when planned, ``_revision`` (fields the file does not have are absent,
    which readers treat as None).

    ``build_batch(chunk)`` turns a list of ``(number, row)`` into records in one list
    comprehension and raises on any unusual row; ``fast(row, number)`` does one row the
    same way; ``careful(row, number)`` returns the record, None for a blank row, or
    ``(header, reason)`` for a row that cannot be read.
    """
    namespace: dict[str, object] = {"_platform": profile.vendor}
    for plan in plans:
        namespace.update(plan.names)
    used = {i for plan in plans for i in plan.indices}
    width = max(used) + 1
    targets = ", ".join(f"c{i}" if i in used else "_" for i in range(width))
    items = ['"platform": _platform']
    items += [f"{plan.key!r}: " + plan.fast.format(v=cells_expression(plan)) for plan in plans]
    items.append('"_row": number')
    record = "{" + ", ".join(items) + "}"
    source = "\n".join([
        "def build_batch(chunk):",
        f"    return [{record} for number, ({targets}, *_) in chunk]",
        "",
        "def build(row, number):",
        f"    {targets}, *_ = row",
        f"    return {record}",
    ])
    code = compile(source, f"<row builder for {profile.name}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated source, see the module docstring
    build_batch, fast = namespace["build_batch"], namespace["build"]

    fixups = fixups_for(profile, plans)

    def careful(row: list, number: int) -> dict | tuple[str, str] | None:
        if is_blank(row):
            return None
        rec: dict[str, object] = {"platform": profile.vendor}
        cells = len(row)
        for plan in plans:
            if plan.extra:
                cell = tuple(row[i] if i < cells else "" for i in plan.indices)
            else:
                cell = row[plan.index] if plan.index < cells else ""
            try:
                rec[plan.key] = plan.careful(cell)
            except ValueError as exc:
                return plan.header, str(exc)
            except (TypeError, OverflowError):  # a cell type no export should hold
                return plan.header, f"cannot read '{V.short(cell)}' here"
        rec["_row"] = number
        fix_zeros(rec, fixups)
        return rec

    if fixups:
        def batch_with_fixups(chunk: list) -> list[dict]:
            records = build_batch(chunk)
            for rec in records:
                fix_zeros(rec, fixups)
            return records

        def fast_with_fixups(row: list, number: int) -> dict:
            rec = fast(row, number)
            fix_zeros(rec, fixups)
            return rec

        return batch_with_fixups, fast_with_fixups, careful
    return build_batch, fast, careful


def fixups_for(profile: PlatformProfile, plans: list[ColumnPlan]
               ) -> list[tuple[str, str, bool]]:
    """The profile's rules for values that mean nothing alone (see ``fix_zeros``), for
    the fields this file has."""
    mapped = {plan.key for plan in plans}
    fixups = [(f, r, True) for f, r in profile.zero_means_empty_without.items() if f in mapped]
    return fixups + [(f, r, False) for f, r in profile.only_with.items() if f in mapped]


def cells_expression(plan: ColumnPlan) -> str:
    """The expression for the plan's cell: ``c3``, or ``(c19, c20, c25)``."""
    if not plan.extra:
        return f"c{plan.index}"
    return "(" + ", ".join(f"c{i}" for i in plan.indices) + ")"


def sla_plan(profile: PlatformProfile, headers: list[str], indices: tuple[int, ...]
             ) -> ColumnPlan:
    """One SLA outcome from several status columns: breached when any says breached,
    met when one says met and none breached, else none."""
    def combined(cells: tuple) -> str | None:
        outcomes = {V.parse_sla(cell, profile) for cell in cells}
        if "breached" in outcomes:
            return "breached"
        return "met" if "met" in outcomes else None

    n = f"_{indices[0]}_sla"
    return ColumnPlan("sla", " / ".join(headers[i] for i in indices), indices[0], combined,
                      n + "[{v}]", {n: Memo(combined)}, extra=indices[1:])


def fix_zeros(rec: dict, fixups: list[tuple[str, str, bool]]) -> None:
    """Values that mean nothing without another field: a zero duration whose reference
    field is empty is "not reached" (``zero_only``); some values only count when the
    reference is there at all (an open case's age is not a resolution time)."""
    for field, reference, zero_only in fixups:
        if (rec[field] == 0 or not zero_only) and (not reference
                                                   or rec.get(reference) is None):
            rec[field] = None


def is_blank(row: list) -> bool:
    for cell in row:
        if cell is not None and cell != "" and (cell.__class__ is not str or cell.strip()):
            return False
    return True
