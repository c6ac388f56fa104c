"""A plan as HTML for the read-only detail view: everything HR would ask for, dated."""

from __future__ import annotations

from app.analytics.objectives import format_value
from app.services.plans import OBJECTIVE_LABELS, STATUS_LABELS, PlanDetail


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _day(value) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def plan_html(plan: PlanDetail) -> str:
    kind = "Probation checklist" if plan.kind == "probation" else "Performance improvement plan"
    out = [f"<h3>{kind}: {_esc(plan.agent_name)}</h3>",
           f"<p><b>{plan.status_label}</b> · {_day(plan.start)} to {_day(plan.end)}"
           + (f" · template {_esc(plan.template)}" if plan.template else "") + "</p>"]
    if plan.finished:
        out.append("<p style='color:gray'>This plan is finished and read-only."
                   + (f" Outcome: {_esc(plan.outcome_note)}" if plan.outcome_note else "")
                   + "</p>")
    if plan.concerns:
        out.append("<h4>Concerns</h4><ul>" + "".join(
            f"<li>{_esc(text)}" + (f" <span style='color:gray'>(raised {_day(day)})</span>"
                                   if day else "") + "</li>" for text, day in plan.concerns)
            + "</ul>")
    heading = "Checklist" if plan.kind == "probation" else "Objectives"
    # Two columns (the item with its target under it, the status with its value under
    # it): four columns broke words ("Statu/s", "walkthroug/h") in the pane beside the
    # list on a small window.
    item = "Item" if plan.kind == "probation" else "Objective"
    out.append(f"<h4>{heading}</h4><table cellpadding=3 cellspacing=0 width='100%'>"
               f"<tr><th align=left>{item} and target</th>"
               "<th align=left>Status and value</th></tr>")
    for o in plan.objectives:
        status = OBJECTIVE_LABELS.get(o.status or "") or o.reason or "not assessed yet"
        if o.done_on is not None:
            status = f"Done {_day(o.done_on)}"
        value = format_value(o.metric, o.value) if o.metric else ""
        if o.n:
            value += f" <span style='color:gray'>n={o.n}</span>"
        target = (f"<br><span style='color:gray'>target {_esc(o.target_text)}</span>"
                  if o.target_text else "")
        out.append(f"<tr><td width='62%'>{_esc(o.text)}{target}</td>"
                   f"<td>{status}{'<br>' + value if value else ''}</td></tr>")
    out.append("</table>")
    if plan.kind == "pip":
        out.append("<h4>Support</h4>" + ("<ul>" + "".join(
            f"<li>{_esc(s)}</li>" for s in plan.support) + "</ul>" if plan.support
            else "<p style='color:gray'>None recorded.</p>"))
        out.append(f"<p><b>HR contact:</b> {_esc(plan.hr_contact) or '—'}<br>"
                   f"<b>Acknowledged by the agent:</b> {_day(plan.acknowledged_on)}<br>"
                   f"<b>Consequences:</b> {_esc(plan.consequences) or '—'}</p>")
        out.append("<h4>Check-ins</h4>")
        if not plan.checkins:
            out.append("<p style='color:gray'>No check-in dates set.</p>")
        names = {o.id: o.text for o in plan.objectives}
        metrics = {o.id: o.metric for o in plan.objectives}
        for checkin in plan.checkins:
            if checkin.held_on is None:
                out.append(f"<p>{_day(checkin.scheduled_on)} — <i>planned</i></p>")
                continue
            out.append(f"<p><b>{_day(checkin.held_on)}</b> — {_esc(checkin.notes) or ''}<br>")
            for objective_id, status, value, n in checkin.results:
                shown = (f" ({format_value(metrics.get(objective_id), value)}, n={n})"
                         if value is not None else "")
                out.append(f"&nbsp;&nbsp;• {_esc(names.get(objective_id, '?'))}: "
                           f"{OBJECTIVE_LABELS.get(status, status)}{shown}<br>")
            out.append("</p>")
    out.append("<h4>Record</h4><table cellpadding=2 cellspacing=0>")
    for event in plan.events:
        change = (f"{STATUS_LABELS.get(event.from_status, '')} → " if event.from_status
                  else "") + STATUS_LABELS.get(event.to_status, event.to_status)
        out.append(f"<tr><td>{event.at:%Y-%m-%d %H:%M}</td><td>{_esc(event.actor)}</td>"
                   f"<td>{change}</td><td>{_esc(event.note)}"
                   + (f" (ends {_day(event.end_date)})" if event.to_status == "extended"
                      else "") + "</td></tr>")
    out.append("</table>")
    return "".join(out)
