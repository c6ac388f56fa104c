"""Salesforce Service Cloud case reports. Dates follow the user's locale; ``Closed`` and
``Escalated`` are 0/1 or true/false; CSV and "details only" exports end with
``Grand Totals`` / ``Confidential Information`` / ``Copyright`` rows (dropped by the
reader). ``Age (Hours)`` on a closed case is its resolution time.
"""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="salesforce",
    vendor="salesforce",
    title="Salesforce (case report)",
    signature=("Case Number", "Case Owner", "Subject", "Status", "Priority", "Case Origin",
               "Case Reason", "Type", "Date/Time Opened", "Date/Time Closed", "Closed",
               "Escalated", "Account Name", "Contact Name", "Age (Hours)", "Case ID",
               "Opened Date", "Closed Date", "Last Modified Date", "Owner Role"),
    columns={
        "external_id": ("Case Number", "Case ID"),
        "assignee": ("Case Owner", "Owner Name", "Owner"),
        "group_name": ("Owner Role", "Queue", "Case Queue"),
        "channel": ("Case Origin",),
        "status": ("Status",),
        "priority": ("Priority",),
        "ticket_type": ("Type", "Case Reason"),
        "created_at": ("Date/Time Opened", "Opened Date"),
        "solved_at": ("Date/Time Closed", "Closed Date"),
        "updated_at": ("Last Modified Date", "Last Modified Date/Time"),
        "first_reply_at": ("First Response", "First Response Date"),
        "full_resolution_minutes": ("Age",),
        "escalated": ("Escalated", "Is Escalated"),
        "csat": ("CSAT", "Satisfaction", "Customer Satisfaction", "Survey Rating"),
        "nps": ("NPS", "NPS Score", "Net Promoter Score"),
        "subject": ("Subject",),
        "requester": ("Contact Email", "Contact Name", "Contact"),
    },
    header_units={"age": "hours"},
    only_with={"full_resolution_minutes": "solved_at"},
    solved_statuses=frozenset({"closed", "resolved"}),
)
