"""Zendesk's legacy ticket export (CSV, also re-saved as XLSX): one row per ticket.

Every ``... in minutes`` column is whole minutes; ``Resolution time`` is in hours;
``Satisfaction Score`` is Good/Bad/Offered/Unoffered or 1-5; tags are space-separated;
an empty drop-down is ``-``. A file without ``Assignee`` is team-level data.
"""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="zendesk",
    vendor="zendesk",
    title="Zendesk (ticket export)",
    signature=("Id", "Requester", "Assignee", "Group", "Subject", "Tags", "Status", "Via",
               "Ticket type", "Created at", "Updated at", "Solved at", "Satisfaction Score",
               "Replies", "Reopens", "First reply time in minutes",
               "Full resolution time in minutes", "Summation column", "Requester email",
               "Group stations", "Assignee stations", "Initially assigned at"),
    columns={
        "external_id": ("Id", "Ticket id"),
        "assignee": ("Assignee",),
        "group_name": ("Group",),
        "channel": ("Via",),
        "status": ("Status",),
        "priority": ("Priority",),
        "ticket_type": ("Ticket type", "Type"),
        "created_at": ("Created at",),
        "solved_at": ("Solved at",),
        "updated_at": ("Updated at",),
        "first_reply_minutes": ("First reply time in minutes",),
        "first_reply_minutes_business": ("First reply time in minutes within business hours",),
        "full_resolution_minutes": ("Full resolution time in minutes", "Resolution time"),
        "full_resolution_minutes_business": (
            "Full resolution time in minutes within business hours",),
        "agent_replies": ("Replies",),
        "reopens": ("Reopens",),
        "csat": ("Satisfaction Score", "Satisfaction rating"),
        "tags": ("Tags",),
        "subject": ("Subject",),
        "requester": ("Requester email", "Requester id", "Requester"),
    },
    header_units={"resolution time": "hours"},
    solved_statuses=frozenset({"solved", "closed"}),
    tag_separator=" ",
)
