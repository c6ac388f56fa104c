"""The command line: the same services as the window, for scripts and quick answers.

With no sub-command it opens the window. Expected errors print one line that says what
is wrong and what to do, and exit non-zero (2 for bad input), without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import APP_NAME, __version__, db
from app.application import Database, open_database
from app.config import database_target
from app.errors import BadInputError, UserError
from app.commands import feature_modules
from app.commands.common import open_for_command as _open
from app.commands.common import print_json


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachbench", description=f"{APP_NAME}: a workbench for customer-service managers. "
        "Without a command it opens the window.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="database file or SQLAlchemy URL (default: $COACHBENCH_DB, "
                        "else coachbench.sqlite in your user data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a new database with a demo team")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")

    roster = commands.add_parser("roster", help="list or import the team roster")
    roster_commands = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    listing = roster_commands.add_parser("list", help="print the roster")
    listing.add_argument("--json", action="store_true", help="print JSON")
    importing = roster_commands.add_parser("import", help="import a CSV or XLSX roster")
    importing.add_argument("file", type=Path)
    importing.add_argument("--sheet", help="sheet name in a workbook (default: first with data)")
    importing.add_argument("--dry-run", action="store_true",
                           help="show what would change, write nothing")
    importing.add_argument("--json", action="store_true", help="print JSON")

    shots = commands.add_parser("screenshot", help="save a PNG of every page (offscreen)")
    shots.add_argument("--out", type=Path, required=True, metavar="DIR")

    database = commands.add_parser("db", help="schema version and upgrade")
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("status", help="show the schema version, change nothing")
    db_commands.add_parser("upgrade", help="upgrade the schema (a backup is made first)")

    backup = commands.add_parser("backup", help="copy the database to a file")
    backup.add_argument("--out", type=Path, required=True, metavar="FILE")
    restore = commands.add_parser("restore", help="replace the database with a backup "
                                  "(the current data is copied to backups/ first)")
    restore.add_argument("file", type=Path)
    for module in feature_modules():
        module.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from app.ui.launch import run_gui

            return run_gui(database_target(args.db))
        return all_commands()[args.command](args)
    except UserError as exc:
        print(f"coachbench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the output went to `head` or similar, which stopped reading
        _quiet_stdout()
        return 0
    except OSError as exc:  # a file or folder the user named cannot be written or read
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"coachbench: error: {exc.strerror or exc}{where}; choose another location.",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coachbench: interrupted; nothing half-done was saved.", file=sys.stderr)
        return 130


def _quiet_stdout() -> None:
    """Point stdout at the null device so Python's exit flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured)
        pass


# ------------------------------------------------------------------- commands


def cmd_demo(args) -> int:
    from app.services.demo import create_demo

    database = _open(args)
    try:
        summary = create_demo(database.session_factory, seed=args.seed)
    finally:
        database.close()
    print(f"Demo team created in {database.display_name}: {summary.agents} agents in "
          f"{summary.teams} teams ({summary.on_probation} on probation, "
          f"{summary.departed} departed).")
    for detail in summary.details:
        print(f"  {detail}")
    return 0


def _agent_json(row) -> dict:
    return {"name": row.full_name, "email": row.email, "role": row.role, "team": row.team,
            "lead": row.lead_name, "hire_date": row.hire_date,
            "probation_end": row.probation_end, "status": row.status,
            "aliases": [{"platform": a.platform, "alias": a.alias} for a in row.aliases]}


def cmd_roster(args) -> int:
    from app.services import roster

    listing = args.roster_command == "list"
    database = _open(args, must_exist=listing, writes=not listing)
    try:
        if args.roster_command == "list":
            rows = roster.list_agents(database.session_factory)
            if args.json:
                print_json([_agent_json(row) for row in rows])
            else:
                _print_roster_table(rows)
            return 0
        return _roster_import(database, args)
    finally:
        database.close()


