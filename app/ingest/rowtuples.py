"""Ticket rows as tuples ready for the database, for the loader's fast path.

A million-row import spends most of its time per row, so for the load the rows skip the
record dictionaries of ``rowbuild``: one generated function turns each batch of cells
straight into tuples in the order of the loader's INSERT, with every value already in the
form the database stores (the loader says which: on SQLite a timestamp is its text, a
boolean 0 or 1), the constant columns (platform, the import's id) and the looked-up ones
(the agent behind an assignee) filled in. The per-column readers are the same
``ColumnPlan`` expressions the records use, and a row the fast path cannot take is read
the careful way and converted, so both paths give the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.ingest.platforms.base import PlatformProfile
from app.ingest.rowbuild import ColumnPlan, Unreadable, cells_expression

# A converter marker: store a datetime as ``isoformat(" ", "microseconds")`` text (what
# SQLAlchemy's SQLite DateTime writes; the loader checks that before choosing it).
ISO_TEXT = "iso_text"


@dataclass
class RowLayout:
    """What the loader wants in each tuple.

    ``columns``: the tuple's columns in order. A column is filled from ``constants``,
    else from ``lookups`` (column -> (record field, mapping applied to that field's value,
    e.g. agent_id from assignee)), else from the record field of the same name (``aliases``
    rename: source_revision <- _revision); fields the file does not have are None.
    ``converters``: column -> ISO_TEXT or a function applied to non-None values."""

    columns: tuple[str, ...]
    constants: dict[str, object] = field(default_factory=dict)
    lookups: dict[str, tuple[str, Mapping]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    converters: dict[str, object] = field(default_factory=dict)

    def to_row(self, record: dict) -> tuple:
        """The tuple for a record dictionary (the careful path, and hand-made records)."""
        values = []
        for name in self.columns:
            if name in self.constants:
                values.append(self.constants[name])
                continue
            if name in self.lookups:
                source, table = self.lookups[name]
                values.append(table[record.get(source)])
                continue
            value = record.get(self.aliases.get(name, name))
            convert = self.converters.get(name)
            if value is not None and convert is not None:
                value = (value.isoformat(" ", "microseconds") if convert == ISO_TEXT
                         else convert(value))  # type: ignore[operator]
            values.append(value)
        return tuple(values)


def compile_row_builders(profile: PlatformProfile, plans: list[ColumnPlan],
                         fixups: list[tuple[str, str, bool]], layout: RowLayout,
                         careful: Callable[[list, int], object]):
    """(build_rows, build_row): ``build_rows(chunk)`` turns a list of ``(number, cells)``
    into tuples and raises on any unusual row; ``build_row(cells, number)`` does one row,
    the careful way when the fast way fails, returning the tuple, None for a blank row or
    ``Unreadable``. ``careful`` is ``rowbuild``'s (a record, None or ``(header,
    reason)``); ``fixups`` are ``rowbuild.fix_zeros``'s rules."""
    namespace: dict[str, object] = {}
    for plan in plans:
        namespace.update(plan.names)
    used = {i for plan in plans for i in plan.indices}
    width = max(used) + 1
    targets = ", ".join(f"c{i}" if i in used else "_" for i in range(width))
    local = {plan.key: f"f{n}" for n, plan in enumerate(plans)}
    # Timestamps the plan can give as stored text directly (see ColumnPlan.fast_text).
    as_text = {plan.key for plan in plans if plan.fast_text is not None and any(
        layout.converters.get(c) == ISO_TEXT and layout.aliases.get(c, c) == plan.key
        for c in layout.columns)}
    body = [f"{local[plan.key]} = " + (plan.fast_text if plan.key in as_text else plan.fast
                                       ).format(v=cells_expression(plan)) for plan in plans]
    for target, reference, zero_only in fixups:
        condition = f"({local[target]} == 0)" if zero_only else "True"
        if reference and reference in local:
            condition += f" and {local[reference]} is None"
        body.append(f"if {condition}: {local[target]} = None")
    items = []
    for name in layout.columns:
        if name in layout.constants:
            namespace[f"k_{name}"] = layout.constants[name]
            items.append(f"k_{name}")
        elif name in layout.lookups:
            source, table = layout.lookups[name]
            namespace[f"l_{name}"] = table
            items.append(f"l_{name}[{local.get(source, 'None')}]")
        elif layout.aliases.get(name, name) in local:
            key = layout.aliases.get(name, name)
            convert = None if key in as_text else layout.converters.get(name)
            items.append(_stored(local[key], convert, name, namespace))
        else:
            items.append("None")
    row = "(" + ", ".join(items) + ",)"
    source = "\n".join([
        "def build_rows(chunk):",
        "    out = []",
        "    add = out.append",
        f"    for number, ({targets}, *_) in chunk:",
        *("        " + line for line in body),
        f"        add({row})",
        "    return out",
        "",
        "def fast_row(cells):",
        f"    {targets}, *_ = cells",
        *("    " + line for line in body),
        f"    return {row}",
    ])
    code = compile(source, f"<row tuples for {profile.name}>", "exec")
    exec(code, namespace)  # noqa: S102 - our own generated source, see the docstring
    build_rows, fast_row = namespace["build_rows"], namespace["fast_row"]

    def build_row(cells: list, number: int):
        try:
            return fast_row(cells)
        except Exception:
            result = careful(cells, number)
        if result is None:
            return None
        if isinstance(result, tuple):
            return Unreadable(*result)
        return layout.to_row(result)  # type: ignore[arg-type]

    return build_rows, build_row


def _stored(variable: str, convert: object, name: str, namespace: dict) -> str:
    """The expression that writes ``variable`` the way the database stores it."""
    if convert is None:
        return variable
    if convert == ISO_TEXT:  # a datetime is never falsy
        return f'({variable} and {variable}.isoformat(" ", "microseconds"))'
    namespace[f"cv_{name}"] = convert
    return f"(None if {variable} is None else cv_{name}({variable}))"
