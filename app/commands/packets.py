"""``coachbench export-packet``: review packets in Excel for one agent or the whole team.

    coachbench --db PATH export-packet --agent NAME --from D --to D --out FILE.xlsx
                                       [--include-private] [--summary TEXT]
    coachbench --db PATH export-packet --all --from D --to D --out-dir DIR

Private one-on-one notes are left out unless ``--include-private`` is given (never in a
team batch). Each export is recorded in the database; nothing else changes.
"""

from __future__ import annotations

import sys

from app.commands.common import iso_day, open_for_command, print_json
from app.errors import BadInputError


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser(
        "export-packet", help="write a review packet (Excel) for one agent or the team",
        description="Write a print-ready review packet workbook for one agent (--agent, "
        "--out) or for every active agent plus a team overview (--all, --out-dir). Both "
        "dates are included.")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--agent", metavar="NAME", help="one agent (name, e-mail or alias)")
    who.add_argument("--all", action="store_true", help="every active agent")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True, type=iso_day)
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True, type=iso_day)
    parser.add_argument("--out", metavar="FILE.xlsx", help="the packet file (with --agent)")
    parser.add_argument("--out-dir", metavar="DIR", help="the folder (with --all)")
    parser.add_argument("--include-private", action="store_true",
                        help="include private one-on-one notes (left out by default)")
    parser.add_argument("--summary", metavar="TEXT", default="",
                        help="the manager's summary, shown on the Summary sheet")
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")


def cmd_export_packet(args) -> int:
    from app.services.packets import export_packet, export_team
    from app.services.roster import find_agent

    if args.end < args.start:
        raise BadInputError(f"--to {args.end} is before --from {args.start}; swap them.")
    if args.agent and not args.out:
        raise BadInputError("Say where to write the packet: --out FILE.xlsx.")
    if args.all and not args.out_dir:
        raise BadInputError("Say which folder the packets go to: --out-dir DIR.")
    if args.all and args.include_private:
        raise BadInputError("--include-private is for one agent's packet only; a team batch "
                            "never carries private notes.")
    database = open_for_command(args, must_exist=True, writes=True)
    try:
        factory = database.session_factory
        if args.agent:
            agent = find_agent(factory, args.agent)
            path = export_packet(factory, agent.id, args.start, args.end, args.out,
                                 include_private=args.include_private, summary=args.summary)
            files, overview = [path], None
        else:
            result = export_team(factory, args.start, args.end, args.out_dir)
            files, overview = result.files, result.overview
    finally:
        database.close()
    if args.json:
        print_json({"files": [str(f) for f in files],
                    "overview": str(overview) if overview else None})
    else:
        for path in files:
            print(f"Wrote {path}")
        if overview:
            print(f"Wrote {overview}")
        if args.agent and args.include_private:
            print("Note: this packet contains private one-on-one notes.", file=sys.stderr)
    return 0


COMMANDS = {"export-packet": cmd_export_packet}