def _print_roster_table(rows) -> None:
    if not rows:
        print("The roster is empty. Add agents in the window, or: coachbench roster import FILE")
        return
    table = [("Name", "Role", "Team", "Lead", "Hired", "Status")]
    table += [(r.full_name, r.role or "", r.team or "", r.lead_name or "",
               r.hire_date.isoformat() if r.hire_date else "", r.status_label) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def _roster_import(database: Database, args) -> int:
    from app.services.roster_import import apply_roster_import, preview_roster_import

    if args.file.is_dir():
        raise BadInputError(f"{args.file} is a folder; give the path of a CSV or XLSX roster.")
    if not args.file.is_file():
        raise BadInputError(f"{args.file} does not exist; give the path of a CSV or XLSX roster.")
    plan = preview_roster_import(database.session_factory, args.file, sheet=args.sheet)
    if args.dry_run or not (plan.to_create or plan.to_update):
        created, updated, unchanged = plan.to_create, plan.to_update, plan.unchanged
        skipped, errors = plan.problem_rows, plan.errors
    else:
        result = apply_roster_import(database.session_factory, plan)
        created, updated, unchanged = result.created, result.updated, result.unchanged
        skipped, errors = result.skipped, result.errors
    summary = {
        "file": str(args.file), "dry_run": args.dry_run, "created": created,
        "updated": updated, "unchanged": unchanged, "skipped": skipped,
        "errors": [{"row": e.row, "column": e.column, "reason": e.reason} for e in errors],
        "warnings": list(plan.warnings),
        "changes": [{"row": c.row, "action": c.action, "name": c.name,
                     "fields": [{"field": f, "old": old, "new": new} for f, old, new in c.changes]}
                    for c in plan.changes if c.action != "unchanged"],
    }
    if args.json:
        print_json(summary)
    else:
        verbs = ("Would create", "would update") if args.dry_run else ("Created", "updated")
        print(f"{verbs[0]} {created}, {verbs[1]} {updated}, unchanged {unchanged}, "
              f"skipped {skipped} row{'s' if skipped != 1 else ''}.")
        for error in summary["errors"]:
            column = f" ({error['column']})" if error["column"] else ""
            print(f"  row {error['row']}{column}: {error['reason']}")
        for warning in summary["warnings"]:
            print(f"  note: {warning}")
    if not plan.changes and errors:
        print("coachbench: error: no row of the roster could be imported; fix the rows above.",
              file=sys.stderr)
        return 2
    return 0


def cmd_screenshot(args) -> int:
    from app.ui.screenshot import take_screenshots

    if args.out.exists() and not args.out.is_dir():
        raise BadInputError(f"{args.out} is a file; give a folder for the screenshots.")
    database = _open(args, must_exist=True, writes=False)
    try:
        written = take_screenshots(database, args.out)
    finally:
        database.close()
    for path in written:
        print(path)
    return 0


def cmd_db(args) -> int:
    target = database_target(args.db)
    if args.db_command == "status":
        database = open_database(target, upgrade=False, take_lock=False, daily_backup=False,
                                 must_exist=True)
        try:
            status = db.schema_status(database.engine)
        finally:
            database.close()
        advice = {"current": "up to date", "empty": "no schema yet (opening it creates one)",
                  "behind": "older than this program; 'db upgrade' or opening it upgrades it",
                  "newer": "NEWER than this program; use a newer Coachbench"}[status.state]
        print(f"database: {database.display_name}\nschema:   {status.current or 'none'}\n"
              f"program:  {status.head}\nstate:    {advice}")
        return 0
    database = open_database(target, take_lock=False, daily_backup=False)
    database.close()
    migration = database.migration
    if migration and migration.changed:
        print(f"Upgraded {database.display_name} from {migration.from_revision or 'empty'} "
              f"to {migration.to_revision}.")
        if migration.backup_path:
            print(f"The previous version was copied to {migration.backup_path}")
    else:
        current = migration.to_revision if migration else "?"
        print(f"{database.display_name} is already at schema {current}.")
    return 0


def cmd_backup(args) -> int:
    database = _open(args, must_exist=True, writes=False)
    try:
        out = db.backup_to(database.engine, args.out)
    finally:
        database.close()
    print(f"Backup written to {out}")
    return 0


def cmd_restore(args) -> int:
    db.check_backup_file(args.file)
    database = _open(args)
    try:
        safety = db.restore_from(database.engine, args.file)
    finally:
        database.close()
    print(f"Restored {args.file} into {database.display_name}.\n"
          f"The data it replaced was copied to {safety}")
    return 0


COMMANDS = {"demo": cmd_demo, "roster": cmd_roster, "screenshot": cmd_screenshot,
            "db": cmd_db, "backup": cmd_backup, "restore": cmd_restore}


def all_commands() -> dict:
    """The foundation's commands and those each feature module adds."""
    found = dict(COMMANDS)
    for module in feature_modules():
        found.update(module.COMMANDS)
    return found


if __name__ == "__main__":
    sys.exit(main())
