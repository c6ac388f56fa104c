"""Review packets: gather one agent's period from every module, write the workbook, record it.

Every figure comes from the module that owns it (metrics, targets, QA, one-on-ones,
goals, plans); this service only arranges them into ``app.export.packet`` dataclasses.
Reading never writes: the only row an export adds is its ``PacketExport`` record. Files
are written under a temporary name in the target folder and renamed when complete, so a
failed or cancelled export leaves nothing half-written behind. Private one-on-one notes
are left out unless the caller asks for them.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.analytics.metrics import METRICS
from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.export.packet import ChartSpec, KeyValues, Num, Packet, PacketSheet, Table, write_packet
from app.models import ImportRun, Ticket, TicketAggregate
from app.models.packets import PacketExport
from app.models.base import utc_now
from app.progress import Progress
from app.services.disputes import list_disputes
from app.services.goals import goals_in
from app.services.metrics import MetricReport, Scope, build_report
from app.services.one_on_ones import list_meetings, meeting_detail
from app.services.plans import list_plans, plan_detail
from app.services.quality_report import QualityOverview, quality_overview
from app.services.reviews import ReviewFilter, get_review, list_reviews
from app.services.roster import get_agent, list_agents, tenure_text
from app.services.targets import read_book

HEADLINE = ("csat", "nps", "fcr", "sla", "reopen_rate", "first_reply_minutes",
            "full_resolution_minutes", "aht_seconds", "tickets_solved")
CHARTED = ("csat", "fcr", "sla", "first_reply_minutes", "full_resolution_minutes",
           "tickets_solved")
KIND_UNITS = {"rate": "percent", "score": "points", "time": "minutes", "mean": "seconds",
              "count": "count"}
SHOWN_TIMES = ("first_reply_minutes", "full_resolution_minutes")  # the medians the packet shows
PRESETS = ("quarter", "half", "year")
PRESET_MONTHS = {"quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class ExportRow:
    id: int
    agent_id: int | None
    agent_name: str
    start: date
    end: date
    file_name: str
    exported_at: datetime
    private_notes: bool
    summary: str


@dataclass(frozen=True)
class BatchResult:
    folder: Path
    files: list[Path]
    overview: Path | None


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The last 3, 6 or 12 calendar months up to today (the current month so far)."""
    months = PRESET_MONTHS[preset]
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1), today


