"""SQLAlchemy models, one module per area. Importing this package registers them all
on ``Base.metadata`` (which migrations and the record counter rely on)."""

from app.models.base import Base
from app.models.people import AGENT_STATUSES, ANY_PLATFORM, Agent, AgentAlias, Team
from app.models.tickets import ImportMapping, ImportRun, Ticket, TicketAggregate
from app.models import quality  # noqa: F401  (QA tables, issue 5)
from app.models import coaching, plans  # noqa: F401  (one-on-ones and plans, issue 7)
from app.models import targets  # noqa: F401  (metric targets and settings, issue 4)
from app.models import calibration  # noqa: F401  (calibration sessions, issue 6)
from app.models import packets  # noqa: F401  (review packet exports, issue 8)

__all__ = ["AGENT_STATUSES", "ANY_PLATFORM", "Agent", "AgentAlias", "Base", "ImportMapping",
           "ImportRun", "Team", "Ticket", "TicketAggregate"]
