"""``coachbench agenda AGENT`` and ``coachbench plans list``: the next one-on-one's agenda
as Markdown (or JSON), and every improvement plan and probation with its objectives.

Neither prints private one-on-one notes: an agenda never contains them.
"""

from __future__ import annotations

from datetime import date

from app.commands.common import open_for_command, print_json
from app.errors import BadInputError


def add_commands(subparsers) -> None:
    agenda = subparsers.add_parser(
        "agenda", help="the next one-on-one's agenda for an agent, as Markdown")
    agenda.add_argument("agent", metavar="AGENT", help="name, e-mail or alias")
    agenda.add_argument("--json", action="store_true", help="print JSON")
    plans = subparsers.add_parser("plans", help="improvement plans and probation")
    actions = plans.add_subparsers(dest="plans_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every plan and probation, running ones first")
    listing.add_argument("--json", action="store_true", help="print JSON")


def cmd_agenda(args) -> int:
    from app.services import agenda
    from app.services.roster import find_agent

    database = open_for_command(args, must_exist=True, writes=False)
    try:
        agent = find_agent(database.session_factory, args.agent)
        if agent.status == "departed":
            left = f" on {agent.departure_date}" if agent.departure_date else ""
            raise BadInputError(f"{agent.full_name} left the team{left}; there is no next "
                                "one-on-one. Their past meetings are on their profile.")
        result = agenda.next_agenda(database.session_factory, agent.id, date.today())
    finally:
        database.close()
    if args.json:
        print_json(agenda.agenda_json(result))
    else:
        print(agenda.agenda_markdown(result), end="")
    return 0


def cmd_plans(args) -> int:
    from app.analytics.objectives import format_value
    from app.services.plans import OBJECTIVE_LABELS, list_plans

    database = open_for_command(args, must_exist=True, writes=False)
    try:
        rows = list_plans(database.session_factory, today=date.today())
    finally:
        database.close()
    if args.json:
        print_json([{
            "agent": row.agent_name, "kind": row.kind, "status": row.status,
            "start": row.start.isoformat(), "end": row.end.isoformat(),
            "objectives": [{"text": o.text, "status": o.status, "value": o.value}
                           for o in row.objectives]} for row in rows])
        return 0
    if not rows:
        print("No improvement plans or probation checklists yet. Start one on the Plans page.")
        return 0
    for row in rows:
        kind = "Probation" if row.kind == "probation" else "Improvement plan"
        print(f"{row.agent_name} — {kind}, {row.status_label.lower()}, "
              f"{row.start.isoformat()} to {row.end.isoformat()}")
        for objective in row.objectives:
            status = (OBJECTIVE_LABELS.get(objective.status or "") or objective.reason
                      or "not assessed yet")
            value = f" ({format_value(objective.metric, objective.value)})" \
                if objective.value is not None else ""
            print(f"  - {objective.text}: {status}{value}")
    return 0


COMMANDS = {"agenda": cmd_agenda, "plans": cmd_plans}
