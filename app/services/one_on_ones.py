"""One-on-ones: cadence, starting a meeting from an agenda, notes, holding and amending.

The notes are the manager's record, so the rules are strict: a planned meeting's notes
save as they are typed (the page calls ``save_notes`` a moment after typing stops, each
call its own committed transaction); holding a meeting freezes it, and a later change is
an amendment that keeps the original text and the time of the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib.resources import files

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError, UserError
from app.models import Agent
from app.models.base import utc_now
from app.models.coaching import (
    CADENCES,
    AgendaTemplate,
    Meeting,
    MeetingAmendment,
    MeetingPoint,
    OneOnOneSchedule,
    TalkingPoint,
)
from app.services.action_items import ActionItemRow, items_for_meeting
from app.services.talking_points import TalkingPointRow, held_points, open_points

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 28}
CADENCE_LABELS = {"weekly": "Weekly", "biweekly": "Every 2 weeks", "monthly": "Monthly"}
NOTE_FIELDS = ("shared_notes", "private_notes")
DEFAULT_CADENCE = "biweekly"


# ---------------------------------------------------------------------- templates


@dataclass(frozen=True)
class AgendaTemplateRow:
    name: str
    items: tuple[str, ...]
    shipped: bool  # comes with the program (an edit of it is saved as the manager's copy)


@lru_cache(maxsize=1)
def shipped_templates() -> dict[str, tuple[str, ...]]:
    """The agendas that come with the program (read once; they do not change)."""
    folder = files("app.resources") / "agenda_templates"
    found: dict[str, tuple[str, ...]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            found[data["name"]] = tuple(data["items"])
    return found


def list_templates(session_factory: SessionFactory) -> list[AgendaTemplateRow]:
    """The shipped agendas, replaced by the manager's edits of the same name, then theirs."""
    shipped = shipped_templates()
    with session_factory() as session:
        own = {row.name: tuple(_lines(row.items))
               for row in session.scalars(select(AgendaTemplate))}
    rows = [AgendaTemplateRow(name, own.pop(name, items), True)
            for name, items in shipped.items()]
    rows += [AgendaTemplateRow(name, items, False) for name, items in sorted(own.items())]
    return rows


def save_template(session_factory: SessionFactory, name: str, items: list[str]) -> None:
    name = " ".join(name.split())
    lines = [line.strip() for line in items if line.strip()]
    if not name:
        raise BadInputError("An agenda template needs a name.")
    if not lines:
        raise BadInputError("An agenda template needs at least one item (one per line).")
    with session_factory.begin() as session:
        row = session.scalar(select(AgendaTemplate).where(AgendaTemplate.name == name))
        if row is None:
            session.add(AgendaTemplate(name=name, items="\n".join(lines)))
        else:
            row.items = "\n".join(lines)
            row.updated_at = utc_now()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _template_items(session: Session, name: str | None) -> list[str]:
    if not name:
        return []
    row = session.scalar(select(AgendaTemplate).where(AgendaTemplate.name == name))
    if row is not None:
        return _lines(row.items)
    items = shipped_templates().get(name)
    if items is None:
        raise NotFoundError(f"No agenda template called '{name}'.")
    return list(items)


# ---------------------------------------------------------------------- cadence


def next_after(day: date, cadence: str) -> date:
    return day + timedelta(days=CADENCE_DAYS.get(cadence, 14))


def set_cadence(session_factory: SessionFactory, agent_id: int, cadence: str,
                next_date: date | None) -> None:
    if cadence not in CADENCES:
        raise BadInputError(f"Unknown cadence '{cadence}'; use weekly, biweekly or monthly.")
    with session_factory.begin() as session:
        _set_cadence(session, agent_id, cadence, next_date)


def _set_cadence(session: Session, agent_id: int, cadence: str, next_date: date | None) -> None:
    schedule = session.get(OneOnOneSchedule, agent_id)
    if schedule is None:
        session.add(OneOnOneSchedule(agent_id=agent_id, cadence=cadence, next_date=next_date))
    else:
        schedule.cadence = cadence
        schedule.next_date = next_date


# ---------------------------------------------------------------------- meetings


@dataclass(frozen=True)
class AmendmentRow:
    field: str
    original_text: str
    new_text: str
    amended_at: datetime
    amended_by: str


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    agent_id: int
    agent_name: str
    meeting_date: date
    template: str | None
    agenda: tuple[str, ...]
    status: str
    shared_notes: str
    private_notes: str
    mood: int | None
    held_at: datetime | None
    notes_saved_at: datetime | None
    talking_points: tuple[TalkingPointRow, ...]
    action_items: tuple[ActionItemRow, ...]
    amendments: tuple[AmendmentRow, ...]

    @property
    def read_only(self) -> bool:
        return self.status != "planned"


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    meeting_date: date
    status: str
    template: str | None
    mood: int | None
    points: int
    amended: bool


def _require_agent(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    return agent


def _require_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"One-on-one #{meeting_id} no longer exists; refresh the page.")
    return meeting


