"""HubSpot tickets: API-style property names (``time_to_close`` in milliseconds,
``hubspot_owner_id``) or the UI export's labels (``Ticket ID``, ``Ticket owner``)."""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="hubspot",
    vendor="hubspot",
    title="HubSpot (tickets)",
    signature=("Ticket ID", "Ticket name", "Ticket status", "Pipeline", "Ticket owner",
               "Create date", "Close date", "hs_object_id", "hs_pipeline_stage",
               "hubspot_owner_id", "time_to_close", "time_to_first_agent_reply",
               "hs_ticket_priority", "subject", "createdate", "closed_date",
               "Time to close", "Time to first agent reply", "Source", "Last activity date"),
    columns={
        "external_id": ("Ticket ID", "hs_object_id", "Record ID"),
        "assignee": ("Ticket owner", "hubspot_owner_id", "Owner"),
        "group_name": ("Pipeline", "hs_pipeline", "HubSpot team", "hubspot_team_id"),
        "channel": ("Source", "source_type", "Ticket source"),
        "status": ("Ticket status", "hs_pipeline_stage"),
        "priority": ("Priority", "hs_ticket_priority"),
        "ticket_type": ("Category", "hs_ticket_category"),
        "created_at": ("Create date", "createdate"),
        "first_reply_at": ("First agent email response date", "first_agent_reply_date"),
        "solved_at": ("Close date", "closed_date"),
        "updated_at": ("Last modified date", "hs_lastmodifieddate", "Last activity date"),
        "first_reply_minutes": ("Time to first agent reply", "time_to_first_agent_reply"),
        "full_resolution_minutes": ("Time to close", "time_to_close"),
        "csat": ("CSAT", "Customer satisfaction", "hs_feedback_last_ces_rating"),
        "nps": ("NPS", "hs_feedback_last_nps_rating", "Last NPS survey rating"),
        "tags": ("Tags", "hs_tag_ids"),
        "subject": ("Ticket name", "subject"),
        "requester": ("Associated contact", "Contact email"),
    },
    duration_unit="ms",
    solved_statuses=frozenset({"closed"}),
)
