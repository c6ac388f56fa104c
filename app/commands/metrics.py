"""``coachbench metrics``: the dashboard's numbers for the team, a team or one agent.

    coachbench --db PATH metrics [--agent NAME] [--team NAME] --from YYYY-MM-DD
                                 --to YYYY-MM-DD [--by week|month] [--json]

Both dates are included. Rates are percentages with n and the 95% Wilson interval;
times are medians and 90th percentiles in minutes; a metric without data is null.
"""

from __future__ import annotations


from app.commands.common import iso_day, open_for_command, print_json
from app.errors import BadInputError, NotFoundError


def add_commands(subparsers) -> None:
    metrics = subparsers.add_parser(
        "metrics", help="service metrics (CSAT, first reply, SLA ...) for a date range",
        description="Service metrics over a date range (both dates included), for everyone, "
        "one team or one agent. Rates carry n and a 95%% Wilson interval; no data is null.")
    metrics.add_argument("--agent", metavar="NAME", help="one agent (name, e-mail or alias)")
    metrics.add_argument("--team", metavar="NAME", help="one team of the roster")
    metrics.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True,
                         type=iso_day)
    metrics.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True, type=iso_day)
    metrics.add_argument("--by", choices=("week", "month"),
                         help="also one row per week (Monday first) or calendar month")
    metrics.add_argument("--json", action="store_true", help="print JSON")


def cmd_metrics(args) -> int:
    from app.analytics.metrics import metric_json
    from app.services.metrics import Scope, build_report, filter_options
    from app.services.roster import find_agent

    if args.end < args.start:
        raise BadInputError(f"--to {args.end} is before --from {args.start}; swap them.")
    database = open_for_command(args, must_exist=True, writes=False)
    try:
        agent = find_agent(database.session_factory, args.agent) if args.agent else None
        if args.team is not None:
            teams = filter_options(database.session_factory).teams
            match = [t for t in teams if t.casefold() == args.team.casefold()]
            if not match:
                raise NotFoundError(f"No team is called {args.team!r}; teams: "
                                    f"{', '.join(teams) or 'none yet'}.")
            args.team = match[0]
        scope = Scope(args.start, args.end, agent_id=agent.id if agent else None,
                      team=args.team)
        with database.session_factory() as session:
            report = build_report(session, scope, grain=args.by)
    finally:
        database.close()
    result = {
        "scope": {"agent": agent.full_name if agent else None, "team": args.team,
                  "from": args.start.isoformat(), "to": args.end.isoformat()},
        "metrics": metric_json(report.totals),
        "series": [{"period_start": p.start.isoformat(), **metric_json(p.stats)}
                   for p in report.series],
    }
    if args.json:
        print_json(result)
    else:
        _print_table(report, result["scope"])
    return 0


def _print_table(report, scope: dict) -> None:
    from app.analytics.metrics import METRICS, format_value

    who = scope["agent"] or (f"team {scope['team']}" if scope["team"] else "everyone")
    print(f"Metrics for {who}, {scope['from']} to {scope['to']}")
    for key, info in METRICS.items():
        stat = report.totals[key]
        value = format_value(key, stat.value)
        extra = ""
        if info.kind in ("rate", "score") and stat.n:
            extra = f"  (95% {stat.low:.1f}–{stat.high:.1f})"
        elif info.kind == "time" and stat.n:
            extra = f"  p90 {format_value(key, stat.p90)}"
        count = "" if info.kind == "count" else f"n={stat.n:,}"
        print(f"  {info.title:<46} {value:>10}  {count:<9}{extra}")
    for period in report.series:
        stats = period.stats
        print(f"  {period.start}  CSAT {format_value('csat', stats['csat'].value):>8} "
              f"(n={stats['csat'].n})  first reply "
              f"{format_value('first_reply_minutes', stats['first_reply_minutes'].value)}  "
              f"solved {stats['tickets_solved'].count}")


COMMANDS = {"metrics": cmd_metrics}