def start_meeting(session_factory: SessionFactory, agent_id: int, meeting_date: date,
                  template: str | None) -> int:
    """Open a planned one-on-one from an agenda template; the agent's open planned
    meeting is returned instead when there is one (points carry into one place only)."""
    with session_factory.begin() as session:
        return start_meeting_in(session, agent_id, meeting_date, template)


def start_meeting_in(session: Session, agent_id: int, meeting_date: date,
                     template: str | None) -> int:
    _require_agent(session, agent_id)
    existing = session.scalar(select(Meeting.id).where(
        Meeting.agent_id == agent_id, Meeting.status == "planned"))
    if existing is not None:
        return existing
    meeting = Meeting(agent_id=agent_id, meeting_date=meeting_date, template=template,
                      agenda="\n".join(_template_items(session, template)))
    session.add(meeting)
    session.flush()
    return meeting.id


def planned_meeting_id(session: Session, agent_id: int) -> int | None:
    return session.scalar(select(Meeting.id).where(
        Meeting.agent_id == agent_id, Meeting.status == "planned"))


def get_meeting(session_factory: SessionFactory, meeting_id: int) -> MeetingDetail:
    with session_factory() as session:
        return meeting_detail(session, meeting_id)


def meeting_detail(session: Session, meeting_id: int) -> MeetingDetail:
    meeting = _require_meeting(session, meeting_id)
    agent = _require_agent(session, meeting.agent_id)
    if meeting.status == "planned":
        points = open_points(session, meeting.agent_id, meeting.id)
    else:
        points = held_points(session, meeting.id)
    amendments = session.scalars(select(MeetingAmendment)
                                 .where(MeetingAmendment.meeting_id == meeting.id)
                                 .order_by(MeetingAmendment.amended_at,
                                           MeetingAmendment.id)).all()
    return MeetingDetail(
        meeting.id, agent.id, agent.full_name, meeting.meeting_date, meeting.template,
        tuple(_lines(meeting.agenda)), meeting.status, meeting.shared_notes,
        meeting.private_notes, meeting.mood, meeting.held_at, meeting.notes_saved_at,
        tuple(points), tuple(items_for_meeting(session, meeting)),
        tuple(AmendmentRow(a.field, a.original_text, a.new_text, a.amended_at, a.amended_by)
              for a in amendments))


def list_meetings(session_factory: SessionFactory, agent_id: int) -> list[MeetingSummary]:
    """The agent's one-on-ones, newest first."""
    with session_factory() as session:
        meetings = session.scalars(select(Meeting).where(Meeting.agent_id == agent_id)
                                   .order_by(Meeting.meeting_date.desc(),
                                             Meeting.id.desc())).all()
        point_counts = dict(session.execute(
            select(MeetingPoint.meeting_id, func.count()).join(Meeting)
            .where(Meeting.agent_id == agent_id).group_by(MeetingPoint.meeting_id)).all())
        amended = set(session.scalars(
            select(MeetingAmendment.meeting_id).join(Meeting)
            .where(Meeting.agent_id == agent_id)))
        return [MeetingSummary(m.id, m.meeting_date, m.status, m.template, m.mood,
                               point_counts.get(m.id, 0), m.id in amended)
                for m in meetings]


def mood_trend(session_factory: SessionFactory, agent_id: int, limit: int = 12
               ) -> list[tuple[date, int]]:
    """The last moods recorded in held meetings, oldest first (for the small trend)."""
    with session_factory() as session:
        rows = session.execute(
            select(Meeting.meeting_date, Meeting.mood)
            .where(Meeting.agent_id == agent_id, Meeting.status == "held",
                   Meeting.mood.is_not(None))
            .order_by(Meeting.meeting_date.desc()).limit(limit)).all()
    return [(day, mood) for day, mood in reversed(rows)]


def save_notes(session_factory: SessionFactory, meeting_id: int, *,
               shared_notes: str | None = None, private_notes: str | None = None,
               mood: int | None | str = "unchanged") -> datetime:
    """Save what was typed into a planned meeting (the autosave); returns the save time.

    A held meeting refuses: it changes only through ``amend_meeting``.
    """
    if mood not in ("unchanged", None) and not (isinstance(mood, int) and 1 <= mood <= 10):
        raise BadInputError("Mood is a whole number from 1 to 10, or empty.")
    with session_factory.begin() as session:
        meeting = _require_meeting(session, meeting_id)
        if meeting.status != "planned":
            raise UserError("This one-on-one was marked held and is read-only; use Amend to "
                            "change its notes (the original text is kept).")
        if shared_notes is not None:
            meeting.shared_notes = shared_notes
        if private_notes is not None:
            meeting.private_notes = private_notes
        if mood != "unchanged":
            meeting.mood = mood  # type: ignore[assignment]
        meeting.notes_saved_at = utc_now()
        return meeting.notes_saved_at


