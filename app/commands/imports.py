"""``coachbench import FILE`` and ``coachbench tickets show PLATFORM:ID``.

The import is the window's import without the questions: the platform is detected (or
named with ``--platform``), a mapping remembered for this header is used, unmatched
assignees stay on their tickets as raw names (``--create-agents`` adds them to the
roster). Exit 0 when the import landed, 2 when nothing could be imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands.common import open_for_command, print_json
from app.errors import BadInputError

PROFILE_NAMES = ("zendesk, zendesk_explore, freshdesk, servicenow, salesforce, intercom, "
                 "hubspot, helpscout, generic")


def add_commands(subparsers) -> None:
    importing = subparsers.add_parser(
        "import", help="import a support-platform export (tickets or per-agent figures)",
        description="Import a ticket export (CSV, XLSX, XLS, ODS, XML Spreadsheet). The "
        "platform is detected from the header row. Re-importing a file changes nothing.")
    importing.add_argument("file", type=Path)
    importing.add_argument("--platform", metavar="NAME",
                           help=f"force the platform profile: {PROFILE_NAMES}")
    importing.add_argument("--sheet", metavar="NAME",
                           help="sheet of a workbook (default: the first with data)")
    importing.add_argument("--period", metavar="YYYY-MM",
                           help="the period of a per-agent report without dates")
    importing.add_argument("--dry-run", action="store_true",
                           help="read everything and report the counts, save nothing")
    importing.add_argument("--strict", action="store_true",
                           help="import nothing if any row has to be skipped")
    importing.add_argument("--create-agents", action="store_true",
                           help="add unmatched assignees to the roster (name as alias)")
    importing.add_argument("--json", action="store_true", help="print JSON")

    tickets = subparsers.add_parser("tickets", help="look at imported tickets")
    actions = tickets.add_subparsers(dest="tickets_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print one ticket's canonical fields")
    show.add_argument("ticket", metavar="PLATFORM:EXTERNAL_ID")
    show.add_argument("--json", action="store_true", help="print JSON")


def cmd_import(args) -> int:
    from app.services.ticket_import import ImportRefused, ImportRequest, run_import

    if not args.file.exists():
        raise BadInputError(f"{args.file} does not exist; give the path of an export file.")
    request = ImportRequest(path=args.file, profile=args.platform, sheet=args.sheet,
                            period=args.period, strict=args.strict, dry_run=args.dry_run,
                            create_agents=args.create_agents)
    database = open_for_command(args, writes=not args.dry_run)
    try:
        try:
            result = run_import(database.session_factory, request)
        except ImportRefused as refused:
            if args.json:
                print_json(refused.result.to_json())
            print(f"coachbench: error: {refused}", file=sys.stderr)
            return 2
    finally:
        database.close()
    for warning in result.warnings:
        print(f"coachbench: warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(result.to_json())
        return 0
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {result.file_name} ({result.profile}, confidence "
          f"{result.confidence:.0%}): {result.rows_read:,} rows read, {result.inserted:,} "
          f"inserted, {result.updated:,} updated, {result.unchanged:,} unchanged, "
          f"{result.skipped:,} skipped.")
    if result.loaded and result.unchanged == result.loaded:
        print("Nothing changed: every row that could be read was already imported.")
    for problem in result.errors[:20]:
        column = f" ({problem.column})" if problem.column else ""
        print(f"  row {problem.row}{column}: {problem.reason}")
    more = result.skipped - min(len(result.errors), 20)
    if more > 0:
        print(f"  … {more:,} more skipped rows (use --json to list them).")
    if result.agents_added:
        verb = "Would add" if args.dry_run else "Added"
        print(f"{verb} {result.agents_added} agent{'s' if result.agents_added != 1 else ''} "
              "to the roster.")
    if result.unmatched_agents:
        names = ", ".join(result.unmatched_agents[:10])
        more = f" and {len(result.unmatched_agents) - 10} more" if len(
            result.unmatched_agents) > 10 else ""
        print(f"Assignees not in the roster (kept as names): {names}{more}. Add them as "
              "aliases in the window, or re-run with --create-agents.")
    return 0


def cmd_tickets(args) -> int:
    from app.services.import_history import parse_ticket_ref, ticket_json

    platform, external_id = parse_ticket_ref(args.ticket)
    database = open_for_command(args, must_exist=True, writes=False)
    try:
        ticket = ticket_json(database.session_factory, platform, external_id)
    finally:
        database.close()
    if args.json:
        print_json(ticket)
    else:
        width = max(len(key) for key in ticket)
        for key, value in ticket.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            print(f"{key.ljust(width)}  {'' if shown is None else shown}")
    return 0


COMMANDS = {"import": cmd_import, "tickets": cmd_tickets}
