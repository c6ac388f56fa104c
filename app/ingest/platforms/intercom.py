"""Intercom conversation exports: every duration is in seconds; the rating is 1-5
(4 and 5 are good) with the rated teammate."""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="intercom",
    vendor="intercom",
    title="Intercom (conversations)",
    signature=("Conversation ID", "Conversation started at", "Conversation first replied at",
               "Conversation handling time", "Conversation rating", "Teammate assigned",
               "Team assigned", "Conversation last closed at", "Conversation state",
               "Time to first reply", "Time to first close", "Time to last close",
               "Conversation tags", "Channel", "Rated teammate", "Number of reopens",
               "Teammate replies"),
    columns={
        "external_id": ("Conversation ID", "ID"),
        "assignee": ("Teammate assigned", "Last teammate assigned", "Rated teammate",
                     "Assignee"),
        "group_name": ("Team assigned", "Last team assigned", "Team"),
        "channel": ("Channel", "Conversation channel", "Source type"),
        "status": ("Conversation state", "State"),
        "priority": ("Priority",),
        "created_at": ("Conversation started at", "Created at"),
        "first_reply_at": ("Conversation first replied at", "First replied at"),
        "solved_at": ("Conversation last closed at", "Conversation first closed at",
                      "Closed at"),
        "updated_at": ("Conversation last updated at", "Updated at"),
        "first_reply_minutes": ("Time to first reply", "Median time to first reply"),
        "full_resolution_minutes": ("Time to last close", "Time to first close"),
        "handle_seconds": ("Conversation handling time", "Handling time"),
        "agent_replies": ("Teammate replies", "Number of teammate replies"),
        "reopens": ("Number of reopens", "Reopens"),
        "csat": ("Conversation rating", "Rating"),
        "tags": ("Conversation tags", "Tags"),
        "subject": ("Conversation title", "Subject"),
        "requester": ("User email", "User ID", "Contact email"),
    },
    duration_unit="seconds",
    solved_statuses=frozenset({"closed"}),
)
