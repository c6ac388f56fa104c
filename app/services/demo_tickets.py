"""Demo tickets: a year of Zendesk-like tickets for every agent, with stories to find.

The charts must make these visible: one agent improving (CSAT up, first reply down — the
same agent the QA demo shows improving), one declining over the last months (CSAT down,
reopens up), the new hire ramping up (volume and quality climbing week by week), a
seasonal volume peak in December, and the Technical group whose first reply time
breaches the 60-minute target. Team-wide targets and the escalation tag come with them.

Rows go in with one bulk Core insert; the same seed gives the same tickets.
"""

from __future__ import annotations

import json
import math
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from app.models import Agent, Ticket
from app.models.targets import MetricSetting, MetricTarget
from app.services.metric_settings import ESCALATION_GROUPS, ESCALATION_TAGS
from app.services.ticket_day_stats import rebuild_day_stats

CHANNELS = (("Mail", 0.58), ("Web form", 0.16), ("Chat", 0.19), ("Phone call (inbound)", 0.07))
LIVE = {"Chat", "Phone call (inbound)"}
PRIORITIES = (("Normal", 0.7), ("High", 0.22), ("Urgent", 0.08))
SLA_MINUTES = {"Normal": 240, "High": 120, "Urgent": 60}
TEAM_TARGETS = (("csat", ">=", 85.0), ("first_reply_minutes", "<=", 60.0),
                ("sla", ">=", 90.0), ("fcr", ">=", 55.0), ("reopen_rate", "<=", 8.0),
                ("escalation_rate", "<=", 6.0), ("full_resolution_minutes", "<=", 1440.0))


def _pick(rng: random.Random, options) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if roll < total:
            return value
    return options[-1][0]


def add_demo_tickets(session: Session, today: date, rng: random.Random) -> str:
    rng = random.Random(rng.random())  # our own stream: other demo data stays the same
    agents = session.scalars(select(Agent).options(selectinload(Agent.team))
                             .order_by(Agent.id)).all()
    leads = [a for a in agents if a.role and "Lead" in a.role]
    staff = [a for a in agents if a not in leads]
    if not staff:
        return "No demo tickets (no agents)."
    start = today - timedelta(days=364)
    improver = staff[4 % len(staff)]
    new_hire = max(staff, key=lambda a: a.hire_date or date.min)
    billing = [a for a in staff if a.team and a.team.name.startswith("Billing")
               and a.status == "active"]
    decliner = billing[0] if billing else staff[0]
    rows: list[dict] = []
    for agent in agents:
        rows += _agent_tickets(rng, agent, start, today, lead=agent in leads,
                               story="improving" if agent is improver else
                               "declining" if agent is decliner else
                               "new" if agent is new_hire else "")
    for number, row in enumerate(sorted(rows, key=lambda r: r["created_at"]), start=41000):
        row["external_id"] = str(number)
    session.execute(insert(Ticket.__table__), rows)
    for metric, comparator, value in TEAM_TARGETS:
        session.add(MetricTarget(metric=metric, comparator=comparator, value=value,
                                 effective_from=start))
    session.add(MetricTarget(metric="csat", agent_id=new_hire.id, comparator=">=",
                             value=80.0, effective_from=new_hire.hire_date or start))
    session.add(MetricSetting(name=ESCALATION_TAGS, value_json=json.dumps(["escalated"])))
    session.add(MetricSetting(name=ESCALATION_GROUPS, value_json=json.dumps([])))
    rebuild_day_stats(session)  # the dashboard's summary of these tickets
    return (f"{len(rows):,} tickets over the last 12 months: {improver.full_name} improving, "
            f"{decliner.full_name} declining, {new_hire.full_name} ramping up, a December "
            "peak, and the Technical group missing its first reply target.")


