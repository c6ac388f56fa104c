"""``coachbench export-packet``: review packets in Excel for one agent or the whole team.

    coachbench --db PATH export-packet --agent NAME --from D --to D --out FILE.xlsx
                                       [--include-private] [--summary TEXT]
    coachbench --db PATH export-packet --all [--agent NAME ...] --from D --to D --out-dir DIR

With ``--all``, repeated ``--agent`` options restrict the batch to those active agents (the
team overview then covers them only), as the window's Team batch list does. Private
one-on-one notes are left out unless ``--include-private`` is given (never in a team
batch). Each export is recorded in the database; nothing else changes.
"""

from __future__ import annotations

import sys

from app.commands.common import iso_day, open_for_command, print_json
from app.errors import BadInputError


def add_commands(subparsers) -> None:
    parser = subparsers.add_parser(
        "export-packet", help="write a review packet (Excel) for one agent or the team",
        description="Write a print-ready review packet workbook for one agent (--agent, "
        "--out) or for every active agent plus a team overview (--all, --out-dir); with "
        "--all, give --agent once per agent to write only theirs. Both dates are included.")
    parser.add_argument("--agent", metavar="NAME", action="append", default=[],
                        help="one agent (name, e-mail or alias); with --all, repeat it to "
                        "batch only these agents")
    parser.add_argument("--all", action="store_true",
                        help="a team batch: every active agent, or the --agent ones")
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

    if not args.all and not args.agent:
        raise BadInputError("Say whose packet to write: --agent NAME, or --all for the team.")
    if not args.all and len(args.agent) > 1:
        raise BadInputError("One --agent writes one packet; to write several, add --all "
                            "and --out-dir DIR.")
    if args.end < args.start:
        raise BadInputError(f"--to {args.end} is before --from {args.start}; swap them.")
    if not args.all and not args.out:
        raise BadInputError("Say where to write the packet: --out FILE.xlsx.")
    if args.all and not args.out_dir:
        raise BadInputError("Say which folder the packets go to: --out-dir DIR.")
    if args.all and args.include_private:
        raise BadInputError("--include-private is for one agent's packet only; a team batch "
                            "never carries private notes.")
    database = open_for_command(args, must_exist=True, writes=True)
    try:
        factory = database.session_factory
        if not args.all:
            agent = find_agent(factory, args.agent[0])
            path = export_packet(factory, agent.id, args.start, args.end, args.out,
                                 include_private=args.include_private, summary=args.summary)
            files, overview = [path], None
        else:
            agent_ids = _batch_ids(factory, args.agent) if args.agent else None
            result = export_team(factory, args.start, args.end, args.out_dir,
                                 agent_ids=agent_ids)
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
        if not args.all and args.include_private:
            print("Note: this packet contains private one-on-one notes.", file=sys.stderr)
    return 0


def _batch_ids(factory, names: list[str]) -> list[int]:
    """The agents named by ``--agent`` with ``--all``, found as the one-agent form finds
    its agent. Every name that does not work is reported at once, so one run fixes them;
    an agent who is not active is an error too, as the batch would silently skip them."""
    from app.services.roster import find_agent

    ids: list[int] = []
    problems: list[str] = []
    for name in names:
        try:
            agent = find_agent(factory, name)
        except BadInputError as exc:
            problems.append(str(exc))
            continue
        if agent.status != "active":
            problems.append(f"{agent.full_name} is {agent.status_label.lower()}; a team "
                            "batch covers active agents only.")
        elif agent.id not in ids:
            ids.append(agent.id)
    if problems:
        raise BadInputError(" ".join(problems))
    return ids


COMMANDS = {"export-packet": cmd_export_packet}
