"""Reading back what imports left: the list of past imports and one imported ticket."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.models import Agent, ImportRun, Ticket


@dataclass(frozen=True)
class ImportRunRow:
    id: int
    file_name: str
    file_sha256: str
    profile: str
    platform: str
    confidence: float | None
    sheet: str | None
    period: str | None
    imported_at: datetime
    status: str
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[dict]
    unmatched: list[str]


def list_imports(session_factory: SessionFactory, limit: int = 500) -> list[ImportRunRow]:
    """Past imports, newest first."""
    with session_factory() as session:
        runs = session.scalars(select(ImportRun).order_by(ImportRun.imported_at.desc(),
                                                          ImportRun.id.desc()).limit(limit))
        return [ImportRunRow(
            id=r.id, file_name=r.file_name, file_sha256=r.file_sha256, profile=r.profile,
            platform=r.platform, confidence=r.confidence, sheet=r.sheet, period=r.period,
            imported_at=r.imported_at, status=r.status, rows_read=r.rows_read,
            inserted=r.inserted, updated=r.updated, unchanged=r.unchanged, skipped=r.skipped,
            errors=json.loads(r.errors_json) if r.errors_json else [],
            unmatched=json.loads(r.unmatched_json) if r.unmatched_json else [])
            for r in runs]


# The canonical fields in the order and under the names ``tickets show --json`` prints.
TICKET_JSON_FIELDS = (
    ("assignee", "assignee"), ("group", "group_name"), ("channel", "channel"),
    ("status", "status"), ("priority", "priority"), ("type", "ticket_type"),
    ("created_at", "created_at"), ("first_reply_at", "first_reply_at"),
    ("solved_at", "solved_at"), ("updated_at", "updated_at"),
    ("first_reply_minutes", "first_reply_minutes"),
    ("first_reply_minutes_business", "first_reply_minutes_business"),
    ("full_resolution_minutes", "full_resolution_minutes"),
    ("full_resolution_minutes_business", "full_resolution_minutes_business"),
    ("handle_seconds", "handle_seconds"), ("agent_replies", "agent_replies"),
    ("reopens", "reopens"), ("csat", "csat"), ("csat_raw", "csat_raw"), ("nps", "nps"),
    ("sla", "sla"), ("escalated", "escalated"), ("tags", "tags"), ("subject", "subject"),
)


def parse_ticket_ref(text: str) -> tuple[str, str]:
    """"zendesk:12345" -> ("zendesk", "12345"); the id may itself hold colons."""
    platform, sep, external_id = str(text).partition(":")
    if not sep or not platform.strip() or not external_id.strip():
        raise BadInputError(f"'{text}' is not a ticket reference; write PLATFORM:ID, for "
                            "example zendesk:12345 or servicenow:INC0010112.")
    # The name the import printed ("generic", "zendesk_explore") finds its tickets too.
    from app.ingest.platforms import PROFILES

    name = platform.strip().lower()
    profile = PROFILES.get(name)
    return (profile.vendor if profile else name), external_id.strip()


def ticket_json(session_factory: SessionFactory, platform: str, external_id: str) -> dict:
    """One ticket as ``tickets show --json`` prints it: canonical keys, ISO 8601 times,
    tags as a list, and null (never 0 or "") for what is unknown."""
    with session_factory() as session:
        row = session.execute(
            select(Ticket, Agent.full_name).outerjoin(Agent, Agent.id == Ticket.agent_id)
            .where(Ticket.platform == platform, Ticket.external_id == external_id)).first()
        if row is None:
            raise NotFoundError(f"No ticket {platform}:{external_id} has been imported; check "
                                "the platform name and the ticket id.")
        ticket, agent_name = row
        result: dict = {"platform": ticket.platform, "external_id": ticket.external_id,
                        "agent": agent_name}
        for key, attribute in TICKET_JSON_FIELDS:
            value = getattr(ticket, attribute)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif key == "tags":
                value = [tag for tag in (value or "").split("\n") if tag]
            elif isinstance(value, str) and not value.strip():
                value = None
            result[key] = value
        return result
