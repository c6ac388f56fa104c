"""The roster service: validation, aliases, archive and delete."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import NotFoundError, UserError
from app.services import roster
from app.services.roster import AgentInput, AliasInfo, RosterValidationError
from tests.conftest import TODAY


def errors_of(session_factory, data: AgentInput, agent_id=None) -> dict[str, str]:
    with pytest.raises(RosterValidationError) as caught:
        if agent_id is None:
            roster.create_agent(session_factory, data, today=TODAY)
        else:
            roster.update_agent(session_factory, agent_id, data, today=TODAY)
    return caught.value.errors


def test_create_cleans_and_lists(session_factory):
    row = roster.create_agent(session_factory, AgentInput(
        "  Ana   Núñez ", email=" Ana.Nunez@Example.COM ", team="Tier 1",
        aliases=[AliasInfo("Zendesk", "Ana N"), AliasInfo("zendesk", "ana n")]), today=TODAY)
    assert row.full_name == "Ana Núñez"
    assert row.email == "ana.nunez@example.com"
    assert row.team == "Tier 1"
    assert row.aliases == (AliasInfo("zendesk", "Ana N"),)  # duplicates folded
    assert [a.full_name for a in roster.list_agents(session_factory)] == ["Ana Núñez"]


def test_name_required(session_factory):
    assert "full_name" in errors_of(session_factory, AgentInput("   "))


@pytest.mark.parametrize("email", ["no-at-sign", "a@b", "two@@x.com", "sp ace@x.com"])
def test_email_must_be_well_formed(session_factory, email):
    assert "email" in errors_of(session_factory, AgentInput("X", email=email))


def test_email_unique_case_insensitive(session_factory, make_agent):
    make_agent("First", email="same@example.com")
    errors = errors_of(session_factory, AgentInput("Second", email="SAME@example.com"))
    assert "First" in errors["email"]


def test_dates_validated(session_factory):
    errors = errors_of(session_factory, AgentInput(
        "X", hire_date=date(2027, 1, 1), probation_end=date(2026, 12, 1)))
    assert "future" in errors["hire_date"]
    assert "after the hire date" in errors["probation_end"]
    errors = errors_of(session_factory, AgentInput(
        "X", hire_date=date(2025, 1, 1), status="departed"))
    assert "departure date" in errors["departure_date"]


def test_lead_cannot_be_self_or_make_a_cycle(session_factory, make_agent):
    boss = make_agent("Boss")
    middle = make_agent("Middle", lead_id=boss.id)
    worker = make_agent("Worker", lead_id=middle.id)
    errors = errors_of(session_factory, AgentInput("Boss", lead_id=boss.id), boss.id)
    assert "own lead" in errors["lead"]
    errors = errors_of(session_factory, AgentInput("Boss", lead_id=worker.id), boss.id)
    assert "reports to" in errors["lead"]
    # A valid change of lead is accepted.
    moved = roster.update_agent(session_factory, worker.id,
                                AgentInput("Worker", lead_id=boss.id), today=TODAY)
    assert moved.lead_name == "Boss"


def test_alias_unique_per_platform(session_factory, make_agent):
    make_agent("José", aliases=[AliasInfo("zendesk", "José Álvarez")])
    errors = errors_of(session_factory, AgentInput(
        "Other", aliases=[AliasInfo("zendesk", "jose alvarez")]))
    assert "José" in errors["aliases"]
    # The same alias on another platform belongs to whoever it is there.
    other = roster.create_agent(session_factory, AgentInput(
        "Other", aliases=[AliasInfo("freshdesk", "José Álvarez")]), today=TODAY)
    assert other.aliases[0].platform == "freshdesk"


def test_update_replaces_aliases(session_factory, make_agent):
    agent = make_agent("Ana", aliases=[AliasInfo("zendesk", "Ana N"), AliasInfo("any", "ana")])
    data = AgentInput.from_row(agent)
    data.aliases = [AliasInfo("zendesk", "ANA N"), AliasInfo("freshdesk", "Ana Nunez")]
    updated = roster.update_agent(session_factory, agent.id, data, today=TODAY)
    assert {(a.platform, a.alias) for a in updated.aliases} == {
        ("zendesk", "Ana N"), ("freshdesk", "Ana Nunez")}


def test_archive_keeps_the_agent(session_factory, make_agent):
    agent = make_agent("Leaving", hire_date=date(2024, 1, 1))
    archived = roster.archive_agent(session_factory, agent.id, date(2026, 10, 31))
    assert archived.status == "departed" and archived.departure_date == date(2026, 10, 31)
    assert roster.list_agents(session_factory, include_departed=False) == []
    assert roster.get_agent(session_factory, agent.id).status_label == "Departed"
    with pytest.raises(RosterValidationError):
        roster.archive_agent(session_factory, agent.id, date(2023, 1, 1))


def test_delete_only_without_records(session_factory, make_agent):
    lead = make_agent("Lead")
    make_agent("Report", lead_id=lead.id)
    assert roster.record_counts(session_factory, lead.id) == {"agents they lead": 1}
    with pytest.raises(UserError, match="archive"):
        roster.delete_agent(session_factory, lead.id)
    alone = make_agent("Alone", aliases=[AliasInfo("zendesk", "alone")])
    roster.delete_agent(session_factory, alone.id)
    with pytest.raises(NotFoundError):
        roster.get_agent(session_factory, alone.id)
    assert len(roster.list_agents(session_factory)) == 2


def test_find_agent_by_email_name_or_alias(session_factory, make_agent):
    make_agent("Chloé Costa", email="chloe@example.com", aliases=[AliasInfo("zendesk", "CC")])
    for query in ("chloe@example.com", "chloe costa", "cc"):
        assert roster.find_agent(session_factory, query).full_name == "Chloé Costa"
    with pytest.raises(NotFoundError):
        roster.find_agent(session_factory, "nobody")


def test_tenure():
    row = roster.AgentRow(1, "A", None, None, None, None, None, date(2024, 3, 15), None,
                          "active", None)
    assert row.tenure_months(date(2026, 3, 14)) == 23
    assert row.tenure_months(date(2026, 3, 15)) == 24
    assert roster.tenure_text(24) == "2 y"
    assert roster.tenure_text(27) == "2 y 3 mo"
    assert roster.tenure_text(0) == "< 1 mo"
    assert roster.tenure_text(None) == ""


def test_teams_match_whatever_their_letters(session_factory, make_agent):
    """SQLite's lower() folds ASCII only; a second agent in "ÉQUIPE été" joins the team."""
    make_agent("Ana", team="Équipe Été")
    second = make_agent("Ben", team="ÉQUIPE été")
    third = make_agent("Вера", team="Поддержка")
    fourth = make_agent("Глеб", team="поддержка")
    assert second.team == "Équipe Été" and fourth.team == third.team == "Поддержка"
    assert roster.list_teams(session_factory) == ["Équipe Été", "Поддержка"]
