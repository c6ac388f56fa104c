"""Any other tool's export: common English column names, and per-agent aggregate reports
(telephony, WFM: ``Answered Calls``, ``Answer Rate``, ``Talk Duration (AVG)`` ...).

It scores low on purpose, so a platform's own profile wins when it fits.
"""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="generic",
    vendor="other",
    title="Other (generic columns)",
    can_be_aggregates=True,
    signature=(),
    columns={
        "external_id": ("Ticket ID", "Ticket number", "Ticket", "Case number", "Case ID",
                        "ID", "Number", "Conversation ID", "Reference"),
        "assignee": ("Assignee", "Agent", "Agent name", "Owner", "Assigned to", "Sales Rep",
                     "Representative", "Handled by", "User"),
        "group_name": ("Group", "Team", "Queue", "Department"),
        "channel": ("Channel", "Source", "Via", "Origin"),
        "status": ("Status", "State"),
        "priority": ("Priority",),
        "ticket_type": ("Type", "Category", "Ticket type"),
        "created_at": ("Created", "Created at", "Created date", "Opened", "Opened at",
                       "Date created", "Start time", "Date"),
        "first_reply_at": ("First reply at", "First response at", "First replied at"),
        "solved_at": ("Solved", "Solved at", "Resolved", "Resolved at", "Closed",
                      "Closed at", "Date closed"),
        "updated_at": ("Updated", "Updated at", "Last updated", "Last modified"),
        "first_reply_minutes": ("First reply time", "First response time"),
        "full_resolution_minutes": ("Resolution time", "Full resolution time",
                                    "Time to resolve"),
        "handle_seconds": ("Handle time", "Handling time", "AHT"),
        "agent_replies": ("Agent replies", "Replies"),
        "reopens": ("Reopens", "Reopen count"),
        "csat": ("CSAT", "Satisfaction", "Satisfaction rating", "Rating", "Survey result"),
        "nps": ("NPS", "NPS score"),
        "sla": ("SLA", "SLA status", "SLA met"),
        "escalated": ("Escalated",),
        "tags": ("Tags", "Labels"),
        "subject": ("Subject", "Title", "Summary"),
        "requester": ("Requester", "Customer", "Customer email", "Email", "Contact"),
    },
    metrics={
        "tickets": ("Tickets", "Contacts", "Conversations"),
        "tickets_solved": ("Solved tickets", "Tickets solved", "Resolved"),
        "csat_percent": ("CSAT %", "CSAT", "Satisfaction %", "% Satisfaction"),
        "calls_incoming": ("Incoming Calls", "Inbound calls", "Offered calls"),
        "calls_answered": ("Answered Calls", "Handled calls"),
        "answer_rate_percent": ("Answer Rate",),
        "calls_abandoned": ("Abandoned Calls",),
        "answer_speed_seconds": ("Answer Speed (AVG)", "Answer Speed", "ASA",
                                 "Average speed of answer"),
        "handle_seconds": ("AHT", "Average handle time", "Handle time (AVG)"),
        "talk_seconds": ("Talk Duration (AVG)", "Talk Duration", "Average talk time"),
        "wait_seconds": ("Waiting Time (AVG)", "Waiting Time"),
        "service_level_percent": ("Service Level (20 Seconds)", "Service Level"),
        "first_reply_minutes": ("First reply time", "First response time"),
        "full_resolution_minutes": ("Resolution time", "Full resolution time"),
    },
    period_columns=("Date", "Day", "Week", "Month", "Period"),
)