def packet_file_name(agent_name: str, start: date, end: date) -> str:
    """"Review packet - Ana Lima - 2026-07-01 to 2026-09-30.xlsx" (safe on every system)."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", agent_name)
    name = " ".join(name.split()).strip(" .") or "agent"
    return f"Review packet - {name} - {start.isoformat()} to {end.isoformat()}.xlsx"


def _unit(key: str) -> str:
    """The packet unit of a metric key; QA keys (``iqs``, ``pass_rate``) are percents."""
    if key in METRICS:
        return KIND_UNITS[METRICS[key].kind]
    return "percent" if key in ("iqs", "pass_rate") else "number"


def _num(key: str, value: float | None) -> Num:
    return Num(value, _unit(key))


# ---------------------------------------------------------------------- gathering


def gather_packet(session_factory: SessionFactory, agent_id: int, start: date, end: date, *,
                  include_private: bool = False, summary: str = "", today: date | None = None,
                  team_cache: dict | None = None) -> Packet:
    """Everything the packet shows, as plain values (reads only)."""
    if end < start:
        raise BadInputError(f"The period ends ({end}) before it starts ({start}); swap them.")
    today = today or date.today()
    cache = team_cache if team_cache is not None else {}
    agent = get_agent(session_factory, agent_id)
    period_text = f"{start.isoformat()} to {end.isoformat()}"
    team_key = ("team", agent.team, start, end)
    with session_factory() as session:
        own = build_report(session, Scope(start, end, agent_id=agent_id), grain="month",
                           times=SHOWN_TIMES)
        if team_key not in cache:
            cache[team_key] = build_report(session, Scope(start, end, team=agent.team),
                                           grain="month", times=SHOWN_TIMES)
        team = cache[team_key]
        book = read_book(session, agent_id)
        goals = goals_in(session, agent_id, today=today)
        meetings = [meeting_detail(session, m.id)
                    for m in sorted(list_meetings(session_factory, agent_id),
                                    key=lambda m: m.meeting_date)
                    if start <= m.meeting_date <= end and m.status == "held"]
        plans = [plan_detail(session, p.id, today)
                 for p in list_plans(session_factory, today=today, agent_id=agent_id)
                 if p.start <= end and p.end >= start and p.status != "draft"]
        imports = _imports(session, agent_id, start, end)
    quality = quality_overview(session_factory, start, end, agent_id=agent_id)
    quality_key = ("quality", agent.team, start, end)
    if quality_key not in cache:
        cache[quality_key] = quality_overview(session_factory, start, end, team=agent.team)
    team_quality = cache[quality_key]
    targets = {key: book.for_day(key, end, agent_id) for key in METRICS}
    team_label = f"Team {agent.team}" if agent.team else "All agents"
    profile = KeyValues("Profile", [
        ("Agent", agent.full_name), ("Role", agent.role or ""), ("Lead", agent.lead_name or ""),
        ("Team", agent.team or ""), ("Tenure", tenure_text(agent.tenure_months(end))),
        ("Hire date", agent.hire_date), ("Period", period_text)])
    sheets = [
        _summary_sheet(profile, own, team, team_label, targets, quality, team_quality, goals,
                       plans, summary),
        _metrics_sheet(own, team, team_label, book, agent_id),
        _quality_sheet(session_factory, agent_id, start, end, quality, team_quality,
                       team_label),
        _meetings_sheet(meetings, include_private),
        _plans_sheet(goals, plans),
        _about_sheet(imports, include_private, today),
    ]
    return Packet(agent.full_name, period_text,
                  f"Review packet — {agent.full_name} — {period_text}", sheets)


def _target_text(target) -> str:
    return target.describe() if target else ""


def _summary_sheet(profile, own: MetricReport, team: MetricReport, team_label, targets,
                   quality: QualityOverview, team_quality: QualityOverview, goals, plans,
                   summary: str) -> PacketSheet:
    rows = []
    for key in HEADLINE:
        stat, team_stat = own.totals[key], team.totals[key]
        rows.append([METRICS[key].title, _num(key, stat.value), stat.n,
                     _num(key, stat.low), _num(key, stat.high), _num(key, team_stat.value),
                     _target_text(targets[key])])
    metrics = Table("Headline metrics", ["Metric", "Agent", "n", "95% low", "95% high",
                                         team_label, "Target"], rows)
    qa = Table("Quality", ["Figure", "Agent", "Reviews", team_label], [
        ["IQS", Num(quality.iqs, "percent"), quality.reviews,
         Num(team_quality.iqs, "percent")],
        ["Pass rate", Num(quality.pass_rate, "percent"), quality.reviews,
         Num(team_quality.pass_rate, "percent")]])
    goal_rows = Table("Goals", ["Goal", "Target", "Due", "Status"],
                      [[g.text, g.target_text, g.due, g.status] for g in goals],
                      empty_text="No goals recorded.")
    plan_rows = Table("Improvement plan and probation", ["Kind", "Status", "From", "To"],
                      [["Probation" if p.kind == "probation" else "Improvement plan",
                        p.status_label, p.start, p.end] for p in plans],
                      empty_text="No plan or probation in this period.")
    blocks = [profile, metrics, qa, goal_rows, plan_rows,
              KeyValues("Manager's summary", [("Summary", summary or "")])]
    return PacketSheet("Summary", blocks)


def _metrics_sheet(own: MetricReport, team: MetricReport, team_label, book,
                   agent_id: int) -> PacketSheet:
    tables = []
    for key in CHARTED:
        info = METRICS[key]
        rows = []
        for mine, theirs in zip(own.series, team.series, strict=False):
            target = book.for_day(key, mine.end, agent_id)
            rows.append([mine.start.strftime("%Y-%m"), _num(key, mine.stats[key].value),
                         _num(key, theirs.stats[key].value),
                         _num(key, target.value if target else None), mine.stats[key].n])
        chart = ChartSpec(info.title, [1, 2, 3], info.unit) if rows else None
        tables.append(Table(info.title, ["Month", "Agent", team_label, "Target", "n"], rows,
                            chart=chart))
    return PacketSheet("Metrics", tables)


def _quality_sheet(session_factory, agent_id, start, end, quality: QualityOverview,
                   team_quality: QualityOverview, team_label: str) -> PacketSheet:
    reviews = [r for r in list_reviews(session_factory, ReviewFilter(
        agent_id=agent_id, start=start, end=end)) if r.status == "final"]
    reviews.sort(key=lambda r: (r.review_date, r.id))
    review_rows, rating_rows, dispute_rows = [], [], []
    for row in reviews:
        detail = get_review(session_factory, row.id)
        review_rows.append([row.review_date, row.conversation, row.reviewer, row.scorecard,
                            row.version, Num(row.score, "percent"), row.auto_failed,
                            row.passed, detail.comment])
        for criterion in detail.scorecard.criteria:
            rating = detail.ratings.get(criterion.id)
            if rating is None:
                continue
            value = "N/A" if rating.na else rating.value
            rating_rows.append([row.review_date, row.conversation, criterion.name, value,
                                rating.comment])
        for dispute in list_disputes(session_factory, row.id):
            dispute_rows.append([dispute.raised_on, row.conversation, dispute.reason,
                                 dispute.status_label, dispute.resolution_note,
                                 dispute.resolved_on])
    team_criteria = {c.stat.name: c.stat for c in team_quality.per_criterion}
    criteria_rows = []
    for row in sorted(quality.per_criterion, key=lambda c: c.stat.name.casefold()):
        theirs = team_criteria.get(row.stat.name)
        criteria_rows.append([row.stat.name, Num(row.stat.average, "percent"), row.stat.rated,
                              Num(theirs.average if theirs else None, "percent"),
                              theirs.rated if theirs else None])
    return PacketSheet("Quality", [
        Table("Reviews", ["Date", "Conversation", "Reviewer", "Scorecard", "Version", "Score",
                          "Auto-fail", "Passed", "Comment"], review_rows,
              empty_text="No final reviews in this period."),
        Table("Criterion averages", ["Criterion", "Agent", "Rated", team_label,
                                     f"{team_label}: rated"],
              criteria_rows),
        Table("Ratings per criterion", ["Date", "Conversation", "Criterion", "Value",
                                        "Comment"], rating_rows),
        Table("Disputes", ["Raised", "Conversation", "Reason", "Status", "Resolution",
                           "Resolved on"], dispute_rows,
              empty_text="No disputes in this period."),
    ], freeze_first_header=True)


def _meetings_sheet(meetings, include_private: bool) -> PacketSheet:
    headers = ["Date", "Mood", "Shared notes", "Talking points discussed"]
    if include_private:
        headers.append("Private notes")
    rows, items = [], {}
    for meeting in meetings:
        points = "\n".join(p.text for p in meeting.talking_points if p.discussed)
        row = [meeting.meeting_date, meeting.mood, meeting.shared_notes, points]
        if include_private:
            row.append(meeting.private_notes)
        rows.append(row)
        for item in meeting.action_items:
            items[item.id] = item
    item_rows = [[i.text, i.owner, i.created_on, i.due, i.done_on, i.done_on is not None]
                 for i in sorted(items.values(), key=lambda i: (i.created_on, i.id))]
    return PacketSheet("One-on-ones", [
        Table("Meetings held", headers, rows, empty_text="No one-on-ones held in this period."),
        Table("Action items", ["Action", "Owner", "Made on", "Due", "Done on", "Done"],
              item_rows, empty_text="No action items."),
    ], freeze_first_header=True)


def _plans_sheet(goals, plans) -> PacketSheet:
    blocks: list = [Table("Goals", ["Goal", "Target", "Due", "Status", "Value today", "n",
                                    "Met"],
                          [[g.text, g.target_text, g.due, g.status,
                            _num(g.metric, g.value) if g.metric else None,
                            g.n if g.metric else None, g.met] for g in goals],
                          empty_text="No goals recorded.")]
    if not plans:
        blocks.append(KeyValues("Plans", [("Improvement plan / probation",
                                           "None in this period.")]))
    for plan in plans:
        label = "Probation checklist" if plan.kind == "probation" else "Improvement plan"
        blocks.append(KeyValues(f"{label} ({plan.start} to {plan.end})", [
            ("Status", plan.status_label), ("HR contact", plan.hr_contact),
            ("Acknowledged on", plan.acknowledged_on),
            ("Concerns", "\n".join(text for text, _ in plan.concerns)),
            ("Support", "\n".join(plan.support)), ("Outcome note", plan.outcome_note)]))
        names = {o.id: o.text for o in plan.objectives}
        metrics = {o.id: o.metric for o in plan.objectives}
        blocks.append(Table("Objectives", ["Objective", "Target", "Status", "Value", "n",
                                           "Done on"],
                            [[o.text, o.target_text, o.status or "",
                              _num(o.metric, o.value) if o.metric else None, o.n, o.done_on]
                             for o in plan.objectives]))
        checkin_rows = []
        for checkin in plan.checkins:
            for objective_id, status, value, count in checkin.results or ((None, "", None,
                                                                          None),):
                checkin_rows.append([checkin.scheduled_on, checkin.held_on,
                                     names.get(objective_id, ""), status,
                                     _num(metrics[objective_id], value)
                                     if metrics.get(objective_id) else value, count,
                                     checkin.notes])
        blocks.append(Table("Check-ins (values on the day)",
                            ["Scheduled", "Held", "Objective", "Status", "Value", "n",
                             "Notes"], checkin_rows, empty_text="No check-ins."))
        blocks.append(Table("Status changes and sign-off",
                            ["When", "Effective", "By", "From", "To", "Note"],
                            [[e.at, e.effective_on, e.actor, e.from_status or "", e.to_status,
                              e.note] for e in plan.events]))
    return PacketSheet("Plans", blocks)


def _imports(session: Session, agent_id: int, start: date, end: date) -> list[list[object]]:
    """The imports that brought in this agent's tickets or report figures of the period."""
    since = datetime.combine(start, time.min)
    until = datetime.combine(end + timedelta(days=1), time.min)
    in_period = or_(and_(Ticket.created_at >= since, Ticket.created_at < until),
                    and_(Ticket.solved_at >= since, Ticket.solved_at < until))
    ticket_runs = select(Ticket.import_id).where(Ticket.agent_id == agent_id, in_period,
                                                 Ticket.import_id.is_not(None))
    aggregate_runs = select(TicketAggregate.import_id).where(
        TicketAggregate.agent_id == agent_id, TicketAggregate.period_start <= end,
        TicketAggregate.period_end >= start, TicketAggregate.import_id.is_not(None))
    runs = session.execute(
        select(ImportRun.file_name, ImportRun.platform, ImportRun.period,
               ImportRun.imported_at, ImportRun.rows_read, ImportRun.status)
        .where(or_(ImportRun.id.in_(ticket_runs), ImportRun.id.in_(aggregate_runs)))
        .order_by(ImportRun.imported_at)).all()
    return [list(run) for run in runs]


