"""ServiceNow incident list exports: CSV headers are field names (``assigned_to``), XLSX
headers are the labels in the user's language (``Assigned to``, ``Atribuído a``).

``calendar_duration`` / ``business_duration`` are seconds; ``made_sla`` is true/false;
references may read ``Patrick Brown (pab26)`` (kept as display text); event-log exports
hold several rows per incident, the highest ``sys_mod_count`` being the newest.
"""

from app.ingest.platforms.base import PlatformProfile

PROFILE = PlatformProfile(
    name="servicenow",
    vendor="servicenow",
    title="ServiceNow (incident list)",
    signature=("number", "opened_at", "short_description", "caller_id", "assignment_group",
               "assigned_to", "closed_at", "resolved_at", "made_sla", "reassignment_count",
               "reopen_count", "calendar_duration", "business_duration", "sys_mod_count",
               "sys_updated_on", "contact_type", "incident_state",
               "Short description", "Assigned to", "Assignment group", "Opened", "Resolved",
               "Caller", "Made SLA", "Reopen count",
               "Número", "Aberto", "Encerrado", "Atribuído a", "Grupo de atribuição",
               "Descrição resumida", "Resolvido", "Solicitante",
               "Número", "Abierto", "Asignado a", "Grupo de asignación", "Descripción breve"),
    columns={
        "external_id": ("number", "Number", "Número", "Numero", "Nummer", "Numéro"),
        "assignee": ("assigned_to", "Assigned to", "Atribuído a", "Atribuido a", "Asignado a",
                     "Attribué à", "Zugewiesen an"),
        "group_name": ("assignment_group", "Assignment group", "Grupo de atribuição",
                       "Grupo de asignación", "Groupe d'affectation", "Zuordnungsgruppe"),
        "channel": ("contact_type", "Contact type", "Channel", "Tipo de contato",
                    "Tipo de contacto"),
        "status": ("state", "incident_state", "State", "Incident state", "Estado", "État",
                   "Status"),
        "priority": ("priority", "Priority", "Prioridade", "Prioridad", "Priorité",
                     "Priorität"),
        "ticket_type": ("category", "Category", "Categoria", "Categoría"),
        "created_at": ("opened_at", "Opened", "Aberto", "Abierto", "Ouvert", "Geöffnet",
                       "sys_created_on", "Created"),
        "solved_at": ("resolved_at", "Resolved", "Resolvido", "Resuelto", "Résolu",
                      "closed_at", "Closed", "Encerrado", "Cerrado", "Fermé"),
        "updated_at": ("sys_updated_on", "Updated", "Atualizado", "Actualizado"),
        "full_resolution_minutes": ("calendar_duration", "Duration", "Duração", "Duración"),
        "full_resolution_minutes_business": ("business_duration", "Business duration",
                                             "Duração comercial"),
        "reopens": ("reopen_count", "Reopen count", "Contagem de reaberturas"),
        "sla": ("made_sla", "Made SLA", "SLA cumprido", "SLA atingido"),
        "escalated": ("escalation", "Escalation"),
        "subject": ("short_description", "Short description", "Descrição resumida",
                    "Descripción breve", "Description courte", "Kurzbeschreibung"),
        "requester": ("caller_id", "Caller", "Solicitante", "Autor da chamada", "Llamante"),
    },
    revision_columns=("sys_mod_count", "Updates", "Atualizações"),
    duration_unit="seconds",
    solved_statuses=frozenset({"resolved", "closed", "resolvido", "encerrado", "resuelto",
                               "cerrado"}),
    csat_words={},
    sla_words={"true": "met", "false": "breached"},
)
