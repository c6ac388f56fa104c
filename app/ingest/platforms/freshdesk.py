"""Freshdesk's ticket export (CSV, or the native ``.xls`` that is XML Spreadsheet 2003).

The user picks the columns, so any subset may come. Durations are ``H:MM:SS`` whose hours
pass 24 (the ``(in hrs)`` in their headers notwithstanding); ``00:00:00`` on a ticket that
was never resolved means "not reached". SLA outcome columns say ``Within SLA`` /
``SLA Violated``; ``Survey results`` holds a satisfaction label.
"""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="freshdesk",
    vendor="freshdesk",
    title="Freshdesk (ticket export)",
    signature=("Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent",
               "Group", "Created time", "Due by Time", "Resolved time", "Closed time",
               "Last update time", "Initial response time", "Time tracked",
               "First response time (in hrs)", "Resolution time (in hrs)",
               "Agent interactions", "Customer interactions", "Resolution status",
               "First response status", "Survey results", "Association type",
               "Every response status", "Contact ID", "Company Name"),
    columns={
        "external_id": ("Ticket ID",),
        "assignee": ("Agent",),
        "group_name": ("Group",),
        "channel": ("Source",),
        "status": ("Status",),
        "priority": ("Priority",),
        "ticket_type": ("Type",),
        "created_at": ("Created time",),
        "first_reply_at": ("Initial response time",),
        "solved_at": ("Resolved time", "Closed time"),
        "updated_at": ("Last update time",),
        "first_reply_minutes": ("First response time",),
        "full_resolution_minutes": ("Resolution time",),
        "handle_seconds": ("Time tracked",),
        "agent_replies": ("Agent interactions",),
        "csat": ("Survey results", "Satisfaction rating"),
        "sla": ("Resolution status", "First response status", "Every response status"),
        "tags": ("Tags",),
        "subject": ("Subject",),
        "requester": ("Contact ID", "Email", "Full name"),
    },
    sla_also=("Resolution status", "First response status", "Every response status"),
    duration_unit="hours",
    # "Time tracked" is H:MM (hours and minutes), not minutes and seconds.
    header_units={"time tracked": "hm"},
    zero_means_empty_without={"full_resolution_minutes": "solved_at",
                              "first_reply_minutes": "first_reply_at",
                              "handle_seconds": ""},
    solved_statuses=frozenset({"resolved", "closed"}),
)