def _about_sheet(imports, include_private: bool, today: date) -> PacketSheet:
    definitions = []
    for info in METRICS.values():
        direction = "higher is better" if info.higher_is_better else "lower is better"
        definitions.append([info.title, info.key, info.kind, info.unit, direction])
    return PacketSheet("About this packet", [
        KeyValues("This packet", [
            ("Made", utc_now().replace(microsecond=0)), ("Data as of", today),
            ("Private one-on-one notes", "Included" if include_private else "Left out"),
            ("Intervals", "Rates carry n and a 95% Wilson interval; NPS a normal-"
                          "approximation interval; times are medians.")]),
        Table("Metric definitions (METRICS.md)", ["Metric", "Key", "Kind", "Unit",
                                                  "Direction"], definitions),
        Table("Imports the figures rest on", ["File", "Platform", "Period", "Imported at",
                                              "Rows", "Status"], imports,
              empty_text="No imports: figures come from data entered in Coachbench."),
    ])


# ---------------------------------------------------------------------- writing


def _temporary_in(folder: Path, suffix: str = ".xlsx.part") -> Path:
    handle, name = tempfile.mkstemp(prefix=".packet-", suffix=suffix, dir=folder)
    os.close(handle)
    return Path(name)


def _record_and_publish(session_factory: SessionFactory, entries: list[tuple],
                        renames: list[tuple[Path, Path]]) -> None:
    """Record the exports and move the finished files into place in one transaction:
    if a rename fails, no record is kept; if recording fails, no file is published."""
    with session_factory.begin() as session:
        for agent_id, name, start, end, path, private, summary in entries:
            session.add(PacketExport(agent_id=agent_id, agent_name=name, period_start=start,
                                     period_end=end, file_name=str(path),
                                     private_notes=private, summary=summary))
        session.flush()
        for temporary, final in renames:
            os.replace(temporary, final)


