"""The support platforms an agent may carry a name in, written once for the whole program.

``ANY_PLATFORM`` marks an alias that holds on every platform. The roster, its import and
(later) the ticket importers all take their names from here.
"""

ANY_PLATFORM = "any"
PLATFORMS = (ANY_PLATFORM, "zendesk", "freshdesk", "servicenow", "salesforce", "intercom",
             "hubspot", "helpscout", "gorgias", "front", "zoho")
