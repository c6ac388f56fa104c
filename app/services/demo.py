"""A demo team, so a new user sees a lived-in Coachbench before importing their own.

Two teams of a plausible support department: leads, agents of different tenure, one
on probation, one on leave and one who left. The same seed and day give the same team.
Later modules add their own demo records (tickets, reviews, one-on-ones) through
``demo_extensions()``: each runs in the same transaction, so the demo lands whole or not
at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import BadInputError
from app.progress import Progress
from app.ingest.normalize import match_key
from app.models import Agent
from app.services.roster import AgentInput, AliasInfo, SessionFactory, save_agent

FIRST = ["Amara", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ivan",
         "Jonas", "Keiko", "Lucía", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa",
         "Samir", "Tereza", "Umar", "Valentina", "Wei", "Yara", "Zoltan"]
LAST = ["Okafor", "Silva", "Dubois", "Petrov", "Yılmaz", "Haddad", "Pereira", "Sato",
        "Novak", "Berg", "Tanaka", "Fernández", "Rossi", "Karimi", "Lund", "Sharma",
        "Moreau", "García", "Aziz", "Svobodová", "Farouk", "Bianchi", "Zhang", "Costa"]
TEAMS = (("Tier 1 Support", "Support Lead"), ("Billing & Accounts", "Billing Lead"))


@dataclass(frozen=True)
class DemoSummary:
    teams: int
    agents: int
    on_probation: str
    departed: str
    details: list[str] = field(default_factory=list)  # one sentence per extension


# An extension takes (session, today, rng) after the roster exists and returns one
# sentence for the summary ("212 QA reviews over the last year").
DemoExtension = Callable[[Session, date, random.Random], str]


def demo_extensions() -> list[DemoExtension]:
    """The feature modules' demo data, in the order they depend on each other."""
    extensions: list[DemoExtension] = []
    from app.services.demo_tickets import add_demo_tickets  # metrics (issue 4)
    extensions.append(add_demo_tickets)
    from app.services.demo_quality import add_demo_reviews  # QA (issue 5)
    extensions.append(add_demo_reviews)
    from app.services.demo_coaching import add_demo_coaching  # issue 7 (after QA: plans read IQS)
    extensions.append(add_demo_coaching)
    from app.services.calibration_demo import add_demo_calibration  # issue 6 (after QA)
    extensions.append(add_demo_calibration)
    return extensions


def _email(name: str) -> str:
    return match_key(name).replace(" ", ".") + "@example.com"


def create_demo(session_factory: SessionFactory, *, seed: int = 7,
                today: date | None = None, progress: Progress | None = None) -> DemoSummary:
    """Fill an empty database with the demo team. Refuses a database that has agents.

    One transaction: a cancel (through ``progress``) or an error leaves the file empty."""
    today = today or date.today()
    rng = random.Random(seed)
    with session_factory.begin() as session:
        existing = session.scalar(select(func.count()).select_from(Agent)) or 0
        if existing:
            raise BadInputError(f"This database already has {existing} agents; the demo team "
                            "goes into a new database (use --db with a new file name).")
        names = iter(_unique_names(rng, 16))
        on_probation = departed = ""
        for team_index, (team, lead_title) in enumerate(TEAMS):
            lead_name = next(names)
            lead = save_agent(session, AgentInput(
                lead_name, email=_email(lead_name), role=lead_title, team=team,
                hire_date=today - timedelta(days=rng.randint(4 * 365, 7 * 365)),
                aliases=[AliasInfo("zendesk", lead_name)]), None, today)
            size = 7 if team_index == 0 else 6
            for position in range(size):
                name = next(names)
                first = name.split()[0]
                hire = today - timedelta(days=rng.randint(200, 5 * 365))
                data = AgentInput(
                    name, email=_email(name),
                    role="Senior Support Agent" if position < 2 else "Support Agent",
                    team=team, lead_id=lead.id, hire_date=hire,
                    aliases=[AliasInfo("zendesk", name),
                             AliasInfo("freshdesk", f"{first} {name.split()[-1][0]}.")])
                if team_index == 0 and position == size - 1:
                    data.hire_date = today - timedelta(days=45)
                    data.probation_end = data.hire_date + timedelta(days=90)
                    on_probation = name
                elif team_index == 1 and position == size - 1:
                    data.status = "departed"
                    data.departure_date = today - timedelta(days=rng.randint(20, 90))
                    departed = name
                elif team_index == 1 and position == size - 2:
                    data.status = "on_leave"
                save_agent(session, data, None, today)
        session.flush()
        count = session.scalar(select(func.count()).select_from(Agent)) or 0
        extensions = demo_extensions()
        details = []
        for done, extend in enumerate(extensions, start=1):
            if progress is not None:
                progress.check()
                progress.report(done, len(extensions) + 1, "Creating the demo records…")
            details.append(extend(session, today, rng))
    return DemoSummary(teams=len(TEAMS), agents=count, on_probation=on_probation,
                       departed=departed, details=details)


def _unique_names(rng: random.Random, count: int) -> list[str]:
    firsts = rng.sample(FIRST, count)
    lasts = rng.sample(LAST, count)
    return [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