def export_packet(session_factory: SessionFactory, agent_id: int, start: date, end: date,
                  out: str | Path, *, include_private: bool = False, summary: str = "",
                  today: date | None = None, progress: Progress | None = None) -> Path:
    """Write one packet to ``out`` and record the export; nothing is left on failure
    or cancel (``progress``)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise BadInputError(f"{out.name}: a packet is an Excel file; end the name in .xlsx.")
    if not out.parent.is_dir():
        raise BadInputError(f"The folder {out.parent} does not exist; choose another one.")
    if progress:
        progress.report(0, 2, "Gathering the figures")
    packet = gather_packet(session_factory, agent_id, start, end,
                           include_private=include_private, summary=summary, today=today)
    if progress:
        progress.report(1, 2, "Writing the workbook")
        progress.check()
    temporary = _temporary_in(out.parent)
    try:
        write_packet(temporary, packet)
        if progress:
            progress.check()
        _record_and_publish(session_factory, [(agent_id, packet.agent_name, start, end, out,
                                               include_private, summary)],
                            [(temporary, out)])
    finally:
        temporary.unlink(missing_ok=True)
    return out


def export_team(session_factory: SessionFactory, start: date, end: date,
                folder: str | Path, *, agent_ids: list[int] | None = None,
                progress: Progress | None = None, today: date | None = None) -> BatchResult:
    """Packets for every active agent (or ``agent_ids``) plus a team overview, into
    ``folder``. Private notes are never in a batch. Files appear only once all are
    written; a cancel or an error removes every file of the batch."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInputError(f"The folder {folder} does not exist; create it or choose another.")
    agents = [a for a in list_agents(session_factory, include_departed=False)
              if a.status == "active" and (agent_ids is None or a.id in agent_ids)]
    if not agents:
        raise NotFoundError("No active agents to export; add agents on the Team page.")
    total = len(agents) + 1
    cache: dict = {}
    written: list[tuple[Path, Path]] = []  # (temporary, final)
    try:
        for done, agent in enumerate(agents):
            if progress:
                progress.report(done, total, f"Packet for {agent.full_name}")
                progress.check()
            packet = gather_packet(session_factory, agent.id, start, end, today=today,
                                   team_cache=cache)
            temporary = _temporary_in(folder)
            written.append((temporary, folder / packet_file_name(agent.full_name, start,
                                                                 end)))
            write_packet(temporary, packet)
        if progress:
            progress.report(len(agents), total, "Team overview")
            progress.check()
        temporary = _temporary_in(folder)
        overview = folder / f"Team overview - {start.isoformat()} to {end.isoformat()}.xlsx"
        written.append((temporary, overview))
        write_packet(temporary, team_overview(session_factory, start, end, agents))
        if progress:
            progress.check()
        _record_and_publish(
            session_factory, [(agent.id, agent.full_name, start, end, final, False, "")
                              for agent, (_, final) in zip(agents, written, strict=False)],
            written)
    except BaseException:
        for temporary, final in written:  # a rename that went through before the failure
            if not temporary.exists():
                final.unlink(missing_ok=True)
        raise
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
    if progress:
        progress.report(total, total, "Done")
    return BatchResult(folder, [final for _, final in written[:-1]], overview)


