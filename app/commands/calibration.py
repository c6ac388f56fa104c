"""``coachbench calibration ...``: create sessions, send and collect grader forms, report."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app.commands.common import iso_day, open_for_command, print_json
from app.errors import BadInputError


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def add_commands(subparsers) -> None:
    cal = subparsers.add_parser("calibration", help="QA calibration sessions")
    actions = cal.add_subparsers(dest="calibration_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a calibration session")
    create.add_argument("--title", required=True)
    create.add_argument("--scorecard", required=True, metavar="NAME",
                        help="scored with its current version")
    create.add_argument("--graders", required=True, metavar='"A,B,C"')
    create.add_argument("--conversations", required=True, metavar='"REF1,REF2"',
                        help="one to five ticket references")
    create.add_argument("--expert", metavar="NAME",
                        help="the benchmark grader (default: the group's consensus)")
    create.add_argument("--date", type=iso_day, metavar="YYYY-MM-DD",
                        help="the session's date (default: today)")
    create.add_argument("--facilitator", default="", metavar="NAME")
    create.add_argument("--json", action="store_true", help='print {"id": ...}')
    exp = actions.add_parser("export-forms", help="write one XLSX form per grader")
    exp.add_argument("session_id", type=int, metavar="SESSION_ID")
    exp.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    imp = actions.add_parser("import-forms", help="read filled grader forms back")
    imp.add_argument("session_id", type=int, metavar="SESSION_ID")
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    rep = actions.add_parser("report", help="results of a session (reveals it when every "
                             "grader has submitted)")
    rep.add_argument("session_id", type=int, metavar="SESSION_ID")
    rep.add_argument("--json", action="store_true", help="print JSON")


def cmd_calibration(args) -> int:
    handlers = {"create": _create, "export-forms": _export, "import-forms": _import,
                "report": _report}
    reads = args.calibration_command == "export-forms"
    database = open_for_command(args, must_exist=args.calibration_command != "create",
                                writes=not reads)
    try:
        return handlers[args.calibration_command](database.session_factory, args)
    finally:
        database.close()


def _create(session_factory, args) -> int:
    from app.services.calibration import create_from_names

    detail = create_from_names(
        session_factory, title=args.title, scorecard=args.scorecard,
        graders=_names(args.graders), conversations=_names(args.conversations),
        expert=args.expert, session_date=args.date or date.today(),
        facilitator=args.facilitator)
    if args.json:
        print_json({"id": detail.id})
    else:
        benchmark = f"expert {detail.expert.name}" if detail.expert else "consensus"
        print(f"Created calibration session #{detail.id} '{detail.title}' "
              f"({len(detail.graders)} graders, {len(detail.conversations)} conversations, "
              f"benchmark: {benchmark}).")
    return 0


def _export(session_factory, args) -> int:
    from app.services.calibration_forms import export_forms

    for path in export_forms(session_factory, args.session_id, args.out_dir):
        print(f"Wrote {path}")
    return 0


def _import(session_factory, args) -> int:
    from app.services.calibration_forms import import_forms

    for path in args.files:
        if not path.is_file():
            raise BadInputError(f"{path} does not exist; give the path of a filled form.")
    result = import_forms(session_factory, args.session_id, args.files)
    print(f"Imported the scores of {', '.join(result.graders)}.")
    if result.waiting_for:
        print(f"Still waiting for {', '.join(result.waiting_for)}.", file=sys.stderr)
    return 0


def _report(session_factory, args) -> int:
    from app.services.calibration_results import report_results

    results = report_results(session_factory, args.session_id)
    if args.json:
        print_json(results.report_json())
        return 0
    r = results.reliability
    print(f"{results.detail.title} ({results.detail.session_date})")
    print(r.reading)
    if r.percent_agreement is not None:
        print(f"Percent agreement: {r.percent_agreement:.0f}% over {r.pairs} pairs "
              f"(alpha {r.level} on {r.on}).")
    for grader in results.graders:
        shown = "—" if grader.alignment is None else f"{grader.alignment:.0f}%"
        role = " (expert)" if grader.is_expert else ""
        print(f"  {grader.name + role:<30} alignment {shown}")
    print(f"To discuss: {results.to_discuss} of {len(results.units)} criteria")
    for unit in results.units:
        if unit.discuss:
            print(f"  {unit.conversation} · {unit.criterion.name}: {unit.why}")
    return 0


COMMANDS = {"calibration": cmd_calibration}
