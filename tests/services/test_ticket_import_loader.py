"""The keyed loader on hand-made records: insert, update, unchanged, newer wins, repeats
in one file, re-import, aggregates, and agent matching through aliases."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.models import AgentAlias, Ticket, TicketAggregate
from app.services import roster
from app.services.agent_matching import (
    CREATE,
    AgentDecision,
    apply_decisions,
    load_directory,
    unmatched_names,
)
from app.services.ticket_loader import AggregateLoader, TicketLoader, _KeyFilter

T0 = datetime(2026, 10, 1, 9, 0)


def ticket(external_id: str, row: int = 2, **fields) -> dict:
    record = {"platform": "zendesk", "external_id": external_id, "assignee": "Ana Lima",
              "status": "Solved", "created_at": T0, "updated_at": T0, "csat": None,
              "tags": "billing\nvip", "_row": row}
    record.update(fields)
    return record


def load(session_factory, batches, platform="zendesk"):
    with session_factory.begin() as session:
        with TicketLoader(session, platform, None, load_directory(session)) as loader:
            for batch in batches:
                loader.load(batch)
        return loader.counts


def stored(session_factory, external_id, platform="zendesk"):
    with session_factory() as session:
        return session.scalar(select(Ticket).where(Ticket.platform == platform,
                                                   Ticket.external_id == external_id))


def count(session_factory, model=Ticket) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_insert_then_same_rows_are_unchanged(session_factory):
    first = load(session_factory, [[ticket("1"), ticket("2", status="Open")], [ticket("3")]])
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    again = load(session_factory, [[ticket("1"), ticket("2", status="Open"), ticket("3")]])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert count(session_factory) == 3
    row = stored(session_factory, "2")
    assert row.status == "Open" and row.tags == "billing\nvip" and row.created_at == T0


def test_changed_row_updates_in_place(session_factory):
    load(session_factory, [[ticket("1", status="Open")]])
    before = stored(session_factory, "1").id
    counts = load(session_factory, [[ticket("1", status="Solved",
                                            updated_at=datetime(2026, 10, 2))]])
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 0)
    row = stored(session_factory, "1")
    assert row.id == before and row.status == "Solved"


def test_older_row_does_not_replace_newer(session_factory):
    load(session_factory, [[ticket("1", status="Closed", updated_at=datetime(2026, 10, 5))]])
    counts = load(session_factory, [[ticket("1", status="Open",
                                            updated_at=datetime(2026, 10, 1))]])
    assert (counts.updated, counts.unchanged) == (0, 1)
    assert stored(session_factory, "1").status == "Closed"


def test_revision_beats_update_time(session_factory):
    load(session_factory, [[ticket("1", status="New", _revision=7,
                                   updated_at=datetime(2026, 10, 9))]])
    counts = load(session_factory, [[ticket("1", status="Resolved", _revision=3,
                                            updated_at=datetime(2026, 10, 10))]])
    assert counts.unchanged == 1
    row = stored(session_factory, "1")
    assert row.status == "New" and row.source_revision == 7


def test_same_ticket_twice_in_one_file_newer_wins_in_either_order(session_factory):
    newer = ticket("9", row=3, status="Solved", updated_at=datetime(2026, 10, 3))
    older = ticket("9", row=2, status="Open", updated_at=datetime(2026, 10, 2))
    counts = load(session_factory, [[newer, older]])
    assert (counts.inserted, counts.updated, counts.unchanged) == (1, 0, 1)
    assert stored(session_factory, "9").status == "Solved"
    counts = load(session_factory, [[ticket("8", status="Open", updated_at=None)],
                                    [ticket("8", status="Pending", updated_at=None)]])
    assert (counts.inserted, counts.updated) == (1, 1)  # no times: the later row wins
    assert stored(session_factory, "8").status == "Pending"
    assert count(session_factory) == 2


def test_same_external_id_on_two_platforms_is_two_tickets(session_factory):
    load(session_factory, [[ticket("1")]])
    counts = load(session_factory, [[ticket("1", platform="freshdesk")]], platform="freshdesk")
    assert counts.inserted == 1 and count(session_factory) == 2


def test_key_filter_never_forgets_a_key():
    keys = _KeyFilter()
    assert keys.candidates(["INC0000001"]) == []
    keys.add_all(f"INC{number:07d}" for number in range(5000))
    batch = [f"INC{number:07d}" for number in range(4990, 5010)]
    found = keys.candidates(batch)
    assert [key for key in found if key in batch[:10]] == batch[:10]  # never a miss
    assert len(found) <= 11  # a key sharing a bit is possible, two are (almost) not


def test_key_filter_rarely_raises_a_false_alarm_at_a_million_keys():
    """A batch with a candidate waits for the writer and queries the database: at a
    million keys seen, a batch of 5,000 new keys must almost never have one (one probe
    per key gave about 40 per batch)."""
    keys = _KeyFilter()
    keys.add_all(str(number) for number in range(1_000_000))
    fresh = [str(number) for number in range(1_000_000, 1_020_000)]
    false_alarms = sum(len(keys.candidates(fresh[start:start + 5000]))
                       for start in range(0, len(fresh), 5000))
    assert false_alarms <= 3  # expected about 0.2 over these 20,000 keys
    assert "999999" in keys.candidates(["999999", "1000000"])  # never a miss


def test_agents_matched_through_aliases_exact_then_folded(session_factory, make_agent):
    ana = make_agent("Ana Lima", aliases=[roster.AliasInfo("zendesk", "ana.l")])
    jose = make_agent("José Álvarez", aliases=[roster.AliasInfo("any", "Pepe")])
    load(session_factory, [[ticket("1", assignee="ana.l"), ticket("2", assignee="ANA.L"),
                            ticket("3", assignee="pepe"), ticket("4", assignee="jose alvarez"),
                            ticket("5", assignee="Somebody Else")]])
    got = {n: stored(session_factory, n).agent_id for n in "12345"}
    assert got == {"1": ana.id, "2": ana.id, "3": jose.id, "4": jose.id, "5": None}
    assert stored(session_factory, "5").assignee == "Somebody Else"


def test_platform_alias_is_not_used_for_another_platform(session_factory, make_agent):
    make_agent("Ana Lima", aliases=[roster.AliasInfo("freshdesk", "agent7")])
    counts = load(session_factory, [[ticket("1", assignee="agent7")]])
    assert counts.unmatched == {"agent7": 1}
    assert stored(session_factory, "1").agent_id is None


def test_unmatched_names_come_with_suggestions(session_factory, make_agent):
    ana = make_agent("Ana Lima")
    make_agent("Bruno Costa")
    with session_factory() as session:
        directory = load_directory(session)
    found = unmatched_names(directory, "zendesk", {"Ana Lma": 4, "Lima, Ana": 2, "Ana Lima": 9,
                                                   "Zed": 1})
    assert [u.name for u in found] == ["Ana Lma", "Lima, Ana", "Zed"]
    assert found[0].suggestions[0] == (ana.id, "Ana Lima")
    assert found[1].suggestions[0] == (ana.id, "Ana Lima")
    assert found[2].suggestions == []


def test_decisions_are_saved_as_aliases(session_factory, make_agent):
    ana = make_agent("Ana Lima")
    with session_factory.begin() as session:
        directory = load_directory(session)
        added = apply_decisions(session, directory, "zendesk",
                                {"A. Lima": AgentDecision.map_to(ana.id),
                                 "Nova Pessoa": AgentDecision(CREATE),
                                 "System": AgentDecision("ignore")}, date(2026, 11, 2))
    assert added == (1, 1)
    with session_factory() as session:
        aliases = {(a.platform, a.alias): a.agent_id for a in session.scalars(
            select(AgentAlias))}
    new = roster.find_agent(session_factory, "Nova Pessoa")
    assert aliases == {("zendesk", "A. Lima"): ana.id, ("zendesk", "Nova Pessoa"): new.id}
    load(session_factory, [[ticket("1", assignee="a. lima"), ticket("2", assignee="System")]])
    assert stored(session_factory, "1").agent_id == ana.id
    assert stored(session_factory, "2").agent_id is None


def aggregate(assignee: str, metric: str, value: float, **fields) -> dict:
    record = {"platform": "zendesk", "assignee": assignee, "assignee_key": assignee.lower(),
              "period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31),
              "metric": metric, "value": value, "count": 10, "_row": 2}
    record.update(fields)
    return record


def load_aggregates(session_factory, records):
    with session_factory.begin() as session:
        loader = AggregateLoader(session, "zendesk", None, load_directory(session))
        loader.load(records)
        loader.finish()
        return loader.counts


def test_aggregates_count_like_tickets(session_factory, make_agent):
    ana = make_agent("Ana Lima")
    rows = [aggregate("Ana Lima", "first_reply_minutes", 12.5),
            aggregate("Ana Lima", "csat", 0.9), aggregate("", "csat", 0.8)]
    counts = load_aggregates(session_factory, rows)
    assert (counts.inserted, counts.updated, counts.unchanged) == (3, 0, 0)
    rows = [aggregate("Ana Lima", "first_reply_minutes", 12.5),
            aggregate("Ana Lima", "csat", 0.95), aggregate("", "csat", 0.8)]
    counts = load_aggregates(session_factory, rows)
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 2)
    with session_factory() as session:
        values = {(a.assignee, a.metric): (a.value, a.agent_id) for a in session.scalars(
            select(TicketAggregate))}
    assert values == {("Ana Lima", "first_reply_minutes"): (12.5, ana.id),
                      ("Ana Lima", "csat"): (0.95, ana.id), ("", "csat"): (0.8, None)}


@pytest.mark.parametrize("size", [1, 12_000])
def test_batches_of_any_size_give_the_same_counts(session_factory, size):
    records = [ticket(str(n % 7000), row=n + 2, updated_at=datetime(2026, 10, 1, 0, 0, n % 60))
               for n in range(size)]
    counts = load(session_factory, [records[i:i + 5000] for i in range(0, size, 5000)])
    assert counts.inserted + counts.updated + counts.unchanged == size
    assert counts.inserted == min(size, 7000)
    assert count(session_factory) == min(size, 7000)


def test_a_large_load_sets_the_indexes_aside_and_builds_them_again(session_factory):
    from sqlalchemy import inspect

    from app.services import ticket_loader

    def indexes(session) -> set[str]:
        return {i["name"] for i in inspect(session.connection()).get_indexes("tickets")}

    with session_factory() as session:
        before = indexes(session)
    assert "ix_tickets_agent_solved" in before
    with session_factory.begin() as session:
        loader = TicketLoader(session, "zendesk", None, load_directory(session))
        loader.defer_indexes(expected_rows=ticket_loader.DEFER_INDEXES_ROWS)
        assert "ix_tickets_agent_solved" not in indexes(session)
        with loader:
            loader.load([ticket(str(n)) for n in range(50)])
        assert indexes(session) == before
    assert count(session_factory) == 50
    with pytest.raises(RuntimeError), session_factory.begin() as session:  # rolled back
        loader = TicketLoader(session, "zendesk", None, load_directory(session))
        loader.defer_indexes(expected_rows=10**9)
        raise RuntimeError("stop")
    with session_factory() as session:
        assert indexes(session) == before


def test_a_small_load_or_a_full_table_keeps_the_indexes(session_factory):
    from app.services import ticket_loader

    with session_factory.begin() as session:
        loader = TicketLoader(session, "zendesk", None, load_directory(session))
        loader.defer_indexes(expected_rows=ticket_loader.DEFER_INDEXES_ROWS - 1)
        assert loader._set_aside == []
