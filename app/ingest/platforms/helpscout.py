"""Help Scout conversation exports (CSV from the mailbox or reports)."""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="helpscout",
    vendor="helpscout",
    title="Help Scout (conversations)",
    signature=("Conversation ID", "Conversation Number", "Mailbox", "Assigned To",
               "Customer Email", "Customer Name", "Created At", "Closed At", "Status",
               "Subject", "Tags", "Type", "Rating", "First Response Time",
               "Resolution Time", "Replies Sent", "Closed By", "Last Customer Reply",
               "Last User Reply"),
    columns={
        "external_id": ("Conversation Number", "Conversation ID", "Number", "ID"),
        "assignee": ("Assigned To", "Assignee", "Closed By"),
        "group_name": ("Mailbox", "Mailbox Name"),
        "channel": ("Type", "Source"),
        "status": ("Status",),
        "created_at": ("Created At", "Created"),
        "first_reply_at": ("First Response At", "Last User Reply"),
        "solved_at": ("Closed At", "Closed"),
        "updated_at": ("Updated At", "Modified At"),
        "first_reply_minutes": ("First Response Time",),
        "full_resolution_minutes": ("Resolution Time",),
        "agent_replies": ("Replies Sent", "Replies"),
        "csat": ("Rating", "Happiness Rating"),
        "tags": ("Tags",),
        "subject": ("Subject",),
        "requester": ("Customer Email", "Customer Name"),
    },
    csat_words={"great": "good", "okay": "bad", "not good": "bad"},
    solved_statuses=frozenset({"closed"}),
)