def team_overview(session_factory: SessionFactory, start: date, end: date,
                  agents) -> Packet:
    """Every agent's headline figures side by side with everyone's, for the manager."""
    with session_factory() as session:
        report = build_report(session, Scope(start, end), by_agent=True)
    quality = quality_overview(session_factory, start, end)
    per_agent = {a.agent_id: a.stats for a in report.agents}
    iqs = {a.agent_id: a for a in quality.per_agent}
    headers = ["Agent", "Team"] + [METRICS[k].short or METRICS[k].title for k in HEADLINE]
    headers += ["IQS", "Reviews", "Pass rate"]
    rows = []
    for agent in agents:
        stats = per_agent.get(agent.id, {})
        qa = iqs.get(agent.id)
        rows.append([agent.full_name, agent.team or ""]
                    + [_num(k, stats[k].value) if k in stats else None for k in HEADLINE]
                    + [Num(qa.iqs if qa else None, "percent"), qa.reviews if qa else 0,
                       Num(qa.pass_rate if qa else None, "percent")])
    rows.append(["All agents", ""] + [_num(k, report.totals[k].value) for k in HEADLINE]
                + [Num(quality.iqs, "percent"), quality.reviews,
                   Num(quality.pass_rate, "percent")])
    period_text = f"{start.isoformat()} to {end.isoformat()}"
    return Packet("Team overview", period_text, f"Team overview — {period_text}", [
        PacketSheet("Overview", [Table("Headline figures", headers, rows)],
                    freeze_first_header=True)])


def list_exports(session_factory: SessionFactory, limit: int = 500) -> list[ExportRow]:
    """Past exports, newest first."""
    with session_factory() as session:
        rows = session.scalars(select(PacketExport).order_by(PacketExport.exported_at.desc(),
                                                             PacketExport.id.desc())
                               .limit(limit))
        return [ExportRow(r.id, r.agent_id, r.agent_name, r.period_start, r.period_end,
                          r.file_name, r.exported_at, r.private_notes, r.summary)
                for r in rows]

