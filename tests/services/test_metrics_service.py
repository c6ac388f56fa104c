"""Metric reports from tickets and aggregate rows, against hand-computed cases."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert

from app.errors import BadInputError
from app.models import ImportRun, Ticket, TicketAggregate
from app.services.metric_settings import (
    EscalationSettings,
    load_escalation,
    save_escalation,
)
from app.services.metrics import Scope, agent_trends, build_report, dashboard, single_metric
from app.services.targets import delete_target, list_targets, save_target

_COUNTER = iter(range(1, 10**6))


def ticket(agent=None, *, created=None, solved=None, **fields) -> dict:
    """A ticket row with everything unknown unless given (NULL, never 0)."""
    row = {c.name: None for c in Ticket.__table__.columns if c.name != "id"}
    row.update(platform="zendesk", external_id=str(next(_COUNTER)), agent_id=agent,
               created_at=created, solved_at=solved)
    row.update(fields)
    return row


def add_tickets(session_factory, rows: list[dict]) -> None:
    with session_factory.begin() as session:
        session.execute(insert(Ticket.__table__), rows)


def report(session_factory, scope: Scope, **kwargs):
    with session_factory() as session:
        return build_report(session, scope, **kwargs)


OCT = Scope(date(2026, 10, 1), date(2026, 10, 31))


def test_csat_ignores_offered_and_blank(session_factory, make_agent):
    a = make_agent("Ana").id
    day = datetime(2026, 10, 5, 10)
    add_tickets(session_factory, [
        ticket(a, created=day, solved=day, csat="good", csat_raw="Good"),
        ticket(a, created=day, solved=day, csat="good", csat_raw="5"),
        ticket(a, created=day, solved=day, csat="bad", csat_raw="Bad"),
        ticket(a, created=day, solved=day, csat=None, csat_raw="Offered"),
        ticket(a, created=day, solved=day, csat=None, csat_raw="Unoffered"),
        ticket(a, created=day, solved=day, csat=None, csat_raw=None),
    ])
    stats = report(session_factory, OCT).totals
    assert stats["csat"].n == 3
    assert stats["csat"].value == pytest.approx(200 / 3)
    assert stats["tickets_solved"].count == 6


def test_no_data_is_none_never_zero(session_factory, make_agent):
    a = make_agent("Ana").id
    add_tickets(session_factory, [ticket(a, created=datetime(2026, 10, 5, 9))])
    stats = report(session_factory, OCT).totals
    for key in ("csat", "fcr", "sla", "reopen_rate", "escalation_rate", "nps"):
        assert stats[key].value is None and stats[key].n == 0, key
    assert stats["full_resolution_minutes"].median is None
    assert stats["aht_seconds"].mean is None
    assert stats["tickets_created"].count == 1 and stats["tickets_solved"].count == 0


def test_unsolved_tickets_count_as_created_not_as_outcomes(session_factory, make_agent):
    a = make_agent("Ana").id
    add_tickets(session_factory, [
        ticket(a, created=datetime(2026, 10, 2, 9), first_reply_minutes=30.0,
               agent_replies=3, reopens=0, sla="met"),  # open: no solve date
        ticket(a, created=datetime(2026, 10, 2, 9), solved=datetime(2026, 10, 3, 9),
               first_reply_minutes=10.0, agent_replies=1, reopens=1, sla="breached",
               full_resolution_minutes=1440.0),
    ])
    stats = report(session_factory, OCT).totals
    assert stats["tickets_created"].count == 2
    assert stats["tickets_solved"].count == 1
    assert (stats["fcr"].value, stats["fcr"].n) == (100.0, 1)
    assert (stats["reopen_rate"].value, stats["sla"].value) == (100.0, 0.0)
    # First reply counts by created date: the open ticket's reply counts too.
    assert (stats["first_reply_minutes"].median, stats["first_reply_minutes"].n) == (20.0, 2)
    assert stats["full_resolution_minutes"].median == 1440.0


def test_business_hours_times_are_kept_apart(session_factory, make_agent):
    a = make_agent("Ana").id
    day = datetime(2026, 10, 6, 9)
    add_tickets(session_factory, [
        ticket(a, created=day, solved=day, first_reply_minutes=600.0,
               first_reply_minutes_business=60.0, full_resolution_minutes=900.0),
        ticket(a, created=day, solved=day, first_reply_minutes=100.0,
               first_reply_minutes_business=None, full_resolution_minutes=100.0,
               full_resolution_minutes_business=50.0),
    ])
    stats = report(session_factory, OCT).totals
    assert stats["first_reply_minutes"].median == 350.0
    assert stats["first_reply_minutes"].n == 2
    assert (stats["first_reply_minutes_business"].median,
            stats["first_reply_minutes_business"].n) == (60.0, 1)
    assert stats["full_resolution_minutes_business"].median == 50.0


def test_period_edges_include_both_dates(session_factory, make_agent):
    a = make_agent("Ana").id
    add_tickets(session_factory, [
        ticket(a, created=datetime(2026, 9, 30, 23, 59), solved=datetime(2026, 10, 1, 0, 0)),
        ticket(a, created=datetime(2026, 10, 31, 23, 59),
               solved=datetime(2026, 10, 31, 23, 59, 59)),
        ticket(a, created=datetime(2026, 11, 1, 0, 0), solved=datetime(2026, 11, 1, 0, 0)),
    ])
    stats = report(session_factory, OCT).totals
    assert stats["tickets_solved"].count == 2
    assert stats["tickets_created"].count == 1


def test_weeks_start_on_monday(session_factory, make_agent):
    a = make_agent("Ana").id
    sunday, monday = datetime(2026, 11, 8, 22), datetime(2026, 11, 9, 1)
    add_tickets(session_factory, [
        ticket(a, created=sunday, solved=sunday, csat="good"),
        ticket(a, created=monday, solved=monday, csat="bad"),
        ticket(a, created=monday, solved=monday, csat="bad"),
    ])
    result = report(session_factory, Scope(date(2026, 11, 4), date(2026, 11, 15)), grain="week")
    assert [p.start for p in result.series] == [date(2026, 11, 4), date(2026, 11, 9)]
    assert [p.end for p in result.series] == [date(2026, 11, 8), date(2026, 11, 15)]
    assert [p.stats["csat"].n for p in result.series] == [1, 2]
    assert [p.stats["csat"].value for p in result.series] == [100.0, 0.0]


def test_months_and_an_empty_period(session_factory, make_agent):
    a = make_agent("Ana").id
    add_tickets(session_factory, [
        ticket(a, created=datetime(2026, 8, 31, 9), solved=datetime(2026, 8, 31, 9), sla="met"),
        ticket(a, created=datetime(2026, 10, 1, 9), solved=datetime(2026, 10, 1, 9),
               sla="breached"),
    ])
    result = report(session_factory, Scope(date(2026, 8, 1), date(2026, 10, 31)), grain="month")
    assert [p.stats["sla"].value for p in result.series] == [100.0, None, 0.0]


def test_escalation_from_flag_group_or_tag(session_factory, make_agent):
    a = make_agent("Ana").id
    day = datetime(2026, 10, 7, 9)
    add_tickets(session_factory, [
        ticket(a, created=day, solved=day, escalated=True),
        ticket(a, created=day, solved=day, group_name="Tier 2"),
        ticket(a, created=day, solved=day, tags="vip\nEscalated"),
        ticket(a, created=day, solved=day, tags="escalated_not"),
        ticket(a, created=day, solved=day, tags="billing"),
    ])
    stats = report(session_factory, OCT).totals
    # Without settings only the flagged ticket has an outcome.
    assert (stats["escalation_rate"].value, stats["escalation_rate"].n) == (100.0, 1)
    save_escalation(session_factory, EscalationSettings(groups=("tier 2",),
                                                        tags=("escalated",)))
    assert load_escalation(session_factory).tags == ("escalated",)
    stats = report(session_factory, OCT).totals
    assert (stats["escalation_rate"].value, stats["escalation_rate"].n) == (60.0, 5)


def test_filters_team_group_channel_agent(session_factory, make_agent):
    a = make_agent("Ana", team="Tier 1").id
    b = make_agent("Ben", team="Billing").id
    day = datetime(2026, 10, 7, 9)
    add_tickets(session_factory, [
        ticket(a, created=day, solved=day, group_name="General", channel="Chat", csat="good"),
        ticket(b, created=day, solved=day, group_name="Billing", channel="Mail", csat="bad"),
        ticket(None, created=day, solved=day, group_name="General", channel="Mail",
               csat="bad", assignee="Unknown Person"),
    ])
    base = OCT
    assert report(session_factory, base).totals["csat"].n == 3
    assert report(session_factory, Scope(base.start, base.end, team="Tier 1")
                  ).totals["csat"].value == 100.0
    assert report(session_factory, Scope(base.start, base.end, group="General")
                  ).totals["csat"].n == 2
    assert report(session_factory, Scope(base.start, base.end, channel="Mail")
                  ).totals["csat"].value == 0.0
    assert report(session_factory, Scope(base.start, base.end, agent_id=b)
                  ).totals["csat"].n == 1
    by_agent = report(session_factory, base, by_agent=True).agents
    assert {(x.name, x.stats["csat"].n) for x in by_agent} == {
        ("Ana", 1), ("Ben", 1), ("Not on the roster", 1)}


def _aggregate(session, agent_id, key, start, end, metric, value, count=None):
    session.add(TicketAggregate(platform="zendesk", agent_id=agent_id, assignee=key,
                                assignee_key=key, period_start=start, period_end=end,
                                metric=metric, value=value, count=count))


def test_aggregates_fill_in_where_tickets_are_absent_and_never_double_count(
        session_factory, make_agent):
    a = make_agent("Ana").id
    b = make_agent("Ben").id
    with session_factory.begin() as session:
        session.add(ImportRun(file_name="x.csv", file_sha256="0" * 64, profile="zendesk_explore",
                              platform="zendesk"))
        for agent_id, key in ((a, "ana"), (b, "ben")):
            _aggregate(session, agent_id, key, date(2026, 10, 5), date(2026, 10, 11),
                       "tickets_solved", 40, 40)
            _aggregate(session, agent_id, key, date(2026, 10, 5), date(2026, 10, 11),
                       "good_ratings", 9)
            _aggregate(session, agent_id, key, date(2026, 10, 5), date(2026, 10, 11),
                       "bad_ratings", 1)
            _aggregate(session, agent_id, key, date(2026, 10, 5), date(2026, 10, 11),
                       "sla_percent", 75.0, 40)
        # A team-level row for the same week: the per-agent rows already hold it.
        _aggregate(session, None, "", date(2026, 10, 5), date(2026, 10, 11),
                   "tickets_solved", 80, 80)
    # Ben's tickets for that week were imported too: his aggregate must not count again.
    day = datetime(2026, 10, 6, 9)
    add_tickets(session_factory, [ticket(b, created=day, solved=day, csat="bad", sla="met")])
    stats = report(session_factory, OCT).totals
    assert stats["tickets_solved"].count == 41  # Ana's 40 from the report + Ben's 1 ticket
    assert (stats["csat"].value, stats["csat"].n) == (pytest.approx(900 / 11), 11)
    assert (stats["sla"].value, stats["sla"].n) == (pytest.approx(31 / 41 * 100), 41)
    weekly = report(session_factory, OCT, grain="week")
    assert [p.stats["tickets_solved"].count for p in weekly.series] == [0, 41, 0, 0, 0]
    # A range that cuts the report's week in two leaves it out rather than guess.
    part = report(session_factory, Scope(date(2026, 10, 8), date(2026, 10, 31))).totals
    assert part["tickets_solved"].count == 0


def test_single_metric(session_factory, make_agent):
    a = make_agent("Ana").id
    day = datetime(2026, 10, 7, 9)
    add_tickets(session_factory, [
        ticket(a, created=day, solved=day, first_reply_minutes=m) for m in (5.0, 7.0, 30.0)])
    with session_factory() as session:
        stat = single_metric(session, a, "first_reply_minutes", date(2026, 10, 1),
                             date(2026, 10, 31))
        assert (stat.median, stat.n) == (7.0, 3)
        with pytest.raises(ValueError):
            single_metric(session, a, "nope", date(2026, 10, 1), date(2026, 10, 31))


def test_targets_are_saved_replaced_and_validated(session_factory, make_agent):
    a = make_agent("Ana").id
    save_target(session_factory, "csat", ">=", 85, date(2026, 1, 1))
    save_target(session_factory, "csat", ">=", 88, date(2026, 1, 1))  # same day: replaces
    save_target(session_factory, "csat", ">=", 80, date(2026, 2, 1), agent_id=a)
    rows = list_targets(session_factory)
    assert [(r.target.value, r.agent_name) for r in rows] == [(88.0, None), (80.0, "Ana")]
    with pytest.raises(BadInputError, match="between 0 and 100"):
        save_target(session_factory, "csat", ">=", 120, date(2026, 1, 1))
    with pytest.raises(BadInputError):
        save_target(session_factory, "speed", ">=", 1, date(2026, 1, 1))
    delete_target(session_factory, rows[1].target.id)
    assert len(list_targets(session_factory)) == 1


def test_dashboard_and_agent_trends(session_factory, make_agent):
    a = make_agent("Ana").id
    make_agent("Ben")
    add_tickets(session_factory, [
        ticket(a, created=datetime(2026, 10, d, 9), solved=datetime(2026, 10, d, 12),
               csat="good" if d % 3 else "bad", first_reply_minutes=float(d),
               full_resolution_minutes=180.0)
        for d in range(1, 31)] + [
        ticket(a, created=datetime(2026, 9, 10, 9), solved=datetime(2026, 9, 10, 12),
               csat="bad")])
    save_target(session_factory, "csat", ">=", 60, date(2026, 1, 1))
    save_target(session_factory, "csat", ">=", 70, date(2026, 10, 12))
    data = dashboard(session_factory, Scope(date(2026, 10, 5), date(2026, 10, 25)), "week")
    assert data.has_data
    assert data.previous_scope == Scope(date(2026, 9, 14), date(2026, 10, 4))
    assert data.previous["csat"].n == 4  # 1-4 Oct
    assert data.target_series["csat"] == [60.0, 70.0, 70.0]
    assert data.targets["csat"].value == 70.0
    assert data.histograms["full_resolution_minutes"].n == 21
    assert [x.name for x in data.current.agents] == ["Ana"]
    trends = agent_trends(session_factory, a, date(2026, 10, 1), date(2026, 10, 31), "week")
    assert trends.agent.totals["csat"].n == 30
    assert trends.team.totals["csat"].n == 30
    again = agent_trends(session_factory, a, date(2026, 10, 1), date(2026, 10, 31), "week",
                         team=trends.team)
    assert again.team is trends.team  # kept, not recomputed


def test_dashboard_without_any_data(session_factory):
    data = dashboard(session_factory, OCT, "month")
    assert not data.has_data
    assert data.current.totals["csat"].value is None