def set_agenda(session_factory: SessionFactory, meeting_id: int, items: list[str]) -> None:
    with session_factory.begin() as session:
        meeting = _require_meeting(session, meeting_id)
        if meeting.status != "planned":
            raise UserError("This one-on-one is held; its agenda can no longer change.")
        meeting.agenda = "\n".join(line.strip() for line in items if line.strip())


def set_point_discussed(session_factory: SessionFactory, meeting_id: int, point_id: int,
                        discussed: bool) -> None:
    with session_factory.begin() as session:
        meeting = _require_meeting(session, meeting_id)
        if meeting.status != "planned":
            raise UserError("This one-on-one is held; its talking points can no longer change.")
        point = session.get(TalkingPoint, point_id)
        if point is None or point.agent_id != meeting.agent_id:
            raise NotFoundError("That talking point no longer exists; refresh the page.")
        if discussed:
            point.discussed_meeting_id, point.discussed_at = meeting.id, utc_now()
        elif point.discussed_meeting_id == meeting.id:
            point.discussed_meeting_id, point.discussed_at = None, None


def hold_meeting(session_factory: SessionFactory, meeting_id: int) -> None:
    """Mark the meeting held: it becomes read-only, its talking points are recorded as
    they stand, undiscussed ones carry over, and the next date moves on by the cadence."""
    with session_factory.begin() as session:
        hold_meeting_in(session, meeting_id)


def hold_meeting_in(session: Session, meeting_id: int, *, held_at: datetime | None = None
                    ) -> None:
    meeting = _require_meeting(session, meeting_id)
    if meeting.status != "planned":
        raise UserError("This one-on-one is already marked held.")
    for point in session.scalars(select(TalkingPoint).where(
            TalkingPoint.agent_id == meeting.agent_id,
            (TalkingPoint.discussed_meeting_id.is_(None))
            | (TalkingPoint.discussed_meeting_id == meeting.id))):
        discussed = point.discussed_meeting_id == meeting.id
        session.add(MeetingPoint(meeting_id=meeting.id, talking_point_id=point.id,
                                 discussed=discussed, carried=point.times_carried > 0))
        if not discussed:
            point.times_carried += 1
    meeting.status = "held"
    meeting.held_at = held_at or utc_now()
    schedule = session.get(OneOnOneSchedule, meeting.agent_id)
    cadence = schedule.cadence if schedule else DEFAULT_CADENCE
    _set_cadence(session, meeting.agent_id, cadence, next_after(meeting.meeting_date, cadence))


def cancel_meeting(session_factory: SessionFactory, meeting_id: int) -> None:
    """Drop a planned meeting that did not happen; its points and items stay open."""
    with session_factory.begin() as session:
        meeting = _require_meeting(session, meeting_id)
        if meeting.status != "planned":
            raise UserError("Only a planned one-on-one can be cancelled.")
        for point in session.scalars(select(TalkingPoint).where(
                TalkingPoint.discussed_meeting_id == meeting.id)):
            point.discussed_meeting_id, point.discussed_at = None, None
        meeting.status = "cancelled"


def amend_meeting(session_factory: SessionFactory, meeting_id: int, field: str,
                  new_text: str, *, actor: str) -> None:
    """Change a held meeting's notes, keeping the original text and the time of change."""
    if field not in NOTE_FIELDS:
        raise BadInputError(f"Only {', '.join(NOTE_FIELDS)} can be amended.")
    with session_factory.begin() as session:
        meeting = _require_meeting(session, meeting_id)
        if meeting.status != "held":
            raise UserError("Only a held one-on-one is amended; a planned one is edited "
                            "directly.")
        original = getattr(meeting, field)
        if original == new_text:
            return
        session.add(MeetingAmendment(meeting_id=meeting.id, field=field,
                                     original_text=original, new_text=new_text,
                                     amended_by=actor))
        setattr(meeting, field, new_text)


# ---------------------------------------------------------------------- export


def meeting_markdown(detail: MeetingDetail, *, include_private: bool = False) -> str:
    """The meeting as Markdown to paste elsewhere. Private notes appear only when the
    caller passes ``include_private=True`` (the manager's explicit choice, every time)."""
    lines = [f"# One-on-one: {detail.agent_name}, {detail.meeting_date.isoformat()}", ""]
    if detail.agenda:
        lines += ["## Agenda", *[f"- {item}" for item in detail.agenda], ""]
    if detail.talking_points:
        lines.append("## Talking points")
        for point in detail.talking_points:
            mark = "x" if point.discussed else " "
            carried = " (carried)" if point.carried else ""
            lines.append(f"- [{mark}] {point.text}{carried}")
        lines.append("")
    if detail.action_items:
        lines.append("## Action items")
        for item in detail.action_items:
            lines.append(f"- {item.describe()}")
        lines.append("")
    lines += ["## Notes", detail.shared_notes or "(none)", ""]
    if include_private:
        lines += ["## Private notes (manager only)", detail.private_notes or "(none)", ""]
    return "\n".join(lines).rstrip() + "\n"