def _agent_tickets(rng: random.Random, agent: Agent, start: date, today: date, *,
                   lead: bool, story: str) -> list[dict]:
    first = max(start, agent.hire_date or start)
    last = today
    if agent.status == "departed" and agent.departure_date:
        last = min(today, agent.departure_date)
    elif agent.status == "on_leave":
        last = today - timedelta(days=24)
    team = agent.team.name if agent.team else ""
    groups = (("Billing", 1.0),) if team.startswith("Billing") else (
        ("General", 0.62), ("Technical", 0.38))
    skill = 0.86 + ((agent.id * 37) % 7) / 100  # each agent's usual share of good ratings
    rows = []
    day = first
    while day <= last:
        progress = (day - start).days / 364
        weeks_in = (day - first).days / 7
        volume = 0.6 if lead else 3.4
        if day.weekday() >= 5:
            volume *= 0.25
        volume *= _season(day)
        good, speed, reopen = skill, 1.0, 0.06
        if story == "improving":
            good, speed = 0.70 + 0.24 * progress, 1.7 - 0.9 * progress
        elif story == "declining":
            slide = max(0.0, progress - 0.55) / 0.45
            good, reopen = skill - 0.22 * slide, 0.06 + 0.10 * slide
        elif story == "new":
            volume *= min(1.0, 0.25 + weeks_in / 8)
            good, speed = min(skill, 0.68 + 0.035 * weeks_in), max(1.0, 2.2 - 0.2 * weeks_in)
        count = max(0, round(rng.gauss(volume, math.sqrt(volume))))
        for _ in range(count):
            rows.append(_ticket(rng, agent, day, today, _pick(rng, groups), good, speed,
                                reopen))
        day += timedelta(days=1)
    return rows


def _season(day: date) -> float:
    """A December peak (holiday orders), building through late November."""
    if day.month == 12:
        return 1.7 if day.day < 24 else 1.2
    if day.month == 11 and day.day >= 20:
        return 1.35
    return 1.0


def _ticket(rng: random.Random, agent: Agent, day: date, today: date, group: str,
            good: float, speed: float, reopen: float) -> dict:
    channel = _pick(rng, CHANNELS)
    priority = _pick(rng, PRIORITIES)
    hour = min(19.99, max(7.0, rng.gauss(12.5, 2.6)))
    created = datetime.combine(day, time()) + timedelta(minutes=round(hour * 60))
    if channel in LIVE:
        first_reply = max(1, round(rng.lognormvariate(math.log(2.5), 0.6)))
    else:
        median = (115 if group == "Technical" else 32 if group == "Billing" else 38) * speed
        first_reply = max(1, round(rng.lognormvariate(math.log(median), 0.85)))
    resolution = max(first_reply + 1, round(rng.lognormvariate(
        math.log(480 if group == "Billing" else 300), 1.1) * speed))
    solved = created + timedelta(minutes=resolution)
    is_solved = solved.date() < today or rng.random() < 0.3
    replies = 1 + min(6, int(rng.expovariate(1.2 if channel in LIVE else 0.8)))
    rated = is_solved and rng.random() < 0.34
    rating = ("good" if rng.random() < good else "bad") if rated else None
    tags = ["billing"] if group == "Billing" else []
    if rng.random() < (0.07 if group == "Technical" else 0.025):
        tags.append("escalated")
    nps = None
    if is_solved and rng.random() < 0.1:
        nps = (rng.choice((9, 10)) if rng.random() < good - 0.2
               else rng.choice((7, 8)) if rng.random() < 0.6 else rng.randint(0, 6))
    return {
        "platform": "zendesk", "external_id": "", "agent_id": agent.id,
        "assignee": agent.full_name, "group_name": group, "channel": channel,
        "status": ("Closed" if solved.date() < today - timedelta(days=4) else "Solved")
        if is_solved else "Open",
        "priority": priority, "ticket_type": "Question", "created_at": created,
        # Left unknown, as many exports do: the metrics read the minutes, and two fewer
        # date columns keep the demo quick.
        "first_reply_at": None, "updated_at": None,
        "solved_at": solved if is_solved else None,
        "first_reply_minutes": float(first_reply),
        "first_reply_minutes_business": float(round(first_reply * rng.uniform(0.45, 1.0))),
        "full_resolution_minutes": float(resolution) if is_solved else None,
        "full_resolution_minutes_business":
            float(round(resolution * rng.uniform(0.3, 0.8))) if is_solved else None,
        "handle_seconds": float(max(60, round(rng.gauss(430, 140))))
        if channel in LIVE else None,
        "agent_replies": replies if is_solved else None,
        "reopens": (1 if rng.random() < reopen else 0) if is_solved else None,
        "csat": rating, "csat_raw": rating.capitalize() if rating
        else rng.choice(("Offered", "Unoffered", None)),
        "nps": nps,
        "sla": "met" if first_reply <= SLA_MINUTES[priority] else "breached",
        "escalated": None, "tags": "\n".join(tags) or None, "subject": None,
        "requester_hash": None, "source_revision": None, "import_id": None,
    }
