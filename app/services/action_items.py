"""Action items: promises made in a one-on-one, by the agent or the manager.

An open item belongs to every later meeting until it is done, shown with its age, so
nothing promised quietly disappears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import SessionFactory
from app.errors import BadInputError, NotFoundError
from app.ingest.normalize import clean_text
from app.models import Agent
from app.models.coaching import ACTION_OWNERS, ActionItem, Meeting


@dataclass(frozen=True)
class ActionItemRow:
    id: int
    text: str
    owner: str
    created_on: date
    due: date | None
    done_on: date | None
    age_days: int  # days open on the day shown (the meeting's date or today)
    from_earlier: bool  # made in an earlier meeting (it is carried)
    as_of: date

    @property
    def overdue(self) -> bool:
        return self.done_on is None and self.due is not None and self.as_of > self.due

    def describe(self) -> str:
        owner = "Agent" if self.owner == "agent" else "Manager"
        parts = [f"{self.text} ({owner}"]
        if self.due:
            parts.append(f", due {self.due.isoformat()}")
        parts.append(f", open {self.age_days} d)" if self.done_on is None
                     else f", done {self.done_on.isoformat()})")
        return "".join(parts)


def _row(item: ActionItem, as_of: date, meeting_id: int | None) -> ActionItemRow:
    end = item.done_on if item.done_on and item.done_on < as_of else as_of
    return ActionItemRow(item.id, item.text, item.owner, item.created_on, item.due,
                         item.done_on, max((end - item.created_on).days, 0),
                         item.meeting_id != meeting_id and item.created_on <= as_of, as_of)


def items_for_meeting(session: Session, meeting: Meeting) -> list[ActionItemRow]:
    """Items made in this meeting, and every earlier item still open on its date (or done
    in it), oldest first."""
    day = meeting.meeting_date
    items = session.scalars(
        select(ActionItem).where(
            ActionItem.agent_id == meeting.agent_id,
            (ActionItem.meeting_id == meeting.id)
            | ((ActionItem.created_on <= day)
               & ((ActionItem.done_on.is_(None)) | (ActionItem.done_on >= day))))
        .order_by(ActionItem.created_on, ActionItem.id)).all()
    return [_row(item, day, meeting.id) for item in items]


def open_items(session: Session, agent_id: int, as_of: date) -> list[ActionItemRow]:
    items = session.scalars(select(ActionItem).where(
        ActionItem.agent_id == agent_id, ActionItem.done_on.is_(None),
        ActionItem.created_on <= as_of).order_by(ActionItem.created_on, ActionItem.id)).all()
    return [_row(item, as_of, None) for item in items]


def add_action_item(session_factory: SessionFactory, agent_id: int, text: str, *,
                    owner: str, due: date | None, created_on: date,
                    meeting_id: int | None = None) -> int:
    with session_factory.begin() as session:
        return add_action_item_in(session, agent_id, text, owner=owner, due=due,
                                  created_on=created_on, meeting_id=meeting_id)


def add_action_item_in(session: Session, agent_id: int, text: str, *, owner: str,
                       due: date | None, created_on: date, meeting_id: int | None = None
                       ) -> int:
    text = clean_text(text) or ""
    if not text:
        raise BadInputError("An action item needs some text: what will be done?")
    if owner not in ACTION_OWNERS:
        raise BadInputError("An action item's owner is the agent or the manager.")
    if due is not None and due < created_on:
        raise BadInputError(f"The due date {due.isoformat()} is before the item was made "
                            f"({created_on.isoformat()}); choose a later date.")
    if session.get(Agent, agent_id) is None:
        raise NotFoundError(f"Agent #{agent_id} no longer exists; refresh the roster.")
    item = ActionItem(agent_id=agent_id, text=text, owner=owner, due=due,
                      created_on=created_on, meeting_id=meeting_id)
    session.add(item)
    session.flush()
    return item.id


def set_done(session_factory: SessionFactory, item_id: int, done_on: date | None) -> None:
    """Mark the item done on a day, or open again (``None``)."""
    with session_factory.begin() as session:
        item = session.get(ActionItem, item_id)
        if item is None:
            raise NotFoundError("That action item no longer exists; refresh the page.")
        if done_on is not None and done_on < item.created_on:
            done_on = item.created_on
        item.done_on = done_on
