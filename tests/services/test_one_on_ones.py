"""One-on-ones: carry-over across meetings, read-only after held, amendments, private notes."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import UserError
from app.services import action_items, agenda, one_on_ones as oo
from app.services.talking_points import add_talking_point, queue_talking_point

D1, D2, D3 = date(2026, 10, 5), date(2026, 10, 19), date(2026, 11, 2)


def _point(session_factory, agent_id, text, origin="manager"):
    with session_factory.begin() as session:
        return add_talking_point(session, agent_id, text, origin=origin)


def test_points_and_items_carry_over_across_several_meetings(session_factory, make_agent):
    agent = make_agent("Hana Sato")
    first = _point(session_factory, agent.id, "Weekend rota")
    _point(session_factory, agent.id, "Macro for refunds", origin="agent")
    m1 = oo.start_meeting(session_factory, agent.id, D1, "Weekly check-in")
    item = action_items.add_action_item(session_factory, agent.id, "Read the refund policy",
                                        owner="agent", due=date(2026, 10, 12), created_on=D1,
                                        meeting_id=m1)
    oo.set_point_discussed(session_factory, m1, first, True)
    oo.hold_meeting(session_factory, m1)

    held = oo.get_meeting(session_factory, m1)
    assert [(p.text, p.discussed, p.carried) for p in held.talking_points] == [
        ("Weekend rota", True, False), ("Macro for refunds", False, False)]

    with session_factory.begin() as session:  # a QA point arrives between meetings
        queue_talking_point(session, agent.id, "Review 7: tone", origin="qa",
                            source_key="qa-review:7")
    m2 = oo.start_meeting(session_factory, agent.id, D2, "Weekly check-in")
    detail = oo.get_meeting(session_factory, m2)
    assert [(p.text, p.carried, p.origin) for p in detail.talking_points] == [
        ("Macro for refunds", True, "agent"), ("Review 7: tone", False, "qa")]
    assert [(i.text, i.age_days, i.from_earlier, i.overdue)
            for i in detail.action_items] == [("Read the refund policy", 14, True, True)]
    oo.hold_meeting(session_factory, m2)  # nothing discussed: both carry again

    m3 = oo.start_meeting(session_factory, agent.id, D3, None)
    detail = oo.get_meeting(session_factory, m3)
    assert [(p.text, p.times_carried) for p in detail.talking_points] == [
        ("Macro for refunds", 2), ("Review 7: tone", 1)]
    assert [i.age_days for i in detail.action_items] == [28]
    action_items.set_done(session_factory, item, D3)
    oo.hold_meeting(session_factory, m3)
    # done in the third meeting: it shows there, and in no later one
    assert [i.done_on for i in oo.get_meeting(session_factory, m3).action_items] == [D3]
    m4 = oo.start_meeting(session_factory, agent.id, date(2026, 11, 16), None)
    assert oo.get_meeting(session_factory, m4).action_items == ()
    # the second meeting's record still shows what it had
    assert [p.carried for p in oo.get_meeting(session_factory, m2).talking_points] == [
        True, False]
    # holding moved the next date on by the cadence (biweekly by default)
    next_items = agenda.this_week(session_factory, date(2026, 11, 16))
    assert any(i.agent_id == agent.id and i.state == "due" for i in next_items)


def test_held_meeting_is_read_only_except_amend(session_factory, make_agent):
    agent = make_agent()
    meeting = oo.start_meeting(session_factory, agent.id, D1, "Monthly development")
    oo.save_notes(session_factory, meeting, shared_notes="Agreed on training",
                  private_notes="Seems tired", mood=6)
    oo.hold_meeting(session_factory, meeting)
    with pytest.raises(UserError, match="read-only"):
        oo.save_notes(session_factory, meeting, shared_notes="changed")
    with pytest.raises(UserError):
        oo.hold_meeting(session_factory, meeting)
    point = _point(session_factory, agent.id, "later")
    with pytest.raises(UserError):
        oo.set_point_discussed(session_factory, meeting, point, True)
    oo.amend_meeting(session_factory, meeting, "shared_notes", "Agreed on training in Dec",
                     actor="lee")
    detail = oo.get_meeting(session_factory, meeting)
    assert detail.read_only and detail.shared_notes == "Agreed on training in Dec"
    (amendment,) = detail.amendments
    assert (amendment.original_text, amendment.amended_by) == ("Agreed on training", "lee")
    assert amendment.amended_at is not None
    assert detail.agenda[0].startswith("Month in review")
    assert oo.mood_trend(session_factory, agent.id) == [(D1, 6)]


def test_private_notes_only_with_the_explicit_choice(session_factory, make_agent):
    agent = make_agent()
    meeting = oo.start_meeting(session_factory, agent.id, D1, "Weekly check-in")
    oo.save_notes(session_factory, meeting, shared_notes="Shared line",
                  private_notes="PRIVATE-SECRET")
    detail = oo.get_meeting(session_factory, meeting)
    assert "PRIVATE-SECRET" not in oo.meeting_markdown(detail)
    assert "Shared line" in oo.meeting_markdown(detail)
    assert "PRIVATE-SECRET" in oo.meeting_markdown(detail, include_private=True)
    upcoming = agenda.next_agenda(session_factory, agent.id, D1)
    assert "PRIVATE-SECRET" not in agenda.agenda_markdown(upcoming)
    assert "PRIVATE-SECRET" not in str(agenda.agenda_json(upcoming))


def test_autosave_survives_a_crash(db_path, make_agent, session_factory):
    """Each save is committed on its own: a new process reads it back."""
    from app.application import open_database

    agent = make_agent()
    meeting = oo.start_meeting(session_factory, agent.id, D1, None)
    oo.save_notes(session_factory, meeting, shared_notes="typed before the crash")
    other = open_database(str(db_path))  # as if the program started again
    try:
        assert oo.get_meeting(other.session_factory, meeting).shared_notes == \
            "typed before the crash"
    finally:
        other.close()


def test_templates_shipped_and_edited(session_factory):
    names = [t.name for t in oo.list_templates(session_factory)]
    assert names == ["Monthly development", "Probation review", "Weekly check-in"]
    oo.save_template(session_factory, "Weekly check-in", ["Just one thing"])
    oo.save_template(session_factory, "Quarterly", ["Career", "Goals"])
    rows = {t.name: t for t in oo.list_templates(session_factory)}
    assert rows["Weekly check-in"].items == ("Just one thing",)
    assert rows["Quarterly"].items == ("Career", "Goals") and not rows["Quarterly"].shipped
