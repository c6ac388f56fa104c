"""``coachbench qa ...``: share scorecards, import past reviews, print IQS."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from app.commands.common import iso_day, open_for_command, print_json
from app.errors import BadInputError


def add_commands(subparsers) -> None:
    qa = subparsers.add_parser("qa", help="QA scorecards, review import and IQS")
    actions = qa.add_subparsers(dest="qa_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import-scorecard", help="add or update a scorecard from JSON")
    imp.add_argument("file", type=Path)
    exp = actions.add_parser("export-scorecard", help="write a scorecard as JSON")
    exp.add_argument("name")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.json")
    rev = actions.add_parser("import-reviews", help="import past reviews from CSV or XLSX")
    rev.add_argument("--scorecard", required=True, metavar="NAME")
    rev.add_argument("file", type=Path)
    rev.add_argument("--skip-bad-rows", action="store_true",
                     help="import the valid rows even when some rows are bad")
    rev.add_argument("--json", action="store_true", help="print JSON")
    iqs = actions.add_parser("iqs", help="Internal Quality Score over a period")
    iqs.add_argument("--agent", metavar="NAME")
    iqs.add_argument("--from", dest="start", type=iso_day, metavar="YYYY-MM-DD",
                     help="first day (default: the 90 days ending --to, as the Quality page)")
    iqs.add_argument("--to", dest="end", type=iso_day, metavar="YYYY-MM-DD",
                     help="last day (default: today)")
    iqs.add_argument("--json", action="store_true", help="print JSON")


def cmd_qa(args) -> int:
    handlers = {"import-scorecard": _import_scorecard, "export-scorecard": _export_scorecard,
                "import-reviews": _import_reviews, "iqs": _iqs}
    reads = args.qa_command in ("export-scorecard", "iqs")
    database = open_for_command(args, must_exist=reads, writes=not reads)
    try:
        return handlers[args.qa_command](database.session_factory, args)
    finally:
        database.close()


def _import_scorecard(session_factory, args) -> int:
    from app.services.scorecards import import_scorecard

    result = import_scorecard(session_factory, args.file)
    detail = result.detail
    if not result.changed:
        print(f"'{detail.name}' is already up to date (version {detail.version}).")
    elif result.new_version:
        print(f"'{detail.name}' has scored reviews, so the import made version "
              f"{detail.version}; old reviews keep their version.")
    else:
        print(f"Imported '{detail.name}' (version {detail.version}, "
              f"{len(detail.criteria)} criteria).")
    return 0


def _export_scorecard(session_factory, args) -> int:
    from app.services.scorecards import export_scorecard

    path = export_scorecard(session_factory, args.name, args.out)
    print(f"Wrote {path}")
    return 0


def _import_reviews(session_factory, args) -> int:
    from app.services.review_import import import_reviews

    if not args.file.is_file():
        raise BadInputError(f"{args.file} does not exist; give the path of a CSV or XLSX sheet.")
    result = import_reviews(session_factory, args.file, args.scorecard,
                            skip_bad_rows=args.skip_bad_rows)
    if args.json:
        print_json(result.as_json())
    else:
        for warning in result.warnings:
            print(f"note: {warning}", file=sys.stderr)
        for error in result.errors[:50]:
            print(error.text(), file=sys.stderr)
        if len(result.errors) > 50:
            print(f"... and {len(result.errors) - 50} more problems", file=sys.stderr)
        if result.written:
            print(f"Imported {result.imported} reviews from {result.file} "
                  f"({result.already_there} already there, {result.skipped} bad rows skipped).")
        else:
            print(f"Nothing imported: {result.bad_rows} of {result.rows_read} rows have "
                  "problems. Fix them, or use --skip-bad-rows to import the other rows.",
                  file=sys.stderr)
    return 0 if result.written else 2


def _iqs(session_factory, args) -> int:
    from app.services.quality_report import quality_overview
    from app.services.roster import find_agent

    end = args.end or date.today()
    start = args.start or end - timedelta(days=89)  # 90 days, --to included
    if start > end:
        raise BadInputError("--from is after --to; swap them.")
    agent_id = find_agent(session_factory, args.agent).id if args.agent else None
    overview = quality_overview(session_factory, start, end, agent_id=agent_id)
    if args.json:
        print_json(overview.as_json())
        return 0
    print(f"QA {start} to {end}: " + (
        f"IQS {overview.iqs:.1f}% over {_reviews(overview.reviews)}, pass rate "
        f"{overview.pass_rate:.0f}%" if overview.iqs is not None else "no final reviews"))
    for agent in overview.per_agent:
        shown = f"{agent.iqs:5.1f}%" if agent.iqs is not None else "    —"
        print(f"  {agent.name:<28} {shown}  ({_reviews(agent.reviews)})")
    return 0


COMMANDS = {"qa": cmd_qa}


def _reviews(count: int) -> str:
    return f"{count} review{'' if count == 1 else 's'}"
